/**
 * Node crypto backend: node:crypto hashing and one-shot sign/verify on `KeyObject`s imported once
 * (no thread-pool round trip per signature, as WebCrypto has in Node). Selected through the
 * package's `#backend` import for the `node` condition; behaves exactly like the web backend.
 */
import { Buffer } from 'node:buffer';
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { algorithmInfo, assertKeyForAlgorithm } from '../crypto/algorithms.js';
import type { Hasher, JWK, JwsAlgorithm, Signer } from '../crypto/types.js';
import { ElicenseError } from '../errors.js';

/** Which backend this is. */
export const backend = 'node';

function bytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function hasher(name: string): Hasher {
  return (d) => bytes(createHash(name).update(d).digest());
}

const NODE_HASH: Readonly<Record<string, string>> = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };

/** base64url of the hash of a string's UTF-8 bytes, in one native call; `undefined` for a hash this backend lacks. */
export function hashStringFast(alg: string, s: string): string | undefined {
  const name = Object.hasOwn(NODE_HASH, alg) ? NODE_HASH[alg] : undefined;
  return name === undefined ? undefined : createHash(name).update(s, 'utf8').digest('base64url');
}

/** Unpadded base64url of bytes or of a string's UTF-8 bytes (Node's encoder omits padding for base64url). */
export function encodeBase64urlFast(input: Uint8Array | string): string | undefined {
  return (typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength)).toString('base64url');
}

/**
 * Decode base64url natively, strictly: Node's decoder is lenient (it skips foreign characters and
 * accepts padding, `+`, `/` and non-zero trailing bits), so the bytes are returned only when they
 * encode back to exactly `s` — which holds for canonical unpadded base64url and nothing else.
 * `undefined` otherwise: the portable decoder then finds and reports the fault.
 */
export function decodeBase64urlFast(s: string): Uint8Array | undefined {
  const b = Buffer.from(s, 'base64url');
  return b.toString('base64url') === s ? new Uint8Array(b.buffer, b.byteOffset, b.length) : undefined;
}

/** Synchronous native hashers by IANA name. */
export const fastHashers: Readonly<Record<string, Hasher>> | undefined = {
  'sha-256': hasher('sha256'),
  'sha-384': hasher('sha384'),
  'sha-512': hasher('sha512'),
};

/** The digest node:crypto signs with for `alg` (`null`: Ed25519 hashes internally). */
function digestOf(alg: JwsAlgorithm): string | null {
  return alg === 'ES256' ? 'sha256' : alg === 'ES384' ? 'sha384' : alg === 'ES512' ? 'sha512' : null;
}

function keyType(alg: JwsAlgorithm): string {
  return algorithmInfo(alg).kty === 'EC' ? 'ec' : 'ed25519';
}

// Importing a JWK costs more than one verification, so public keys are cached (as in the web backend).
const PUBLIC_KEYS = new Map<string, KeyObject>();
const CACHE_LIMIT = 1024;

function publicKey(jwk: JWK, alg: JwsAlgorithm): KeyObject {
  assertKeyForAlgorithm(jwk, alg, true);
  const id = `${alg}|${String(jwk.crv)}|${String(jwk.x)}|${String(jwk.y ?? '')}`;
  let key = PUBLIC_KEYS.get(id);
  if (key === undefined) {
    const info = algorithmInfo(alg);
    const pub = info.kty === 'EC' ? { kty: 'EC', crv: jwk.crv!, x: jwk.x!, y: jwk.y! } : { kty: 'OKP', crv: jwk.crv!, x: jwk.x! };
    try {
      key = createPublicKey({ key: pub, format: 'jwk' });
    } catch (cause) {
      throw new ElicenseError('ERR_KEY_INVALID', `${info.crv} public key could not be imported (not a point on the curve?)`, { cause });
    }
    if (PUBLIC_KEYS.size >= CACHE_LIMIT) PUBLIC_KEYS.delete(PUBLIC_KEYS.keys().next().value!);
    PUBLIC_KEYS.set(id, key);
  }
  return key;
}

/** Verify a signature synchronously with node:crypto. */
export function verifyFast(jwk: JWK, alg: JwsAlgorithm, data: Uint8Array, signature: Uint8Array): boolean | undefined {
  const key = publicKey(jwk, alg);
  if (signature.length !== algorithmInfo(alg).signatureLength) return false;
  const digest = digestOf(alg);
  try {
    return digest === null ? verify(null, data, key, signature) : verify(digest, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

function privateKeyOf(key: CryptoKey | JWK, alg: JwsAlgorithm): KeyObject | undefined {
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) {
    // A key WebCrypto would refuse to sign with keeps the WebCrypto path and its error.
    if (key.type !== 'private' || !key.usages.includes('sign')) return undefined;
    return KeyObject.from(key);
  }
  const jwk = key as JWK;
  assertKeyForAlgorithm(jwk, alg, true);
  if (typeof jwk.d !== 'string') throw new ElicenseError('ERR_KEY_INVALID', 'private JWK is missing "d"');
  const info = algorithmInfo(alg);
  const priv = { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, d: jwk.d, ...(jwk.y ? { y: jwk.y } : {}) };
  try {
    return createPrivateKey({ key: priv, format: 'jwk' });
  } catch (cause) {
    throw new ElicenseError('ERR_KEY_INVALID', `${info.crv} private key could not be imported`, { cause });
  }
}

/** A signer on a node:crypto private key imported once (on first use, as the web backend surfaces import errors). */
export function signerFast(key: CryptoKey | JWK, alg: JwsAlgorithm): Signer | undefined {
  let imported: KeyObject | undefined;
  let failure: unknown;
  try {
    imported = privateKeyOf(key, alg);
  } catch (e) {
    failure = e;
  }
  if (imported === undefined && failure === undefined) return undefined;
  const digest = digestOf(alg);
  const type = keyType(alg);
  return async (data) => {
    if (failure !== undefined) throw failure;
    const k = imported!;
    try {
      if (k.asymmetricKeyType !== type) throw new TypeError(`a ${String(k.asymmetricKeyType)} key cannot sign ${alg}`);
      return bytes(digest === null ? sign(null, data, k) : sign(digest, data, { key: k, dsaEncoding: 'ieee-p1363' }));
    } catch (cause) {
      throw new ElicenseError('ERR_KEY_INVALID', `signing with ${alg} failed (does the key match the algorithm?)`, { cause });
    }
  };
}
