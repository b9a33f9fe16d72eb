import { sha256 } from '@noble/hashes/sha2.js';
import { ElicenseError, encodeBase64url, type ErrorCode } from '@elicense/core';

/** Deepest nesting accepted in canonical JSON (DID documents and type metadata are shallow). */
export const MAX_JSON_DEPTH = 64;

const encoder = new TextEncoder();

/**
 * Canonical JSON (RFC 8785 JCS for the data a trust bundle holds): object members sorted by the
 * UTF-16 code units of their names, recursively; arrays in order; no whitespace; strings and numbers
 * as ECMAScript `JSON.stringify` writes them. Anything that is not JSON data — `undefined`,
 * functions, non-finite numbers, class instances, sparse arrays, nesting deeper than
 * {@link MAX_JSON_DEPTH} — throws `code`.
 */
export function canonicalJson(value: unknown, code: ErrorCode = 'ERR_INVALID_ARGUMENT', what = 'value'): string {
  const out: string[] = [];
  write(value, 0, what);
  return out.join('');

  function write(v: unknown, depth: number, path: string): void {
    if (depth > MAX_JSON_DEPTH) throw new ElicenseError(code, `${what} is nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (v === null || typeof v === 'boolean') {
      out.push(String(v));
    } else if (typeof v === 'string') {
      out.push(JSON.stringify(v));
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new ElicenseError(code, `${path} is not a finite number`);
      out.push(JSON.stringify(v));
    } else if (Array.isArray(v)) {
      out.push('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out.push(',');
        if (!(i in v)) throw new ElicenseError(code, `${path}[${i}] is missing (sparse array)`);
        write(v[i], depth + 1, `${path}[${i}]`);
      }
      out.push(']');
    } else if (typeof v === 'object') {
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw new ElicenseError(code, `${path} is not plain JSON data`);
      const keys = Object.keys(v).sort();
      out.push('{');
      keys.forEach((k, i) => {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(k), ':');
        write((v as Record<string, unknown>)[k], depth + 1, `${path}.${k}`);
      });
      out.push('}');
    } else {
      throw new ElicenseError(code, `${path} is not JSON data (${typeof v})`);
    }
  }
}

/**
 * base64url (no padding) SHA-256 of the UTF-8 canonical JSON of `value`. Synchronous, with its own
 * SHA-256 (not core's `sha256Bytes`): a verifier that never opens a trust bundle then bundles none.
 */
export function canonicalDigest(value: unknown, code: ErrorCode = 'ERR_INVALID_ARGUMENT', what = 'value'): string {
  return encodeBase64url(sha256(encoder.encode(canonicalJson(value, code, what))));
}

/** True when two JSON values have the same canonical JSON. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
