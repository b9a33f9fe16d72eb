/**
 * EvmLedger against a real local node (anvil): failures of the node, reverts, a restart in the middle
 * of anchoring, receipts that name another contract or a forged log, and argument checks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElicenseError } from '@elicense/core';
import { digestStatusListToken, type AnchorReceipt, type AnchorRecord } from '@elicense/ledger';
import { EvmLedger } from '@elicense/ledger-evm';
import { DEV_ADDRESS_1, DEV_KEY_0, DEV_KEY_1, freePort, startAnvil, type Anvil } from './anvil.js';
import { rpc, startProxy } from './rpc.js';
import { outcomeOf as codeOf } from '../../../test/helpers/errors.js';

const T0 = 1_767_225_600;
const FAST = { pollingIntervalMs: 20 } as const;
let counter = 0;

/** A record for a URI no other test uses. */
async function recordFor(version: number, uri = `https://gov.example/status/evm/${++counter}`): Promise<AnchorRecord> {
  return { uri, version, digest: await digestStatusListToken(`eyJhbGciOiJFUzI1NiJ9.${encodeURIComponent(uri)}.${version}.sig`), time: T0 + version };
}

async function errorOf(p: Promise<unknown>): Promise<ElicenseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ElicenseError) return e;
    throw e;
  }
  throw new Error('resolved');
}

type Settled<T> = { value: T } | { error: unknown };

async function poolSize(url: string): Promise<number> {
  return Number(((await rpc(url, 'txpool_status')) as { pending: string }).pending);
}

/**
 * Run calls that each anchor with automine off: wait until `together` transactions wait in the pool,
 * mine them into one block (not before `gate` settles), then keep mining whatever arrives later (a
 * writer whose pre-flight saw a rival's pending transaction sends nothing and waits for it instead)
 * until every call has settled.
 */
