import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBase64url, type ErrorCode } from '@elicense/core';
import type { SealedRecord, WalletBackend } from '@elicense/holder';
import { FileBackend } from '@elicense/holder/node';
import { codeOf } from '../../../test/helpers/errors.js';
import { Vault } from '../dist/internal/vault.js';
import { walletBackendConformance } from './backend-conformance.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'elicense-backend-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const fresh = async (): Promise<FileBackend> => FileBackend.open(join(await tempDir(), 'wallet.store.json'));

walletBackendConformance('FileBackend', fresh, async (b: WalletBackend) => FileBackend.open((b as FileBackend).path));

function record(fill: number): SealedRecord {
  return { v: 1, iv: new Uint8Array(12).fill(fill), ct: new Uint8Array(32).fill(fill + 1) };
}

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  expect(await codeOf(p)).toBe(code);
}

describe('FileBackend', () => {
  it('is persistent and cannot keep CryptoKeys', async () => {
    const b = await fresh();
    expect(b.persistent).toBe(true);
    expect(b.keepsCryptoKeys).toBe(false);
  });

  it('writes nothing until the first change, then one JSON file in the documented format', async () => {
    const dir = await tempDir();
    const path = join(dir, 'nested', 'w.json');
    const b = await FileBackend.open(path);
    expect(await b.ids()).toEqual([]);
    await expect(readdir(dir)).resolves.toEqual([]);
    await b.writeHeader(new Uint8Array([1, 2, 3]));
    await b.commit({ put: [['credential/1', record(7)]] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      format: 'elicense-wallet-store',
      version: 1,
      header: encodeBase64url(new Uint8Array([1, 2, 3])),
      records: { 'credential/1': { v: 1, iv: encodeBase64url(record(7).iv), ct: encodeBase64url(record(7).ct) } },
    });
    expect((await readdir(join(dir, 'nested'))).sort()).toEqual(['w.json']);
  });

  it('writes the file with mode 0600', async () => {
    const b = await fresh();
    await b.writeHeader(new Uint8Array([1]));
    expect((await stat(b.path)).mode & 0o777).toBe(0o600);
    await b.commit({ put: [['a', record(1)]] });
    expect((await stat(b.path)).mode & 0o777).toBe(0o600);
  });

  it('discards a torn temporary file left by a crash mid-write', async () => {
    const b = await fresh();
    await b.writeHeader(new Uint8Array([1]));
    await b.commit({ put: [['a', record(1)]] });
    const before = await readFile(b.path, 'utf8');
    await writeFile(`${b.path}.tmp`, before.slice(0, Math.floor(before.length / 2)));
    const reopened = await FileBackend.open(b.path);
    expect(await reopened.ids()).toEqual(['a']);
    expect(await readFile(b.path, 'utf8')).toBe(before);
    expect((await readdir(join(b.path, '..'))).sort()).toEqual(['wallet.store.json']);
    await reopened.commit({ put: [['b', record(2)]] });
    expect(await (await FileBackend.open(b.path)).ids()).toEqual(['a', 'b']);
  });

  it('keeps the bytes of a deleted record out of the file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'w.json');
    const b = await FileBackend.open(path);
    const secret = 'a citizen secret';
    const vault = await Vault.open(b, { secret, kdfIterations: 10_000 });
    await vault.commit({ put: [['credential/1', { value: { id: 'urn:uuid:1' } }], ['credential/2', { value: { id: 'urn:uuid:2' } }]] });
    const gone = (await b.get('credential/1'))!;
    const ctText = encodeBase64url(gone.ct);
    const ivText = encodeBase64url(gone.iv);
    expect(await readFile(path, 'utf8')).toContain(ctText);
    await vault.commit({ delete: ['credential/1'] });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(ctText);
    expect(text).not.toContain(ivText);
    expect(text).not.toContain('credential/1');
    expect(text).toContain('credential/2');
    expect((await readdir(dir)).sort()).toEqual(['w.json']);
  });

  it('refuses a file that is not a wallet store with ERR_STORE_CORRUPT, and leaves it alone', async () => {
    const dir = await tempDir();
    const header = encodeBase64url(new Uint8Array([1]));
    const good = { v: 1, iv: encodeBase64url(new Uint8Array(12)), ct: encodeBase64url(new Uint8Array(16)) };
    const cases: Record<string, string> = {
      torn: '{"format":"elicense-wallet-store","version":1,"header":null,"rec',
      empty: '',
      foreign: '{"name":"not-a-wallet"}',
      array: '[]',
      old: JSON.stringify({ format: 'elicense-wallet', version: 1, holderKey: null, credentials: [] }),
      version0: JSON.stringify({ format: 'elicense-wallet-store', version: 0, header: null, records: {} }),
      versionText: JSON.stringify({ format: 'elicense-wallet-store', version: '1', header: null, records: {} }),
      header: JSON.stringify({ format: 'elicense-wallet-store', version: 1, header: 'not base64url!', records: {} }),
      records: JSON.stringify({ format: 'elicense-wallet-store', version: 1, header, records: [] }),
      iv: JSON.stringify({ format: 'elicense-wallet-store', version: 1, header, records: { a: { ...good, iv: 'AAAA' } } }),
      ct: JSON.stringify({ format: 'elicense-wallet-store', version: 1, header, records: { a: { ...good, ct: 'AA' } } }),
      envelope: JSON.stringify({ format: 'elicense-wallet-store', version: 1, header, records: { a: { ...good, v: 2 } } }),
    };
    for (const [name, text] of Object.entries(cases)) {
      const path = join(dir, `${name}.json`);
      await writeFile(path, text);
      expect(await codeOf(FileBackend.open(path)), name).toBe('ERR_STORE_CORRUPT');
      expect(await readFile(path, 'utf8')).toBe(text);
    }
  });

  it('refuses a store written by a newer version with ERR_FORMAT_VERSION_UNSUPPORTED', async () => {
    const path = join(await tempDir(), 'w.json');
    await writeFile(path, JSON.stringify({ format: 'elicense-wallet-store', version: 2, chunks: [] }));
    await rejectsWith(FileBackend.open(path), 'ERR_FORMAT_VERSION_UNSUPPORTED');
  });

  it('reports a failed write with ERR_STORE_FAILED and keeps its previous state', async () => {
    const dir = await tempDir();
    const b = await FileBackend.open(join(dir, 'sub', 'w.json'));
    await writeFile(join(dir, 'sub'), 'a file where a directory should be');
    await rejectsWith(b.writeHeader(new Uint8Array([1])), 'ERR_STORE_FAILED');
    await rejectsWith(b.commit({ put: [['a', record(1)]] }), 'ERR_STORE_FAILED');
    expect(await b.readHeader()).toBeUndefined();
    expect(await b.ids()).toEqual([]);
    await rejectsWith(FileBackend.open(join(dir, 'sub', 'w.json')), 'ERR_STORE_FAILED');
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    await rejectsWith(FileBackend.open(''), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(FileBackend.open(42 as unknown as string), 'ERR_INVALID_ARGUMENT');
    const b = await fresh();
    await rejectsWith(b.writeHeader(new Uint8Array(0)), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(b.writeHeader('header' as unknown as Uint8Array), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(b.get(''), 'ERR_INVALID_ARGUMENT');
  });

  it('serves a wallet that a Vault opens again from the file alone', async () => {
    const path = join(await tempDir(), 'w.json');
    const vault = await Vault.open(await FileBackend.open(path), { secret: 'pass phrase', kdfIterations: 10_000 });
    await vault.commit({ put: [['credential/1', { value: { name: '李娜' } }]] });
    const again = await Vault.open(await FileBackend.open(path), { secret: 'pass phrase' });
    expect(await again.get('credential/1')).toEqual({ value: { name: '李娜' } });
    await rejectsWith(Vault.open(await FileBackend.open(path), {}), 'ERR_INVALID_ARGUMENT');
  });
});
