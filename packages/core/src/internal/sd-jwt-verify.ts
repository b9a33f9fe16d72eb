/**
 * The Verifier's side of RFC 9901 §7, shared by every serialization: option checks, the Issuer-signed
 * JWT signature check (§7.1 step 2), and everything after it — Disclosures (§7.1 step 3–5), validity
 * claims (§7.1 step 6) and Key Binding (§7.3). The compact form and the JWS JSON Serialization (§8.4)
 * differ only in where the parts come from and which string `sd_hash` covers. Never exported.
 */
import { isSupportedAlgorithm } from '../crypto/algorithms.js';
import type { JWK, JwsAlgorithm } from '../crypto/types.js';
import { DEFAULT_ALGORITHMS } from '../crypto/types.js';
import { ElicenseError, isElicenseError } from '../errors.js';
import { invalidArgument } from '../arguments.js';
import { isJsonObject, type JsonObject } from '../json.js';
import type { DecodedJws } from '../jws/compact.js';
import { verifyDecodedJws, type VerifyJwtOptions } from '../jws/verify.js';
import { DEFAULT_KB_MAX_AGE, KB_JWT_TYP } from '../sd-jwt/constants.js';
import { computeSdHash } from '../sd-jwt/digest.js';
import type { VerifiedSdJwt, VerifySdJwtOptions } from '../sd-jwt/types.js';
import { checkMaxLength, decodeDisclosures, sdAlgOf } from './sd-jwt.js';
import { cloneJson, decodeKbJwt, processedOf, publicJwsPart, publicPlaced, type ParsedSdJwt } from './sd-jwt-cache.js';

/** {@link VerifySdJwtOptions} checked, with defaults applied. */
export interface CheckedVerifyOptions {
  algorithms: readonly JwsAlgorithm[];
  now: number;
  clockTolerance: number;
  kbMaxAge: number;
  requireKeyBinding: boolean;
  maxLength: number;
}

/** The parts of an SD-JWT or SD-JWT+KB once the Issuer-signed JWT's signature has been verified. */
export interface VerifiedIssuerParts {
  /** The Issuer-signed JWT, signature already verified. */
  jwt: DecodedJws;
  /** The Disclosures as base64url strings, in token order. */
  disclosures: readonly string[];
  /** The KB-JWT, when present. */
  kbJwt: string | undefined;
  /** The string `sd_hash` covers: `<Issuer-signed JWT>~<Disclosure 1>~…~<Disclosure N>~` (§4.3.1, §8.1). */
  sdJwt: string;
  /** `jwt` and `disclosures` already decoded (possibly shared through the cache: read only). */
  parsed?: ParsedSdJwt;
}

/** Check the options of {@link verifySdJwt}; bad ones throw `ERR_INVALID_ARGUMENT` (or `ERR_ALGORITHM_NOT_ALLOWED`). */
export function checkVerifyOptions(options: VerifySdJwtOptions): CheckedVerifyOptions {
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object with at least issuerKey', options);
  const key: unknown = options.issuerKey;
  if (typeof key !== 'function' && !isJsonObject(key)) throw invalidArgument('options.issuerKey', 'a public JWK or a function returning one', key);
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.length === 0) throw invalidArgument('options.algorithms', 'a non-empty array of JWS algorithms', algorithms);
  for (const a of algorithms as unknown[]) {
    if (!isSupportedAlgorithm(a)) {
      throw new ElicenseError('ERR_ALGORITHM_NOT_ALLOWED', `options.algorithms contains ${JSON.stringify(a)}, which is not a supported asymmetric JWS algorithm`);
    }
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (typeof now !== 'number' || !Number.isFinite(now)) throw invalidArgument('options.now', 'Unix seconds (a finite number)', now);
  const clockTolerance = nonNegative(options.clockTolerance, 0, 'options.clockTolerance');
  const kbMaxAge = nonNegative(options.kbMaxAge, DEFAULT_KB_MAX_AGE, 'options.kbMaxAge');
  if (options.nonce !== undefined && typeof options.nonce !== 'string') throw invalidArgument('options.nonce', 'a string', options.nonce);
  if (options.aud !== undefined && typeof options.aud !== 'string') throw invalidArgument('options.aud', 'a string', options.aud);
  if (options.requireKeyBinding !== undefined && typeof options.requireKeyBinding !== 'boolean') {
    throw invalidArgument('options.requireKeyBinding', 'a boolean', options.requireKeyBinding);
  }
  if (options.typ !== undefined && typeof options.typ !== 'string' && !Array.isArray(options.typ)) {
    throw invalidArgument('options.typ', 'a string or an array of strings', options.typ);
  }
  const requireKeyBinding = options.requireKeyBinding ?? (options.nonce !== undefined || options.aud !== undefined);
  return { algorithms, now, clockTolerance, kbMaxAge, requireKeyBinding, maxLength: checkMaxLength(options.maxLength) };
}

