import { encodeBase64url } from '../base64url.js';
import { getHasher } from '../crypto/hash.js';
import type { JWK } from '../crypto/types.js';
import { ElicenseError } from '../errors.js';
import { utf8Encode } from '../internal/bytes.js';

const REQUIRED: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
  oct: ['k', 'kty'],
};

/**
 * The RFC 7638 JWK thumbprint (base64url), over the required members only in lexicographic order.
 *
 * @example
 * ```ts
 * await calculateJwkThumbprint(publicJwk) // 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export async function calculateJwkThumbprint(jwk: JWK, hash: 'sha-256' | 'sha-384' | 'sha-512' = 'sha-256'): Promise<string> {
  const members = typeof jwk.kty === 'string' ? REQUIRED[jwk.kty] : undefined;
  if (!members) throw new ElicenseError('ERR_KEY_INVALID', `cannot compute a thumbprint for key type ${String(jwk.kty)}`);
  const parts: string[] = [];
  for (const m of members) {
    const v = jwk[m];
    if (typeof v !== 'string') throw new ElicenseError('ERR_KEY_INVALID', `JWK member "${m}" is required for a thumbprint`);
    parts.push(`${JSON.stringify(m)}:${JSON.stringify(v)}`);
  }
  const digest = await getHasher(hash)(utf8Encode(`{${parts.join(',')}}`));
  return encodeBase64url(digest);
}
