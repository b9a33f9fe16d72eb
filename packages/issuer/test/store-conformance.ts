/**
 * The contract every `IssuerStore` backend must keep, as one shared suite: each backend's test file
 * calls {@link runIssuerStoreConformance} with a factory of fresh, empty stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ElicenseError, type ErrorCode } from '@elicense/core';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import type { CredentialRecord, CredentialStatus, IssuerStore, ListPublication, NewStatusList } from '@elicense/issuer';

/** A fresh, empty store; `reopen` (when the backend is durable) opens the same data again after the suite closed `store`. */
export interface StoreHarness {
  store: IssuerStore;
  reopen?(): Promise<IssuerStore>;
  cleanup?(): Promise<void>;
}

export const T0 = 1_767_225_600;
export const KEY = 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA';

/** An `open` callback for small test lists; records the list numbers it was called with. */
export function opener(size = 4, calls: number[] = []): (n: number) => NewStatusList {
  return (n) => {
    calls.push(n);
    return { uri: `https://gov.example/status/${n}`, size, bits: 2, key: KEY, createdAt: T0 + n };
  };
}

export function credential(id: string, listId: string, idx: number, extra: Partial<CredentialRecord> = {}): CredentialRecord {
  return { id, type: 'driving_licence', format: 'dc+sd-jwt', listId, idx, status: 'valid', issuedAt: T0, updatedAt: T0, ...extra };
}

/** A syntactically valid SHA-256 digest in base64url, different per `n`. */
export function digestOf(n: number): string {
  return `${String(n).padStart(42, 'x')}A`;
}

export function anchorOf(uri: string, version: number, time = T0): AnchorRecord {
  return { uri, version, digest: digestOf(version), time };
}

export function publicationOf(version: number, revision = 0, iat = T0): ListPublication {
  return { version, revision, token: `token-${version}-${revision}`, iat, exp: iat + 86_400 };
}

export function receiptOf(record: AnchorRecord, proof: Record<string, unknown> = { entry: record.version }): AnchorReceipt {
  return { ledger: 'file:test', record: { ...record }, proof };
}

export async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `expected a rejection with ${code}`).toBeInstanceOf(ElicenseError);
  expect((e as ElicenseError).code).toBe(code);
}

const uri = (n: number): string => `https://gov.example/status/${n}`;

/**
 * Register the conformance suite for one backend. `open` makes a fresh, empty store; backends that
 * offer `reopen` also run the persistence tests.
 */