/**
 * §7.1 step 2: verify the Issuer-signed JWT's `alg`, `typ` (if asked) and signature. `keyHeader`, when
 * given, is what a key-picking `issuerKey` function receives instead of the protected header (the JWS
 * JSON Serialization passes the whole JOSE Header, so an unprotected `kid` can choose the key); the
 * `alg`, `typ` and `crit` checks always read the protected header.
 */
export async function verifyIssuerSignedJwt(
  jwt: DecodedJws,
  options: VerifySdJwtOptions,
  o: CheckedVerifyOptions,
  what = 'Issuer-signed JWT',
  keyHeader?: JsonObject,
): Promise<void> {
  const issuerKey = options.issuerKey;
  const key: VerifyJwtOptions['key'] =
    typeof issuerKey === 'function' && keyHeader !== undefined ? (_header: JsonObject, payload: JsonObject) => issuerKey(keyHeader, payload) : issuerKey;
  await verifyDecodedJws(jwt, {
    key,
    algorithms: o.algorithms,
    ...(options.typ === undefined ? {} : { typ: options.typ }),
    what,
  });
}

/**
 * Everything after the Issuer signature: `_sd_alg`, §7.1 step 3–5 (Disclosures), step 6 (`exp`, `nbf`,
 * `iat` of the processed payload) and §7.3 (Key Binding, with `sd_hash` over `parts.sdJwt`).
 */
export async function completeSdJwtVerification(parts: VerifiedIssuerParts, o: CheckedVerifyOptions, options: VerifySdJwtOptions): Promise<VerifiedSdJwt> {
  const { jwt } = parts;
  let parsed = parts.parsed;
  if (parsed === undefined) {
    const alg = sdAlgOf(jwt.payload);
    parsed = { jwt, hashAlg: alg, disclosures: await decodeDisclosures(parts.disclosures, alg) };
  }
  const { hashAlg } = parsed;

  // §7.1 step 3–5: Disclosures
  const { payload, placed } = processedOf(parsed);

  // §7.1 step 6: validity claims of the processed payload
  checkValidity(payload, o.now, o.clockTolerance);

  // §7.3: Key Binding
  let kb: { header: JsonObject; payload: JsonObject } | undefined;
  if (parts.kbJwt === undefined) {
    if (o.requireKeyBinding) {
      throw new ElicenseError('ERR_KEY_BINDING_MISSING', 'Key Binding is required but the presentation has no KB-JWT (a compact one ends with "~"; a JSON one has no kb_jwt)');
    }
  } else {
    kb = await verifyKeyBinding(parts.kbJwt, parts.sdJwt, payload, hashAlg, o, options);
  }
  // The decoded structures may be shared with later calls: the caller gets its own copies.
  const result: VerifiedSdJwt = { header: publicJwsPart(jwt, 0), payload: cloneJson(payload) as JsonObject, disclosures: publicPlaced(placed) };
  if (kb !== undefined) result.kb = kb;
  return result;
}

function nonNegative(v: unknown, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(name, 'a non-negative number of seconds', v);
  return v;
}

function numericDate(payload: JsonObject, claim: string, code: 'ERR_TOKEN_MALFORMED' | 'ERR_KEY_BINDING_INVALID', what: string): number | undefined {
  if (!Object.hasOwn(payload, claim)) return undefined;
  const v = payload[claim];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ElicenseError(code, `${what} "${claim}" must be a NumericDate (seconds), got ${JSON.stringify(v)}`);
  return v;
}

/** `exp`, `nbf`, `iat` of the processed payload (RFC 7519 §4.1.4–4.1.6). */
function checkValidity(payload: JsonObject, now: number, tolerance: number): void {
  const exp = numericDate(payload, 'exp', 'ERR_TOKEN_MALFORMED', 'SD-JWT');
  const nbf = numericDate(payload, 'nbf', 'ERR_TOKEN_MALFORMED', 'SD-JWT');
  const iat = numericDate(payload, 'iat', 'ERR_TOKEN_MALFORMED', 'SD-JWT');
  if (exp !== undefined && now >= exp + tolerance) {
    throw new ElicenseError('ERR_CREDENTIAL_EXPIRED', `the credential expired at ${exp} (now ${now})`, { details: { exp, now } });
  }
  if (nbf !== undefined && now + tolerance < nbf) {
    throw new ElicenseError('ERR_CREDENTIAL_NOT_YET_VALID', `the credential is not valid before ${nbf} (now ${now})`, { details: { nbf, now } });
  }
  if (iat !== undefined && iat > now + tolerance) {
    throw new ElicenseError('ERR_IAT_INVALID', `the credential's iat ${iat} lies in the future (now ${now})`, { details: { iat, now } });
  }
}

