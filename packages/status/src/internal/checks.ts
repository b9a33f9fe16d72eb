/** Small named checks shared by the package's public functions. */
import { ElicenseError, invalidArgument } from '@elicense/core';
import type { StatusBits } from '../status-type.js';

/** Default bound on a decompressed status list: 16 MiB (134 million 1-bit or 16 million 8-bit entries). */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** True for 1, 2, 4 or 8. */
export function isStatusBits(v: unknown): v is StatusBits {
  return v === 1 || v === 2 || v === 4 || v === 8;
}

/** A `bits` argument (misuse → `ERR_INVALID_ARGUMENT`). */
export function checkBits(v: unknown, name: string): StatusBits {
  if (!isStatusBits(v)) throw invalidArgument(name, '1, 2, 4 or 8', v);
  return v;
}

/** The largest `maxBytes`: 1 GiB, the largest list a {@link StatusList} holds. */
export const MAX_MAX_BYTES = 2 ** 30;

/** An optional `maxBytes` option: a positive integer up to 1 GiB, default 16 MiB. */
export function checkMaxBytes(v: unknown, name = 'options.maxBytes'): number {
  if (v === undefined) return DEFAULT_MAX_BYTES;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0 || v > MAX_MAX_BYTES) {
    throw invalidArgument(name, `a positive integer of at most ${MAX_MAX_BYTES} (bytes)`, v);
  }
  return v;
}

/** An options object, or `{}` when undefined. */
export function checkOptions<T extends object>(v: T | undefined, name = 'options'): Partial<T> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidArgument(name, 'an object', v);
  return v;
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[!-~]+$/;

/** A URI per RFC 3986 in its ASCII form: a scheme, a colon, and printable characters without spaces. */
export function isUri(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 8192 && URI.test(v);
}

/** An absolute URL (parsed by WHATWG `URL`). */
export function isUrl(v: unknown): v is string {
  if (!isUri(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

/** Unix seconds (`now`), defaulting to the wall clock. */
export function checkNow(v: unknown, name = 'options.now'): number {
  if (v === undefined) return Math.floor(Date.now() / 1000);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(name, 'Unix seconds (a non-negative number)', v);
  return Math.floor(v);
}

/** A non-negative clock tolerance in seconds, default 0. */
export function checkTolerance(v: unknown, name = 'options.clockTolerance'): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(name, 'a non-negative number of seconds', v);
  return v;
}

/** A NumericDate claim (RFC 7519 §2): a finite non-negative number. */
export function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** A required Unix-seconds argument (a non-negative integer). */
export function checkSeconds(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw invalidArgument(name, 'Unix seconds (a non-negative integer)', v);
  return v;
}

/** The validity window of a status list token or credential: `exp`, `nbf` and `iat` against `now`. */
export function checkValidity(what: string, times: { iat: number; exp?: number | undefined; nbf?: number | undefined }, now: number, tolerance: number): void {
  const { iat, exp, nbf } = times;
  if (exp !== undefined && now >= exp + tolerance) {
    throw new ElicenseError('ERR_STATUS_LIST_EXPIRED', `the ${what} expired at ${exp} (now ${now}); fetch a fresh one`, { details: { exp, now } });
  }
  if (nbf !== undefined && now + tolerance < nbf) {
    throw new ElicenseError('ERR_STATUS_LIST_NOT_YET_VALID', `the ${what} is not valid before ${nbf} (now ${now})`, { details: { nbf, now } });
  }
  if (iat > now + tolerance) {
    throw new ElicenseError('ERR_IAT_INVALID', `the ${what} was issued at ${iat}, in the future (now ${now})`, { details: { iat, now } });
  }
}

/** The `key` option of a verify function: a JWK object, a key-picking function, or `{ verify, alg }`. */
export function checkKey(v: unknown, name = 'options.key'): void {
  if (typeof v !== 'function' && (typeof v !== 'object' || v === null || Array.isArray(v))) {
    throw invalidArgument(name, 'a public JWK, a function returning one, or { verify, alg }', v);
  }
}
