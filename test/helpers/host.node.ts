/** The test host in Node: a real FileLedger in a temporary directory and a node:http server. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@elicense/core';
import { FileLedger } from '@elicense/ledger/node';
import type { TestHost, TestLedger, WebHost } from './host.js';

async function openLedger(): Promise<TestLedger> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-ledger-'));
  const signingKey = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  let ledger: FileLedger;
  try {
    ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    id: ledger.id,
    publicJwk: ledger.publicJwk,
    anchor: (record) => ledger.anchor(record),
    latest: (uri) => ledger.latest(uri),
    history: (uri) => ledger.history(uri),
    verifyReceipt: (receipt) => ledger.verifyReceipt(receipt),
    close: async () => {
      try {
        await ledger.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

async function startWebHost(): Promise<WebHost> {
  const routes = new Map<string, string>();
  let hits = 0;
  const server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    hits++;
    const body = routes.get(req.url ?? '/');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json', ...cors });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // a test that forgets to close its host must not keep the run alive
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    domain: `127.0.0.1%3A${port}`,
    serve: async (path, body) => {
      routes.set(path, typeof body === 'string' ? body : JSON.stringify(body));
    },
    hits: async () => hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const nodeHost: TestHost = { openLedger, startWebHost };
