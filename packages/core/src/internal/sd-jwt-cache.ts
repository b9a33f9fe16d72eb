/**
 * A small cache of decoded SD-JWTs, keyed by the compact string `<Issuer-signed JWT>~<Disclosure 1>~…~`
 * that determines them: a wallet presents one credential many times and a verifier sees the same
 * credential and Disclosures again and again, so the base64url/JSON decoding, the Disclosure digests
 * and the processed payload are computed once per distinct string. Only what follows from the string
 * alone is kept — never a signature check, a time check or anything that depends on options — and an
 * entry is stored only once every step that produced it succeeded, so a call that hits the cache
 * behaves exactly like one that decodes (and one that would fail decodes, and fails, every time).
 *
 * Cached structures are shared: code in this package reads them and never mutates them, and whatever
 * is handed to a caller is a copy ({@link cloneJson}, {@link publicDisclosure}). Never exported.
 */
import { decodeBase64urlToString } from '../base64url.js';
import type { ErrorCode } from '../errors.js';
import { parseJson, type JsonObject } from '../json.js';
import { decodeJws, type DecodedJws } from '../jws/compact.js';
import type { Disclosure } from '../sd-jwt/types.js';
import { MAX_DEPTH, decodeDisclosures, processPayload, sdAlgOf, setOwn, type PlacedDisclosure, type ProcessedPayload, type SplitSdJwt } from './sd-jwt.js';

/** Most SD-JWTs kept; the least recently used one goes first. */
export const SD_JWT_CACHE_LIMIT = 32;

/** Longest key cached: larger tokens are rare and decoded every time, which keeps the cache small in bytes too. */
export const SD_JWT_CACHE_MAX_KEY_LENGTH = 64 * 1024;

/** Everything that follows from `<Issuer-signed JWT>~<Disclosures>~` alone. Read-only once stored. */
export interface ParsedSdJwt {
  /** The Issuer-signed JWT, decoded (not verified). */
  readonly jwt: DecodedJws;
  /** The payload's `_sd_alg` (default sha-256). */
  readonly hashAlg: string;
  /** The Disclosures in token order, with digests under `hashAlg`. */
  readonly disclosures: readonly Disclosure[];
  /** §7.1 step 3–5 of the above, once it has been run and succeeded. */
  processed?: ProcessedPayload;
}

/**
 * Entries by a short fingerprint of their key (hashing a long key string for a `Map` costs more than
 * the rest of a lookup, since each call slices a fresh string). The fingerprint only picks the slot:
 * a hit needs the whole key to be equal, and two keys with one fingerprint just take turns in it.
 */
const CACHE = new Map<string, { key: string; entry: ParsedSdJwt }>();

/** Length, the end of the Issuer-signed JWT's signature and the end of the last Disclosure. */
function fingerprint(sdJwt: string): string {
  const tilde = sdJwt.indexOf('~');
  return `${sdJwt.length}|${sdJwt.slice(Math.max(0, tilde - 24), tilde)}|${sdJwt.slice(-24)}`;
}

/** The cached entry for `sdJwt`, made most recently used; `undefined` when there is none. */
export function cachedSdJwt(sdJwt: string): ParsedSdJwt | undefined {
  const id = fingerprint(sdJwt);
  const slot = CACHE.get(id);
  if (slot === undefined || slot.key !== sdJwt) return undefined;
  CACHE.delete(id);
  CACHE.set(id, slot);
  return slot.entry;
}

/** Keep `entry` for `sdJwt`, evicting the least recently used entry when full. Returns `entry`. */
export function rememberSdJwt(sdJwt: string, entry: ParsedSdJwt): ParsedSdJwt {
  if (sdJwt.length > SD_JWT_CACHE_MAX_KEY_LENGTH) return entry;
  const id = fingerprint(sdJwt);
  CACHE.delete(id);
  while (CACHE.size >= SD_JWT_CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(id, { key: sdJwt, entry });
  return entry;
}

/** How many SD-JWTs the cache holds now. */
export function sdJwtCacheSize(): number {
  return CACHE.size;
}

/** §7.1 step 3–5 of a cached entry: run once (throwing as {@link processPayload} does), kept once it succeeded. */
export function processedOf(entry: ParsedSdJwt): ProcessedPayload {
  if (entry.processed === undefined) entry.processed = processPayload(entry.jwt.payload, entry.disclosures);
  return entry.processed;
}

/** Returned by {@link cloneJson} for a value nested deeper than it copies. */
export const TOO_DEEP: unique symbol = Symbol('too deep');

/**
 * A deep copy of a JSON value (objects, arrays, primitives) as `JSON.parse` would build it: own
 * enumerable data properties only, `__proto__` as an own property. Values nested more than
 * {@link MAX_DEPTH} levels are not copied: {@link TOO_DEEP} is returned instead, and the caller
 * re-decodes its source.
 */
export function cloneJson(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    const n = value.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const c = cloneJson(value[i], depth + 1);
      if (c === TOO_DEEP) return TOO_DEEP;
      out[i] = c;
    }
    return out;
  }
  const src = value as JsonObject;
  const out: JsonObject = {};
  for (const key of Object.keys(src)) {
    const c = cloneJson(src[key], depth + 1);
    if (c === TOO_DEEP) return TOO_DEEP;
    if (key === '__proto__') setOwn(out, key, c);
    else out[key] = c;
  }
  return out;
}

