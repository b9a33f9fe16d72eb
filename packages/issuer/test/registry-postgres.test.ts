/**
 * Several issuer instances sharing one registry in PostgreSQL: the same issuer key, each instance
 * with its own PostgresIssuerStore pool on one schema, anchoring on one FileLedger or on one
 * StatusAnchor contract through their own EVM connections and writer accounts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { generateKeyPair } from '@elicense/core';
import { Issuer, type IssuedCredential, type IssuerStore, type PublishResult } from '@elicense/issuer';
import { PostgresIssuerStore } from '@elicense/issuer/postgres';
import { digestStatusListToken, type LedgerAdapter } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { EvmLedger } from '@elicense/ledger-evm';
import { StatusType, verifyStatusListToken } from '@elicense/status';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';
import { DEV_ADDRESS_1, DEV_KEY_0, DEV_KEY_1, startAnvil, type Anvil } from '../../ledger-evm/test/anvil.js';

const url = inject('pgUrl');
const admin = new pg.Pool({ connectionString: url, max: 2 });
const BASE = 'https://status.gov.example/lists';
const LIST_SIZE = 131_072;
const schemas: string[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(async () => {
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.end();
});

function freshSchema(): string {
  const schema = `registry_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

async function connectStore(schema: string): Promise<PostgresIssuerStore> {
  const store = await PostgresIssuerStore.connect({ connectionString: url, schema });
  cleanups.push(() => store.close());
  return store;
}

async function fileLedger(): Promise<FileLedger> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-registry-pg-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const key = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: key });
  cleanups.push(() => ledger.close());
  return ledger;
}

async function node(state?: string, port?: number): Promise<Anvil> {
  const anvil = await startAnvil({ ...(state === undefined ? {} : { state }), ...(port === undefined ? {} : { port }) });
  cleanups.push(() => anvil.stop());
  return anvil;
}

/** A StatusAnchor contract, and one connection per issuer instance, each with its own writer account. */
async function evmLedgers(anvil: Anvil): Promise<[EvmLedger, EvmLedger, EvmLedger]> {
  const contract = await EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: DEV_KEY_0 });
  const options = { rpcUrl: anvil.url, contract, timeoutMs: 2_000, pollingIntervalMs: 20 } as const;
  const a = await EvmLedger.connect({ ...options, privateKey: DEV_KEY_0 });
  await a.addWriter(DEV_ADDRESS_1);
  const b = await EvmLedger.connect({ ...options, privateKey: DEV_KEY_1 });
  const reader = await EvmLedger.connect(options);
  cleanups.push(() => Promise.all([a.close(), b.close(), reader.close()]));
  return [a, b, reader];
}

interface Instances {
  a: Issuer;
  b: Issuer;
  /** A's store, to act on the shared registry directly. */
  storeA: IssuerStore;
  clockA: { now: number };
  clockB: { now: number };
}

/** Two issuer instances of one authority (same key), each with its own pool on one schema. */
async function twoInstances(
  ledgers: [LedgerAdapter, LedgerAdapter],
  wrap: (store: IssuerStore, which: 'a' | 'b') => IssuerStore = (s) => s,
): Promise<Instances> {
  const schema = freshSchema();
  const [pa, pb] = await Promise.all([connectStore(schema), connectStore(schema)]);
  const storeA = wrap(pa, 'a');
  const storeB = wrap(pb, 'b');
  const key = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const clockA = { now: NOW };
  const clockB = { now: NOW };
  const retry = { retryDelay: 10, maxRetryDelay: 80 };
  const a = await Issuer.create({ privateJwk: key, now: () => clockA.now, status: { store: storeA, ledger: ledgers[0], baseUri: BASE, ...retry } });
  const b = await Issuer.create({ privateJwk: key, now: () => clockB.now, status: { store: storeB, ledger: ledgers[1], baseUri: BASE, ...retry } });
  expect(b.did).toBe(a.did);
  return { a, b, storeA, clockA, clockB };
}

const holderKey = generateKeyPair('ES256').then((k) => k.publicJwk);

async function issueOne(issuer: Issuer, i: number): Promise<IssuedCredential> {
  const holder = await holderKey;
  if (i % 5 === 4) return issuer.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder });
  return issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
}

