import { ElicenseError, SD_JWT_VC_LEGACY_TYP, SD_JWT_VC_TYP, algorithmForKey, decodeSdJwt, importPublicKey, verifySdJwtVc } from '@elicense/core';
import type { ClaimPath, ErrorCode, JWK, JsonObject } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import type { CheckName, VerificationReport } from '../types.js';
import { licenceClaims } from './claims.js';
import type { Policy } from './policy.js';
import { ReportBuilder } from './report.js';

const ISSUED_CHECKS: readonly CheckName[] = ['format', 'issuer_trusted', 'issuer_key', 'signature', 'disclosures', 'validity_period', 'credential_type'];
const CREDENTIAL_CHECKS: readonly CheckName[] = [...ISSUED_CHECKS, 'status'];
const PRESENTATION_CHECKS: readonly CheckName[] = [...ISSUED_CHECKS, 'holder_binding', 'nonce', 'audience', 'status'];

/** Header `typ` values of an SD-JWT VC: the current one and the one of drafts before -06. */
const SD_JWT_VC_TYPES: readonly string[] = [SD_JWT_VC_TYP, SD_JWT_VC_LEGACY_TYP];

/**
 * The checks RFC 9901 §7.1 runs on the issuer-signed part, in its order (signature, then
 * disclosures, then time claims), which `verifySdJwt` follows: a failure at one of them means the
 * ones before it passed.
 */
const ISSUER_SIDE: readonly CheckName[] = ['signature', 'disclosures', 'validity_period'];

/** Which issuer-side check an error code of the SD-JWT verification belongs to. */
function issuerSideCheck(code: ErrorCode | undefined): CheckName {
  switch (code) {
    case 'ERR_TOKEN_MALFORMED':
    case 'ERR_INPUT_TOO_LARGE':
    case 'ERR_TYP_INVALID':
    case 'ERR_CLAIM_MISSING':
      return 'format';
    case 'ERR_SD_ALG_UNSUPPORTED':
    case 'ERR_DISCLOSURE_MALFORMED':
    case 'ERR_DISCLOSURE_UNREFERENCED':
    case 'ERR_DISCLOSURE_DIGEST_MISMATCH':
    case 'ERR_DIGEST_DUPLICATE':
    case 'ERR_CLAIM_NAME_CONFLICT':
    case 'ERR_CLAIM_NOT_DISCLOSABLE':
      return 'disclosures';
    case 'ERR_CREDENTIAL_EXPIRED':
    case 'ERR_CREDENTIAL_NOT_YET_VALID':
    case 'ERR_IAT_INVALID':
      return 'validity_period';
    default:
      return 'signature';
  }
}

function codeOf(e: unknown): ErrorCode | undefined {
  return e instanceof ElicenseError ? e.code : undefined;
}

/** `['address', 'city']` → `address.city`; `null` (every element) → `*`. */
export function dottedPath(path: ClaimPath): string {
  return path.map((p) => (p === null ? '*' : String(p))).join('.');
}

/** Key binding to check, for a presentation. */
export interface KeyBindingExpectation {
  nonce: string;
  aud: string;
}

/**
 * Verify an SD-JWT VC (with `kb`: an SD-JWT VC presentation with a KB-JWT) and report every check.
 * Never throws for a bad token.
 *
 * The SD-JWT verification runs once on the happy path. When it fails, it is re-run on parts of the
 * token to attribute the failure to exactly one check: the issuer-signed part alone (without the
 * KB-JWT), and, for a nonce or audience mismatch, the KB-JWT against its own nonce and audience.
 */