/** A caller's own copy of the header (0) or payload (1) of a decoded JWS from the cache (too deep to copy: decoded again). */
export function publicJwsPart(jws: DecodedJws, part: 0 | 1): JsonObject {
  const copy = cloneJson(part === 0 ? jws.header : jws.payload);
  if (copy !== TOO_DEEP) return copy as JsonObject;
  return parseJson(decodeBase64urlToString(jws.signingInput.split('.')[part]!)) as JsonObject;
}

/** A caller's own copy of a decoded JWS from the cache. */
export function publicJws(jws: DecodedJws): DecodedJws {
  return { header: publicJwsPart(jws, 0), payload: publicJwsPart(jws, 1), signingInput: jws.signingInput, signature: jws.signature.slice() };
}

/** A caller's own copy of a cached Disclosure (a value too deep to copy is decoded again from `encoded`). */
export function publicDisclosure(d: Disclosure): Disclosure {
  let value = cloneJson(d.value);
  if (value === TOO_DEEP) {
    const parsed = parseJson(decodeBase64urlToString(d.encoded)) as unknown[];
    value = parsed[parsed.length - 1];
  }
  return d.name === undefined ? { salt: d.salt, value, encoded: d.encoded, digest: d.digest } : { salt: d.salt, name: d.name, value, encoded: d.encoded, digest: d.digest };
}

/**
 * The Issuer-signed JWT, `_sd_alg` and decoded Disclosures of `split`, from the cache or decoded (and
 * then cached). Throws as `decodeJws`, `sdAlgOf` and `decodeDisclosures` do, in that order. `jwt`, when
 * given, is `split.issuerJwt` already decoded by the caller (it is kept, so the caller must not hand
 * it out).
 */
export async function parseSdJwt(split: SplitSdJwt, jwt?: DecodedJws): Promise<ParsedSdJwt> {
  const hit = cachedSdJwt(split.sdJwt);
  if (hit !== undefined) return hit;
  const decoded = jwt ?? decodeJws(split.issuerJwt, 'ERR_TOKEN_MALFORMED', 'Issuer-signed JWT');
  const hashAlg = sdAlgOf(decoded.payload);
  const disclosures = await decodeDisclosures(split.disclosures, hashAlg);
  return rememberSdJwt(split.sdJwt, { jwt: decoded, hashAlg, disclosures });
}

/** A caller's own copy of where each Disclosure landed (paths and Disclosures copied). */
export function publicPlaced(placed: readonly PlacedDisclosure[]): { path: (string | number)[]; disclosure: Disclosure }[] {
  return placed.map(({ path, disclosure }) => ({ path: [...path], disclosure: publicDisclosure(disclosure) }));
}

/** Most KB-JWTs kept decoded: a verifier decodes one for its report and again to verify it. */
const KB_CACHE_LIMIT = 8;
const KB_CACHE = new Map<string, { key: string; jws: DecodedJws }>();

/**
 * A KB-JWT decoded (shared, read-only: hand out {@link publicJws} copies), from the cache or by
 * `decodeJws(kbJwt, code, 'KB-JWT')` — which throws with `code` when it is malformed, on every call.
 */
export function decodeKbJwt(kbJwt: string, code: ErrorCode): DecodedJws {
  const id = `${kbJwt.length}|${kbJwt.slice(-32)}`;
  const slot = KB_CACHE.get(id);
  if (slot !== undefined && slot.key === kbJwt) return slot.jws;
  const jws = decodeJws(kbJwt, code, 'KB-JWT');
  if (kbJwt.length <= SD_JWT_CACHE_MAX_KEY_LENGTH) {
    KB_CACHE.delete(id);
    while (KB_CACHE.size >= KB_CACHE_LIMIT) KB_CACHE.delete(KB_CACHE.keys().next().value!);
    KB_CACHE.set(id, { key: kbJwt, jws });
  }
  return jws;
}
