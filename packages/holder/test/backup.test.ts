import { describe, expect, it } from 'vitest';
import { verifySdJwtVc } from '@elicense/core';
import { MemoryBackend, Wallet } from '@elicense/holder';
import { FAST_KDF, NOW, clock, rejectsWith, resolver, setup } from './helpers.js';

const SECRET = 'correct horse battery staple';

/** A wallet with three licences, its keys extractable so that a backup carries everything. */
async function fullWallet() {
  const s = await setup({ keys: { extractable: true } });
  const held = [await s.receive('resident_id_card'), await s.receive('driving_licence'), await s.receive('marriage_certificate')];
  return { ...s, held };
}

/** Everything a backend holds, to prove a failed restore changed nothing. */
async function snapshot(backend: MemoryBackend): Promise<string> {
  const ids = await backend.ids();
  const parts: string[] = [];
  for (const id of ids) {
    const r = await backend.get(id);
    parts.push(`${id}:${Array.from(r!.iv).join(',')}:${Array.from(r!.ct).join(',')}`);
  }
  return parts.join('\n');
}

describe('backup and restore', () => {
  it('restores the same credentials into an empty wallet on another device, and they can be presented', async () => {
    const { issuer, wallet, held } = await fullWallet();
    const backup = await wallet.backup({ secret: SECRET, kdfIterations: FAST_KDF });
    expect(backup.credentials.sort()).toEqual(held.map((c) => c.id).sort());
    expect(backup.keys.sort()).toEqual(held.map((c) => c.holderKeyId).sort());
    expect(backup.keysOmitted).toEqual([]);
    expect(backup.file).not.toContain('李娜');
    expect(JSON.parse(backup.file)).toMatchObject({ format: 'elicense-wallet-backup', version: 1 });

    const phone = await Wallet.create({ resolver, now: clock, backend: new MemoryBackend() });
    const result = await phone.restore(backup.file, { secret: SECRET });
    expect(result.credentials.sort()).toEqual(backup.credentials.sort());
    expect(result.notPresentable).toEqual([]);
    expect(await phone.list()).toEqual(await wallet.list());
    // the new phone keeps restored keys as its backend prefers: non-extractable in memory
    expect((await phone.holderKeys()).every((k) => !k.extractable)).toBe(true);

    const licence = held[1]!;
    const vp = await phone.present(licence.id, { reveal: ['vehicle_classes'], nonce: 'n-9', aud: 'https://police.example' });
    const verified = await verifySdJwtVc(vp, { issuerKey: issuer.publicJwk, nonce: 'n-9', aud: 'https://police.example', now: NOW });
    expect(verified.payload.vehicle_classes).toEqual(['C1']);
  });

  it('says which keys it could not carry: credentials come back, but cannot be presented', async () => {
    const s = await setup();
    const kept = await s.receive('resident_id_card');
    const backup = await s.wallet.backup({ secret: SECRET, kdfIterations: FAST_KDF });
    expect(backup.keys).toEqual([]);
    expect(backup.keysOmitted).toEqual([{ keyId: kept.holderKeyId, credentialIds: [kept.id] }]);

    const phone = await Wallet.create({ resolver, now: clock });
    const result = await phone.restore(backup.file, { secret: SECRET });
    expect(result.notPresentable).toEqual([kept.id]);
    expect(await phone.get(kept.id)).toMatchObject({ claims: kept.claims, presentable: false });
    await rejectsWith(phone.present(kept.id, { reveal: ['name'], nonce: 'n', aud: 'a' }), 'ERR_HOLDER_KEY_UNAVAILABLE');
    await expect(phone.match({ credentials: [{ id: 'id', format: 'dc+sd-jwt', meta: { vct_values: [kept.vct] } }] })).resolves.toMatchObject({ satisfied: false });
  });

  it('keeps status checks and the shared wallet key across a restore', async () => {
    const s = await setup({ keys: { extractable: true, perCredential: false } });
    const a = await s.receive('resident_id_card');
    const b = await s.receive('driving_licence');
    expect(a.holderKeyId).toBe(b.holderKeyId);
    const { file } = await s.wallet.backup({ secret: SECRET, kdfIterations: FAST_KDF });
    const phone = await Wallet.create({ resolver, now: clock, keys: { perCredential: false } });
    await phone.restore(file, { secret: SECRET });
    expect((await phone.createHolderKey()).id).toBe(a.holderKeyId);
  });

  it('refuses a wrong secret, a corrupted file, an edited header and a newer version, leaving the wallet untouched', async () => {
    const { wallet } = await fullWallet();
    const { file } = await wallet.backup({ secret: SECRET, kdfIterations: FAST_KDF });
    const backend = new MemoryBackend();
    const phone = await Wallet.create({ resolver, now: clock, backend });
    await phone.createHolderKey();
    const target = await Wallet.create({ resolver, now: clock, backend: new MemoryBackend() });
    const targetBackend = new MemoryBackend();
    const empty = await Wallet.create({ resolver, now: clock, backend: targetBackend });
    const before = await snapshot(targetBackend);

    const parsed = JSON.parse(file) as Record<string, unknown>;
    const flip = (s: string) => (s[5] === 'A' ? `${s.slice(0, 5)}B${s.slice(6)}` : `${s.slice(0, 5)}A${s.slice(6)}`);
    const cases: [string, string, string][] = [
      ['wrong secret', file, 'ERR_WALLET_SECRET_INVALID'],
      ['not JSON', file.slice(0, file.length / 2), 'ERR_BACKUP_INVALID'],
      ['ciphertext flipped', JSON.stringify({ ...parsed, ciphertext: flip(String(parsed.ciphertext)) }), 'ERR_BACKUP_INVALID'],
      ['created_at edited', JSON.stringify({ ...parsed, created_at: Number(parsed.created_at) + 1 }), 'ERR_BACKUP_INVALID'],
      ['newer version', JSON.stringify({ ...parsed, version: 2 }), 'ERR_FORMAT_VERSION_UNSUPPORTED'],
      ['another format', JSON.stringify({ ...parsed, format: 'something-else' }), 'ERR_BACKUP_INVALID'],
    ];
    for (const [name, text, code] of cases) {
      const secret = name === 'wrong secret' ? 'not the secret' : SECRET;
      await rejectsWith(empty.restore(text, { secret }), code as 'ERR_BACKUP_INVALID');
    }
    expect(await snapshot(targetBackend)).toBe(before);
    expect(await empty.list()).toEqual([]);

    // a wallet that already holds something is not overwritten
    await rejectsWith(phone.restore(file, { secret: SECRET }), 'ERR_WALLET_NOT_EMPTY');
    expect(await phone.list()).toEqual([]);
    expect(await phone.holderKeys()).toHaveLength(1);
    // and the file still restores where it should
    await expect(target.restore(file, { secret: SECRET })).resolves.toMatchObject({ notPresentable: [] });
  });

  it('refuses misuse', async () => {
    const { wallet } = await fullWallet();
    await rejectsWith(wallet.backup({ secret: 42 as unknown as string }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.backup({ secret: SECRET, kdfIterations: 10 }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.restore(42 as unknown as string, { secret: SECRET }), 'ERR_INVALID_ARGUMENT');
  });
});
