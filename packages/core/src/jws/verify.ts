import { algorithmForKey, isSupportedAlgorithm } from '../crypto/algorithms.js';
import type { JWK, JwsAlgorithm, Verifier } from '../crypto/types.js';
import { DEFAULT_ALGORITHMS } from '../crypto/types.js';
import { verifySignature } from '../crypto/webcrypto.js';
import { ElicenseError, type ErrorCode } from '../errors.js';
import { utf8Encode } from '../internal/bytes.js';
import type { JsonObject } from '../json.js';
import { decodeJws, type DecodedJws } from './compact.js';

/** Options for {@link verifyJwt}. */
export interface VerifyJwtOptions {
  /**
   * The public key: a JWK, a function that picks one from the decoded header and payload
   * (e.g. by `kid`), or a custom {@link Verifier} with its algorithm.
   */
  key: JWK | ((header: JsonObject, payload: JsonObject) => JWK | Promise<JWK>) | { verify: Verifier; alg: JwsAlgorithm };
  /** Algorithm allowlist. Default: ES256, EdDSA. `none` and HMAC are never accepted. */
  algorithms?: readonly JwsAlgorithm[];
  /** Required header `typ` (case-insensitive per RFC 7515 §4.1.9). */
  typ?: string | readonly string[];
  /** Error code for a malformed token. Default `ERR_TOKEN_MALFORMED`. */
  malformedCode?: ErrorCode;
  /** Error code for a bad signature. Default `ERR_SIGNATURE_INVALID`. */
  signatureCode?: ErrorCode;
  /** Name of the token in messages. Default `JWT`. */
  what?: string;
}

/**
 * Verify a compact JWS whose payload is a JSON object. Checks the header `alg` against the allowlist,
 * the key against the algorithm, the optional `typ`, and the signature. Time claims are not checked here.
 *
 * @example
 * ```ts
 * const { header, payload } = await verifyJwt(jwt, { key: issuerJwk, algorithms: ['ES256'] })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function verifyJwt(token: string, options: VerifyJwtOptions): Promise<DecodedJws> {
  const what = options.what ?? 'JWT';
  const decoded = decodeJws(token, options.malformedCode ?? 'ERR_TOKEN_MALFORMED', what);
  await verifyDecodedJws(decoded, options);
  return decoded;
}

/** Verify an already decoded JWS (see {@link verifyJwt}). */
export async function verifyDecodedJws(decoded: DecodedJws, options: VerifyJwtOptions): Promise<void> {
  const what = options.what ?? 'JWT';
  const { header, payload } = decoded;
  const alg = header.alg;
  const allowed = options.algorithms ?? DEFAULT_ALGORITHMS;
  if (typeof alg !== 'string') throw new ElicenseError(options.malformedCode ?? 'ERR_TOKEN_MALFORMED', `${what} header has no "alg"`);
  if (!isSupportedAlgorithm(alg) || !allowed.includes(alg)) {
    throw new ElicenseError('ERR_ALGORITHM_NOT_ALLOWED', `${what} algorithm ${JSON.stringify(alg)} is not allowed (allowed: ${allowed.join(', ')})`, { details: { alg } });
  }
  if (header.crit !== undefined) {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', `${what} has critical header parameters this implementation does not understand`);
  }
  if (options.typ !== undefined) {
    const want = (typeof options.typ === 'string' ? [options.typ] : options.typ).map((t) => t.toLowerCase());
    const got = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
    if (got === undefined || !want.includes(got)) {
      throw new ElicenseError('ERR_TYP_INVALID', `${what} header typ must be ${want.join(' or ')}, got ${JSON.stringify(header.typ)}`);
    }
  }
  const key = options.key;
  let ok: boolean;
  if (typeof key === 'function') {
    const jwk = await key(header, payload);
    ok = await verifyWithJwk(jwk, alg, signingBytes(decoded), decoded.signature);
  } else if ('verify' in key && typeof key.verify === 'function') {
    const custom = key as { verify: Verifier; alg: JwsAlgorithm };
    if (custom.alg !== alg && !(isEd(custom.alg) && isEd(alg))) {
      throw new ElicenseError('ERR_ALGORITHM_NOT_ALLOWED', `${what} is signed with ${alg} but the verifier is for ${custom.alg}`);
    }
    // A Verifier of the caller's gets bytes of its own.
    ok = await custom.verify(utf8Encode(decoded.signingInput), decoded.signature);
  } else {
    ok = await verifyWithJwk(key as JWK, alg, signingBytes(decoded), decoded.signature);
  }
  if (!ok) throw new ElicenseError(options.signatureCode ?? 'ERR_SIGNATURE_INVALID', `${what} signature is invalid`);
}

/**
 * The UTF-8 bytes of `decoded.signingInput`, kept per decoded JWS: a decoded token verified again
 * (the SD-JWT cache hands out the same one) is not encoded again. Only signature checks of this
 * module read them, and none writes to them.
 */
const SIGNING_BYTES = new WeakMap<DecodedJws, { input: string; bytes: Uint8Array }>();

function signingBytes(decoded: DecodedJws): Uint8Array {
  const input = decoded.signingInput;
  const hit = SIGNING_BYTES.get(decoded);
  if (hit !== undefined && hit.input === input) return hit.bytes;
  const bytes = utf8Encode(input);
  SIGNING_BYTES.set(decoded, { input, bytes });
  return bytes;
}

function isEd(a: string): boolean {
  return a === 'EdDSA' || a === 'Ed25519';
}

async function verifyWithJwk(jwk: JWK, alg: JwsAlgorithm, data: Uint8Array, sig: Uint8Array): Promise<boolean> {
  if (typeof jwk !== 'object' || jwk === null) throw new ElicenseError('ERR_KEY_INVALID', 'verification key must be a JWK object');
  if (jwk.d !== undefined) throw new ElicenseError('ERR_KEY_INVALID', 'verification key must be a public JWK (it contains "d")');
  const keyAlg = algorithmForKey(jwk);
  if (keyAlg !== alg && !(isEd(keyAlg) && isEd(alg))) {
    throw new ElicenseError('ERR_KEY_INVALID', `token is signed with ${alg} but the key is ${String(jwk.kty)}/${String(jwk.crv)}`);
  }
  if (typeof jwk.alg === 'string' && jwk.alg !== alg && !(isEd(jwk.alg) && isEd(alg))) {
    throw new ElicenseError('ERR_KEY_INVALID', `key is restricted to ${jwk.alg} but the token uses ${alg}`);
  }
  return verifySignature(jwk, alg, data, sig);
}