async function mineTogether<T>(url: string, starts: (() => Promise<T>)[], together = starts.length, gate?: Promise<unknown>): Promise<Settled<T>[]> {
  await rpc(url, 'evm_setAutomine', [false]);
  try {
    let open = starts.length;
    const pending = starts.map((start) =>
      start()
        .then((value): Settled<T> => ({ value }), (error: unknown): Settled<T> => ({ error }))
        .finally(() => open--),
    );
    const deadline = Date.now() + 20_000;
    while ((await poolSize(url)) < together) {
      if (Date.now() > deadline) throw new Error(`fewer than ${together} transactions reached the pool`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await gate;
    await rpc(url, 'evm_mine');
    while (open > 0) {
      if (Date.now() > deadline) throw new Error('the calls did not settle');
      if ((await poolSize(url)) > 0) await rpc(url, 'evm_mine');
      await new Promise((r) => setTimeout(r, 10));
    }
    return await Promise.all(pending);
  } finally {
    await rpc(url, 'evm_setAutomine', [true]);
  }
}

describe('EvmLedger on anvil', () => {
  let anvil: Anvil;
  let contract: `0x${string}`;
  let owner: EvmLedger;

  beforeAll(async () => {
    anvil = await startAnvil();
    contract = await EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: DEV_KEY_0 });
    owner = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_0, ...FAST });
  });
  afterAll(async () => {
    await owner?.close();
    await anvil?.stop();
  });

  it('deploy returns a lowercase address and the id is evm:<chainId>:<contract>', () => {
    expect(contract).toMatch(/^0x[0-9a-f]{40}$/);
    expect(owner.id).toBe(`evm:31337:${contract}`);
  });

  it('a mixed-case contract address names the same ledger', async () => {
    const upper = `0x${contract.slice(2).toUpperCase()}` as const;
    const reader = await EvmLedger.connect({ rpcUrl: anvil.url, contract: upper });
    expect(reader.id).toBe(owner.id);
  });

  it('any record round-trips through the chain: uri as UTF-8, version and time up to 2^53 - 1, digest as bytes32', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        async (suffix, version, time, bytes) => {
          const uri = `https://gov.example/status/fc/${++counter}/${suffix}`;
          const digest = Buffer.from(bytes).toString('base64url');
          const record = { uri, version, digest, time };
          const receipt = await owner.anchor(record);
          expect(receipt.record).toEqual(record);
          expect(await owner.verifyReceipt(receipt)).toEqual(record);
          expect(await owner.history(uri)).toEqual([receipt]);
        },
      ),
      { numRuns: 12, seed: 31337 },
    );
  });

  it('a uri with a lone surrogate (no UTF-8 form) is refused before anything is sent', async () => {
    const record = { ...(await recordFor(1)), uri: 'https://gov.example/status/\uD800' };
    expect(await codeOf(owner.anchor(record))).toBe('ERR_INVALID_ARGUMENT');
  });

  describe('writers', () => {
    it('a non-writer account is refused with ERR_LEDGER_REVERTED naming the revert; after addWriter it anchors', async () => {
      const stranger = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_1, ...FAST });
      const record = await recordFor(1);
      const refused = await errorOf(stranger.anchor(record));
      expect(refused.code).toBe('ERR_LEDGER_REVERTED');
      expect(refused.details?.['reason']).toBe('NotWriter');
      expect(refused.cause).toBeDefined();
      expect(await owner.history(record.uri)).toEqual([]);

      const notOwner = await errorOf(stranger.addWriter(DEV_ADDRESS_1));
      expect(notOwner.code).toBe('ERR_LEDGER_REVERTED');
      expect(notOwner.details?.['reason']).toBe('NotOwner');

      await owner.addWriter(DEV_ADDRESS_1);
      const receipt = await stranger.anchor(record);
      expect(await owner.verifyReceipt(receipt)).toEqual(record);
      expect(await owner.history(record.uri)).toEqual([receipt]);
    });

    it('a read-only ledger reads and verifies, and refuses to anchor or add writers with ERR_INVALID_ARGUMENT', async () => {
      const record = await recordFor(1);
      const receipt = await owner.anchor(record);
      const reader = await EvmLedger.connect({ rpcUrl: anvil.url, contract });
      expect(reader.id).toBe(owner.id);
      expect(await reader.latest(record.uri)).toEqual(receipt);
      expect(await reader.verifyReceipt(receipt)).toEqual(record);
      expect(await codeOf(reader.anchor(await recordFor(2, record.uri)))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(reader.addWriter(DEV_ADDRESS_1))).toBe('ERR_INVALID_ARGUMENT');
      expect(await owner.history(record.uri)).toEqual([receipt]);
    });
  });

  describe('two writers racing for one version', () => {
    it('started together: one record lands; another digest is ERR_LEDGER_CONFLICT, the identical record returns the landed receipt', async () => {
      await owner.addWriter(DEV_ADDRESS_1);
      const rival = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_1, ...FAST });
      const record = await recordFor(1);
      const other = { ...record, digest: (await recordFor(1)).digest };
      // both transactions in one block (the second reverts on chain), or the second writer's pre-flight
      // sees the first one pending: the outcome is the same
      const outcomes = await mineTogether(anvil.url, [() => owner.anchor(record), () => rival.anchor(other)], 1);
      const landed = outcomes.flatMap((o) => ('value' in o ? [o.value] : []));
      const refused = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
      expect(landed).toHaveLength(1);
      expect(refused.map((e) => (e instanceof ElicenseError ? e.code : String(e)))).toEqual(['ERR_LEDGER_CONFLICT']);
      expect(await owner.history(record.uri)).toEqual(landed);

      const next = await recordFor(2, record.uri);
      const [c, d] = await mineTogether(anvil.url, [() => owner.anchor(next), () => rival.anchor({ ...next })], 1);
      expect(c).toHaveProperty('value');
      expect(d).toEqual(c);
      expect((await owner.history(record.uri)).map((r) => r.record.version)).toEqual([1, 2]);
    });

    it("a writer whose pre-flight sees the rival's transaction pending waits for it to be mined", async () => {
      await owner.addWriter(DEV_ADDRESS_1);
      const rival = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_1, ...FAST });
      const record = await recordFor(1);
      const other = { ...record, digest: (await recordFor(1)).digest };
      // start the rivals only once the first transaction waits in the pool, and mine it only after
      // both have started (and had a moment for their pre-flight), so that they see it pending
      const started: Promise<void>[] = [];
      const afterPending = (anchor: () => Promise<AnchorReceipt>) => {
        let signal!: () => void;
        started.push(new Promise<void>((r) => (signal = r)));
        return async () => {
          while ((await poolSize(anvil.url)) < 1) await new Promise((r) => setTimeout(r, 10));
          const p = anchor();
          signal();
          return p;
        };
      };
      const starts = [() => owner.anchor(record), afterPending(() => rival.anchor({ ...record })), afterPending(() => rival.anchor(other))];
      const gate = Promise.all(started).then(() => new Promise((r) => setTimeout(r, 200)));
      const [first, same, different] = await mineTogether(anvil.url, starts, 1, gate);
      expect(first).toHaveProperty('value');
      expect(same).toEqual(first);
      expect('error' in different! && different.error instanceof ElicenseError && different.error.code).toBe('ERR_LEDGER_CONFLICT');
      expect(await owner.history(record.uri)).toEqual([(first as { value: AnchorReceipt }).value]);
    });
  });

  describe('receipts from elsewhere', () => {
    it('a receipt from another contract is refused, also when relabelled for this one', async () => {
      const otherContract = await EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: DEV_KEY_0 });
      const other = await EvmLedger.connect({ rpcUrl: anvil.url, contract: otherContract, privateKey: DEV_KEY_0, ...FAST });
      const record = await recordFor(1);
      const foreign = await other.anchor(record);
      expect(await other.verifyReceipt(foreign)).toEqual(record);
      expect(await codeOf(owner.verifyReceipt(foreign))).toBe('ERR_LEDGER_RECEIPT_INVALID');
      const relabelled: AnchorReceipt = { ...foreign, ledger: owner.id, proof: { ...foreign.proof, contract } };
      expect(await codeOf(owner.verifyReceipt(relabelled))).toBe('ERR_LEDGER_RECEIPT_INVALID');
      // the same record anchored here has its own, different receipt
      const mine = await owner.anchor(record);
      expect(mine.proof['txHash']).not.toBe(foreign.proof['txHash']);
      expect(await codeOf(other.verifyReceipt(mine))).toBe('ERR_LEDGER_RECEIPT_INVALID');
    });

    it('a forged log index is refused, even when it points at a genuine Anchored log of the same block', async () => {
      const second = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_1, ...FAST });
      await owner.addWriter(DEV_ADDRESS_1);
      const [a, b] = [await recordFor(1), await recordFor(1)];
      const settled = await mineTogether(anvil.url, [() => owner.anchor(a), () => second.anchor(b)]);
      const [ra, rb] = settled.map((o) => (o as { value: AnchorReceipt }).value) as [AnchorReceipt, AnchorReceipt];
      expect(ra.proof['blockHash']).toBe(rb.proof['blockHash']);
      expect(new Set([ra.proof['logIndex'], rb.proof['logIndex']])).toEqual(new Set([0, 1]));
      expect(await owner.verifyReceipt(ra)).toEqual(a);
      expect(await owner.verifyReceipt(rb)).toEqual(b);
      for (const [receipt, logIndex] of [[ra, rb.proof['logIndex']], [rb, ra.proof['logIndex']], [ra, 2], [ra, 1_000_000]] as const) {
        const forged = { ...receipt, proof: { ...receipt.proof, logIndex } };
        expect(await codeOf(owner.verifyReceipt(forged))).toBe('ERR_LEDGER_RECEIPT_INVALID');
      }
      // a genuine log under another transaction's hash
      const swapped = { ...ra, proof: { ...ra.proof, txHash: rb.proof['txHash'] } };
      expect(await codeOf(owner.verifyReceipt(swapped))).toBe('ERR_LEDGER_RECEIPT_INVALID');
    });

    it('a transaction hash unknown to the chain, or proof numbers as other JSON types, are refused', async () => {
      const receipt = await owner.anchor(await recordFor(1));
      const unknown = { ...receipt, proof: { ...receipt.proof, txHash: `0x${'ab'.repeat(32)}` } };
      expect(await codeOf(owner.verifyReceipt(unknown))).toBe('ERR_LEDGER_RECEIPT_INVALID');
      for (const proof of [
        { ...receipt.proof, blockNumber: Number(receipt.proof['blockNumber']) },
        { ...receipt.proof, logIndex: String(receipt.proof['logIndex']) },
        { ...receipt.proof, chainId: '31337' },
        { ...receipt.proof, txHash: String(receipt.proof['txHash']).toUpperCase().replace('0X', '0x') },
        { ...receipt.proof, extra: 1 },
      ]) {
        expect(await codeOf(owner.verifyReceipt({ ...receipt, proof }))).toBe('ERR_LEDGER_RECEIPT_INVALID');
      }
    });
  });

  describe('a node that does not answer', () => {
    it('a lost answer to the sent transaction fails ERR_LEDGER_UNAVAILABLE; the retry returns the anchor made, sending nothing', async () => {
      const proxy = await startProxy(anvil.url);
      try {
        const ledger = await EvmLedger.connect({ rpcUrl: proxy.url, contract, privateKey: DEV_KEY_0, timeoutMs: 2000, ...FAST });
        const record = await recordFor(1);
        proxy.mode = 'lose-send';
        expect(await codeOf(ledger.anchor(record))).toBe('ERR_LEDGER_UNAVAILABLE');
        const sent = proxy.sent;
        expect(sent).toBeGreaterThan(0);
        proxy.mode = 'pass';
        const receipt = await ledger.anchor(record);
        expect(proxy.sent).toBe(sent);
        expect(await ledger.history(record.uri)).toEqual([receipt]);
        expect(await ledger.verifyReceipt(receipt)).toEqual(record);
      } finally {
        await proxy.close();
      }
    });

    it('a node that accepts connections but never answers fails every call with ERR_LEDGER_UNAVAILABLE, bounded by timeoutMs', async () => {
      const proxy = await startProxy(anvil.url);
      try {
        const ledger = await EvmLedger.connect({ rpcUrl: proxy.url, contract, privateKey: DEV_KEY_0, timeoutMs: 300, ...FAST });
        const receipt = await ledger.anchor(await recordFor(1));
        proxy.mode = 'hang';
        const started = Date.now();
        expect(await codeOf(ledger.anchor(await recordFor(2, receipt.record.uri)))).toBe('ERR_LEDGER_UNAVAILABLE');
        expect(await codeOf(ledger.latest(receipt.record.uri))).toBe('ERR_LEDGER_UNAVAILABLE');
        expect(await codeOf(ledger.history(receipt.record.uri))).toBe('ERR_LEDGER_UNAVAILABLE');
        expect(await codeOf(ledger.verifyReceipt(receipt))).toBe('ERR_LEDGER_UNAVAILABLE');
        expect(await codeOf(EvmLedger.connect({ rpcUrl: proxy.url, contract, timeoutMs: 300 }))).toBe('ERR_LEDGER_UNAVAILABLE');
        expect(Date.now() - started).toBeLessThan(10_000);
        proxy.mode = 'pass';
        expect(await ledger.history(receipt.record.uri)).toEqual([receipt]);
      } finally {
        await proxy.close();
      }
    });
  });
});

