import { ElicenseError, assertKeyForAlgorithm, importPublicKey, isJsonObject, publicJwkOf } from '@elicense/core';
import type { JWK, JwsAlgorithm } from '@elicense/core';

/**
 * Check that `jwk` is a public P-256 or Ed25519 JWK whose point is on the curve, and return its
 * minimal public form (`kty`, `crv`, `x`, `y`) for `cnf.jwk`.
 */
export async function checkHolderKey(jwk: unknown): Promise<JWK> {
  if (!isJsonObject(jwk)) {
    throw new ElicenseError('ERR_KEY_INVALID', `request.holder must be the holder's public JWK (P-256 or Ed25519), got ${jwk === null ? 'null' : Array.isArray(jwk) ? 'an array' : typeof jwk}`);
  }
  let alg: JwsAlgorithm;
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') alg = 'ES256';
  else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') alg = 'EdDSA';
  else {
    throw new ElicenseError('ERR_KEY_INVALID', `request.holder must be a P-256 (EC) or Ed25519 (OKP) JWK, got ${String(jwk.kty)}/${String(jwk.crv)}`);
  }
  if (jwk.d !== undefined) {
    throw new ElicenseError('ERR_KEY_INVALID', 'request.holder contains the private member "d"; pass only the public JWK');
  }
  assertKeyForAlgorithm(jwk, alg);
  await importPublicKey(jwk, alg);
  return publicJwkOf(jwk);
}
