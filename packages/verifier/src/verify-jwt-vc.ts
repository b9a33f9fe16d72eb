import { ElicenseError, decodeJws, isJsonObject, verifyDecodedJws } from '@elicense/core';
import type { DecodedJws, JWK, JsonObject } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import { assertObject, assertString } from '@elicense/core';
import { checkBitstringStatus } from './internal/bitstring-status.js';
import { checkJwtCredentialPayload, mappedExpiry } from './internal/jwt-vc-payload.js';
import type { Policy } from './internal/policy.js';
import { verificationTime } from './internal/policy.js';
import { ReportBuilder } from './internal/report.js';
import type { CheckName, VerificationReport } from './types.js';

/**
 * Options for {@link Verifier.verifyJwtVc}.
 *
 * @example
 * ```ts
 * await verifier.verifyJwtVc(jwt, { aud: 'https://bank.example' })
 * ```
 */
export interface VerifyJwtVcOptions {
  /** Verification time, Unix seconds. Default: the verifier's clock. */
  now?: number;
  /** This verifier's identifier; required when the JWT has an `aud`. */
  aud?: string;
}

const JWT_VC_CHECKS: readonly CheckName[] = ['format', 'issuer_trusted', 'issuer_key', 'signature', 'validity_period', 'credential_type', 'audience', 'status'];

