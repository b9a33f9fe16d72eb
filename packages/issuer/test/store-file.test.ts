import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileIssuerStore } from '@elicense/issuer/node';
import type { CredentialStatus } from '@elicense/issuer';
import {
  T0,
  anchorOf,
  credential,
  opener,
  publicationOf,
  receiptOf,
  rejectsWith,
  runIssuerStoreConformance,
} from './store-conformance.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

runIssuerStoreConformance(
  'FileIssuerStore',
  async () => {
    const dir = await tempDir();
    return {
      store: await FileIssuerStore.open(dir),
      reopen: () => FileIssuerStore.open(dir),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { persistent: true },
);

runIssuerStoreConformance(
  'FileIssuerStore (compacting after every few operations)',
  async () => {
    const dir = await tempDir();
    const options = { compactAfterBytes: 300 };
    return {
      store: await FileIssuerStore.open(dir, options),
      reopen: () => FileIssuerStore.open(dir, options),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { persistent: true },
);

/** A store with two lists, three credentials, a status change and a publication. */
async function populate(dir: string): Promise<void> {
  const store = await FileIssuerStore.open(dir);
  await store.allocate(5, opener(4));
  await store.saveCredentials([credential('a', '1', 0), credential('b', '1', 1), credential('c', '2', 0)]);
  await store.updateStatus(['b'], 'revoked', T0 + 1);
  await store.recordPublication('1', publicationOf(1, 1), anchorOf('https://gov.example/status/1', 1), T0 + 2);
  await store.close();
}

async function dump(dir: string): Promise<unknown> {
  const store = await FileIssuerStore.open(dir);
  try {
    return {
      lists: await store.lists(),
      records: await Promise.all(['a', 'b', 'c'].map((id) => store.getCredential(id))),
      pending: await store.pendingAnchors(),
    };
  } finally {
    await store.close();
  }
}

describe('FileIssuerStore on disk', () => {
  it('rejects bad arguments to open()', async () => {
    await rejectsWith(FileIssuerStore.open(''), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(FileIssuerStore.open(7 as unknown as string), 'ERR_INVALID_ARGUMENT');
    const dir = await tempDir();
    await rejectsWith(FileIssuerStore.open(dir, { fsync: 'yes' as unknown as boolean }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(FileIssuerStore.open(dir, { compactAfterBytes: 0 }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(FileIssuerStore.open(dir, null as unknown as object), 'ERR_INVALID_ARGUMENT');
  });

  it('creates the directory and fails with ERR_STORE_FAILED where it cannot', async () => {
    const dir = join(await tempDir(), 'nested', 'registry');
    const store = await FileIssuerStore.open(dir);
    expect(store.directory).toBe(dir);
    await store.close();
    const file = join(await tempDir(), 'a-file');
    await writeFile(file, 'x');
    await rejectsWith(FileIssuerStore.open(join(file, 'registry')), 'ERR_STORE_FAILED');
  });

  it('drops a torn last line (a write cut short) and keeps everything before it', async () => {
    const dir = await tempDir();
    await populate(dir);
    const before = await dump(dir);
    await appendFile(join(dir, 'journal'), '1a2b3c4d 6 {"o":"status","ids":["a"],"s":"rev');
    expect(await dump(dir)).toEqual(before);
    // the torn bytes are gone: new operations append cleanly and survive
    const store = await FileIssuerStore.open(dir);
    await store.updateStatus(['a'], 'suspended', T0 + 5);
    await store.close();
    const again = await FileIssuerStore.open(dir);
    expect((await again.getCredential('a'))!.status).toBe('suspended');
    await again.close();
  });

  it('loses only the operation whose line was cut short', async () => {
    const dir = await tempDir();
    await populate(dir);
    const path = join(dir, 'journal');
    const size = (await stat(path)).size;
    await truncate(path, size - 7);
    const store = await FileIssuerStore.open(dir);
    expect(await store.pendingAnchors()).toEqual([]);
    expect((await store.getList('1'))!.published).toBeUndefined();
    expect((await store.getCredential('b'))!.status).toBe('revoked');
    await store.close();
  });

  it('rejects a damaged line followed by others with ERR_STORE_CORRUPT', async () => {
    const dir = await tempDir();
    await populate(dir);
    const path = join(dir, 'journal');
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    lines[1] = lines[1]!.replace('"save"', '"savf"');
    await writeFile(path, lines.join('\n'));
    await rejectsWith(FileIssuerStore.open(dir), 'ERR_STORE_CORRUPT');
    // a line missing in the middle is corruption too
    await writeFile(path, text.split('\n').filter((_, i) => i !== 1).join('\n'));
    await rejectsWith(FileIssuerStore.open(dir), 'ERR_STORE_CORRUPT');
    // and the lock was released each time
    await writeFile(path, text);
    expect(await dump(dir)).toMatchObject({ lists: [{ id: '1' }, { id: '2' }] });
  });

  it('rejects a damaged snapshot with ERR_STORE_CORRUPT', async () => {
    const dir = await tempDir();
    await populate(dir);
    const store = await FileIssuerStore.open(dir);
    await store.compact();
    await store.close();
    const path = join(dir, 'snapshot');
    const bytes = await readFile(path);
    const flipped = Buffer.from(bytes);
    flipped[20] = flipped[20]! ^ 0x01;
    await writeFile(path, flipped);
    await rejectsWith(FileIssuerStore.open(dir), 'ERR_STORE_CORRUPT');
    await writeFile(path, bytes.subarray(0, bytes.length - 3));
    await rejectsWith(FileIssuerStore.open(dir), 'ERR_STORE_CORRUPT');
    await writeFile(path, bytes);
    expect(await dump(dir)).toMatchObject({ lists: [{ id: '1' }, { id: '2' }] });
  });

  it('is locked against a second store on the same directory (ERR_STORE_LOCKED) until closed', async () => {
    const dir = await tempDir();
    const store = await FileIssuerStore.open(dir);
    await rejectsWith(FileIssuerStore.open(dir), 'ERR_STORE_LOCKED');
    await store.close();
    const next = await FileIssuerStore.open(dir);
    await next.close();
  });

  it('refuses a lock held by a live process and takes over the lock of a dead one', async () => {
    const dir = await tempDir();
    await populate(dir);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await writeFile(join(dir, 'LOCK'), `${child.pid}\n`);
      await rejectsWith(FileIssuerStore.open(dir), 'ERR_STORE_LOCKED');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const store = await FileIssuerStore.open(dir);
    expect(await readFile(join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    expect((await store.lists()).length).toBe(2);
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(['journal']);
  });

  it('compacts into a snapshot, empties the journal, and reopens to the same state', async () => {
    const dir = await tempDir();
    await populate(dir);
    const before = await dump(dir);
    const store = await FileIssuerStore.open(dir);
    const journalBefore = (await stat(join(dir, 'journal'))).size;
    expect(journalBefore).toBeGreaterThan(0);
    await store.compact();
    expect((await stat(join(dir, 'journal'))).size).toBe(0);
    expect((await stat(join(dir, 'snapshot'))).size).toBeGreaterThan(0);
    await store.markAnchored('1:1', receiptOf(anchorOf('https://gov.example/status/1', 1)), T0 + 9);
    await store.close();
    const after = (await dump(dir)) as { pending: unknown[] };
    expect(after.pending).toEqual([]);
    expect({ ...after, pending: (before as { pending: unknown[] }).pending }).toEqual(before);
  });

  it('compacts on its own as the journal grows, operations arriving meanwhile included', async () => {
    const dir = await tempDir();
    const store = await FileIssuerStore.open(dir, { compactAfterBytes: 2_000 });
    const all = await Promise.all(Array.from({ length: 60 }, () => store.allocate(2, opener(16))));
    await Promise.all(
      all.flat().map((a, i) => store.saveCredentials([credential(`g-${i}`, a.list.id, a.position, { type: `t${i % 3}` })])),
    );
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.updateStatus([`g-${i * 3}`], i % 2 ? 'revoked' : 'suspended', T0 + i)));
    const lists = await store.lists();
    await store.close();
    expect((await stat(join(dir, 'snapshot'))).size).toBeGreaterThan(2_000);
    const again = await FileIssuerStore.open(dir);
    expect(await again.lists()).toEqual(lists);
    for (let i = 0; i < 120; i++) {
      const r = (await again.getCredential(`g-${i}`))!;
      const expected: CredentialStatus = i % 3 === 0 && i / 3 < 40 ? ((i / 3) % 2 ? 'revoked' : 'suspended') : 'valid';
      expect([r.type, r.status]).toEqual([`t${i % 3}`, expected]);
    }
    await again.close();
  });

  it('skips journal lines a snapshot already holds (a crash between snapshot and journal reset)', async () => {
    const dir = await tempDir();
    await populate(dir);
    const journal = await readFile(join(dir, 'journal'));
    const store = await FileIssuerStore.open(dir);
    await store.compact();
    await store.close();
    await writeFile(join(dir, 'journal'), journal);
    const reopened = await FileIssuerStore.open(dir);
    await reopened.updateStatus(['a'], 'suspended', T0 + 7);
    await reopened.close();
    const state = (await dump(dir)) as { records: Array<{ status: string }> };
    expect(state.records.map((r) => r.status)).toEqual(['suspended', 'revoked', 'valid']);
  });

  it('works without fsync', async () => {
    const dir = await tempDir();
    const store = await FileIssuerStore.open(dir, { fsync: false });
    await store.allocate(3, opener(4));
    await store.close();
    const again = await FileIssuerStore.open(dir, { fsync: false });
    expect((await again.getList('1'))!.allocated).toBe(3);
    await again.close();
  });

  it('records a batch of 100,000 credentials in one durable step', async () => {
    const dir = await tempDir();
    const store = await FileIssuerStore.open(dir);
    const n = 100_000;
    const allocations = await store.allocate(n, opener(131_072));
    await store.saveCredentials(allocations.map((a) => credential(`urn:uuid:${a.position}`, a.list.id, a.position, { expiresAt: T0 + 1 })));
    await store.updateStatus(['urn:uuid:99999'], 'revoked', T0 + 1);
    await store.close();
    const again = await FileIssuerStore.open(dir);
    expect((await again.getList('1'))!.allocated).toBe(n);
    expect(await again.getCredential('urn:uuid:54321')).toEqual(credential('urn:uuid:54321', '1', 54321, { expiresAt: T0 + 1 }));
    expect((await again.snapshotList('1')).entries).toEqual([{ idx: 99999, status: 'revoked' }]);
    await again.compact();
    await again.close();
    const third = await FileIssuerStore.open(dir);
    expect((await third.getCredential('urn:uuid:0'))!.listId).toBe('1');
    await third.close();
  });
});

interface Ack {
  alloc?: Array<[string, number]>;
  saved?: Array<[string, string, number]>;
  intent?: { id: string; status: CredentialStatus };
  status?: { id: string; status: CredentialStatus };
  refused?: { id: string };
}

const CHILD = fileURLToPath(new URL('./fixtures/store-crash-child.mjs', import.meta.url));

/** Run the child on `dir` until SIGKILL at a random moment after it starts working; its acknowledged operations. */
function crashRound(dir: string, round: number, killAfterMs: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (timer === undefined && out.includes('\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited with ${code}: ${err}`));
      // a line cut by the kill is not an acknowledgement
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.slice(1).map((l) => JSON.parse(l) as Ack));
    });
  });
}

describe('FileIssuerStore crash safety', () => {
  it('keeps every acknowledged operation and never hands a position out twice across SIGKILLed rounds', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const handedOut = new Set<string>();
    const saved = new Map<string, { listId: string; idx: number }>();
    /** The last acknowledged status of each credential, and a status change in flight at the kill. */
    const status = new Map<string, CredentialStatus>();
    let operations = 0;
    for (let round = 1; round <= 6; round++) {
      const acks = await crashRound(dir, round, 100 + Math.floor(Math.random() * 500));
      let inFlight: { id: string; status: CredentialStatus } | undefined;
      for (const a of acks) {
        operations++;
        for (const [listId, position] of a.alloc ?? []) {
          const key = `${listId}:${position}`;
          expect(handedOut.has(key), `position ${key} handed out twice`).toBe(false);
          handedOut.add(key);
        }
        for (const [id, listId, idx] of a.saved ?? []) saved.set(id, { listId, idx });
        if (a.intent !== undefined) inFlight = a.intent;
        if (a.status !== undefined) {
          status.set(a.status.id, a.status.status);
          inFlight = undefined;
        }
        if (a.refused !== undefined) inFlight = undefined;
      }
      const store = await FileIssuerStore.open(dir);
      try {
        const lists = await store.lists();
        for (const key of handedOut) {
          const [listId, position] = key.split(':');
          const list = lists.find((l) => l.id === listId);
          expect(list, `list ${listId}`).toBeDefined();
          expect(list!.allocated).toBeGreaterThan(Number(position));
        }
        for (const [id, where] of saved) {
          const r = await store.getCredential(id);
          expect(r, `credential ${id}`).toMatchObject(where);
          const acked = status.get(id) ?? 'valid';
          if (inFlight?.id === id && r!.status === inFlight.status) status.set(id, inFlight.status);
          else expect(r!.status, `status of ${id}`).toBe(acked);
        }
        for (const list of lists) {
          const snap = await store.snapshotList(list.id);
          for (const e of snap.entries) expect(['revoked', 'suspended']).toContain(e.status);
        }
      } finally {
        await store.close();
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect(saved.size).toBeGreaterThan(10);
  });
});
