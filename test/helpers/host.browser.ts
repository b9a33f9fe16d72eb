/**
 * The test host in the browser: the ledger and the HTTP server live in the vitest process (see
 * `test/setup/browser-commands.ts`); here each is a thin proxy that forwards every call through a
 * browser command. ElicenseErrors come back as ElicenseErrors with their code.
 */
import { commands } from 'vitest/browser';
import { ElicenseError, type ErrorCode, type JWK } from '@elicense/core';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import type { HostCallOutcome, HostObject, TestHost, TestLedger, WebHost } from './host.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Open a ledger or start a web host in the vitest process. */
    testHostOpen(kind: 'ledger' | 'webHost'): Promise<HostObject>;
    /** Call `method` of the object behind `handle`. */
    testHostCall(handle: string, method: string, args: unknown[]): Promise<HostCallOutcome>;
  }
}

async function call<T>(handle: string, method: string, ...args: unknown[]): Promise<T> {
  const outcome = await commands.testHostCall(handle, method, args);
  if (outcome.ok) return outcome.value as T;
  const { message, code, details } = outcome.error;
  if (code === undefined) throw new Error(message);
  throw new ElicenseError(code as ErrorCode, message, details === undefined ? {} : { details: details as Record<string, unknown> });
}

async function openLedger(): Promise<TestLedger> {
  const { handle, props } = await commands.testHostOpen('ledger');
  return {
    id: props['id'] as string,
    publicJwk: props['publicJwk'] as JWK,
    anchor: (record) => call<AnchorReceipt>(handle, 'anchor', record),
    latest: (uri) => call<AnchorReceipt | undefined>(handle, 'latest', uri),
    history: (uri) => call<AnchorReceipt[]>(handle, 'history', uri),
    verifyReceipt: (receipt) => call<AnchorRecord>(handle, 'verifyReceipt', receipt),
    close: () => call<void>(handle, 'close'),
  };
}

async function startWebHost(): Promise<WebHost> {
  const { handle, props } = await commands.testHostOpen('webHost');
  return {
    port: props['port'] as number,
    domain: props['domain'] as string,
    serve: (path, body) => call<void>(handle, 'serve', path, body),
    hits: () => call<number>(handle, 'hits'),
    close: () => call<void>(handle, 'close'),
  };
}

export const browserHost: TestHost = { openLedger, startWebHost };
