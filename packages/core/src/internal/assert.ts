import { ElicenseError } from '../errors.js';

/** Misuse guards: throw ERR_INVALID_ARGUMENT naming the argument and what came in. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (typeof v === 'string') return v.length > 40 ? `a string of length ${v.length}` : JSON.stringify(v);
  return typeof v;
}

export function invalidArgument(name: string, expected: string, got: unknown): ElicenseError {
  return new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be ${expected}, got ${describe(got)}`);
}

export function assertString(v: unknown, name: string): asserts v is string {
  if (typeof v !== 'string' || v.length === 0) throw invalidArgument(name, 'a non-empty string', v);
}

export function assertObject(v: unknown, name: string): asserts v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidArgument(name, 'an object', v);
}

export function assertBytes(v: unknown, name: string): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw invalidArgument(name, 'a Uint8Array', v);
}

export function assertInteger(v: unknown, name: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidArgument(name, 'an integer', v);
}
