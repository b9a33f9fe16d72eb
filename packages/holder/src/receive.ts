import { ElicenseError, calculateJwkThumbprint, decodeSdJwt, encodeBase64url, isJsonObject, sha256Bytes, verifySdJwtVc } from '@elicense/core';
import { findLicenceProfile } from '@elicense/credentials';
import { didOfUrl } from '@elicense/did';
import { assertString, readClock } from '@elicense/core';
import { licenceClaims } from './internal/claims.js';
import type { WalletContext } from './internal/context.js';
import type { StoredCredential } from './types.js';

/**
 * Check a credential from an issuer and store it. In order: it parses as an SD-JWT without a KB-JWT;
 * `kid` is a DID URL of `iss` (`ERR_DID_KEY_NOT_FOUND`); `iss` is allowed (`ERR_ISSUER_UNTRUSTED`,
 * only with an allowlist); the key `kid` names is an assertion key of the issuer's DID document; the
 * signature, every disclosure, `typ` and `nbf`/`exp` hold (RFC 9901 §7.1); `vct` is a licence type of
 * the catalogue (`ERR_TYPE_UNKNOWN`); `cnf.jwk` is this wallet's key by RFC 7638 thumbprint
 * (`ERR_HOLDER_BINDING_MISMATCH`). Receiving the same credential again returns the stored entry.
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
  const { publicJwk } = await ctx.resolver.resolveKey(kid, 'assertionMethod');
  const verified = await verifySdJwtVc(credential, { issuerKey: publicJwk, now, requireKeyBinding: false });
  const processed = verified.payload;
  const vct = processed.vct;
  const profile = typeof vct === 'string' ? findLicenceProfile(vct) : undefined;
  if (profile === undefined || typeof vct !== 'string') {
    throw new ElicenseError('ERR_TYPE_UNKNOWN', `credential vct ${JSON.stringify(vct)} is not a licence type this wallet knows`, { details: { vct } });
  }
  const cnf = processed.cnf;
  if (!isJsonObject(cnf) || !isJsonObject(cnf.jwk)) {
    throw new ElicenseError('ERR_HOLDER_BINDING_MISMATCH', 'credential has no cnf.jwk, so it is not bound to this wallet');
  }
  let holderThumbprint: string;
  try {
    holderThumbprint = await calculateJwkThumbprint(cnf.jwk);
  } catch (cause) {
    throw new ElicenseError('ERR_HOLDER_BINDING_MISMATCH', 'credential cnf.jwk is not a usable public key', { cause });
  }
  if (holderThumbprint !== ctx.thumbprint) {
    throw new ElicenseError('ERR_HOLDER_BINDING_MISMATCH', 'credential is bound to another holder key (cnf.jwk thumbprint differs from this wallet)');
  }

  const issuerJwt = credential.slice(0, credential.indexOf('~'));
  const id = typeof processed.jti === 'string' && processed.jti.length > 0
    ? processed.jti
    : `sha-256:${encodeBase64url(sha256Bytes(new TextEncoder().encode(issuerJwt)))}`;
  const existing = await ctx.store.get(id);
  if (existing !== undefined) {
    if (existing.credential === credential) return existing;
    if (existing.issuer !== iss) {
      throw new ElicenseError('ERR_STORE_FAILED', `a credential with id ${id} from another issuer (${existing.issuer}) is already stored`, { details: { id } });
    }
  }
  const stored: StoredCredential = {
    id,
    format: 'dc+sd-jwt',
    type: profile.type,
    vct,
    issuer: iss,
    credential,
    claims: licenceClaims(processed),
    receivedAt: now,
    ...(typeof processed.exp === 'number' ? { expiresAt: processed.exp } : {}),
  };
  await ctx.store.put(stored);
  return stored;
}
