import { decodeBase64urlFast, encodeBase64urlFast } from '#backend';
import { ElicenseError, type ErrorCode } from './errors.js';
import { utf8Decode, utf8Encode } from './internal/bytes.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/**
 * Encode bytes (or a UTF-8 string) as unpadded base64url (RFC 4648 §5).
 *
 * @example
 * ```ts
 * encodeBase64url('hi') // 'aGk'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-5
 */
export function encodeBase64url(input: Uint8Array | string): string {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const fast = encodeBase64urlFast(input);
    if (fast !== undefined) return fast;
  }
  const b = typeof input === 'string' ? utf8Encode(input) : input;
  let out = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = b.length - i;
  if (rest === 1) {
    const n = b[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Decode unpadded base64url, strictly: padding, whitespace, characters outside the URL-safe alphabet
 * and non-canonical trailing bits are rejected with `code` (default `ERR_TOKEN_MALFORMED`).
 *
 * @example
 * ```ts
 * decodeBase64url('aGk') // Uint8Array [104, 105]
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-5
 */
export function decodeBase64url(s: string, code: ErrorCode = 'ERR_TOKEN_MALFORMED', what = 'base64url input'): Uint8Array {
  if (typeof s !== 'string') throw new ElicenseError(code, `${what} must be a string, got ${typeof s}`);
  const fast = decodeBase64urlFast(s);
  if (fast !== undefined) return fast;
  const len = s.length;
  if (len % 4 === 1) throw new ElicenseError(code, `${what} has an impossible base64url length (${len})`);
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) throw new ElicenseError(code, `${what} contains a character outside base64url at position ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) {
    throw new ElicenseError(code, `${what} is not canonical base64url (non-zero trailing bits)`);
  }
  return out.subarray(0, o);
}

/** Decode base64url into a UTF-8 string. */
export function decodeBase64urlToString(s: string, code: ErrorCode = 'ERR_TOKEN_MALFORMED', what = 'base64url input'): string {
  return utf8Decode(decodeBase64url(s, code, what), code, what);
}
