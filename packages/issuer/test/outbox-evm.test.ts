/**
 * The anchoring outbox against a real EVM node (anvil) that dies: killed with SIGKILL between
 * publications and while a publication is in flight, restarted on the same port from its saved
 * chain, with an issuer that restarts from its FileIssuerStore. Every revocation is in the signed
 * token as soon as it is published, and every publication ends up anchored exactly once, in version
 * order.
 *
 * anvil keeps its chain in memory and writes it to `--state` only on a clean exit (SIGTERM) or every
 * `--state-interval` seconds; a SIGKILL loses whatever was not written yet. It rewrites the file in
 * place, so a SIGKILL in the middle of a write leaves a torn file. These tests therefore run anvil
 * with `--state-interval 1` and kill it right after a complete write (`killAfterSave`), as a node
 * with a durable database would lose nothing it had committed.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair, type JWK } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { FileIssuerStore } from '@elicense/issuer/node';
import { digestStatusListToken, type AnchorReceipt } from '@elicense/ledger';
import { EvmLedger } from '@elicense/ledger-evm';
import { StatusType, verifyStatusListToken } from '@elicense/status';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';
import { DEV_ADDRESS_0, DEV_KEY_0, startAnvil } from '../../ledger-evm/test/anvil.js';
import { rpc, startProxy } from '../../ledger-evm/test/rpc.js';

const BASE = 'https://status.gov.example/lists';
const RETRY = { retryDelay: 10, maxRetryDelay: 80 } as const;
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-outbox-evm-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A local anvil node keeping its chain in `state`, that a test can kill. */
interface Node {
  url: string;
  port: number;
  state: string;
  /** Signal anvil's process group; resolves once anvil has exited (after writing its state on SIGTERM). */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

async function startNode(state: string, port?: number): Promise<Node> {
  const anvil = await startAnvil({ state, stateInterval: 1, ...(port === undefined ? {} : { port }) });
  cleanups.push(() => anvil.kill('SIGKILL'));
  return { url: anvil.url, port: anvil.port, state, kill: anvil.kill };
}

/**
 * SIGKILL the node right after it has completely written a state holding its current block:
 * nothing it mined is lost, and the next write is a second away, so the kill cannot tear the file.
 */
async function killAfterSave(node: Node): Promise<void> {
  const block = Number(await rpc(node.url, 'eth_blockNumber'));
  let seen = (await stat(node.state).catch(() => undefined))?.mtimeMs ?? 0;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(5)) {
    const before = await stat(node.state).catch(() => undefined);
    if (before === undefined || before.mtimeMs === seen) continue;
    let saved: number;
    try {
      saved = Number((JSON.parse(await readFile(node.state, 'utf8')) as { best_block_number?: unknown }).best_block_number);
    } catch {
      continue; // caught in the middle of a write
    }
    const after = await stat(node.state);
    if (after.mtimeMs !== before.mtimeMs || after.size !== before.size) continue;
    seen = before.mtimeMs;
    if (saved >= block) return node.kill('SIGKILL');
  }
  throw new Error(`anvil did not save block ${block} to ${node.state}`);
}

async function connect(url: string, contract: `0x${string}`, timeoutMs = 2_000): Promise<EvmLedger> {
  const ledger = await EvmLedger.connect({ rpcUrl: url, contract, privateKey: DEV_KEY_0, timeoutMs, pollingIntervalMs: 20 });
  cleanups.push(() => ledger.close());
  return ledger;
}

/** Transactions sent so far by the anchoring account (deployment included). */
async function sentBy(url: string): Promise<number> {
  return Number(await rpc(url, 'eth_getTransactionCount', [DEV_ADDRESS_0, 'latest']));
}

/** An issuer process on the registry in `dir`: the same key each time, its store reopened from disk. */
async function openIssuer(dir: string, key: JWK, ledger: EvmLedger, clock: { now: number }) {
  const store = await FileIssuerStore.open(join(dir, 'registry'));
  cleanups.push(() => store.close());
  const issuer = await Issuer.create({ privateJwk: key, now: () => clock.now, status: { store, ledger, baseUri: BASE, ...RETRY } });
  return { issuer, store };
}

/** A node with a fresh StatusAnchor contract, and an issuer (FileIssuerStore) anchoring on it. */
async function setup(options: { timeoutMs?: number } = {}) {
  const dir = await tempDir();
  const node = await startNode(join(dir, 'chain.json'));
  const contract = await EvmLedger.deploy({ rpcUrl: node.url, privateKey: DEV_KEY_0 });
  const ledger = await connect(node.url, contract, options.timeoutMs);
  const key = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const clock = { now: NOW };
  const { issuer, store } = await openIssuer(dir, key, ledger, clock);
  const holder = (await generateKeyPair('ES256')).publicJwk;
  return { dir, node, contract, ledger, key, clock, issuer, store, holder };
}