async function entryValue(issuer: Issuer, token: string, uri: string, idx: number, now: number): Promise<number> {
  return (await verifyStatusListToken(token, { key: issuer.publicJwk, uri, issuer: issuer.did, now })).list.get(idx);
}

const VALUE = { valid: StatusType.VALID, revoked: StatusType.INVALID, suspended: StatusType.SUSPENDED } as const;

describe('two issuer instances on one PostgreSQL registry', () => {
  it('issuing concurrently, they never share an index — also across a list that fills up and the one that follows', async () => {
    const ledger = await fileLedger();
    const { a, b, storeA } = await twoInstances([ledger, ledger]);
    await issueOne(a, 0); // opens list 1
    // as if 131,051 more credentials had been issued: 20 positions are left in list 1
    await storeA.allocate(LIST_SIZE - 21, () => {
      throw new Error('list 1 has room');
    });
    const holder = await holderKey;
    const issued = (
      await Promise.all([
        ...Array.from({ length: 24 }, (_, i) => issueOne(i % 2 === 0 ? a : b, i)),
        a.issueBatch(Array.from({ length: 15 }, () => ({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder })), { chunkSize: 4 }),
        b.issueBatch(Array.from({ length: 15 }, () => ({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder })), { chunkSize: 4 }),
      ])
    ).flat();
    expect(issued).toHaveLength(54);
    const entries = issued.map((c) => `${c.status!.uri}#${c.status!.idx}`);
    expect(new Set(entries).size).toBe(issued.length);
    expect(issued.filter((c) => c.status!.listId === '1')).toHaveLength(20);
    expect(issued.filter((c) => c.status!.listId === '2').every((c) => c.status!.uri === `${BASE}/2`)).toBe(true);
    // both instances read the same record of every credential, whichever issued it
    for (const c of issued) {
      const [ra, rb] = await Promise.all([a.credentialRecord(c.id), b.credentialRecord(c.id)]);
      expect(ra).toEqual(rb);
      expect(ra).toMatchObject({ listId: c.status!.listId, idx: c.status!.idx, status: 'valid' });
    }
    const lists = (await b.registryStatus()).lists;
    expect(lists.map((l) => [l.listId, l.allocated])).toEqual([
      ['1', LIST_SIZE],
      ['2', 34],
    ]);
  });

  it('a revocation made through instance A is published by instance B, and the other way round', async () => {
    const ledger = await fileLedger();
    const { a, b, clockA, clockB } = await twoInstances([ledger, ledger]);
    const [x, y, z] = [await issueOne(a, 0), await issueOne(b, 1), await issueOne(a, 4)];
    const uri = x.status!.uri;
    await a.revoke(x.id);
    await a.suspend(y.id);
    expect((await b.registryStatus()).lists[0]).toMatchObject({ unpublishedChanges: true, publishedVersion: 0 });

    const byB = await b.publishStatusLists();
    expect(byB.published.map((p) => p.version)).toEqual([1]);
    expect(byB.anchored.map((r) => r.record.version)).toEqual([1]);
    const token = byB.published[0]!.token;
    expect(await entryValue(b, token, uri, x.status!.idx, clockB.now)).toBe(StatusType.INVALID);
    expect(await entryValue(b, token, uri, y.status!.idx, clockB.now)).toBe(StatusType.SUSPENDED);
    expect(await entryValue(b, token, uri, z.status!.idx, clockB.now)).toBe(StatusType.VALID);
    expect(await a.statusListToken(uri)).toBe(token); // A serves what B signed
    expect((await a.publishStatusLists()).published).toEqual([]); // nothing left to publish

    clockA.now += 60;
    clockB.now += 60;
    await b.revoke(z.id);
    await b.reinstate(y.id);
    const byA = await a.publishStatusLists();
    expect(byA.published.map((p) => p.version)).toEqual([2]);
    const second = await b.statusListToken(uri);
    expect(second).toBe(byA.published[0]!.token);
    expect(await entryValue(a, second, uri, z.status!.idx, clockA.now)).toBe(StatusType.INVALID);
    expect(await entryValue(a, second, uri, y.status!.idx, clockA.now)).toBe(StatusType.VALID);
    expect(await entryValue(a, second, uri, x.status!.idx, clockA.now)).toBe(StatusType.INVALID);
    const history = await ledger.history(uri);
    expect(history.map((r) => r.record.digest)).toEqual([await digestStatusListToken(token), await digestStatusListToken(second)]);
    for (const issuer of [a, b]) {
      const status = await issuer.registryStatus();
      expect(status.pending).toEqual([]);
      expect(status.lists[0]).toMatchObject({ publishedVersion: 2, anchoredVersion: 2, unpublishedChanges: false });
    }
  });

  it('concurrent publishes by both produce exactly one token per version, and every version is anchored once on one contract', { timeout: 30_000 }, async () => {
    const anvil = await node();
    const [ledgerA, ledgerB, reader] = await evmLedgers(anvil);
    const { a, b, clockA, clockB } = await twoInstances([ledgerA, ledgerB]);
    const issued = await Promise.all(Array.from({ length: 12 }, (_, i) => issueOne(i % 2 ? a : b, i)));
    const uri = issued[0]!.status!.uri;
    const expected = new Map(issued.map((c) => [c.id, 'valid' as 'valid' | 'revoked' | 'suspended']));
    const results: PublishResult[] = [];
    for (let round = 0; round < 6; round++) {
      clockA.now += 10;
      clockB.now += 10;
      const [r, s] = [issued[round]!, issued[11 - round]!];
      await Promise.all([
        a.revoke(r.id).then(() => expected.set(r.id, 'revoked')),
        b.suspend(s.id).then(() => expected.set(s.id, 'suspended')),
      ]);
      results.push(...(await Promise.all([a.publishStatusLists(), b.publishStatusLists(), a.publishStatusLists({ force: round % 2 === 0 })])));
    }
    // drain: whatever a lost race left unpublished or unanchored
    await a.publishStatusLists();
    await b.anchorPending();

    const published = results.flatMap((r) => r.published);
    const versions = published.map((p) => p.version).sort((x, y) => x - y);
    // exactly one token per version, versions 1..n without a gap
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    const n = versions.length;
    expect(n).toBeGreaterThanOrEqual(6);
    const tokens = new Map(published.map((p) => [p.version, p.token]));
    // every version anchored once, in order, with the digest of its one token
    const history = await reader.history(uri);
    expect(history.map((h) => h.record.version)).toEqual(versions);
    for (const h of history) expect(h.record.digest).toBe(await digestStatusListToken(tokens.get(h.record.version)!));
    for (const issuer of [a, b]) {
      const status = await issuer.registryStatus();
      expect(status.pending).toEqual([]);
      expect(status.lists[0]).toMatchObject({ publishedVersion: n, anchoredVersion: n });
    }
    // the latest token holds every change either instance made
    const token = await b.statusListToken(uri);
    expect(token).toBe(tokens.get(n));
    for (const c of issued) expect(await entryValue(a, token, uri, c.status!.idx, clockA.now)).toBe(VALUE[expected.get(c.id)!]);
  });

  it('a publish that loses the race to a stale snapshot of the other instance publishes again: the revocation is in the latest token when it resolves', async () => {
    const ledger = await fileLedger();
    // A snapshot of the list taken by B before A's revocation is signed and recorded by B after A's snapshot
    const gates = { bSnapshotted: deferred(), aSnapshotted: deferred(), bRecorded: deferred(), armed: false };
    const { a, b, clockA } = await twoInstances([ledger, ledger], (store, which) =>
      new SteppedStore(store, {
        afterSnapshot: async () => {
          if (!gates.armed) return;
          if (which === 'a') return gates.aSnapshotted.resolve();
          gates.bSnapshotted.resolve();
          await gates.aSnapshotted.promise;
        },
        beforeRecord: async () => {
          if (gates.armed && which === 'a') await gates.bRecorded.promise;
        },
        afterRecord: async () => {
          if (gates.armed && which === 'b') gates.bRecorded.resolve();
        },
      }),
    );
    const x = await issueOne(a, 0);
    const uri = x.status!.uri;
    await a.publishStatusLists();

    gates.armed = true;
    const byB = b.publishStatusLists({ force: true });
    await gates.bSnapshotted.promise; // B holds a snapshot without the revocation
    await a.revoke(x.id);
    const byA = await a.publishStatusLists();
    expect((await byB).published.map((p) => p.version)).toEqual([2]);
    // A's change is in the token that stands when A's publish resolves
    const token = await a.statusListToken(uri);
    expect(await entryValue(a, token, uri, x.status!.idx, clockA.now)).toBe(StatusType.INVALID);
    expect(byA.published.map((p) => p.version)).toEqual([3]);
    expect((await a.registryStatus()).lists[0]).toMatchObject({ unpublishedChanges: false, publishedVersion: 3, anchoredVersion: 3 });
  });

  it('publications recorded by instances with skewed clocks are still anchored in version order', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elicense-registry-pg-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let anvil = await node(join(dir, 'chain.json'));
    const [ledgerA, ledgerB, reader] = await evmLedgers(anvil);
    const { a, b, clockA, clockB } = await twoInstances([ledgerA, ledgerB]);
    const [x, y] = [await issueOne(a, 0), await issueOne(b, 1)];
    const uri = x.status!.uri;
    const tokens = new Map([[1, (await a.publishStatusLists()).published[0]!.token]]);

    await anvil.stop();
    clockA.now += 60;
    clockB.now += 55; // B's clock is 5 s behind A's
    await a.revoke(x.id);
    const second = await a.publishStatusLists();
    expect(second.pending.map((e) => e.id)).toEqual(['1:2']);
    tokens.set(2, second.published[0]!.token);
    await b.suspend(y.id);
    const third = await b.publishStatusLists();
    expect(third.published.map((p) => p.version)).toEqual([3]);
    tokens.set(3, third.published[0]!.token);

    anvil = await node(join(dir, 'chain.json'), anvil.port);
    clockA.now += 100;
    clockB.now += 100;
    await a.anchorPending();
    await b.anchorPending();
    const history = await reader.history(uri);
    expect(history.map((h) => h.record.version)).toEqual([1, 2, 3]);
    for (const h of history) expect(h.record.digest).toBe(await digestStatusListToken(tokens.get(h.record.version)!));
    expect((await a.registryStatus()).pending).toEqual([]);
  });
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A real store whose publishing steps can be held back, to interleave two instances exactly. */
class SteppedStore implements IssuerStore {
  constructor(
    readonly inner: IssuerStore,
    readonly hooks: { afterSnapshot: () => Promise<void>; beforeRecord: () => Promise<void>; afterRecord: () => Promise<void> },
  ) {}
  allocate(...args: Parameters<IssuerStore['allocate']>) {
    return this.inner.allocate(...args);
  }
  saveCredentials(...args: Parameters<IssuerStore['saveCredentials']>) {
    return this.inner.saveCredentials(...args);
  }
  getCredential(...args: Parameters<IssuerStore['getCredential']>) {
    return this.inner.getCredential(...args);
  }
  updateStatus(...args: Parameters<IssuerStore['updateStatus']>) {
    return this.inner.updateStatus(...args);
  }
  getList(...args: Parameters<IssuerStore['getList']>) {
    return this.inner.getList(...args);
  }
  lists() {
    return this.inner.lists();
  }
  async snapshotList(...args: Parameters<IssuerStore['snapshotList']>) {
    const snapshot = await this.inner.snapshotList(...args);
    await this.hooks.afterSnapshot();
    return snapshot;
  }
  async recordPublication(...args: Parameters<IssuerStore['recordPublication']>) {
    await this.hooks.beforeRecord();
    const won = await this.inner.recordPublication(...args);
    await this.hooks.afterRecord();
    return won;
  }
  pendingAnchors() {
    return this.inner.pendingAnchors();
  }
  markAnchored(...args: Parameters<IssuerStore['markAnchored']>) {
    return this.inner.markAnchored(...args);
  }
  markAnchorFailed(...args: Parameters<IssuerStore['markAnchorFailed']>) {
    return this.inner.markAnchorFailed(...args);
  }
  getAnchorReceipt(...args: Parameters<IssuerStore['getAnchorReceipt']>) {
    return this.inner.getAnchorReceipt(...args);
  }
  close() {
    return this.inner.close();
  }
}
