import { ElicenseError } from './errors.js';

/**
 * Argument checks for public functions: each throws `ERR_INVALID_ARGUMENT` naming the argument, what
 * it must be, and what came in (never echoing long input). Shared by every elicense package so misuse
 * reads the same everywhere.
 */

/** A short description of a value for an error message. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (v instanceof Date) return 'a Date';
  if (typeof v === 'string') return v.length > 40 ? `a string of length ${v.length}` : JSON.stringify(v);
  return typeof v;
}

/**
 * An `ERR_INVALID_ARGUMENT` error naming the argument, what it must be and what came in.
 *
 * @example
 * ```ts
 * throw invalidArgument('options.nonce', 'a non-empty string', options.nonce)
 * ```
 */
export function invalidArgument(name: string, expected: string, got: unknown): ElicenseError {
  return new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be ${expected}, got ${describeValue(got)}`);
}

/** Assert a plain object (not null, not an array). @example assertObject(options, 'options') */
export function assertObject(v: unknown, name: string): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidArgument(name, 'an object', v);
}

/** Assert a non-empty string. @example assertString(options.aud, 'options.aud') */
export function assertString(v: unknown, name: string): asserts v is string {
  if (typeof v !== 'string' || v.length === 0) throw invalidArgument(name, 'a non-empty string', v);
}

/** Assert a function. @example assertFunction(options.now, 'options.now') */
export function assertFunction(v: unknown, name: string): void {
  if (typeof v !== 'function') throw invalidArgument(name, 'a function', v);
}

/** Assert a Uint8Array. @example assertBytes(data, 'data') */
export function assertBytes(v: unknown, name: string): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw invalidArgument(name, 'a Uint8Array', v);
}

/** Assert a safe integer. @example assertInteger(options.now, 'options.now') */
export function assertInteger(v: unknown, name: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidArgument(name, 'an integer', v);
}

/**
 * Unix seconds from a number of seconds or a `Date`.
 *
 * @example
 * ```ts
 * toSeconds(new Date('2030-09-01'), 'validUntil') // 1914451200
 * ```
 */
export function toSeconds(v: unknown, name: string): number {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw invalidArgument(name, 'a valid Date', 'an invalid Date');
    return Math.floor(ms / 1000);
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw invalidArgument(name, 'Unix seconds (a non-negative integer) or a Date', v);
  }
  return v;
}

/**
 * Read an injected clock (`() => seconds`) and check that it returns Unix seconds.
 *
 * @example
 * ```ts
 * const now = readClock(options.now ?? (() => Date.now() / 1000))
 * ```
 */
export function readClock(now: () => number): number {
  const t = now();
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw invalidArgument('now()', 'Unix seconds', t);
  return Math.floor(t);
}
