import { ElicenseError, encodeBase64url, sha256Bytes, type JWK } from '@elicense/core';

const REQUIRED: Record<string, readonly string[]> = { EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'] };

/** RFC 7638 SHA-256 thumbprint of an EC or OKP public JWK, computed synchronously. */
export function jwkThumbprintSync(jwk: JWK): string {
  const members = typeof jwk.kty === 'string' ? REQUIRED[jwk.kty] : undefined;
  if (!members) throw new ElicenseError('ERR_KEY_INVALID', `cannot compute a thumbprint for key type ${String(jwk.kty)}`);
  const json = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(',')}}`;
  return encodeBase64url(sha256Bytes(new TextEncoder().encode(json)));
}
