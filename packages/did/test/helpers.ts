import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ElicenseError, type ErrorCode } from '@elicense/core';

/** Read a checked-in vector file from `test/vectors/`. */
export function vectorText(path: string): string {
  return readFileSync(new URL(`../../../test/vectors/${path}`, import.meta.url), 'utf8');
}

/** Parse a checked-in JSON vector file from `test/vectors/`. */
export function vector<T = any>(path: string): T {
  return JSON.parse(vectorText(path)) as T;
}

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