function issueDriving(issuer: Issuer, holder: JWK) {
  return issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
}

/** The value of entry `idx` in `token`, verified as a verifier would. */
async function valueIn(issuer: Issuer, token: string, uri: string, idx: number, now: number): Promise<number> {
  const verified = await verifyStatusListToken(token, { key: issuer.publicJwk, uri, issuer: issuer.did, now });
  return verified.list.get(idx);
}

/** The chain's history of `uri` is versions 1..n, each with the digest of the token signed for it. */
async function expectHistory(ledger: EvmLedger, uri: string, tokens: Map<number, string>): Promise<AnchorReceipt[]> {
  const history = await ledger.history(uri);
  expect(history.map((r) => r.record.version)).toEqual([...tokens.keys()].sort((a, b) => a - b));
  for (const r of history) expect(r.record.digest).toBe(await digestStatusListToken(tokens.get(r.record.version)!));
  return history;
}

describe('the anchoring outbox on a real EVM node that dies', () => {
  it(
    'a SIGKILLed node loses no revocation: recorded, signed, pending; after the node and the issuer restart, anchored once each, in order',
    { timeout: 30_000 },
    async () => {
      const s = await setup();
      let { node, ledger, issuer, store } = s;
      const { dir, contract, key, clock, holder } = s;
      const sd = [];
      for (let i = 0; i < 4; i++) sd.push(await issueDriving(issuer, holder));
      const w3c = await issuer.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder });
      const [a, b, c, d] = sd as [(typeof sd)[number], (typeof sd)[number], (typeof sd)[number], (typeof sd)[number]];
      const uri = a.status!.uri;
      const tokens = new Map<number, string>();

      const first = await issuer.publishStatusLists();
      expect(first.published.map((p) => p.version)).toEqual([1]);
      expect(first.anchored.map((r) => r.record.version)).toEqual([1]);
      tokens.set(1, first.published[0]!.token);

      await killAfterSave(node);

      clock.now += 60;
      await issuer.revokeMany([a.id, w3c.id]);
      await issuer.suspend(b.id);
      const second = await issuer.publishStatusLists(); // resolves: the node is gone, the publication is not
      expect(second.published.map((p) => p.version)).toEqual([2]);
      expect(second.anchored).toEqual([]);
      expect(second.pending).toHaveLength(1);
      expect(second.pending[0]).toMatchObject({ id: '1:2', listId: '1', attempts: 1, nextAttemptAt: clock.now + 10 });
      expect(second.pending[0]!.record).toEqual({ uri, version: 2, digest: second.published[0]!.digest, time: clock.now });
      expect(second.pending[0]!.lastError).toContain('ERR_LEDGER_UNAVAILABLE');
      tokens.set(2, second.published[0]!.token);
      // the signed token already carries the changes
      const v2 = await issuer.statusListToken(uri);
      expect(v2).toBe(second.published[0]!.token);
      expect(await valueIn(issuer, v2, uri, a.status!.idx, clock.now)).toBe(StatusType.INVALID);
      expect(await valueIn(issuer, v2, uri, w3c.status!.idx, clock.now)).toBe(StatusType.INVALID);
      expect(await valueIn(issuer, v2, uri, b.status!.idx, clock.now)).toBe(StatusType.SUSPENDED);
      expect(await valueIn(issuer, v2, uri, c.status!.idx, clock.now)).toBe(StatusType.VALID);

      clock.now += 10; // version 2 is due again
      await issuer.revoke(c.id);
      await issuer.reinstate(b.id);
      const third = await issuer.publishStatusLists();
      expect(third.published.map((p) => p.version)).toEqual([3]);
      expect(third.anchored).toEqual([]);
      expect(third.pending.map((e) => e.id)).toEqual(['1:2', '1:3']);
      expect(third.pending[0]).toMatchObject({ attempts: 2, nextAttemptAt: clock.now + 20 });
      tokens.set(3, third.published[0]!.token);
      const v3 = await issuer.statusListToken(uri);
      expect(await valueIn(issuer, v3, uri, c.status!.idx, clock.now)).toBe(StatusType.INVALID);
      expect(await valueIn(issuer, v3, uri, b.status!.idx, clock.now)).toBe(StatusType.VALID);
      expect(await valueIn(issuer, v3, uri, d.status!.idx, clock.now)).toBe(StatusType.VALID);

      const down = await issuer.registryStatus();
      expect(down.lists).toEqual([
        expect.objectContaining({ listId: '1', publishedVersion: 3, unpublishedChanges: false, anchoredVersion: 1 }),
      ]);
      expect(down.pending.map((e) => e.id)).toEqual(['1:2', '1:3']);
      expect(down.pending[0]!.lastError).toContain('ERR_LEDGER_UNAVAILABLE');

      // the issuer process goes down too; it comes back on the same directory, the node on the same port and chain
      await store.close();
      await ledger.close();
      node = await startNode(node.state, node.port);
      ledger = await connect(node.url, contract);
      ({ issuer, store } = await openIssuer(dir, key, ledger, clock));
      expect((await issuer.registryStatus()).pending).toEqual(down.pending);
      await expectHistory(ledger, uri, new Map([[1, tokens.get(1)!]])); // the node kept what it had mined
      const sent = await sentBy(node.url);
      expect(sent).toBe(2); // deployment, version 1

      // not due yet: nothing is sent
      expect((await issuer.anchorPending()).anchored).toEqual([]);
      expect(await sentBy(node.url)).toBe(sent);

      clock.now += 80;
      const flushed = await issuer.anchorPending();
      expect(flushed.anchored.map((r) => r.record.version)).toEqual([2, 3]);
      expect(flushed.pending).toEqual([]);
      const history = await expectHistory(ledger, uri, tokens);
      expect(history.slice(1)).toEqual(flushed.anchored);
      expect(await sentBy(node.url)).toBe(sent + 2); // one transaction per publication
      for (const [i, receipt] of history.entries()) {
        expect(await store.getAnchorReceipt('1', i + 1)).toEqual(receipt);
        await expect(ledger.verifyReceipt(receipt)).resolves.toEqual(receipt.record);
      }
      expect(await issuer.statusListToken(uri)).toBe(tokens.get(3));
      const up = await issuer.registryStatus();
      expect(up.pending).toEqual([]);
      expect(up.lists[0]).toMatchObject({ publishedVersion: 3, anchoredVersion: 3, unpublishedChanges: false });
      // nothing is anchored twice
      expect((await issuer.anchorPending()).anchored).toEqual([]);
      expect((await issuer.publishStatusLists()).published).toEqual([]);
      expect(await sentBy(node.url)).toBe(sent + 2);
    },
  );

  it('a node SIGKILLed while publishStatusLists waits for the receipt (transaction in its pool): the publication waits in the outbox and is anchored once after the restart', { timeout: 30_000 }, async () => {
    const s = await setup({ timeoutMs: 3_000 });
    let { node, ledger, issuer } = s;
    const { dir, contract, key, clock, holder, store } = s;
    const a = await issueDriving(issuer, holder);
    const uri = a.status!.uri;
    const tokens = new Map<number, string>();
    tokens.set(1, (await issuer.publishStatusLists()).published[0]!.token);

    clock.now += 30;
    await issuer.revoke(a.id);
    await rpc(node.url, 'evm_setAutomine', [false]); // the transaction reaches the node but is not mined
    const inFlight = issuer.publishStatusLists();
    const deadline = Date.now() + 20_000;
    while (Number(((await rpc(node.url, 'txpool_status')) as { pending: string }).pending) === 0) {
      if (Date.now() > deadline) throw new Error('the anchoring transaction never reached the node');
      await sleep(10);
    }
    await killAfterSave(node);
    const result = await inFlight;
    expect(result.published.map((p) => p.version)).toEqual([2]);
    expect(result.anchored).toEqual([]);
    expect(result.pending).toHaveLength(1);
    expect(result.pending[0]).toMatchObject({ id: '1:2', attempts: 1, nextAttemptAt: clock.now + 10 });
    expect(result.pending[0]!.lastError).toContain('ERR_LEDGER_UNAVAILABLE');
    tokens.set(2, result.published[0]!.token);
    expect(await valueIn(issuer, await issuer.statusListToken(uri), uri, a.status!.idx, clock.now)).toBe(StatusType.INVALID);

    node = await startNode(node.state, node.port);
    await ledger.close();
    await store.close();
    ledger = await connect(node.url, contract);
    ({ issuer } = await openIssuer(dir, key, ledger, clock));
    // the transaction died with the node
    expect(((await rpc(node.url, 'txpool_status')) as { pending: string }).pending).toBe('0x0');
    await expectHistory(ledger, uri, new Map([[1, tokens.get(1)!]]));
    clock.now += 10;
    const flushed = await issuer.anchorPending();
    expect(flushed.anchored.map((r) => r.record.version)).toEqual([2]);
    expect(flushed.pending).toEqual([]);
    await expectHistory(ledger, uri, tokens);
    expect(await sentBy(node.url)).toBe(3); // deployment, version 1, version 2
  });

  it('a node stopped after mining the anchoring transaction, before answering: the retry finds the anchor on chain and sends nothing', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    let node = await startNode(join(dir, 'chain.json'));
    const contract = await EvmLedger.deploy({ rpcUrl: node.url, privateKey: DEV_KEY_0 });
    // the issuer reaches the node through a proxy that can stop the node between a send and its answer
    const proxy = await startProxy(node.url);
    cleanups.push(() => proxy.close());
    const ledger = await connect(proxy.url, contract);
    const key = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
    const clock = { now: NOW };
    const { issuer } = await openIssuer(dir, key, ledger, clock);
    const a = await issueDriving(issuer, (await generateKeyPair('ES256')).publicJwk);
    const uri = a.status!.uri;
    const tokens = new Map([[1, (await issuer.publishStatusLists()).published[0]!.token]]);

    clock.now += 30;
    await issuer.revoke(a.id);
    proxy.trapNextSend(async (answer) => {
      // stop the node once the transaction is mined (anvil writes its state on the way out)
      const hash = (JSON.parse(answer) as { result: string }).result;
      for (const deadline = Date.now() + 10_000; (await rpc(node.url, 'eth_getTransactionReceipt', [hash])) === null; await sleep(5)) {
        if (Date.now() > deadline) throw new Error(`transaction ${hash} was not mined`);
      }
      await node.kill('SIGTERM');
    });
    const result = await issuer.publishStatusLists();
    expect(result.published.map((p) => p.version)).toEqual([2]);
    expect(result.anchored).toEqual([]);
    expect(result.pending.map((e) => e.id)).toEqual(['1:2']);
    expect(result.pending[0]!.lastError).toContain('ERR_LEDGER_UNAVAILABLE');
    tokens.set(2, result.published[0]!.token);

    node = await startNode(node.state, node.port);
    // the chain holds version 2 already; the issuer does not know it
    const onChain = await expectHistory(ledger, uri, tokens);
    const sent = await sentBy(node.url);
    expect(sent).toBe(3);
    clock.now += 10;
    const flushed = await issuer.anchorPending();
    expect(flushed.anchored).toEqual([onChain[1]]);
    expect(flushed.pending).toEqual([]);
    expect(await sentBy(node.url)).toBe(sent);
    await expectHistory(ledger, uri, tokens);
  });

  it('a later publication never overtakes an earlier one that waits out its backoff: versions are anchored in order', { timeout: 30_000 }, async () => {
    const { node: first, ledger, clock, holder, issuer } = await setup();
    let node = first;
    const a = await issueDriving(issuer, holder);
    const b = await issueDriving(issuer, holder);
    const uri = a.status!.uri;
    const tokens = new Map([[1, (await issuer.publishStatusLists()).published[0]!.token]]);
    await killAfterSave(node);

    clock.now += 30;
    await issuer.revoke(a.id);
    const second = await issuer.publishStatusLists();
    tokens.set(2, second.published[0]!.token);
    expect(second.pending[0]).toMatchObject({ id: '1:2', attempts: 1, nextAttemptAt: clock.now + 10 });
    clock.now += 10;
    expect((await issuer.anchorPending()).pending[0]).toMatchObject({ id: '1:2', attempts: 2, nextAttemptAt: clock.now + 20 });

    // the node is back while version 2 still waits; a new suspension is published as version 3
    node = await startNode(node.state, node.port);
    clock.now += 1;
    await issuer.suspend(b.id);
    const third = await issuer.publishStatusLists();
    tokens.set(3, third.published[0]!.token);
    expect(third.published.map((p) => p.version)).toEqual([3]);
    // version 3 waits behind version 2 (anchoring it first would make version 2 unanchorable)
    expect(third.anchored.map((r) => r.record.version)).not.toContain(3);

    clock.now += 80;
    const flushed = await issuer.anchorPending();
    expect(flushed.pending).toEqual([]);
    await expectHistory(ledger, uri, tokens);
    expect((await issuer.registryStatus()).lists[0]).toMatchObject({ publishedVersion: 3, anchoredVersion: 3 });
  });
});

