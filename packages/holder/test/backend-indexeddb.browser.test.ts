import { afterAll, describe, expect, it } from 'vitest';
import type { WalletBackend } from '@elicense/holder';
import { IndexedDbBackend } from '@elicense/holder';
import { codeOf } from '../../../test/helpers/errors.js';
import { Vault } from '../dist/internal/vault.js';
import { walletBackendConformance } from './backend-conformance.js';

const opened: IndexedDbBackend[] = [];
const names = new Set<string>();

async function openDb(name: string): Promise<IndexedDbBackend> {
  names.add(name);
  const b = await IndexedDbBackend.open(name);
  opened.push(b);
  return b;
}

const freshName = (): string => `elicense-test-${crypto.randomUUID()}`;

afterAll(async () => {
  for (const b of opened) b.close();
  for (const name of names) await IndexedDbBackend.destroy(name);
});

walletBackendConformance(
  'IndexedDbBackend',
  async () => openDb(freshName()),
  async (b: WalletBackend) => {
    const db = b as IndexedDbBackend;
    db.close();
    return openDb(db.name);
  },
);

describe('IndexedDbBackend', () => {
  it('is persistent and keeps CryptoKeys', async () => {
    const b = await openDb(freshName());
    expect(b.persistent).toBe(true);
    expect(b.keepsCryptoKeys).toBe(true);
  });

  it('keeps one database per wallet', async () => {
    const a = await openDb(freshName());
    const b = await openDb(freshName());
    await a.writeHeader(new Uint8Array([1]));
    expect(await b.readHeader()).toBeUndefined();
  });

  it('destroys a wallet database and everything in it', async () => {
    const name = freshName();
    const b = await openDb(name);
    const vault = await Vault.open(b, { secret: 'pass', kdfIterations: 10_000 });
    await vault.commit({ put: [['credential/1', { value: { n: 1 } }]] });
    b.close();
    await IndexedDbBackend.destroy(name);
    const again = await openDb(name);
    expect(await again.readHeader()).toBeUndefined();
    expect(await again.ids()).toEqual([]);
  });

  it('lets another connection destroy the database while this one is open', async () => {
    const name = freshName();
    const b = await openDb(name);
    await b.writeHeader(new Uint8Array([1]));
    await IndexedDbBackend.destroy(name);
    expect(await codeOf(b.ids())).toBe('ERR_STORE_FAILED');
  });

  it('fails with ERR_STORE_FAILED after close()', async () => {
    const b = await openDb(freshName());
    b.close();
    expect(await codeOf(b.readHeader())).toBe('ERR_STORE_FAILED');
    expect(await codeOf(b.commit({ put: [['a', { v: 1, iv: new Uint8Array(12), ct: new Uint8Array(16) }]] }))).toBe('ERR_STORE_FAILED');
  });

  it('refuses a database that is not a wallet, or one from a newer version', async () => {
    const create = (name: string, version: number, stores: string[]): Promise<void> =>
      new Promise((resolve, reject) => {
        names.add(name);
        const req = indexedDB.open(name, version);
        req.onupgradeneeded = () => {
          for (const s of stores) req.result.createObjectStore(s);
        };
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error);
      });
    const foreign = freshName();
    await create(foreign, 1, ['photos']);
    expect(await codeOf(IndexedDbBackend.open(foreign))).toBe('ERR_STORE_CORRUPT');
    const newer = freshName();
    await create(newer, 2, ['records', 'header', 'index']);
    expect(await codeOf(IndexedDbBackend.open(newer))).toBe('ERR_FORMAT_VERSION_UNSUPPORTED');
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    expect(await codeOf(IndexedDbBackend.open(''))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(IndexedDbBackend.open('x', { indexedDB: {} as IDBFactory }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(IndexedDbBackend.destroy(''))).toBe('ERR_INVALID_ARGUMENT');
  });
});
