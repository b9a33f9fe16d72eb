import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { ElicenseError } from '../errors.js';
import type { Hasher } from './types.js';

const HASHERS: Record<string, Hasher> = {
  'sha-256': (d) => sha256(d),
  'sha-384': (d) => sha384(d),
  'sha-512': (d) => sha512(d),
};

/** Hash algorithm names (IANA "Named Information Hash Algorithm" registry) supported for `_sd_alg`. */
export const SUPPORTED_HASH_ALGORITHMS: readonly string[] = Object.keys(HASHERS);

/**
 * The hasher for an IANA hash name (`sha-256`, `sha-384`, `sha-512`).
 *
 * @example
 * ```ts
 * const digest = await getHasher('sha-256')(new TextEncoder().encode('abc'))
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.1.1
 */
export function getHasher(alg: string): Hasher {
  const h = Object.prototype.hasOwnProperty.call(HASHERS, alg) ? HASHERS[alg] : undefined;
  if (!h) throw new ElicenseError('ERR_SD_ALG_UNSUPPORTED', `unsupported hash algorithm ${JSON.stringify(alg)}; supported: ${SUPPORTED_HASH_ALGORITHMS.join(', ')}`);
  return h;
}

/** SHA-256 of bytes, synchronously. */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return sha256(data);
}
