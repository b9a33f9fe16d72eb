import { ElicenseError } from '@elicense/core';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `a string of length ${v.length}` : JSON.stringify(v);
  if (v instanceof Date) return 'a Date';
  return typeof v;
}

/** An ERR_INVALID_ARGUMENT naming the argument, what it must be, and what came in. */
export function invalidArgument(name: string, expected: string, got: unknown): ElicenseError {
  return new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be ${expected}, got ${describe(got)}`);
}

export function assertObject(v: unknown, name: string): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidArgument(name, 'an object', v);
}

export function assertString(v: unknown, name: string): asserts v is string {
  if (typeof v !== 'string' || v.length === 0) throw invalidArgument(name, 'a non-empty string', v);
}

export function assertFunction(v: unknown, name: string): void {
  if (typeof v !== 'function') throw invalidArgument(name, 'a function', v);
}

/** Unix seconds from a number of seconds or a Date. */
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

/** Read an injected clock and check it returns Unix seconds. */
export function readClock(now: () => number): number {
  const t = now();
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw invalidArgument('now()', 'Unix seconds', t);
  return Math.floor(t);
}
