import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ElicenseError } from '@elicense/core';
import type { IssuerStore } from '@elicense/issuer';
import { PostgresIssuerStore } from '@elicense/issuer/postgres';
import { T0, anchorOf, credential, opener, publicationOf, rejectsWith, runIssuerStoreConformance } from './store-conformance.js';

const url = inject('pgUrl');
const admin = new pg.Pool({ connectionString: url, max: 2 });
const schemas: string[] = [];

function freshSchema(): string {
  const schema = `issuer_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

afterAll(async () => {
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin.end();
});

runIssuerStoreConformance(
  'PostgresIssuerStore',
  async () => {
    const schema = freshSchema();
    return {
      store: await PostgresIssuerStore.connect({ connectionString: url, schema }),
      reopen: () => PostgresIssuerStore.connect({ connectionString: url, schema }),
      cleanup: async () => {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  },
  { persistent: true },
);

/** `n` stores on one schema, each with its own pool, as separate issuer instances would have. */
async function instances(n: number, schema = freshSchema()): Promise<PostgresIssuerStore[]> {
  return Promise.all(Array.from({ length: n }, () => PostgresIssuerStore.connect({ connectionString: url, schema })));
}

async function closeAll(stores: IssuerStore[]): Promise<void> {
  await Promise.all(stores.map((s) => s.close()));
}

describe('PostgresIssuerStore shared by several instances', () => {
  it('creates its tables once when instances start together', async () => {
    const stores = await instances(5);
    const [a, b] = stores;
    await a!.allocate(1, opener());
    expect((await b!.lists()).length).toBe(1);
    await closeAll(stores);
  });

  it('never hands out a position twice, and each new list is opened by exactly one instance', async () => {
    const stores = await instances(3);
    const calls: number[][] = stores.map(() => []);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stores[i % 3]!.allocate(1 + (i % 4), opener(5, calls[i % 3]!))),
    );
    const seen = new Set<string>();
    for (const a of results.flat()) {
      const key = `${a.list.id}:${a.position}`;
      expect(seen.has(key), `${key} handed out twice`).toBe(false);
      seen.add(key);
    }
    const total = results.flat().length;
    const lists = await stores[0]!.lists();
    expect(lists.length).toBe(Math.ceil(total / 5));
    expect(calls.flat().sort((x, y) => x - y)).toEqual(lists.map((l) => Number(l.id)));
    expect(lists.reduce((s, l) => s + l.allocated, 0)).toBe(total);
    // and the credentials recorded on them through different instances never collide
    await Promise.all(results.flat().map((a, i) => stores[i % 3]!.saveCredentials([credential(`m-${i}`, a.list.id, a.position)])));
    await closeAll(stores);
  });

  it("shows a status change made through one instance in another's snapshot", async () => {
    const [a, b] = await instances(2);
    const [x] = await a!.allocate(2, opener(8));
    await a!.saveCredentials([credential('s-1', x!.list.id, 5)]);
    await b!.updateStatus(['s-1'], 'suspended', T0 + 1);
    const snap = await a!.snapshotList('1');
    expect(snap.entries).toEqual([{ idx: 5, status: 'suspended' }]);
    expect(snap.list.revision).toBe(1);
    await a!.updateStatus(['s-1'], 'revoked', T0 + 2);
    await rejectsWith(b!.updateStatus(['s-1'], 'valid', T0 + 3), 'ERR_STATUS_TRANSITION_INVALID');
    expect((await b!.snapshotList('1')).entries).toEqual([{ idx: 5, status: 'revoked' }]);
    await closeAll([a!, b!]);
  });

  it('lets exactly one of concurrent publications of a version win', async () => {
    const stores = await instances(4);
    await stores[0]!.allocate(1, opener());
    const uri = 'https://gov.example/status/1';
    for (const version of [1, 2]) {
      const wins = await Promise.all(
        stores.map((s, i) => s.recordPublication('1', { ...publicationOf(version), token: `t${i}` }, anchorOf(uri, version), T0)),
      );
      expect(wins.filter(Boolean).length).toBe(1);
      expect((await stores[1]!.getList('1'))!.published).toMatchObject({ version, token: `t${wins.indexOf(true)}` });
    }
    expect((await stores[2]!.pendingAnchors()).map((e) => e.id)).toEqual(['1:1', '1:2']);
    await closeAll(stores);
  });

  it('runs overlapping status changes from several instances without deadlock, all or nothing each', async () => {
    const stores = await instances(3);
    const allocations = await stores[0]!.allocate(12, opener(6));
    const ids = allocations.map((_, i) => `o-${i}`);
    await stores[0]!.saveCredentials(allocations.map((a, i) => credential(ids[i]!, a.list.id, a.position)));
    const statuses = ['suspended', 'valid'] as const;
    await Promise.all(
      Array.from({ length: 45 }, (_, k) => {
        const batch = [ids[k % 12]!, ids[(k * 5) % 12]!, ids[(k * 7 + 3) % 12]!];
        return stores[k % 3]!.updateStatus(k % 2 ? batch : [...batch].reverse(), statuses[k % 2]!, T0 + k);
      }),
    );
    for (const list of await stores[1]!.lists()) {
      const snap = await stores[2]!.snapshotList(list.id);
      const expected = [];
      for (const id of ids) {
        const r = (await stores[1]!.getCredential(id))!;
        if (r.listId === list.id && r.status !== 'valid') expected.push({ idx: r.idx, status: r.status });
      }
      expect(snap.entries).toEqual(expected.sort((x, y) => x.idx - y.idx));
    }
    await closeAll(stores);
  });
});

describe('PostgresIssuerStore connections and errors', () => {
  it('rejects with ERR_STORE_FAILED when the server refuses the connection', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const e = await PostgresIssuerStore.connect({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ElicenseError);
    expect((e as ElicenseError).code).toBe('ERR_STORE_FAILED');
    expect((e as ElicenseError).cause).toBeDefined();
  });

  it('maps a unique violation to ERR_STORE_CONFLICT with the pg error as cause', async () => {
    const [store] = await instances(1);
    await store!.allocate(1, opener());
    await store!.saveCredentials([credential('u', '1', 0)]);
    const e = await store!.saveCredentials([credential('u', '1', 1)]).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ElicenseError);
    expect((e as ElicenseError).code).toBe('ERR_STORE_CONFLICT');
    expect(((e as ElicenseError).cause as { code?: string }).code).toBe('23505');
    await store!.close();
  });

  it('uses a pool it is given without ending it, and reports a pool that was ended as ERR_STORE_FAILED', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const schema = freshSchema();
    const store = await PostgresIssuerStore.connect({ pool, schema });
    await store.allocate(1, opener());
    await store.close();
    expect((await pool.query(`SELECT allocated FROM ${schema}.status_lists`)).rows).toEqual([{ allocated: 1 }]);
    const again = await PostgresIssuerStore.connect({ pool, schema });
    await pool.end();
    await rejectsWith(again.lists(), 'ERR_STORE_FAILED');
    await rejectsWith(again.allocate(1, opener()), 'ERR_STORE_FAILED');
  });

  it('rejects bad options with ERR_INVALID_ARGUMENT', async () => {
    await rejectsWith(PostgresIssuerStore.connect({ connectionString: url, schema: 'Bad-Name' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(PostgresIssuerStore.connect({ connectionString: url, schema: 'x; DROP TABLE y' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(PostgresIssuerStore.connect({ connectionString: '' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(PostgresIssuerStore.connect({ connectionString: url, pool: admin }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(PostgresIssuerStore.connect({ pool: {} as pg.Pool }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(PostgresIssuerStore.connect(null as unknown as object), 'ERR_INVALID_ARGUMENT');
  });

  it('records a batch of 20,000 credentials in one transaction', async () => {
    const [store] = await instances(1);
    const allocations = await store!.allocate(20_000, opener(131_072));
    await store!.saveCredentials(allocations.map((a) => credential(`urn:uuid:${a.position}`, a.list.id, a.position)));
    expect(await store!.getCredential('urn:uuid:12345')).toEqual(credential('urn:uuid:12345', '1', 12345));
    const dup = allocations.slice(0, 1).map((a) => credential('fresh', a.list.id, 19_999));
    await rejectsWith(store!.saveCredentials(dup), 'ERR_STORE_CONFLICT');
    await store!.close();
  });
});
