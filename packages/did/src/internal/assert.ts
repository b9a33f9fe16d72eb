import { ElicenseError } from '@elicense/core';

/** Short description of a bad value for an error message (never echoes long input). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 60 ? `a string of length ${v.length}` : JSON.stringify(v);
  return typeof v;
}

/** ERR_INVALID_ARGUMENT naming the argument, what was expected and what came in. */
export function invalidArgument(name: string, expected: string, got: unknown): ElicenseError {
  return new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be ${expected}, got ${describe(got)}`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function assertObject(v: unknown, name: string): asserts v is Record<string, unknown> {
  if (!isObject(v)) throw invalidArgument(name, 'an object', v);
}

export function assertNonEmptyString(v: unknown, name: string): asserts v is string {
  if (typeof v !== 'string' || v.length === 0) throw invalidArgument(name, 'a non-empty string', v);
}