/** §7.3: the KB-JWT's `typ`, signature by `cnf.jwk`, `iat`, `exp`, `nonce`, `aud` and `sd_hash` over `sdJwt`. */
async function verifyKeyBinding(
  kbJwt: string,
  sdJwt: string,
  payload: JsonObject,
  hashAlg: string,
  o: CheckedVerifyOptions,
  options: VerifySdJwtOptions,
): Promise<{ header: JsonObject; payload: JsonObject }> {
  const kb = decodeKbJwt(kbJwt, 'ERR_KEY_BINDING_INVALID'); // shared: read only
  const typ = kb.header.typ;
  if (typeof typ !== 'string' || typ.toLowerCase() !== KB_JWT_TYP) {
    throw new ElicenseError('ERR_KEY_BINDING_INVALID', `KB-JWT header typ must be "${KB_JWT_TYP}", got ${JSON.stringify(typ)}`);
  }
  const cnf = payload.cnf;
  const jwk = isJsonObject(cnf) && isJsonObject(cnf.jwk) ? (cnf.jwk as JWK) : undefined;
  if (jwk === undefined) {
    throw new ElicenseError('ERR_KEY_BINDING_INVALID', 'the SD-JWT has no cnf.jwk, so there is no Holder key to check the KB-JWT with');
  }
  try {
    await verifyDecodedJws(kb, {
      key: jwk,
      algorithms: o.algorithms,
      what: 'KB-JWT',
      malformedCode: 'ERR_KEY_BINDING_INVALID',
      signatureCode: 'ERR_KEY_BINDING_INVALID',
    });
  } catch (e) {
    if (isElicenseError(e, 'ERR_KEY_INVALID') || isElicenseError(e, 'ERR_TOKEN_MALFORMED')) {
      throw new ElicenseError('ERR_KEY_BINDING_INVALID', `KB-JWT cannot be checked with cnf.jwk: ${(e as Error).message}`, { cause: e });
    }
    throw e;
  }
  const p = kb.payload;
  const iat = p.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new ElicenseError('ERR_KEY_BINDING_INVALID', 'KB-JWT "iat" is required and must be a number');
  for (const claim of ['nonce', 'aud', 'sd_hash'] as const) {
    if (typeof p[claim] !== 'string') {
      throw new ElicenseError('ERR_KEY_BINDING_INVALID', `KB-JWT "${claim}" is required and must be a single string, got ${JSON.stringify(p[claim]) ?? 'nothing'}`);
    }
  }
  if (iat > o.now + o.clockTolerance || iat < o.now - o.kbMaxAge - o.clockTolerance) {
    throw new ElicenseError('ERR_IAT_INVALID', `KB-JWT iat ${iat} is outside the accepted window [now - ${o.kbMaxAge}s, now] (now ${o.now})`, {
      details: { iat, now: o.now, kbMaxAge: o.kbMaxAge },
    });
  }
  const exp = numericDate(p, 'exp', 'ERR_KEY_BINDING_INVALID', 'KB-JWT');
  if (exp !== undefined && o.now >= exp + o.clockTolerance) throw new ElicenseError('ERR_KEY_BINDING_INVALID', `KB-JWT expired at ${exp}`);
  if (options.nonce !== undefined && p.nonce !== options.nonce) {
    throw new ElicenseError('ERR_NONCE_MISMATCH', 'KB-JWT nonce does not match the nonce this Verifier issued');
  }
  if (options.aud !== undefined && p.aud !== options.aud) {
    throw new ElicenseError('ERR_AUDIENCE_MISMATCH', `KB-JWT aud ${JSON.stringify(p.aud)} is not this Verifier (${JSON.stringify(options.aud)})`);
  }
  if (p.sd_hash !== (await computeSdHash(sdJwt, hashAlg))) {
    throw new ElicenseError('ERR_SD_HASH_MISMATCH', 'KB-JWT sd_hash does not match the presented SD-JWT and Disclosures');
  }
  return { header: publicJwsPart(kb, 0), payload: publicJwsPart(kb, 1) };
}
