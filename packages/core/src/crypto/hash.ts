import { fastHashers } from '#backend';
import { ElicenseError } from '../errors.js';
import type { Hasher } from './types.js';

/**
 * SHA-2 through WebCrypto (asynchronous) where node:crypto is not there: the platform's native
 * digest, so a wallet or verifier bundle carries no SHA-2 implementation of its own for hashing
 * Disclosures, `sd_hash` and thumbprints. (`sha256Bytes`, which must be synchronous, has one.)
 */
function webCryptoDigest(name: 'SHA-256' | 'SHA-384' | 'SHA-512'): Hasher {
  return async (data) => {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `WebCrypto (crypto.subtle) is not available here, and ${name.toLowerCase()} needs it; serve the page from a secure context`);
    }
    return new Uint8Array(await subtle.digest(name, data as Uint8Array<ArrayBuffer>));
  };
}

// Under Node, the `#backend` import supplies node:crypto hashers (native, synchronous) instead.
const HASHERS: Readonly<Record<string, Hasher>> = fastHashers ?? {
  'sha-256': webCryptoDigest('SHA-256'),
  'sha-384': webCryptoDigest('SHA-384'),
  'sha-512': webCryptoDigest('SHA-512'),
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
