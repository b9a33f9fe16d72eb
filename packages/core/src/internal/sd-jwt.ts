/**
 * The SD-JWT processing core shared by the Holder (present, process) and the Verifier (verify):
 * splitting the compact serialization, decoding Disclosures, and RFC 9901 §7.1 step 3–5 —
 * replacing digests with Disclosures, recursively, with every structural check. Never exported.
 */
import { getHasher } from '../crypto/hash.js';
import type { SigningKey } from '../crypto/types.js';
import { ElicenseError } from '../errors.js';
import { invalidArgument } from '../arguments.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { DEFAULT_MAX_TOKEN_LENGTH, DEFAULT_SD_ALG, SD_ALG_KEY, SD_ARRAY_ELEMENT_KEY, SD_DIGESTS_KEY } from '../sd-jwt/constants.js';
import { decodeDisclosure } from '../sd-jwt/decode-disclosure.js';
import type { ClaimPath, Disclosure } from '../sd-jwt/types.js';

/** Deepest nesting of objects and arrays processed; deeper input is refused rather than overflowing the stack. */
export const MAX_DEPTH = 64;

/** A compact JWS: three base64url parts (the last may be empty). */
export const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const INDEX = /^(0|[1-9][0-9]*)$/;

/** A compact SD-JWT or SD-JWT+KB cut at its tildes. */
export interface SplitSdJwt {
  /** The Issuer-signed JWT (compact JWS). */
  issuerJwt: string;
  /** The Disclosures, in token order, as base64url strings. */
  disclosures: string[];
  /** The KB-JWT, when present. */
  kbJwt?: string;
  /** Everything up to and including the last `~` — the input of `sd_hash`. */
  sdJwt: string;
}

/** Check a `maxLength` option. */
export function checkMaxLength(maxLength: unknown): number {
  if (maxLength === undefined) return DEFAULT_MAX_TOKEN_LENGTH;
  if (typeof maxLength !== 'number' || !Number.isSafeInteger(maxLength) || maxLength <= 0) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `options.maxLength must be a positive integer, got ${String(maxLength)}`);
  }
  return maxLength;
}

/**
 * Split `<Issuer-signed JWT>~<Disclosure 1>~…~<Disclosure N>~[<KB-JWT>]` (RFC 9901 §4).
 * Size is checked first (`ERR_INPUT_TOO_LARGE`); any other structural fault is `ERR_TOKEN_MALFORMED`.
 */
export function splitSdJwt(token: unknown, maxLength: number = DEFAULT_MAX_TOKEN_LENGTH): SplitSdJwt {
  if (typeof token !== 'string') {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', `SD-JWT must be a string, got ${token === null ? 'null' : typeof token}`);
  }
  if (token.length > maxLength) {
    throw new ElicenseError('ERR_INPUT_TOO_LARGE', `SD-JWT is ${token.length} characters, more than the limit of ${maxLength}`, {
      details: { length: token.length, maxLength },
    });
  }
  if (token.length === 0) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'SD-JWT is an empty string');
  const parts = token.split('~');
  if (parts.length < 2) {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', 'SD-JWT has no "~": a compact SD-JWT is <Issuer-signed JWT>~<Disclosures>~ and ends with "~" or a KB-JWT');
  }
  const issuerJwt = parts[0]!;
  if (issuerJwt.length === 0) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'SD-JWT starts with "~": the Issuer-signed JWT is missing');
  const disclosures = parts.slice(1, -1);
  const empty = disclosures.findIndex((d) => d.length === 0);
  if (empty >= 0) {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', `SD-JWT has an empty part (two "~" in a row) after disclosure ${empty}`);
  }
  const last = parts[parts.length - 1]!;
  const sdJwt = token.slice(0, token.lastIndexOf('~') + 1);
  if (last.length === 0) return { issuerJwt, disclosures, sdJwt };
  if (!JWT_SHAPE.test(last)) {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', 'SD-JWT must end with "~" (no Key Binding) or with a KB-JWT; the last part is neither');
  }
  return { issuerJwt, disclosures, kbJwt: last, sdJwt };
}

