import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '@elicense/core';
import { FileLedger } from '@elicense/ledger/node';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { Wallet } from '@elicense/holder';
import { LICENCE_CLAIMS, clock, resolver } from './helpers.js';

/** A real issuer registry, its lists served over HTTP on 127.0.0.1, and a wallet with the default fetcher. */
describe('Wallet.refreshStatus against an issuer serving its lists over HTTP', () => {
  let server: Server;
  let dir: string;
  let base: string;
  let issuer: Issuer;
  const requests: { url: string; accept: string | undefined }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'elicense-wallet-status-'));
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', accept: req.headers.accept });
      issuer
        .statusListToken(`${base}${req.url ?? ''}`)
        .then((token) => res.writeHead(200, { 'content-type': 'application/statuslist+jwt' }).end(token))
        .catch(() => res.writeHead(404).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ledgerKey = await generateKeyPair('ES256', { extractable: true });
    const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: ledgerKey.privateJwk!, now: clock });
    issuer = await Issuer.create({ now: clock, status: { store: new MemoryIssuerStore(), ledger, baseUri: `${base}/lists` } });
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it('fetches with Accept: application/statuslist+jwt, marks a revoked licence, and reports an unreachable list', async () => {
    const wallet = await Wallet.create({ resolver, now: clock });
    const issue = async (type: 'driving_licence' | 'resident_id_card') =>
      wallet.receive((await issuer.issue({ type, claims: LICENCE_CLAIMS[type], holder: (await wallet.createHolderKey()).publicJwk })).credential);
    const kept = await issue('resident_id_card');
    const revoked = await issue('driving_licence');
    await issuer.revoke(revoked.id);
    await issuer.publishStatusLists();

    const results = await wallet.refreshStatus();
    expect(results.map((r) => [r.id, r.state, r.checked]).sort()).toEqual(
      [
        [kept.id, 'valid', true],
        [revoked.id, 'revoked', true],
      ].sort(),
    );
    expect(requests.length).toBe(1);
    expect(requests[0]!.accept).toBe('application/statuslist+jwt');

    await new Promise<void>((r) => server.close(() => r()));
    const offline = await wallet.refreshStatus();
    expect(offline.every((r) => r.error?.code === 'ERR_STATUS_UNAVAILABLE' && !r.checked)).toBe(true);
    expect((await wallet.get(revoked.id)).state).toBe('revoked');
    server = createServer().listen(0, '127.0.0.1');
  });
});