describe('EvmLedger when the node is down', () => {
  it('connect and deploy to a port nothing listens on fail with ERR_LEDGER_UNAVAILABLE naming the endpoint', async () => {
    const port = await freePort();
    const rpcUrl = `http://127.0.0.1:${port}/secret-api-key`;
    const e = await errorOf(EvmLedger.connect({ rpcUrl, contract: `0x${'11'.repeat(20)}` }));
    expect(e.code).toBe('ERR_LEDGER_UNAVAILABLE');
    expect(e.details?.['endpoint']).toBe(`http://127.0.0.1:${port}`);
    expect(e.message).not.toContain('secret-api-key');
    expect(await codeOf(EvmLedger.deploy({ rpcUrl, privateKey: DEV_KEY_0 }))).toBe('ERR_LEDGER_UNAVAILABLE');
  });

  it('a stopped node: anchor, latest, history and verifyReceipt fail with ERR_LEDGER_UNAVAILABLE', async () => {
    const anvil = await startAnvil();
    let stopped = false;
    try {
      const contract = await EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: DEV_KEY_0 });
      const ledger = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_0, timeoutMs: 1000, ...FAST });
      const receipt = await ledger.anchor(await recordFor(1));
      await anvil.stop();
      stopped = true;
      expect(await codeOf(ledger.anchor(await recordFor(2, receipt.record.uri)))).toBe('ERR_LEDGER_UNAVAILABLE');
      expect(await codeOf(ledger.latest(receipt.record.uri))).toBe('ERR_LEDGER_UNAVAILABLE');
      expect(await codeOf(ledger.history(receipt.record.uri))).toBe('ERR_LEDGER_UNAVAILABLE');
      expect(await codeOf(ledger.verifyReceipt(receipt))).toBe('ERR_LEDGER_UNAVAILABLE');
      expect(await codeOf(ledger.addWriter(DEV_ADDRESS_1))).toBe('ERR_LEDGER_UNAVAILABLE');
      const e = await errorOf(ledger.history(receipt.record.uri));
      expect(e.cause).toBeDefined();
      expect(e.details?.['endpoint']).toBe(anvil.url);
    } finally {
      if (!stopped) await anvil.stop();
    }
  });

  it('a restart in the middle: the anchor that failed while the node was down succeeds once after it is back, history intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elicense-anvil-'));
    const state = join(dir, 'state.json');
    let anvil = await startAnvil({ state });
    try {
      const contract = await EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: DEV_KEY_0 });
      const ledger = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_0, timeoutMs: 1000, ...FAST });
      const r1 = await recordFor(1);
      const r2 = await recordFor(2, r1.uri);
      const first = await ledger.anchor(r1);

      await anvil.stop();
      expect(await codeOf(ledger.anchor(r2))).toBe('ERR_LEDGER_UNAVAILABLE');

      anvil = await startAnvil({ port: anvil.port, state });
      const second = await ledger.anchor(r2);
      expect(await ledger.anchor({ ...r2 })).toEqual(second);
      expect(await ledger.history(r1.uri)).toEqual([first, second]);
      expect(await ledger.latest(r1.uri)).toEqual(second);
      expect(await ledger.verifyReceipt(first)).toEqual(r1);
      expect(await ledger.verifyReceipt(second)).toEqual(r2);
      // a fresh connection (e.g. after the issuer restarts) sees the same
      const again = await EvmLedger.connect({ rpcUrl: anvil.url, contract });
      expect(await again.history(r1.uri)).toEqual([first, second]);
    } finally {
      await anvil.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('EvmLedger argument checks', () => {
  let anvil: Anvil;
  let contract: `0x${string}`;
  beforeAll(async () => {
    anvil = await startAnvil();
    contract = await EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: DEV_KEY_0 });
  });
  afterAll(async () => anvil?.stop());

  it('bad connect and deploy options are ERR_INVALID_ARGUMENT', async () => {
    const good = { rpcUrl: anvil.url, contract, privateKey: DEV_KEY_0 } as const;
    const bad: unknown[] = [
      undefined,
      null,
      'http://127.0.0.1:8545',
      { ...good, rpcUrl: '' },
      { ...good, rpcUrl: 'not a url' },
      { ...good, rpcUrl: 'ws://127.0.0.1:8545' },
      { ...good, contract: '0x1234' },
      { ...good, contract: `0x${'zz'.repeat(20)}` },
      { ...good, contract: undefined },
      { ...good, privateKey: '0x1234' },
      { ...good, privateKey: `0x${'00'.repeat(32)}` },
      { ...good, privateKey: `0x${'ff'.repeat(32)}` },
      { ...good, timeoutMs: 0 },
      { ...good, timeoutMs: 1.5 },
      { ...good, pollingIntervalMs: -1 },
      { ...good, confirmations: 0 },
    ];
    for (const options of bad) {
      expect({ options, code: await codeOf(EvmLedger.connect(options as never)) }).toEqual({ options, code: 'ERR_INVALID_ARGUMENT' });
    }
    for (const options of [undefined, { rpcUrl: anvil.url }, { rpcUrl: anvil.url, privateKey: 'secret' }, { ...good, timeoutMs: -5 }]) {
      expect(await codeOf(EvmLedger.deploy(options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('a private key is never echoed in an error', async () => {
    const secret = `0x${'ff'.repeat(32)}` as const;
    const e = await errorOf(EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: secret }));
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain('ff'.repeat(8));
    const short = await errorOf(EvmLedger.deploy({ rpcUrl: anvil.url, privateKey: '0xdeadbeef' }));
    expect(short.message).not.toContain('deadbeef');
  });

  it('an address with no contract, or with a contract that is not StatusAnchor, is ERR_INVALID_ARGUMENT', async () => {
    const empty = `0x${'12'.repeat(20)}` as const;
    expect(await codeOf(EvmLedger.connect({ rpcUrl: anvil.url, contract: empty }))).toBe('ERR_INVALID_ARGUMENT');
    const stops = `0x${'34'.repeat(20)}` as const;
    await rpc(anvil.url, 'anvil_setCode', [stops, '0x00']); // STOP: answers every call with no data
    expect(await codeOf(EvmLedger.connect({ rpcUrl: anvil.url, contract: stops }))).toBe('ERR_INVALID_ARGUMENT');
    const reverts = `0x${'56'.repeat(20)}` as const;
    await rpc(anvil.url, 'anvil_setCode', [reverts, '0x60006000fd']); // REVERT with no reason
    expect(await codeOf(EvmLedger.connect({ rpcUrl: anvil.url, contract: reverts }))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('history and latest need a non-empty string uri; addWriter a hex address', async () => {
    const ledger = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_0, ...FAST });
    for (const uri of ['', undefined, 42, null, 'https://gov.example/status/\uDC00']) {
      expect(await codeOf(ledger.history(uri as never))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(ledger.latest(uri as never))).toBe('ERR_INVALID_ARGUMENT');
    }
    for (const address of ['', '0x12', 'vitalik.eth', undefined]) {
      expect(await codeOf(ledger.addWriter(address as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('a closed ledger refuses every call with ERR_INVALID_ARGUMENT', async () => {
    const ledger = await EvmLedger.connect({ rpcUrl: anvil.url, contract, privateKey: DEV_KEY_0, ...FAST });
    const receipt = await ledger.anchor(await recordFor(1));
    await ledger.close();
    expect(await codeOf(ledger.anchor(await recordFor(2, receipt.record.uri)))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(ledger.history(receipt.record.uri))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(ledger.latest(receipt.record.uri))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(ledger.verifyReceipt(receipt))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(ledger.addWriter(DEV_ADDRESS_1))).toBe('ERR_INVALID_ARGUMENT');
  });
});