/** The payload's `_sd_alg` (default sha-256), refused with `ERR_SD_ALG_UNSUPPORTED` unless supported. */
export function sdAlgOf(payload: JsonObject): string {
  if (!Object.hasOwn(payload, SD_ALG_KEY)) return DEFAULT_SD_ALG;
  const alg = payload[SD_ALG_KEY];
  if (typeof alg !== 'string') {
    throw new ElicenseError('ERR_SD_ALG_UNSUPPORTED', `_sd_alg must be a hash algorithm name (string), got ${alg === null ? 'null' : typeof alg}`);
  }
  getHasher(alg); // throws ERR_SD_ALG_UNSUPPORTED
  return alg;
}

/** Decode every Disclosure with `hashAlg`. */
export async function decodeDisclosures(encoded: readonly string[], hashAlg: string): Promise<Disclosure[]> {
  const out: Disclosure[] = [];
  for (let i = 0; i < encoded.length; i++) {
    try {
      out.push(await decodeDisclosure(encoded[i]!, hashAlg));
    } catch (e) {
      if (e instanceof ElicenseError) throw new ElicenseError(e.code, `Disclosure ${i + 1} of ${encoded.length}: ${e.message}`, { cause: e, details: { index: i } });
      throw e;
    }
  }
  return out;
}

/** A Disclosure and where it landed in the processed payload. */
export interface PlacedDisclosure {
  /** Concrete path: object keys as strings, array indices (in the processed array) as numbers. */
  path: (string | number)[];
  disclosure: Disclosure;
  /** The Disclosure whose value held this one's digest, if any. */
  parent: Disclosure | undefined;
}

/** The Processed SD-JWT Payload and where every Disclosure went. */
export interface ProcessedPayload {
  payload: JsonObject;
  placed: PlacedDisclosure[];
}

/** Define an own, enumerable data property: safe for `__proto__` and other inherited names. */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function malformed(message: string, path: readonly (string | number)[]): ElicenseError {
  return new ElicenseError('ERR_TOKEN_MALFORMED', `${message} (at ${path.length === 0 ? 'the top level' : path.join('.')})`, { details: { path: [...path] } });
}

/**
 * RFC 9901 §7.1 step 3–5: replace embedded digests with the matching Disclosures, recursively; ignore
 * digests with no Disclosure (decoys, withheld claims); drop undisclosed array elements, `_sd`, `_sd_alg`.
 * Rejects: `_sd` not an array of strings, malformed `...` elements, `_sd`/`...`/nested `_sd_alg` used as
 * claims (`ERR_TOKEN_MALFORMED`); a Disclosure of the wrong kind for its position
 * (`ERR_DISCLOSURE_MALFORMED`); a digest seen twice or two identical Disclosures (`ERR_DIGEST_DUPLICATE`);
 * a disclosed name already present (`ERR_CLAIM_NAME_CONFLICT`); an unreferenced Disclosure
 * (`ERR_DISCLOSURE_UNREFERENCED`). Input is not modified.
 */
