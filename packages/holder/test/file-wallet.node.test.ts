import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifySdJwtVc } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { openFileWallet } from '@elicense/holder/node';
import { FAST_KDF, LICENCE_CLAIMS, NOW, clock, rejectsWith, resolver } from './helpers.js';

const dirs: string[] = [];
async function walletPath(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'elicense-wallet-'));
  dirs.push(d);
  return join(d, 'nested', 'alice.wallet');
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const SECRET = 'wallet passphrase 🔑';

describe('openFileWallet', () => {
  it('keeps holder keys and credentials across restarts, encrypted in the file', async () => {
    const path = await walletPath();
    const issuer = await Issuer.create({ now: clock });
    const wallet = await openFileWallet(path, { secret: SECRET, kdfIterations: FAST_KDF, resolver, now: clock });
    const key = await wallet.createHolderKey();
    expect(key.extractable).toBe(true);
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: key.publicJwk });
    const stored = await wallet.receive(issued.credential);

    const text = await readFile(path, 'utf8');
    for (const plain of ['张伟', LICENCE_CLAIMS.resident_id_card.citizen_id_number, issued.credential.slice(0, 40), '"d"']) expect(text).not.toContain(plain);

    const reopened = await openFileWallet(path, { secret: SECRET, resolver, now: clock });
    expect(await reopened.list()).toEqual([stored]);
    const vp = await reopened.present(stored.id, { reveal: ['age_over_18'], nonce: 'n', aud: 'https://hotel.example' });
    const verified = await verifySdJwtVc(vp, { issuerKey: issuer.publicJwk, nonce: 'n', aud: 'https://hotel.example', now: NOW });
    expect(verified.payload.age_over_18).toBe(true);
  });

  it('refuses a wrong secret and a missing one, and leaves the file as it was', async () => {
    const path = await walletPath();
    const wallet = await openFileWallet(path, { secret: SECRET, kdfIterations: FAST_KDF });
    await wallet.createHolderKey();
    const before = await readFile(path);
    await rejectsWith(openFileWallet(path, { secret: 'not it' }), 'ERR_WALLET_SECRET_INVALID');
    await rejectsWith(openFileWallet(path, {}), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(openFileWallet(path, { secret: SECRET, keys: { extractable: false } }), 'ERR_INVALID_ARGUMENT');
    expect(await readFile(path)).toEqual(before);
  });

  it('deletes for real: a removed credential is no longer in the file, not even encrypted', async () => {
    const path = await walletPath();
    const issuer = await Issuer.create({ now: clock });
    const wallet = await openFileWallet(path, { secret: SECRET, kdfIterations: FAST_KDF, resolver, now: clock });
    const key = await wallet.createHolderKey();
    const { id } = await wallet.receive((await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: key.publicJwk })).credential);
    const withIt = JSON.parse(await readFile(path, 'utf8')) as { records: Record<string, unknown> };
    expect(Object.keys(withIt.records).sort()).toEqual([`credential/${id}`, `key/${key.id}`]);
    await wallet.remove(id);
    const without = JSON.parse(await readFile(path, 'utf8')) as { records: Record<string, unknown> };
    expect(without.records).toEqual({});
    const raw = await readFile(path, 'utf8');
    for (const r of Object.values(withIt.records) as { ct: string }[]) expect(raw).not.toContain(r.ct.slice(0, 32));
  });
});