export async function verifySdJwtVcReport(policy: Policy, token: string, now: number, kb: KeyBindingExpectation | undefined): Promise<VerificationReport> {
  const report = new ReportBuilder(kb === undefined ? CREDENTIAL_CHECKS : PRESENTATION_CHECKS);
  const trust = policy.trust();
  trust.begin(report, now);

  // format
  let header: JsonObject;
  let payload: JsonObject;
  let kbPayload: JsonObject | undefined;
  try {
    const decoded = await decodeSdJwt(token);
    header = decoded.jwt.header;
    payload = decoded.jwt.payload;
    kbPayload = decoded.kbJwt?.payload;
    if (kb === undefined && decoded.kbJwt !== undefined) {
      throw new ElicenseError('ERR_TOKEN_MALFORMED', 'expected a credential, got a presentation with a key-binding JWT (use verifyPresentation)');
    }
    const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
    if (typ === undefined || !SD_JWT_VC_TYPES.includes(typ)) {
      throw new ElicenseError('ERR_TYP_INVALID', `header typ must be dc+sd-jwt, got ${JSON.stringify(header.typ)}`);
    }
    if (typeof payload.iss !== 'string') throw new ElicenseError('ERR_CLAIM_MISSING', 'credential has no "iss"');
    if (typeof payload.vct !== 'string') throw new ElicenseError('ERR_CLAIM_MISSING', 'credential has no "vct"');
    if (typeof header.kid !== 'string') throw new ElicenseError('ERR_CLAIM_MISSING', 'credential header has no "kid" naming the issuer key');
    report.facts.issuer = payload.iss;
    report.facts.vct = payload.vct;
    const profile = findLicenceType(payload.vct);
    if (profile !== undefined) report.facts.type = profile.type;
    if (typeof payload.iat === 'number') report.facts.issuedAt = payload.iat;
    if (typeof payload.exp === 'number') report.facts.expiresAt = payload.exp;
    report.pass('format');
  } catch (e) {
    report.failWith('format', e, 'ERR_TOKEN_MALFORMED');
    return report.build({}, []);
  }
  const iss = payload.iss as string;
  const vct = payload.vct as string;
  // The time the issuer signed at, by its own account: accreditations and keys must hold then.
  const at = typeof payload.iat === 'number' && Number.isFinite(payload.iat) ? payload.iat : now;

  // issuer_trusted
  try {
    trust.checkIssuer(iss, vct, at, now, report);
    report.pass('issuer_trusted');
  } catch (e) {
    report.failWith('issuer_trusted', e, 'ERR_ISSUER_UNTRUSTED');
    return report.build({}, []);
  }

  // issuer_key
  let issuerKey: JWK;
  try {
    issuerKey = await trust.issuerKey(iss, header.kid as string, at);
    await importPublicKey(issuerKey, algorithmForKey(issuerKey));
    report.pass('issuer_key');
  } catch (e) {
    report.failWith('issuer_key', e, 'ERR_DID_RESOLUTION_FAILED');
    return report.build({}, []);
  }

  const base = {
    issuerKey,
    algorithms: policy.algorithms,
    now,
    clockTolerance: policy.clockTolerance,
    kbMaxAge: policy.kbMaxAge,
  };
  const typeCheck = (): boolean => {
    try {
      trust.checkType(vct);
      report.pass('credential_type');
      return true;
    } catch (e) {
      report.failWith('credential_type', e, 'ERR_TYPE_UNKNOWN');
      return false;
    }
  };

  // signature, disclosures, validity_period, (holder_binding, nonce, audience): one pass when all is well.
  let verified: Awaited<ReturnType<typeof verifySdJwtVc>>;
  try {
    verified = await verifySdJwtVc(token, kb === undefined ? { ...base, requireKeyBinding: false } : { ...base, requireKeyBinding: true, nonce: kb.nonce, aud: kb.aud });
  } catch (error) {
    await attributeFailure(report, token, base, kb, kbPayload, error, typeCheck);
    return report.build({}, []);
  }
  for (const c of ISSUER_SIDE) report.pass(c);
  const typeOk = typeCheck();
  if (kb !== undefined) {
    report.pass('holder_binding');
    report.pass('nonce');
    report.pass('audience');
  }
  if (!typeOk) return report.build({}, []);
  // status last: it may need the list, and only a credential that passed everything else is worth it.
  try {
    const outcome = await trust.status.checkStatusList(policy, iss, verified.payload, now, report);
    report.pass('status', outcome === 'none' ? 'the credential has no status entry' : undefined);
  } catch (e) {
    report.failWith('status', e, 'ERR_STATUS_UNAVAILABLE');
    return report.build({}, []);
  }
  const claims = licenceClaims(verified.payload);
  const disclosed = verified.disclosures.map((d) => dottedPath(d.path));
  return report.build(claims, disclosed);
}

/** Find which check a failed SD-JWT verification failed, and settle the checks before it. */
async function attributeFailure(
  report: ReportBuilder,
  token: string,
  base: Parameters<typeof verifySdJwtVc>[1],
  kb: KeyBindingExpectation | undefined,
  kbPayload: JsonObject | undefined,
  error: unknown,
  typeCheck: () => boolean,
): Promise<void> {
  // The issuer-signed part alone (the KB-JWT is what follows the last "~").
  let issuerError: unknown;
  if (kb === undefined) {
    issuerError = error;
  } else {
    try {
      await verifySdJwtVc(token.slice(0, token.lastIndexOf('~') + 1), { ...base, requireKeyBinding: false });
    } catch (e) {
      issuerError = e;
    }
  }
  if (issuerError !== undefined) {
    const failed = issuerSideCheck(codeOf(issuerError));
    if (failed !== 'format') {
      for (const c of ISSUER_SIDE) {
        if (c === failed) break;
        report.pass(c);
      }
    }
    report.failWith(failed, issuerError, failed === 'format' ? 'ERR_TOKEN_MALFORMED' : 'ERR_SIGNATURE_INVALID');
    // `vct` is covered by the issuer signature and never selectively disclosable.
    if (failed !== 'signature' && failed !== 'format') typeCheck();
    return;
  }
  for (const c of ISSUER_SIDE) report.pass(c);
  typeCheck();
  if (kb === undefined) return;

  const code = codeOf(error);
  if (code !== 'ERR_NONCE_MISMATCH' && code !== 'ERR_AUDIENCE_MISMATCH') {
    report.failWith('holder_binding', error, 'ERR_KEY_BINDING_INVALID');
    return;
  }
  // Is the KB-JWT itself sound? Verify it against its own nonce and aud, then compare those.
  const nonce = kbPayload?.nonce;
  const aud = kbPayload?.aud;
  if (typeof nonce !== 'string' || typeof aud !== 'string') {
    report.failWith('holder_binding', error, 'ERR_KEY_BINDING_INVALID');
    return;
  }
  try {
    await verifySdJwtVc(token, { ...base, requireKeyBinding: true, nonce, aud });
  } catch (e) {
    report.failWith('holder_binding', e, 'ERR_KEY_BINDING_INVALID');
    return;
  }
  report.pass('holder_binding');
  if (nonce === kb.nonce) report.pass('nonce');
  else report.fail('nonce', 'ERR_NONCE_MISMATCH', `the key-binding JWT was made for another nonce than the one this verifier issued`);
  if (aud === kb.aud) report.pass('audience');
  else report.fail('audience', 'ERR_AUDIENCE_MISMATCH', `the presentation is addressed to ${JSON.stringify(aud)}, not to ${JSON.stringify(kb.aud)}`);
}