/** `ResidentIdCard` → `resident_id_card`. */
function snakeCase(term: string): string {
  return term.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The licence `vct` named by a VC `type` array (a type term such as `DrivingLicence`, or a `vct`). */
function vctOfTypes(types: unknown): string | undefined {
  const list = Array.isArray(types) ? types : [types];
  for (const t of list) {
    if (typeof t !== 'string' || t === 'VerifiableCredential') continue;
    const profile = findLicenceType(t) ?? findLicenceType(snakeCase(t));
    if (profile !== undefined) return profile.vct;
  }
  return undefined;
}

/**
 * did-jwt-vc, loaded only for a nested JWT (`cty: "JWT"`), whose credential did-jwt-vc reads from the
 * inner token; wallets that never see one do not load it.
 */
let didJwtVcModule: Promise<typeof import('did-jwt-vc')> | undefined;
function didJwtVc(): Promise<typeof import('did-jwt-vc')> {
  if (didJwtVcModule === undefined) {
    didJwtVcModule = import('did-jwt-vc');
    didJwtVcModule.catch(() => {
      didJwtVcModule = undefined;
    });
  }
  return didJwtVcModule;
}

/** The expiry of a nested JWT's credential, by did-jwt-vc's mapping of the inner token. */
async function nestedExpiry(jwt: string): Promise<number | undefined> {
  const { normalizeCredential } = await didJwtVc();
  const expirationDate = normalizeCredential(jwt).expirationDate;
  if (typeof expirationDate !== 'string') return undefined;
  const ms = Date.parse(expirationDate);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Verify a W3C VC (VCDM 1.1) in JWT encoding: format (the VCDM 1.1 JWT encoding rules), trusted issuer,
 * the key from the issuer's DID document (by `kid`, or else every `assertionMethod` key), the
 * signature on our fast JOSE path, `nbf`/`exp` (or `expirationDate`), the licence type from
 * `vc.type`, and `aud`. A JWT VC has no holder binding of its own.
 *
 * @see https://www.w3.org/TR/vc-data-model-1.1/#jwt-decoding
 */
export async function verifyJwtVc(policy: Policy, jwt: string, options: VerifyJwtVcOptions = {}): Promise<VerificationReport> {
  assertObject(options, 'options');
  if (options.aud !== undefined) assertString(options.aud, 'options.aud');
  const now = verificationTime(policy, options.now);
  const report = new ReportBuilder(JWT_VC_CHECKS);
  const trust = policy.trust();
  trust.begin(report, now);

  // format
  let decoded: DecodedJws;
  let header: JsonObject;
  let payload: JsonObject;
  let vct: string | undefined;
  try {
    decoded = decodeJws(jwt, 'ERR_TOKEN_MALFORMED', 'VC JWT');
    ({ header, payload } = decoded);
    if (!isJsonObject(payload.vc)) throw new ElicenseError('ERR_CLAIM_MISSING', 'JWT has no "vc" claim, so it is not a verifiable credential');
    if (typeof payload.iss !== 'string') throw new ElicenseError('ERR_CLAIM_MISSING', 'VC JWT has no "iss"');
    checkJwtCredentialPayload(payload as JsonObject & { vc: JsonObject });
    vct = vctOfTypes(payload.vc.type);
    report.facts.issuer = payload.iss;
    if (vct !== undefined) {
      report.facts.vct = vct;
      report.facts.type = findLicenceType(vct)!.type;
    }
    if (typeof payload.iat === 'number') report.facts.issuedAt = payload.iat;
    if (typeof payload.exp === 'number') report.facts.expiresAt = payload.exp;
    report.pass('format');
  } catch (e) {
    report.failWith('format', e, 'ERR_TOKEN_MALFORMED');
    return report.build({}, []);
  }
  const iss = payload.iss as string;
  const vc = payload.vc as JsonObject;
  // The time the issuer signed at, by its own account: accreditations and keys must hold then.
  const at = typeof payload.iat === 'number' && Number.isFinite(payload.iat) ? payload.iat : typeof payload.nbf === 'number' && Number.isFinite(payload.nbf) ? payload.nbf : now;

  try {
    trust.checkIssuer(iss, vct, at, now, report);
    report.pass('issuer_trusted');
  } catch (e) {
    report.failWith('issuer_trusted', e, 'ERR_ISSUER_UNTRUSTED');
    return report.build({}, []);
  }

  let keys: JWK[];
  try {
    keys = typeof header.kid === 'string' ? [await trust.issuerKey(iss, header.kid, at)] : await trust.assertionKeys(iss, at);
    report.pass('issuer_key');
  } catch (e) {
    report.failWith('issuer_key', e, 'ERR_DID_RESOLUTION_FAILED');
    return report.build({}, []);
  }

  let lastError: unknown;
  let signed = false;
  for (const key of keys) {
    try {
      await verifyDecodedJws(decoded, { key, algorithms: policy.algorithms, what: 'VC JWT' });
      signed = true;
      break;
    } catch (e) {
      lastError = e;
    }
  }
  if (!signed) {
    report.failWith('signature', lastError, 'ERR_SIGNATURE_INVALID');
    return report.build({}, []);
  }
  report.pass('signature');

  try {
    // The JWT → VCDM mapping must hold (it throws on times no date can hold); it gives the expiry when `exp` is no number.
    const mapped = header.cty === 'JWT' ? await nestedExpiry(jwt) : mappedExpiry(payload);
    const tol = policy.clockTolerance;
    const nbf = typeof payload.nbf === 'number' ? payload.nbf : typeof payload.iat === 'number' ? payload.iat : undefined;
    const exp = typeof payload.exp === 'number' ? payload.exp : mapped;
    if (nbf !== undefined && nbf > now + tol) {
      throw new ElicenseError('ERR_CREDENTIAL_NOT_YET_VALID', `credential is valid from ${nbf}, now is ${now}`);
    }
    if (exp !== undefined && exp <= now - tol) {
      throw new ElicenseError('ERR_CREDENTIAL_EXPIRED', `credential expired at ${exp}, now is ${now}`);
    }
    if (exp !== undefined) report.facts.expiresAt = exp;
    report.pass('validity_period');
  } catch (e) {
    report.failWith('validity_period', e, 'ERR_TOKEN_MALFORMED');
    return report.build({}, []);
  }

  try {
    trust.checkType(vct);
    report.pass('credential_type');
  } catch (e) {
    report.failWith('credential_type', e, 'ERR_TYPE_UNKNOWN');
    return report.build({}, []);
  }

  const aud = payload.aud;
  const auds = aud === undefined ? [] : Array.isArray(aud) ? aud : [aud];
  if (options.aud !== undefined && !auds.includes(options.aud)) {
    report.fail('audience', 'ERR_AUDIENCE_MISMATCH', `the credential is not addressed to ${JSON.stringify(options.aud)}`);
    return report.build({}, []);
  }
  if (options.aud === undefined && auds.length > 0) {
    report.fail('audience', 'ERR_AUDIENCE_MISMATCH', `the credential is addressed to ${JSON.stringify(aud)}; pass options.aud to accept it`);
    return report.build({}, []);
  }
  report.pass('audience');

  try {
    const outcome = await checkBitstringStatus(trust.status, policy, iss, vc.credentialStatus, now, report);
    report.pass('status', outcome === 'none' ? 'the credential has no credentialStatus' : undefined);
  } catch (e) {
    report.failWith('status', e, 'ERR_STATUS_UNAVAILABLE');
    return report.build({}, []);
  }

  const subject = isJsonObject(vc.credentialSubject) ? vc.credentialSubject : {};
  const claims: JsonObject = {};
  for (const [k, v] of Object.entries(subject)) if (k !== 'id') claims[k] = v;
  return report.build(claims, Object.keys(claims));
}
