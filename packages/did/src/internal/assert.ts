import { assertObject as assertPlainObject } from '@elicense/core';

export { assertString as assertNonEmptyString, invalidArgument, isJsonObject as isObject } from '@elicense/core';

/** Narrowing form of core's `assertObject`, for parsed documents. */
export function assertObject(v: unknown, name: string): asserts v is Record<string, unknown> {
  assertPlainObject(v, name);
}
