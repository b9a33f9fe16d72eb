/**
 * What a test world needs from its host: a file ledger in a temporary directory and a small HTTP
 * server (a did:web host) on 127.0.0.1. In Node these run in the test process (`host.node.ts`); in
 * the browser they run in the vitest process and are reached through browser commands
 * (`host.browser.ts`, `test/setup/browser-commands.ts`) — the same real FileLedger and HTTP server
 * either way. This module imports neither, so it is safe to import from tests that run in Chromium.
 */
import type { JWK } from '@elicense/core';
import type { LedgerAdapter } from '@elicense/ledger';

/** A fresh file ledger (with its own ES256 key) in a temporary directory, removed on `close()`. */
export interface TestLedger extends LedgerAdapter {
  /** The ledger's public key, as verifiers are configured with it. */
  readonly publicJwk: JWK;
}

/** An HTTP server on 127.0.0.1 that serves whatever is set for a path (CORS open, so pages can fetch it). */
export interface WebHost {
  port: number;
  /** `127.0.0.1%3A<port>`, the `domain` of `Issuer.create({ method: 'web' })`. */
  domain: string;
  /** Serve `body` (a DID document or any text) at `path`. */
  serve(path: string, body: unknown): Promise<void>;
  /** How many GET requests the host answered. */
  hits(): Promise<number>;
  /** Stop the server. */
  close(): Promise<void>;
}

export interface TestHost {
  openLedger(): Promise<TestLedger>;
  startWebHost(): Promise<WebHost>;
}

/** Whether this code runs in a browser page (vitest browser mode) rather than in Node. */
export const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** The host of this runtime. */
export async function testHost(): Promise<TestHost> {
  return inBrowser ? (await import('./host.browser.js')).browserHost : (await import('./host.node.js')).nodeHost;
}

/** An error as it crosses from the vitest process to the page: an ElicenseError keeps its code and details. */
export interface SerializedError {
  message: string;
  code?: string;
  details?: unknown;
}

/** The answer of the `testHostCall` browser command. */
export type HostCallOutcome = { ok: true; value?: unknown } | { ok: false; error: SerializedError };

/** What a `testHostOpen` browser command returns: a handle and the object's data properties. */
export interface HostObject {
  handle: string;
  props: Record<string, unknown>;
}
