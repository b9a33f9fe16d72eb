import { expect } from 'vitest';
import { ElicenseError, type ErrorCode } from '@elicense/core';

/** The `code` of the ElicenseError a promise or function rejects with (fails the test otherwise). */
export async function codeOf(action: Promise<unknown> | (() => unknown)): Promise<ErrorCode> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (e) {
    expect(e).toBeInstanceOf(ElicenseError);
    return (e as ElicenseError).code;
  }
  throw new Error('expected an ElicenseError, but nothing was thrown');
}

/**
 * What `action` comes to: the `code` of the ElicenseError it throws or rejects with, or `undefined`
 * when it succeeds. Anything else thrown fails the test.
 */
export async function outcomeOf(action: Promise<unknown> | (() => unknown)): Promise<ErrorCode | undefined> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (e) {
    expect(e).toBeInstanceOf(ElicenseError);
    return (e as ElicenseError).code;
  }
  return undefined;
}

/** Expect `f` to throw (or reject with) an ElicenseError of `code`, and return it. */
export async function throwsWith(f: () => unknown, code: ErrorCode): Promise<ElicenseError> {
  let error: unknown;
  try {
    await f();
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${code}`).toBeInstanceOf(ElicenseError);
  expect((error as ElicenseError).code).toBe(code);
  return error as ElicenseError;
}
