import { ElicenseError, assertObject, invalidArgument } from '@elicense/core';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_POLLING_INTERVAL_MS = 1_000;

/** Check a JSON-RPC URL (http or https) and return it. */
export function checkRpcUrl(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.length === 0) throw invalidArgument(name, 'an http(s) JSON-RPC URL', v);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw invalidArgument(name, 'an http(s) JSON-RPC URL', v);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidArgument(name, 'an http(s) JSON-RPC URL', `${url.protocol} URL`);
  return v;
}

/** The part of an RPC URL that may appear in messages: scheme, host and port (paths often hold API keys). */
export function describeEndpoint(rpcUrl: string): string {
  return new URL(rpcUrl).origin;
}

/** Check a 20-byte hex address and return it in lowercase. */
export function checkAddress(v: unknown, name: string): `0x${string}` {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw invalidArgument(name, 'a 0x-prefixed 20-byte hex address', v);
  return v.toLowerCase() as `0x${string}`;
}

/** Check a 32-byte hex private key (never echoed in the error). */
export function checkPrivateKey(v: unknown, name: string): `0x${string}` {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(v)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be a 0x-prefixed 32-byte hex secp256k1 private key`);
  }
  return v as `0x${string}`;
}

/** Check an optional positive integer (milliseconds, counts) and apply its default. */
export function checkPositiveInteger(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw invalidArgument(name, 'a positive integer', v);
  return v;
}

/** Check the options argument is an object. */
export function checkOptions(v: unknown): void {
  assertObject(v, 'options');
}
