/**
 * Portable crypto backend, for browsers and phone JS engines: no fast path, so hashing and
 * signatures take the portable paths (`@noble/hashes` SHA-256, WebCrypto). Selected through the
 * package's `#backend` import everywhere but under the `node` condition; behaves exactly like the
 * Node backend.
 */
import type { Hasher, JWK, JwsAlgorithm, Signer } from '../crypto/types.js';

/** Which backend this is. */
export const backend = 'web';

/** Synchronous native hashers by IANA name, or `undefined` when this backend has none. */
export const fastHashers: Readonly<Record<string, Hasher>> | undefined = undefined;

/** base64url of the hash of a string's UTF-8 bytes in one native call, or `undefined` (then the portable path is taken). */
export function hashStringFast(_alg: string, _s: string): string | undefined {
  return undefined;
}

/** Native unpadded base64url encoding, or `undefined` (then the portable encoder is used). */
export function encodeBase64urlFast(_input: Uint8Array | string): string | undefined {
  return undefined;
}

/** Native strict base64url decoding, or `undefined` when it has none or `s` is not canonical (then the portable decoder is used). */
export function decodeBase64urlFast(_s: string): Uint8Array | undefined {
  return undefined;
}

/** Verify a signature synchronously, or `undefined` when this backend has no fast path (then WebCrypto is used). */
export function verifyFast(_jwk: JWK, _alg: JwsAlgorithm, _data: Uint8Array, _signature: Uint8Array): boolean | undefined {
  return undefined;
}

/** A synchronous signer over `key`, or `undefined` when this backend has no fast path for it. */
export function signerFast(_key: CryptoKey | JWK, _alg: JwsAlgorithm): Signer | undefined {
  return undefined;
}
