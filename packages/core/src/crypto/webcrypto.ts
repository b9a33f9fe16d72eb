import { signerFast, verifyFast } from '#backend';
import { ElicenseError } from '../errors.js';
import { algorithmForKey, algorithmInfo, assertKeyForAlgorithm } from './algorithms.js';
import type { JWK, JwsAlgorithm, Signer, SigningKey, Verifier } from './types.js';

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'WebCrypto (crypto.subtle) is not available here; pass your own Signer/Verifier, or serve the page from a secure context');
  }
  return s;
}

const EMPTY = new Uint8Array(0);

// Importing a P-256 JWK costs more than one verification, so public keys are cached.
const PUBLIC_KEY_CACHE = new Map<string, Promise<CryptoKey>>();
const CACHE_LIMIT = 1024;

function cacheKey(jwk: JWK, alg: JwsAlgorithm): string {
  return `${alg}|${String(jwk.crv)}|${String(jwk.x)}|${String(jwk.y ?? '')}`;
}

/**
 * Import a public JWK for verifying `alg` signatures (cached).
 * Throws `ERR_KEY_INVALID` for a key of the wrong type or curve, or with invalid coordinates.
 */
export async function importPublicKey(jwk: JWK, alg: JwsAlgorithm): Promise<CryptoKey> {
  assertKeyForAlgorithm(jwk, alg, true);
  const id = cacheKey(jwk, alg);
  let p = PUBLIC_KEY_CACHE.get(id);
  if (!p) {
    const info = algorithmInfo(alg);
    const pub: JsonWebKey = info.kty === 'EC' ? { kty: 'EC', crv: jwk.crv!, x: jwk.x!, y: jwk.y! } : { kty: 'OKP', crv: jwk.crv!, x: jwk.x! };
    p = subtle()
      .importKey('jwk', pub, info.importParams, true, ['verify'])
      .catch((cause: unknown) => {
        PUBLIC_KEY_CACHE.delete(id);
        throw new ElicenseError('ERR_KEY_INVALID', `${info.crv} public key could not be imported (not a point on the curve?)`, { cause });
      });
    if (PUBLIC_KEY_CACHE.size >= CACHE_LIMIT) PUBLIC_KEY_CACHE.delete(PUBLIC_KEY_CACHE.keys().next().value!);
    PUBLIC_KEY_CACHE.set(id, p);
  }
  return p;
}

/**
 * Import a private JWK as a non-extractable signing key.
 */
export async function importPrivateKey(jwk: JWK, alg: JwsAlgorithm): Promise<CryptoKey> {
  assertKeyForAlgorithm(jwk, alg, true);
  if (typeof jwk.d !== 'string') throw new ElicenseError('ERR_KEY_INVALID', 'private JWK is missing "d"');
  const info = algorithmInfo(alg);
  const priv: JsonWebKey = { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, d: jwk.d, ...(jwk.y ? { y: jwk.y } : {}) };
  try {
    return await subtle().importKey('jwk', priv, info.importParams, false, ['sign']);
  } catch (cause) {
    throw new ElicenseError('ERR_KEY_INVALID', `${info.crv} private key could not be imported`, { cause });
  }
}

/**
 * A {@link Signer} over a WebCrypto private key or a private JWK.
 *
 * @example
 * ```ts
 * const { privateKey } = await generateKeyPair('ES256')
 * const sign = createSigner(privateKey, 'ES256')
 * ```
 */
export function createSigner(key: CryptoKey | JWK, alg: JwsAlgorithm): Signer {
  const info = algorithmInfo(alg);
  const fast = signerFast(key, alg);
  if (fast !== undefined) return fast;
  const keyPromise = isCryptoKey(key) ? Promise.resolve(key) : importPrivateKey(key, alg);
  keyPromise.catch(() => undefined); // surfaced on first use
  return async (data) => {
    const k = await keyPromise;
    try {
      return new Uint8Array(await subtle().sign(info.signParams, k, data as Uint8Array<ArrayBuffer>));
    } catch (cause) {
      throw new ElicenseError('ERR_KEY_INVALID', `signing with ${alg} failed (does the key match the algorithm?)`, { cause });
    }
  };
}