export function processPayload(payload: JsonObject, disclosures: readonly Disclosure[]): ProcessedPayload {
  const byDigest = new Map<string, Disclosure>();
  for (const d of disclosures) {
    if (byDigest.has(d.digest)) {
      throw new ElicenseError('ERR_DIGEST_DUPLICATE', 'the same Disclosure appears more than once in the SD-JWT', { details: { digest: d.digest } });
    }
    byDigest.set(d.digest, d);
  }
  const seen = new Set<string>();
  const used = new Set<string>();
  const placed: PlacedDisclosure[] = [];

  const lookup = (digest: unknown, path: readonly (string | number)[]): Disclosure | undefined => {
    if (typeof digest !== 'string') throw malformed('an embedded digest must be a string', path);
    if (seen.has(digest)) {
      throw new ElicenseError('ERR_DIGEST_DUPLICATE', `digest ${digest} appears more than once in the SD-JWT payload`, { details: { digest, path: [...path] } });
    }
    seen.add(digest);
    return byDigest.get(digest);
  };

  const walk = (value: unknown, path: (string | number)[], depth: number, parent: Disclosure | undefined): unknown => {
    if (depth > MAX_DEPTH) throw malformed(`payload is nested more than ${MAX_DEPTH} levels deep`, path);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value as unknown[]) {
        if (isJsonObject(element) && Object.hasOwn(element, SD_ARRAY_ELEMENT_KEY)) {
          if (Object.keys(element).length !== 1) throw malformed('an array element digest object must have "..." as its only key', path);
          const d = lookup(element[SD_ARRAY_ELEMENT_KEY], path);
          if (d === undefined) continue; // decoy or not disclosed: the element is removed
          if (d.name !== undefined) {
            throw new ElicenseError('ERR_DISCLOSURE_MALFORMED', `an object-property Disclosure ("${d.name}") is referenced from an array element`, {
              details: { digest: d.digest, path: [...path] },
            });
          }
          used.add(d.digest);
          const p = [...path, out.length];
          placed.push({ path: p, disclosure: d, parent });
          out.push(walk(d.value, p, depth + 1, d));
        } else {
          out.push(walk(element, [...path, out.length], depth + 1, parent));
        }
      }
      return out;
    }
    if (isJsonObject(value)) {
      const out: JsonObject = {};
      for (const key of Object.keys(value)) {
        if (key === SD_DIGESTS_KEY) continue;
        if (key === SD_ARRAY_ELEMENT_KEY) throw malformed('"..." may only appear as the single key of an array element', path);
        if (key === SD_ALG_KEY) {
          if (depth === 0) continue;
          throw malformed('_sd_alg may only appear at the top level of the payload', path);
        }
        setOwn(out, key, walk(value[key], [...path, key], depth + 1, parent));
      }
      if (Object.hasOwn(value, SD_DIGESTS_KEY)) {
        const sd = value[SD_DIGESTS_KEY];
        if (!Array.isArray(sd)) throw malformed('_sd must be an array of digest strings', path);
        for (const digest of sd as unknown[]) {
          const d = lookup(digest, path);
          if (d === undefined) continue;
          if (d.name === undefined) {
            throw new ElicenseError('ERR_DISCLOSURE_MALFORMED', 'an array-element Disclosure is referenced from an object\'s _sd', {
              details: { digest: d.digest, path: [...path] },
            });
          }
          if (Object.hasOwn(out, d.name)) {
            throw new ElicenseError('ERR_CLAIM_NAME_CONFLICT', `disclosed claim "${d.name}" already exists at ${path.length === 0 ? 'the top level' : path.join('.')}`, {
              details: { name: d.name, path: [...path] },
            });
          }
          used.add(d.digest);
          const p = [...path, d.name];
          placed.push({ path: p, disclosure: d, parent });
          setOwn(out, d.name, walk(d.value, p, depth + 1, d));
        }
      }
      return out;
    }
    return value;
  };

  const processed = walk(payload, [], 0, undefined) as JsonObject;
  for (const d of disclosures) {
    if (!used.has(d.digest)) {
      throw new ElicenseError('ERR_DISCLOSURE_UNREFERENCED', 'a Disclosure is not referenced by any digest in the Issuer-signed JWT or in another Disclosure', {
        details: { digest: d.digest },
      });
    }
  }
  return { payload: processed, placed };
}

/**
 * Every concrete path in `root` that `path` selects (SD-JWT VC claims path semantics, leniently:
 * an index against an object selects the key of the same digits, an all-digit key against an array
 * selects that index; a component that does not fit simply selects nothing).
 */
export function selectPaths(root: unknown, path: ClaimPath): (string | number)[][] {
  let current: { node: unknown; path: (string | number)[] }[] = [{ node: root, path: [] }];
  for (const c of path) {
    const next: typeof current = [];
    for (const { node, path: p } of current) {
      if (Array.isArray(node)) {
        const items = node as unknown[];
        if (c === null) {
          items.forEach((el, i) => next.push({ node: el, path: [...p, i] }));
        } else {
          const i = typeof c === 'number' ? c : INDEX.test(c) ? Number(c) : -1;
          if (i >= 0 && i < items.length) next.push({ node: items[i], path: [...p, i] });
        }
      } else if (isJsonObject(node) && c !== null) {
        const key = String(c);
        if (Object.hasOwn(node, key)) next.push({ node: node[key], path: [...p, key] });
      }
    }
    current = next;
  }
  return current.map((x) => x.path);
}

/** True when `prefix` is a prefix of (or equal to) `path`. */
export function isPathPrefix(prefix: readonly (string | number)[], path: readonly (string | number)[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

/** Check that `v` looks like a {@link SigningKey}. */
export function assertSigningKey(v: unknown, name: string): asserts v is SigningKey {
  if (!isJsonObject(v) || typeof v.alg !== 'string' || typeof v.sign !== 'function') {
    throw invalidArgument(name, 'a SigningKey { alg, sign, kid? }', v);
  }
}
