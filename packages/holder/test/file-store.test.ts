import { mkdtemp, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifySdJwtVc } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { FileCredentialStore, openFileWallet } from '@elicense/holder/node';
import { credentialStoreConformance } from './store-conformance.js';
import { LICENCE_CLAIMS, NOW, clock, rejectsWith, resolver } from './helpers.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'elicense-wallet-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

credentialStoreConformance('FileCredentialStore', async () => FileCredentialStore.open(join(await tempDir(), 'wallet.json')));

credentialStoreConformance('FileCredentialStore, reopened after every write', async () => {
  const path = join(await tempDir(), 'wallet.json');
  const first = await FileCredentialStore.open(path);
  // a store whose reads always come from a fresh open of the file
  return {
    get: async (id) => (await FileCredentialStore.open(path)).get(id),
    list: async () => (await FileCredentialStore.open(path)).list(),
    put: (c) => first.put(c),
    delete: (id) => first.delete(id),
  };
});

describe('openFileWallet', () => {
  it('keeps the holder key and the credentials across restarts', async () => {
    const path = join(await tempDir(), 'nested', 'alice.wallet.json');
    const issuer = await Issuer.create({ now: clock });
    const wallet = await openFileWallet(path, { resolver, now: clock });
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: wallet.publicJwk });
    const stored = await wallet.receive(issued.credential);

    const reopened = await openFileWallet(path, { resolver, now: clock });
    expect(reopened.publicJwk).toEqual(wallet.publicJwk);
    expect(await reopened.list()).toEqual([stored]);
    const vp = await reopened.present(stored.id, { reveal: ['age_over_18'], nonce: 'n', aud: 'https://hotel.example' });
    const verified = await verifySdJwtVc(vp, { issuerKey: issuer.publicJwk, nonce: 'n', aud: 'https://hotel.example', now: NOW });
    expect(verified.payload.age_over_18).toBe(true);
  });

  it('creates EdDSA wallets on request and refuses a different alg for an existing file', async () => {
    const path = join(await tempDir(), 'ed.json');
    const wallet = await openFileWallet(path, { alg: 'EdDSA' });
    expect(wallet.publicJwk.crv).toBe('Ed25519');
    expect((await openFileWallet(path)).publicJwk).toEqual(wallet.publicJwk);
    await rejectsWith(openFileWallet(path, { alg: 'ES256' }), 'ERR_INVALID_ARGUMENT');
  });

  it('writes the file with mode 0600, holding the private key', async () => {
    const path = join(await tempDir(), 'w.json');
    await openFileWallet(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(file).toMatchObject({ format: 'elicense-wallet', version: 1, holderKey: { alg: 'ES256', privateJwk: { d: expect.any(String) } }, credentials: [] });
  });
});

describe('FileCredentialStore crash safety', () => {
  const sample = {
    id: 'urn:uuid:1',
    format: 'dc+sd-jwt' as const,
    type: 'resident_id_card',
    vct: 'urn:elicense:vct:resident_id_card:1',
    issuer: 'did:web:gov.example',
    credential: 'eyJ.x.y~',
    claims: { name: '张伟' },
    receivedAt: NOW,
  };

  it('ignores a torn temporary file left by a crash mid-write', async () => {
    const path = join(await tempDir(), 'w.json');
    const store = await FileCredentialStore.open(path);
    await store.put(sample);
    const before = await readFile(path, 'utf8');
    // the process died while writing the next version
    await writeFile(`${path}.tmp`, before.slice(0, before.length / 2));
    const reopened = await FileCredentialStore.open(path);
    expect(await reopened.list()).toEqual([sample]);
    expect(await readFile(path, 'utf8')).toBe(before);
    await reopened.put({ ...sample, id: 'urn:uuid:2' });
    await expect((await FileCredentialStore.open(path)).list()).resolves.toHaveLength(2);
    expect((await readdir(join(path, '..'))).sort()).toEqual(['w.json']);
  });

  it('survives a torn temporary file appearing while the store is open', async () => {
    const path = join(await tempDir(), 'w.json');
    const store = await FileCredentialStore.open(path);
    await store.put(sample);
    await writeFile(`${path}.tmp`, '{"format":"elicense-wal');
    await store.put({ ...sample, id: 'urn:uuid:2' });
    expect((await (await FileCredentialStore.open(path)).list()).map((c) => c.id)).toEqual(['urn:uuid:1', 'urn:uuid:2']);
  });

  it('refuses to open a corrupt or foreign file, and leaves it alone', async () => {
    const dir = await tempDir();
    const torn = join(dir, 'torn.json');
    await writeFile(torn, '{"format":"elicense-wallet","version":1,"credentials":[');
    await rejectsWith(FileCredentialStore.open(torn), 'ERR_STORE_FAILED');
    expect(await readFile(torn, 'utf8')).toBe('{"format":"elicense-wallet","version":1,"credentials":[');
    const foreign = join(dir, 'package.json');
    await writeFile(foreign, '{"name":"not-a-wallet"}');
    await rejectsWith(FileCredentialStore.open(foreign), 'ERR_STORE_FAILED');
    await rejectsWith(openFileWallet(foreign), 'ERR_STORE_FAILED');
  });

  it('reports a failed write with ERR_STORE_FAILED and keeps its previous state', async () => {
    const dir = await tempDir();
    const store = await FileCredentialStore.open(join(dir, 'sub', 'w.json'));
    // the directory the wallet lives in cannot be created any more
    await writeFile(join(dir, 'sub'), 'a file where a directory should be');
    await rejectsWith(store.put(sample), 'ERR_STORE_FAILED');
    expect(await store.get(sample.id)).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('refuses misuse', async () => {
    await rejectsWith(FileCredentialStore.open(''), 'ERR_INVALID_ARGUMENT');
    const store = await FileCredentialStore.open(join(await tempDir(), 'w.json'));
    await rejectsWith(store.put({ ...sample, id: '' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(store.setHolderKey({ alg: 'ES256', publicJwk: {}, privateJwk: {} }), 'ERR_INVALID_ARGUMENT');
  });
});
