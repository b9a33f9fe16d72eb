import { ElicenseError, algorithmForKey, publicJwkOf, type JWK, type JwsAlgorithm } from '@elicense/core';

/** The key of a file ledger, checked: its algorithm and its public part. */
export interface LedgerKey {
  alg: 'ES256' | 'EdDSA';
  publicJwk: JWK;
}

/**
 * Check a file ledger key (EC P-256 for ES256 or OKP Ed25519 for EdDSA) and return its public part.
 * `kind` says whether the private member `d` must be present (`private`) or absent (`public`).
 */
export function checkLedgerKey(jwk: unknown, name: string, kind: 'public' | 'private'): LedgerKey {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be a JWK object, got ${jwk === null ? 'null' : Array.isArray(jwk) ? 'an array' : typeof jwk}`);
  }
  const k = jwk as JWK;
  let alg: JwsAlgorithm | undefined;
  try {
    alg = algorithmForKey(k);
  } catch {
    alg = undefined;
  }
  if (alg !== 'ES256' && alg !== 'EdDSA') {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be an EC P-256 (ES256) or OKP Ed25519 (EdDSA) JWK, got ${String(k.kty)}/${String(k.crv)}`);
  }
  if (typeof k.x !== 'string' || k.x.length === 0 || (alg === 'ES256' && (typeof k.y !== 'string' || k.y.length === 0))) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} is missing its public coordinates`);
  }
  if (kind === 'private' && (typeof k.d !== 'string' || k.d.length === 0)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be a private JWK (with "d")`);
  }
  if (kind === 'public' && k.d !== undefined) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be a public JWK, but it contains the private member "d"`);
  }
  return { alg, publicJwk: publicJwkOf(k) };
}