export function runIssuerStoreConformance(name: string, open: () => Promise<StoreHarness>, options: { persistent?: boolean } = {}): void {
  describe(`IssuerStore conformance: ${name}`, () => {
    let h: StoreHarness;
    let store: IssuerStore;

    beforeEach(async () => {
      h = await open();
      store = h.store;
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup?.();
    });

    /** Allocate `n` positions and record a credential on each (idx = position); the ids. */
    async function issue(n: number, prefix: string, size = 4): Promise<string[]> {
      const allocations = await store.allocate(n, opener(size));
      const records = allocations.map((a, i) => credential(`${prefix}-${i}`, a.list.id, a.position));
      await store.saveCredentials(records);
      return records.map((r) => r.id);
    }

    describe('allocate', () => {
      it('hands out increasing positions of list 1, then opens list 2 through open(2) when list 1 is full', async () => {
        const calls: number[] = [];
        expect(await store.lists()).toEqual([]);
        const a = await store.allocate(3, opener(4, calls));
        expect(calls).toEqual([1]);
        expect(a.map((x) => [x.list.id, x.position])).toEqual([
          ['1', 0],
          ['1', 1],
          ['1', 2],
        ]);
        expect(a[0]!.list).toEqual({ id: '1', uri: uri(1), size: 4, bits: 2, key: KEY, createdAt: T0 + 1, allocated: 3, revision: 0 });
        const b = await store.allocate(3, opener(4, calls));
        expect(calls).toEqual([1, 2]);
        expect(b.map((x) => [x.list.id, x.position])).toEqual([
          ['1', 3],
          ['2', 0],
          ['2', 1],
        ]);
        const lists = await store.lists();
        expect(lists.map((l) => [l.id, l.uri, l.allocated])).toEqual([
          ['1', uri(1), 4],
          ['2', uri(2), 2],
        ]);
        expect(await store.getList('2')).toEqual(lists[1]);
      });

      it('spans as many new lists as a large count needs, with no minimum list size', async () => {
        const calls: number[] = [];
        const a = await store.allocate(7, opener(2, calls));
        expect(calls).toEqual([1, 2, 3, 4]);
        expect(a.map((x) => `${x.list.id}:${x.position}`)).toEqual(['1:0', '1:1', '2:0', '2:1', '3:0', '3:1', '4:0']);
        expect((await store.lists()).map((l) => l.allocated)).toEqual([2, 2, 2, 1]);
        const one = await store.allocate(1, opener(1, calls));
        expect(one.map((x) => `${x.list.id}:${x.position}`)).toEqual(['4:1']);
      });

      it('with count 0 hands out nothing and opens no list', async () => {
        const calls: number[] = [];
        expect(await store.allocate(0, opener(4, calls))).toEqual([]);
        expect(calls).toEqual([]);
        expect(await store.lists()).toEqual([]);
      });

      it('rejects bad arguments and bad lists from open(), opening nothing', async () => {
        for (const count of [-1, 1.5, Number.NaN, '2', undefined]) {
          await rejectsWith(store.allocate(count as number, opener()), 'ERR_INVALID_ARGUMENT');
        }
        await rejectsWith(store.allocate(1, 'open' as unknown as () => NewStatusList), 'ERR_INVALID_ARGUMENT');
        const good = opener(4)(1);
        const bad: unknown[] = [
          null,
          { ...good, uri: '' },
          { ...good, size: 0 },
          { ...good, size: 2.5 },
          { ...good, bits: 3 },
          { ...good, key: undefined },
          { ...good, createdAt: -1 },
        ];
        for (const list of bad) await rejectsWith(store.allocate(1, () => list as NewStatusList), 'ERR_INVALID_ARGUMENT');
        expect(await store.lists()).toEqual([]);
      });

      it('passes an error thrown by open() through and changes nothing', async () => {
        await store.allocate(2, opener(2));
        const boom = new Error('no key generator');
        await expect(
          store.allocate(3, () => {
            throw boom;
          }),
        ).rejects.toBe(boom);
        const lists = await store.lists();
        expect(lists.map((l) => [l.id, l.allocated])).toEqual([['1', 2]]);
      });

      it('refuses a second list with the same URI (ERR_STORE_CONFLICT)', async () => {
        await store.allocate(1, opener(1));
        await rejectsWith(
          store.allocate(1, () => ({ uri: uri(1), size: 4, bits: 2, key: KEY, createdAt: T0 })),
          'ERR_STORE_CONFLICT',
        );
        expect((await store.lists()).length).toBe(1);
      });

      it('returns copies: changing them does not change the store', async () => {
        const [a] = await store.allocate(1, opener(4));
        a!.list.allocated = 99;
        a!.list.key = 'changed';
        const list = (await store.getList('1'))!;
        expect(list.allocated).toBe(1);
        expect(list.key).toBe(KEY);
        list.revision = 42;
        expect((await store.getList('1'))!.revision).toBe(0);
      });
    });

    describe('saveCredentials', () => {
      it('records credentials, read back as equal copies', async () => {
        await store.allocate(3, opener(4));
        const r1 = credential('urn:uuid:1', '1', 2, { expiresAt: T0 + 1000, format: 'jwt_vc', type: 'resident_id_card' });
        const r2 = credential('urn:uuid:2', '1', 0);
        await store.saveCredentials([r1, r2]);
        expect(await store.getCredential('urn:uuid:1')).toEqual(r1);
        const got2 = await store.getCredential('urn:uuid:2');
        expect(got2).toEqual(r2);
        expect(got2).not.toHaveProperty('expiresAt');
        r1.status = 'revoked';
        got2!.idx = 3;
        expect((await store.getCredential('urn:uuid:1'))!.status).toBe('valid');
        expect((await store.getCredential('urn:uuid:2'))!.idx).toBe(0);
        expect(await store.getCredential('urn:uuid:3')).toBeUndefined();
        await store.saveCredentials([]);
      });

      it('rejects a duplicate id or a used (listId, idx) with ERR_STORE_CONFLICT and records none of the batch', async () => {
        await store.allocate(4, opener(4));
        await store.saveCredentials([credential('a', '1', 0)]);
        const batches: CredentialRecord[][] = [
          [credential('b', '1', 1), credential('a', '1', 2)],
          [credential('b', '1', 1), credential('c', '1', 0)],
          [credential('b', '1', 1), credential('b', '1', 2)],
          [credential('b', '1', 1), credential('c', '1', 1)],
        ];
        for (const batch of batches) {
          await rejectsWith(store.saveCredentials(batch), 'ERR_STORE_CONFLICT');
          expect(await store.getCredential('b')).toBeUndefined();
          expect(await store.getCredential('c')).toBeUndefined();
        }
        expect(await store.getCredential('a')).toEqual(credential('a', '1', 0));
        await store.saveCredentials([credential('b', '1', 1)]);
        expect((await store.getCredential('b'))!.idx).toBe(1);
      });

      it('names the refused credential id in details.id of the conflict', async () => {
        await store.allocate(4, opener(4));
        await store.saveCredentials([credential('urn:uuid:a', '1', 0)]);
        for (const batch of [
          [credential('urn:uuid:b', '1', 1), credential('urn:uuid:a', '1', 2)],
          [credential('urn:uuid:b', '1', 1), credential('urn:uuid:b', '1', 2)],
        ]) {
          const e = await store.saveCredentials(batch).catch((err: unknown) => err);
          expect(e).toBeInstanceOf(ElicenseError);
          expect(e).toMatchObject({ code: 'ERR_STORE_CONFLICT', details: { id: batch[1]!.id } });
        }
      });

      it('rejects records for an unknown list, an idx outside the list and malformed records', async () => {
        await store.allocate(1, opener(4));
        await rejectsWith(store.saveCredentials([credential('x', '2', 0)]), 'ERR_STATUS_LIST_INVALID');
        await rejectsWith(store.saveCredentials([credential('x', 'one', 0)]), 'ERR_STATUS_LIST_INVALID');
        await rejectsWith(store.saveCredentials([credential('x', '1', 4)]), 'ERR_INVALID_ARGUMENT');
        const bad: unknown[] = [
          null,
          { ...credential('x', '1', 0), id: '' },
          { ...credential('x', '1', 0), idx: -1 },
          { ...credential('x', '1', 0), idx: 0.5 },
          { ...credential('x', '1', 0), format: 'ldp_vc' },
          { ...credential('x', '1', 0), status: 'expired' },
          { ...credential('x', '1', 0), issuedAt: '2026-01-01' },
          { ...credential('x', '1', 0), expiresAt: -5 },
          { ...credential('x', '1', 0), type: 7 },
          { ...credential('x', '1', 0), id: 'x\u0000y' },
          { ...credential('x', '1', 0), id: 'x'.repeat(2049) },
        ];
        for (const r of bad) await rejectsWith(store.saveCredentials([r as CredentialRecord]), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.saveCredentials('x' as unknown as CredentialRecord[]), 'ERR_INVALID_ARGUMENT');
        expect(await store.getCredential('x')).toBeUndefined();
      });
    });

    describe('updateStatus', () => {
      it('suspends and reinstates, bumping the list revision only on a real change', async () => {
        const [a, b] = await issue(2, 'c');
        const now = await store.updateStatus([a!], 'suspended', T0 + 10);
        expect(now).toEqual([{ ...credential(a!, '1', 0), status: 'suspended', updatedAt: T0 + 10 }]);
        expect((await store.getList('1'))!.revision).toBe(1);
        const again = await store.updateStatus([a!], 'suspended', T0 + 20);
        expect(again[0]!.updatedAt).toBe(T0 + 10);
        expect((await store.getList('1'))!.revision).toBe(1);
        await store.updateStatus([a!, b!], 'valid', T0 + 30);
        expect((await store.getList('1'))!.revision).toBe(2);
        expect(await store.getCredential(a!)).toMatchObject({ status: 'valid', updatedAt: T0 + 30 });
        expect(await store.getCredential(b!)).toMatchObject({ status: 'valid', updatedAt: T0 });
        await store.updateStatus([b!], 'valid', T0 + 40);
        expect((await store.getList('1'))!.revision).toBe(2);
      });

      it('keeps revoked final, and changes nothing in a batch with a forbidden transition', async () => {
        const [a, b] = await issue(2, 'c');
        await store.updateStatus([a!], 'revoked', T0 + 1);
        expect((await store.updateStatus([a!], 'revoked', T0 + 2))[0]).toMatchObject({ status: 'revoked', updatedAt: T0 + 1 });
        for (const to of ['valid', 'suspended'] as const) {
          await rejectsWith(store.updateStatus([b!, a!], to, T0 + 3), 'ERR_STATUS_TRANSITION_INVALID');
        }
        expect((await store.getCredential(b!))!.status).toBe('valid');
        expect((await store.getCredential(a!))!.status).toBe('revoked');
        expect((await store.getList('1'))!.revision).toBe(1);
      });

      it('is all or nothing with an unknown id (ERR_CREDENTIAL_NOT_FOUND)', async () => {
        const [a] = await issue(1, 'c');
        await rejectsWith(store.updateStatus([a!, 'nope'], 'revoked', T0 + 1), 'ERR_CREDENTIAL_NOT_FOUND');
        expect((await store.getCredential(a!))!.status).toBe('valid');
        expect((await store.getList('1'))!.revision).toBe(0);
      });

      it('bumps each touched list once and returns the records in the order asked', async () => {
        const ids = await issue(6, 'c', 3); // list 1: c-0..c-2, list 2: c-3..c-5
        const now = await store.updateStatus([ids[4]!, ids[0]!, ids[1]!, ids[4]!], 'revoked', T0 + 5);
        expect(now.map((r) => [r.id, r.listId, r.status])).toEqual([
          [ids[4], '2', 'revoked'],
          [ids[0], '1', 'revoked'],
          [ids[1], '1', 'revoked'],
          [ids[4], '2', 'revoked'],
        ]);
        expect((await store.lists()).map((l) => l.revision)).toEqual([1, 1]);
        expect(await store.updateStatus([], 'revoked', T0)).toEqual([]);
      });

      it('rejects bad arguments', async () => {
        const [a] = await issue(1, 'c');
        await rejectsWith(store.updateStatus([a!], 'expired' as CredentialStatus, T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.updateStatus([a!], 'revoked', -1), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.updateStatus([a!], 'revoked', 1.5), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.updateStatus(a as unknown as string[], 'revoked', T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.updateStatus([''], 'revoked', T0), 'ERR_INVALID_ARGUMENT');
        expect((await store.getCredential(a!))!.status).toBe('valid');
      });
    });

    describe('snapshotList', () => {
      it('returns the list and every non-valid entry by idx', async () => {
        await store.allocate(4, opener(8));
        await store.saveCredentials([
          credential('a', '1', 6),
          credential('b', '1', 2),
          credential('c', '1', 4, { status: 'suspended' }),
          credential('d', '1', 0),
        ]);
        expect((await store.getList('1'))!.revision).toBe(1);
        await store.updateStatus(['a'], 'revoked', T0 + 1);
        await store.updateStatus(['b'], 'suspended', T0 + 1);
        const snap = await store.snapshotList('1');
        expect(snap.list).toEqual(await store.getList('1'));
        expect(snap.list.revision).toBe(3);
        expect(snap.entries).toEqual([
          { idx: 2, status: 'suspended' },
          { idx: 4, status: 'suspended' },
          { idx: 6, status: 'revoked' },
        ]);
        await store.updateStatus(['b', 'c'], 'valid', T0 + 2);
        expect((await store.snapshotList('1')).entries).toEqual([{ idx: 6, status: 'revoked' }]);
      });

      it('rejects an unknown list with ERR_STATUS_LIST_INVALID', async () => {
        await rejectsWith(store.snapshotList('1'), 'ERR_STATUS_LIST_INVALID');
        await store.allocate(1, opener());
        await rejectsWith(store.snapshotList('2'), 'ERR_STATUS_LIST_INVALID');
        await rejectsWith(store.snapshotList('x'), 'ERR_STATUS_LIST_INVALID');
        expect(await store.getList('2')).toBeUndefined();
        expect(await store.getList('x')).toBeUndefined();
        await rejectsWith(store.getList('' as string), 'ERR_INVALID_ARGUMENT');
      });
    });

    describe('recordPublication', () => {
      it('stores a publication and enqueues its anchor when the version is the next one', async () => {
        await store.allocate(1, opener());
        expect(await store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 1), T0 + 5)).toBe(true);
        expect((await store.getList('1'))!.published).toEqual(publicationOf(1));
        expect(await store.pendingAnchors()).toEqual([
          { id: '1:1', listId: '1', record: anchorOf(uri(1), 1), attempts: 0, nextAttemptAt: T0 + 5, createdAt: T0 + 5 },
        ]);
        expect(await store.recordPublication('1', publicationOf(2, 3), anchorOf(uri(1), 2), T0 + 6)).toBe(true);
        expect((await store.getList('1'))!.published).toEqual(publicationOf(2, 3));
      });

      it('is a compare-and-set: a stale or skipped version resolves false and writes nothing', async () => {
        await store.allocate(1, opener());
        expect(await store.recordPublication('1', publicationOf(2), anchorOf(uri(1), 2), T0)).toBe(false);
        expect((await store.getList('1'))!.published).toBeUndefined();
        expect(await store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 1), T0)).toBe(true);
        const other = { ...publicationOf(1), token: 'other' };
        expect(await store.recordPublication('1', other, anchorOf(uri(1), 1), T0)).toBe(false);
        expect((await store.getList('1'))!.published!.token).toBe(publicationOf(1).token);
        expect((await store.pendingAnchors()).map((e) => e.id)).toEqual(['1:1']);
      });

      it('rejects an unknown list, a mismatched anchor and malformed arguments', async () => {
        await store.allocate(1, opener());
        await rejectsWith(store.recordPublication('2', publicationOf(1), anchorOf(uri(2), 1), T0), 'ERR_STATUS_LIST_INVALID');
        await rejectsWith(store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 2), T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.recordPublication('1', publicationOf(1), anchorOf(uri(2), 1), T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.recordPublication('1', publicationOf(1), { ...anchorOf(uri(1), 1), digest: 'short' }, T0), 'ERR_INVALID_ARGUMENT');
        const badPubs: unknown[] = [null, { ...publicationOf(1), version: 0 }, { ...publicationOf(1), token: '' }, { ...publicationOf(1), exp: T0 }];
        for (const p of badPubs) {
          await rejectsWith(store.recordPublication('1', p as ListPublication, anchorOf(uri(1), 1), T0), 'ERR_INVALID_ARGUMENT');
        }
        await rejectsWith(store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 1), -1), 'ERR_INVALID_ARGUMENT');
        expect((await store.getList('1'))!.published).toBeUndefined();
        expect(await store.pendingAnchors()).toEqual([]);
      });
    });

    describe('outbox', () => {
      it('lists pending entries oldest first, records failures, and marks anchored idempotently', async () => {
        await store.allocate(3, opener(1)); // lists 1, 2, 3
        await store.recordPublication('2', publicationOf(1), anchorOf(uri(2), 1), T0 + 20);
        await store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 1), T0 + 10);
        await store.recordPublication('3', publicationOf(1), anchorOf(uri(3), 1), T0 + 20);
        expect((await store.pendingAnchors()).map((e) => e.id)).toEqual(['1:1', '2:1', '3:1']);

        await store.markAnchorFailed('2:1', 'ERR_LEDGER_UNAVAILABLE: down', T0 + 30);
        await store.markAnchorFailed('2:1', 'ERR_LEDGER_UNAVAILABLE: still down', T0 + 50);
        const failed = (await store.pendingAnchors()).find((e) => e.id === '2:1')!;
        expect(failed).toMatchObject({ attempts: 2, lastError: 'ERR_LEDGER_UNAVAILABLE: still down', nextAttemptAt: T0 + 50, createdAt: T0 + 20 });
        expect(failed).not.toHaveProperty('anchoredAt');

        expect(await store.getAnchorReceipt('1', 1)).toBeUndefined();
        const receipt = receiptOf(anchorOf(uri(1), 1));
        await store.markAnchored('1:1', receipt, T0 + 40);
        expect(await store.getAnchorReceipt('1', 1)).toEqual(receipt);
        await store.markAnchored('1:1', receiptOf(anchorOf(uri(1), 1), { entry: 'other' }), T0 + 41);
        expect(await store.getAnchorReceipt('1', 1)).toEqual(receipt);
        await store.markAnchorFailed('1:1', 'late failure', T0 + 99);
        expect((await store.pendingAnchors()).map((e) => e.id)).toEqual(['2:1', '3:1']);
        expect(await store.getAnchorReceipt('1', 2)).toBeUndefined();
        expect(await store.getAnchorReceipt('9', 1)).toBeUndefined();

        const got = (await store.getAnchorReceipt('1', 1))!;
        (got.proof as Record<string, unknown>)['entry'] = 'mutated';
        expect(await store.getAnchorReceipt('1', 1)).toEqual(receipt);
      });

      it('keeps any failure message storable: NUL replaced, cut to 2,000 characters', async () => {
        await store.allocate(1, opener());
        await store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 1), T0);
        await store.markAnchorFailed('1:1', 'bad\u0000byte', T0 + 1);
        expect((await store.pendingAnchors())[0]!.lastError).toBe('bad\uFFFDbyte');
        await store.markAnchorFailed('1:1', 'e'.repeat(5000), T0 + 2);
        expect((await store.pendingAnchors())[0]!.lastError).toBe('e'.repeat(2000));
      });

      it('rejects unknown entries, a receipt of another anchor and bad arguments', async () => {
        await store.allocate(1, opener());
        await store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 1), T0);
        await rejectsWith(store.markAnchored('1:2', receiptOf(anchorOf(uri(1), 2)), T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.markAnchorFailed('1:2', 'x', T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.markAnchored('1:1', receiptOf({ ...anchorOf(uri(1), 1), digest: digestOf(7) }), T0), 'ERR_ANCHOR_MISMATCH');
        await rejectsWith(store.markAnchored('1:1', { ledger: 'x', record: anchorOf(uri(1), 1) } as unknown as AnchorReceipt, T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.markAnchored('1:1', receiptOf(anchorOf(uri(1), 1)), -1), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.markAnchorFailed('1:1', 5 as unknown as string, T0), 'ERR_INVALID_ARGUMENT');
        await rejectsWith(store.getAnchorReceipt('1', 0), 'ERR_INVALID_ARGUMENT');
        expect((await store.pendingAnchors())[0]).toMatchObject({ id: '1:1', attempts: 0 });
      });
    });

    it('rejects every call after close() with ERR_STORE_FAILED', async () => {
      await store.allocate(1, opener());
      await store.close();
      await rejectsWith(store.getList('1'), 'ERR_STORE_FAILED');
      await rejectsWith(store.allocate(1, opener()), 'ERR_STORE_FAILED');
      await rejectsWith(store.lists(), 'ERR_STORE_FAILED');
      await store.close();
    });

    describe('concurrent calls', () => {
      it('many parallel allocations never share a position and leave no gap', async () => {
        const counts = Array.from({ length: 40 }, (_, i) => 1 + (i % 5));
        const results = await Promise.all(counts.map((n) => store.allocate(n, opener(7))));
        const seen = new Set<string>();
        results.forEach((r, i) => {
          expect(r.length).toBe(counts[i]);
          for (const a of r) {
            const key = `${a.list.id}:${a.position}`;
            expect(seen.has(key), `${key} handed out twice`).toBe(false);
            seen.add(key);
          }
        });
        const lists = await store.lists();
        const total = counts.reduce((s, n) => s + n, 0);
        expect(lists.reduce((s, l) => s + l.allocated, 0)).toBe(total);
        for (const l of lists) for (let p = 0; p < l.allocated; p++) expect(seen.has(`${l.id}:${p}`)).toBe(true);
        expect(lists.slice(0, -1).every((l) => l.allocated === l.size)).toBe(true);
      });

      it('parallel saves and status changes keep every invariant', async () => {
        const allocations = (await Promise.all(Array.from({ length: 10 }, () => store.allocate(3, opener(8))))).flat();
        await Promise.all(
          allocations.map((a, i) => store.saveCredentials([credential(`p-${i}`, a.list.id, a.position)])),
        );
        const ids = allocations.map((_, i) => `p-${i}`);
        const statuses: CredentialStatus[] = ['suspended', 'valid', 'revoked', 'suspended', 'valid'];
        const outcomes = await Promise.allSettled(
          Array.from({ length: 60 }, (_, k) => store.updateStatus([ids[(k * 7) % ids.length]!, ids[(k * 11) % ids.length]!], statuses[k % statuses.length]!, T0 + k)),
        );
        for (const o of outcomes) {
          if (o.status === 'rejected') expect((o.reason as ElicenseError).code).toBe('ERR_STATUS_TRANSITION_INVALID');
        }
        const revokedByCall = new Set<string>();
        outcomes.forEach((o, k) => {
          if (o.status === 'fulfilled' && statuses[k % statuses.length] === 'revoked') for (const r of o.value) revokedByCall.add(r.id);
        });
        for (const list of await store.lists()) {
          const snap = await store.snapshotList(list.id);
          const expected: Array<{ idx: number; status: string }> = [];
          for (const id of ids) {
            const r = (await store.getCredential(id))!;
            if (r.listId === list.id && r.status !== 'valid') expected.push({ idx: r.idx, status: r.status });
          }
          expect(snap.entries).toEqual(expected.sort((a, b) => a.idx - b.idx));
        }
        for (const id of revokedByCall) expect((await store.getCredential(id))!.status).toBe('revoked');
      });

      it('parallel publications of the same version: exactly one wins', async () => {
        await store.allocate(1, opener());
        const wins = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.recordPublication('1', { ...publicationOf(1), token: `t${i}` }, anchorOf(uri(1), 1), T0)),
        );
        expect(wins.filter(Boolean).length).toBe(1);
        expect((await store.getList('1'))!.published!.token).toBe(`t${wins.indexOf(true)}`);
        expect((await store.pendingAnchors()).length).toBe(1);
      });
    });

    if (options.persistent === true) {
      it('keeps every acknowledged operation across a reopen, and never reuses a position', async () => {
        const reopen = h.reopen?.bind(h);
        if (reopen === undefined) throw new Error(`${name} is persistent but its harness offers no reopen()`);
        const ids = await issue(6, 'k', 4);
        await store.saveCredentials([credential('x', '2', 3, { expiresAt: T0 + 99, format: 'jwt_vc' })]);
        await store.updateStatus([ids[0]!, ids[5]!], 'revoked', T0 + 1);
        await store.updateStatus([ids[2]!], 'suspended', T0 + 2);
        await store.recordPublication('1', publicationOf(1, 2), anchorOf(uri(1), 1), T0 + 3);
        await store.recordPublication('2', publicationOf(1, 1), anchorOf(uri(2), 1), T0 + 3);
        await store.markAnchored('1:1', receiptOf(anchorOf(uri(1), 1)), T0 + 4);
        await store.markAnchorFailed('2:1', 'down', T0 + 60);
        const before = {
          lists: await store.lists(),
          records: await Promise.all([...ids, 'x'].map((id) => store.getCredential(id))),
          snaps: [await store.snapshotList('1'), await store.snapshotList('2')],
          pending: await store.pendingAnchors(),
          receipt: await store.getAnchorReceipt('1', 1),
        };
        await store.close();
        store = await reopen();
        expect(await store.lists()).toEqual(before.lists);
        expect(await Promise.all([...ids, 'x'].map((id) => store.getCredential(id)))).toEqual(before.records);
        expect([await store.snapshotList('1'), await store.snapshotList('2')]).toEqual(before.snaps);
        expect(await store.pendingAnchors()).toEqual(before.pending);
        expect(await store.getAnchorReceipt('1', 1)).toEqual(before.receipt);
        const next = await store.allocate(3, opener(4));
        expect(next.map((a) => `${a.list.id}:${a.position}`)).toEqual(['2:2', '2:3', '3:0']);
        await rejectsWith(store.saveCredentials([credential('k-1', '3', 0)]), 'ERR_STORE_CONFLICT');
        await rejectsWith(store.updateStatus([ids[0]!], 'valid', T0 + 9), 'ERR_STATUS_TRANSITION_INVALID');
        expect(await store.recordPublication('1', publicationOf(1), anchorOf(uri(1), 1), T0)).toBe(false);
        await store.close();
        store = await reopen();
        expect((await store.lists()).map((l) => l.allocated)).toEqual([4, 4, 1]);
      });
    }
  });
}
