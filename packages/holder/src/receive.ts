import { ElicenseError, calculateJwkThumbprint, decodeSdJwt, encodeBase64url, getHasher, isJsonObject, verifySdJwtVc } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import { didOfUrl } from '@elicense/did';
import { readStatusReference } from '@elicense/status';
import { assertString, readClock } from '@elicense/core';
import { licenceClaims } from './internal/claims.js';
import type { WalletContext } from './internal/context.js';
import { readKey } from './internal/keys.js';
import { resolverOf } from './internal/resolver.js';
import { credentialRecordId, credentialValue, readCredentialRecord, stateOf } from './internal/records.js';
import type { CredentialRecord } from './internal/records.js';
import type { StoredCredential } from './types.js';

/**
 * Check a credential from an issuer and store it. In order: it parses as an SD-JWT without a KB-JWT;
 * `kid` is a DID URL of `iss` (`ERR_DID_KEY_NOT_FOUND`); `iss` is allowed (`ERR_ISSUER_UNTRUSTED`,
 * only with an allowlist); the key `kid` names is an assertion key of the issuer's DID document; the
 * signature, every disclosure, `typ` and `nbf`/`exp` hold (RFC 9901 §7.1); `vct` is a licence type of
 * the catalogue (`ERR_TYPE_UNKNOWN`); `cnf.jwk` is one of this wallet's holder keys, by RFC 7638
 * thumbprint (`ERR_HOLDER_BINDING_MISMATCH`). Receiving the same credential again returns the stored entry.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
 */
export async function receiveCredential(ctx: WalletContext, credential: string): Promise<StoredCredential> {
  assertString(credential, 'credential');
  const now = readClock(ctx.now);
  const decoded = await decodeSdJwt(credential);
  if (decoded.kbJwt !== undefined) {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', 'expected a credential as issued, but it ends with a key-binding JWT (a presentation)');
  }
  const { header, payload } = decoded.jwt;
  const iss = payload.iss;
  const kid = header.kid;
  if (typeof iss !== 'string' || !iss.startsWith('did:')) {
    throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `credential "iss" must be the issuer DID, got ${JSON.stringify(iss)}`);
  }
  if (typeof kid !== 'string' || didOfUrl(kid) !== iss) {
    throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `credential header "kid" must be a DID URL of the issuer ${iss}, got ${JSON.stringify(kid)}`);
  }
  if (ctx.trustedIssuers !== undefined && !ctx.trustedIssuers.has(iss)) {
    throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `issuer ${iss} is not in this wallet's trustedIssuers`, { details: { iss } });
  }
  const { publicJwk } = await resolverOf(ctx).resolveKey(kid, 'assertionMethod');
  const verified = await verifySdJwtVc(credential, { issuerKey: publicJwk, now, requireKeyBinding: false });
  const record = await credentialRecordOf(credential, verified.payload, now);
  if ((await readKey(ctx, record.holderKeyId)) === undefined) {
    throw new ElicenseError('ERR_HOLDER_BINDING_MISMATCH', 'credential is bound to a key this wallet does not hold (cnf.jwk matches none of its holder keys)', {
      details: { holderKeyId: record.holderKeyId },
    });
  }
  return ctx.exclusive(async () => {
    const rid = credentialRecordId(record.id);
    const existing = await ctx.vault.get(rid);
    if (existing !== undefined) {
      const held = readCredentialRecord(rid, existing.value);
      if (held.credential === credential) return { ...held, state: stateOf(held, now), presentable: true };
      if (held.issuer !== record.issuer) {
        throw new ElicenseError('ERR_STORE_CONFLICT', `a credential with id ${record.id} from another issuer (${held.issuer}) is already stored`, { details: { id: record.id } });
      }
    }
    await ctx.vault.commit({ put: [[rid, { value: credentialValue(record) }]] });
    return { ...record, state: stateOf(record, now), presentable: true };
  });
}

/**
 * The stored form of a credential from its processed payload (disclosures applied): id, type, claims,
 * validity, holder key and status entry. `ERR_TYPE_UNKNOWN` for a `vct` outside the catalogue,
 * `ERR_HOLDER_BINDING_MISMATCH` without a usable `cnf.jwk`.
 */
export async function credentialRecordOf(credential: string, processed: JsonObject, receivedAt: number): Promise<CredentialRecord> {
  const vct = processed.vct;
  const profile = typeof vct === 'string' ? findLicenceType(vct) : undefined;
  if (profile === undefined || typeof vct !== 'string') {
    throw new ElicenseError('ERR_TYPE_UNKNOWN', `credential vct ${JSON.stringify(vct)} is not a licence type this wallet knows`, { details: { vct } });
  }
  const iss = processed.iss;
  if (typeof iss !== 'string') throw new ElicenseError('ERR_CLAIM_MISSING', 'credential has no "iss"');
  const cnf = processed.cnf;
  if (!isJsonObject(cnf) || !isJsonObject(cnf.jwk)) {
    throw new ElicenseError('ERR_HOLDER_BINDING_MISMATCH', 'credential has no cnf.jwk, so it is not bound to a holder key');
  }
  let holderKeyId: string;
  try {
    holderKeyId = await calculateJwkThumbprint(cnf.jwk);
  } catch (cause) {
    throw new ElicenseError('ERR_HOLDER_BINDING_MISMATCH', 'credential cnf.jwk is not a usable public key', { cause });
  }
  const statusReference = readStatusReference(processed);
  const issuerJwt = credential.slice(0, credential.indexOf('~'));
  const id = typeof processed.jti === 'string' && processed.jti.length > 0
    ? processed.jti
    : `sha-256:${encodeBase64url(await getHasher('sha-256')(new TextEncoder().encode(issuerJwt)))}`;
  const seconds = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
  const issuedAt = seconds(processed.iat);
  const validFrom = seconds(processed.nbf);
  const expiresAt = seconds(processed.exp);
  return {
    id,
    format: 'dc+sd-jwt',
    type: profile.type,
    vct,
    issuer: iss,
    credential,
    claims: licenceClaims(processed),
    receivedAt,
    holderKeyId,
    ...(issuedAt === undefined ? {} : { issuedAt }),
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(statusReference === undefined ? {} : { statusReference }),
  };
}
