import { sha256 } from '@noble/hashes/sha2.js';
import { fastHashers } from '#backend';

// Under Node, the `#backend` import supplies node:crypto's SHA-256 (native) instead.
const SHA256: (data: Uint8Array) => Uint8Array = fastHashers === undefined ? sha256 : (fastHashers['sha-256'] as (data: Uint8Array) => Uint8Array);

/**
 * SHA-256 of bytes, synchronously (node:crypto on Node, a JavaScript SHA-256 elsewhere), for the
 * few places that cannot await: content digests of canonical JSON, synchronous thumbprints.
 * Elsewhere prefer `getHasher('sha-256')`, which uses the platform's native digest.
 *
 * @example
 * ```ts
 * const digest = sha256Bytes(new TextEncoder().encode('abc')) // 32 bytes
 * ```
 */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return SHA256(data);
}