/**
 * A {@link Verifier} over a public JWK. A signature of the wrong length verifies as false.
 *
 * @example
 * ```ts
 * const ok = await createVerifier(publicJwk, 'ES256')(data, signature)
 * ```
 */
export function createVerifier(jwk: JWK, alg: JwsAlgorithm): Verifier {
  const info = algorithmInfo(alg);
  if (verifyFast(jwk, alg, EMPTY, EMPTY) !== undefined) return async (data, signature) => verifyFast(jwk, alg, data, signature)!;
  const keyPromise = importPublicKey(jwk, alg);
  keyPromise.catch(() => undefined);
  return async (data, signature) => {
    const k = await keyPromise;
    if (signature.length !== info.signatureLength) return false;
    return subtle().verify(info.signParams, k, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
  };
}

/** Verify one signature with a public JWK (key import is cached). */
export async function verifySignature(jwk: JWK, alg: JwsAlgorithm, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const info = algorithmInfo(alg);
  const fast = verifyFast(jwk, alg, data, signature);
  if (fast !== undefined) return fast;
  const k = await importPublicKey(jwk, alg);
  if (signature.length !== info.signatureLength) return false;
  return subtle().verify(info.signParams, k, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
}

/** A freshly generated key pair. */
export interface GeneratedKeyPair {
  /** The private key. Non-extractable unless `extractable: true` was asked for. */
  privateKey: CryptoKey;
  /** The public key as a JWK (`kty`, `crv`, `x`, `y`). */
  publicJwk: JWK;
  /** The private key as a JWK, only when generated extractable. */
  privateJwk?: JWK;
  /** The JWS algorithm the key is for. */
  alg: JwsAlgorithm;
}

/**
 * Generate a key pair with WebCrypto: ES256 (P-256, the default) or EdDSA (Ed25519).
 * The private key is non-extractable unless `extractable` is set (e.g. to persist an issuer key).
 *
 * @example
 * ```ts
 * const holder = await generateKeyPair('ES256')
 * holder.publicJwk // { kty: 'EC', crv: 'P-256', x, y }
 * ```
 */
export async function generateKeyPair(alg: JwsAlgorithm = 'ES256', options: { extractable?: boolean } = {}): Promise<GeneratedKeyPair> {
  const info = algorithmInfo(alg);
  const extractable = options.extractable ?? false;
  // A public key is always extractable; `extractable` governs the private key, which, when false,
  // is generated inside the platform's key store and never reaches JavaScript.
  const pair = (await subtle().generateKey(info.importParams as EcKeyGenParams, extractable, ['sign', 'verify'])) as CryptoKeyPair;
  const publicJwk = publicJwkOf((await subtle().exportKey('jwk', pair.publicKey)) as JWK);
  const out: GeneratedKeyPair = { privateKey: pair.privateKey, publicJwk, alg };
  if (extractable) {
    const full = (await subtle().exportKey('jwk', pair.privateKey)) as JWK;
    out.privateJwk = { kty: full.kty!, crv: full.crv!, x: full.x!, ...(full.y ? { y: full.y } : {}), d: full.d! };
  }
  return out;
}

/**
 * The public part of a JWK (`kty`, `crv`, `x`, `y`), dropping private and optional members.
 *
 * @example
 * ```ts
 * publicJwkOf(privateJwk) // { kty, crv, x, y }
 * ```
 */
export function publicJwkOf(jwk: JWK): JWK {
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv!, x: jwk.x!, y: jwk.y! };
  if (jwk.kty === 'OKP') return { kty: 'OKP', crv: jwk.crv!, x: jwk.x! };
  throw new ElicenseError('ERR_KEY_INVALID', `unsupported key type ${String(jwk.kty)}`);
}

/**
 * A {@link SigningKey} from a private JWK: the algorithm follows from the curve.
 *
 * @example
 * ```ts
 * const key = signingKeyFromJwk(privateJwk, 'did:key:z...#z...')
 * ```
 */
export function signingKeyFromJwk(privateJwk: JWK, kid?: string): SigningKey {
  const alg = algorithmForKey(privateJwk);
  return { alg, sign: createSigner(privateJwk, alg), ...(kid === undefined ? {} : { kid }) };
}

function isCryptoKey(k: unknown): k is CryptoKey {
  return typeof CryptoKey !== 'undefined' && k instanceof CryptoKey;
}
