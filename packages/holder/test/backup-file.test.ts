import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64url, encodeBase64url } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { codeOf } from '../../../test/helpers/errors.js';
import { openBackup, sealBackup } from '../dist/internal/backup-file.js';

const SECRET = 'backup passphrase 备份';
const CREATED = 1_772_323_200;
const FAST = { createdAt: CREATED, kdfIterations: 10_000 };
const PAYLOAD: JsonObject = {
  credentials: [{ id: 'urn:uuid:1', credential: 'eyJhbGciOiJFUzI1NiJ9.e30.sig~WyJzYWx0IiwibmFtZSIsIuW8oOS8nyJd~', claims: { name: '张伟' } }],
  keys: [{ alg: 'ES256', privateJwk: { kty: 'EC', crv: 'P-256', d: 'secret-d' } }],
};

/** Change the first byte of base64url `s`, keeping its length. */
function alter(s: string): string {
  const b = decodeBase64url(s);
  b[0] = b[0]! ^ 0x01;
  return encodeBase64url(b);
}

function edit(file: string, change: (f: JsonObject) => unknown): string {
  const f = JSON.parse(file) as JsonObject;
  return JSON.stringify(change(f) ?? f);
}

describe('backup file: sealing', () => {
  it('round-trips the payload and its creation time', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    expect(await openBackup(file, SECRET)).toEqual({ payload: PAYLOAD, createdAt: CREATED });
  });

  it('is a versioned JSON text with the KDF parameters, a key check and one ciphertext', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    const f = JSON.parse(file) as JsonObject;
    expect(Object.keys(f).sort()).toEqual(['ciphertext', 'created_at', 'format', 'iv', 'kdf', 'key_check', 'version']);
    expect(f).toMatchObject({ format: 'elicense-wallet-backup', version: 1, created_at: CREATED, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 10_000 } });
    expect(decodeBase64url((f.kdf as JsonObject).salt as string)).toHaveLength(16);
    expect(decodeBase64url(f.iv as string)).toHaveLength(12);
    const check = f.key_check as JsonObject;
    expect(decodeBase64url(check.iv as string)).toHaveLength(12);
    expect(decodeBase64url(check.ct as string).length).toBeGreaterThanOrEqual(16);
    expect(decodeBase64url(f.ciphertext as string)).toHaveLength(new TextEncoder().encode(JSON.stringify(PAYLOAD)).length + 16);
    for (const plain of ['张伟', 'secret-d', 'urn:uuid:1', SECRET]) expect(file).not.toContain(plain);
  });

  it('uses a fresh salt and IVs every time', async () => {
    const a = JSON.parse(await sealBackup(PAYLOAD, SECRET, FAST)) as JsonObject;
    const b = JSON.parse(await sealBackup(PAYLOAD, SECRET, FAST)) as JsonObject;
    expect((a.kdf as JsonObject).salt).not.toBe((b.kdf as JsonObject).salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('uses 600,000 PBKDF2 iterations by default', async () => {
    const f = JSON.parse(await sealBackup({}, SECRET, { createdAt: CREATED })) as JsonObject;
    expect(f.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
  });

  it('normalises a passphrase to NFC and takes bytes too', async () => {
    const file = await sealBackup(PAYLOAD, 'caf\u00e9', FAST);
    expect((await openBackup(file, 'cafe\u0301')).payload).toEqual(PAYLOAD);
    expect((await openBackup(file, new TextEncoder().encode('caf\u00e9'))).payload).toEqual(PAYLOAD);
    const raw = new Uint8Array([1, 2, 3, 4, 5]);
    expect((await openBackup(await sealBackup({ a: 1 }, raw, FAST), raw)).payload).toEqual({ a: 1 });
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    const cyclic: JsonObject = {};
    cyclic.self = cyclic;
    const bad: Array<() => Promise<unknown>> = [
      () => sealBackup([] as unknown as JsonObject, SECRET, FAST),
      () => sealBackup(null as unknown as JsonObject, SECRET, FAST),
      () => sealBackup({ n: 1n }, SECRET, FAST),
      () => sealBackup(cyclic, SECRET, FAST),
      () => sealBackup(PAYLOAD, '', FAST),
      () => sealBackup(PAYLOAD, new Uint8Array(0), FAST),
      () => sealBackup(PAYLOAD, 42 as unknown as string, FAST),
      () => sealBackup(PAYLOAD, SECRET, { createdAt: -1 }),
      () => sealBackup(PAYLOAD, SECRET, { createdAt: 1.5 }),
      () => sealBackup(PAYLOAD, SECRET, {} as { createdAt: number }),
      () => sealBackup(PAYLOAD, SECRET, { createdAt: CREATED, kdfIterations: 9_999 }),
      () => sealBackup(PAYLOAD, SECRET, { createdAt: CREATED, kdfIterations: 10_000_001 }),
      () => sealBackup(PAYLOAD, SECRET, null as unknown as { createdAt: number }),
      () => openBackup(42 as unknown as string, SECRET),
      () => openBackup('{}', ''),
    ];
    for (const [i, f] of bad.entries()) expect(await codeOf(f()), `case ${i}`).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('backup file: opening', () => {
  it('refuses a wrong secret with ERR_WALLET_SECRET_INVALID', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    for (const secret of ['wrong', `${SECRET} `, SECRET.toUpperCase(), new Uint8Array([1])]) {
      expect(await codeOf(openBackup(file, secret))).toBe('ERR_WALLET_SECRET_INVALID');
    }
  });

  it('detects tampering with every header field, the IV and the ciphertext', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    const cases: Array<[string, (f: JsonObject) => unknown, string]> = [
      ['format', (f) => void (f.format = 'elicense-wallet'), 'ERR_BACKUP_INVALID'],
      ['version 0', (f) => void (f.version = 0), 'ERR_BACKUP_INVALID'],
      ['version "1"', (f) => void (f.version = '1'), 'ERR_BACKUP_INVALID'],
      ['created_at', (f) => void (f.created_at = CREATED + 1), 'ERR_BACKUP_INVALID'],
      ['created_at type', (f) => void (f.created_at = String(CREATED)), 'ERR_BACKUP_INVALID'],
      ['kdf.name', (f) => void ((f.kdf as JsonObject).name = 'scrypt'), 'ERR_BACKUP_INVALID'],
      ['kdf.hash', (f) => void ((f.kdf as JsonObject).hash = 'SHA-512'), 'ERR_BACKUP_INVALID'],
      ['kdf.iterations', (f) => void ((f.kdf as JsonObject).iterations = 10_001), 'ERR_WALLET_SECRET_INVALID'],
      ['kdf.salt', (f) => void ((f.kdf as JsonObject).salt = alter((f.kdf as JsonObject).salt as string)), 'ERR_WALLET_SECRET_INVALID'],
      ['kdf.salt length', (f) => void ((f.kdf as JsonObject).salt = 'AAAA'), 'ERR_BACKUP_INVALID'],
      ['kdf extra', (f) => void ((f.kdf as JsonObject).memory = 1), 'ERR_BACKUP_INVALID'],
      ['key_check.iv', (f) => void ((f.key_check as JsonObject).iv = alter((f.key_check as JsonObject).iv as string)), 'ERR_WALLET_SECRET_INVALID'],
      ['key_check.ct', (f) => void ((f.key_check as JsonObject).ct = alter((f.key_check as JsonObject).ct as string)), 'ERR_WALLET_SECRET_INVALID'],
      ['iv', (f) => void (f.iv = alter(f.iv as string)), 'ERR_BACKUP_INVALID'],
      ['iv length', (f) => void (f.iv = 'AAAA'), 'ERR_BACKUP_INVALID'],
      ['ciphertext', (f) => void (f.ciphertext = alter(f.ciphertext as string)), 'ERR_BACKUP_INVALID'],
      ['ciphertext truncated', (f) => void (f.ciphertext = (f.ciphertext as string).slice(0, -4)), 'ERR_BACKUP_INVALID'],
      ['ciphertext not base64url', (f) => void (f.ciphertext = `${f.ciphertext as string}=`), 'ERR_BACKUP_INVALID'],
      ['extra field', (f) => void (f.comment = 'hi'), 'ERR_BACKUP_INVALID'],
      ['missing field', (f) => void delete f.key_check, 'ERR_BACKUP_INVALID'],
      ['array', () => [], 'ERR_BACKUP_INVALID'],
    ];
    for (const [name, change, code] of cases) {
      expect(await codeOf(openBackup(edit(file, change), SECRET)), name).toBe(code);
    }
    // the key check and ciphertext of another backup under the same secret and KDF parameters
    const other = JSON.parse(await sealBackup({ other: true }, SECRET, FAST)) as JsonObject;
    const spliced = edit(file, (f) => void ((f.kdf = other.kdf), (f.key_check = other.key_check)));
    expect(await codeOf(openBackup(spliced, SECRET))).toBe('ERR_BACKUP_INVALID');
    // the untouched file still opens
    expect((await openBackup(edit(file, () => undefined), SECRET)).payload).toEqual(PAYLOAD);
  });

  it('refuses a backup from a newer version before any key derivation', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    expect(await codeOf(openBackup(edit(file, (f) => void (f.version = 2)), 'wrong secret'))).toBe('ERR_FORMAT_VERSION_UNSUPPORTED');
    const future = JSON.stringify({ format: 'elicense-wallet-backup', version: 3, kdf: { name: 'argon2id', memory: 1e12 }, chunks: [] });
    expect(await codeOf(openBackup(future, SECRET))).toBe('ERR_FORMAT_VERSION_UNSUPPORTED');
  });

  it('refuses text that is not a backup with ERR_BACKUP_INVALID', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    for (const text of ['', 'not json', '{', 'null', '42', '"backup"', '[]', '{}', file.slice(0, file.length / 2), file.slice(0, -3)]) {
      expect(await codeOf(openBackup(text, SECRET)), JSON.stringify(text.slice(0, 20))).toBe('ERR_BACKUP_INVALID');
    }
  });

  it('refuses absurd KDF parameters and sizes at once instead of hanging', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    for (const iterations of [10_000_001, 1e9, 2 ** 53, 9_999, 0, -1, 1.5]) {
      const t0 = Date.now();
      expect(await codeOf(openBackup(edit(file, (f) => void ((f.kdf as JsonObject).iterations = iterations)), SECRET))).toBe('ERR_BACKUP_INVALID');
      expect(Date.now() - t0).toBeLessThan(1_000);
    }
    const huge = `{"format":"elicense-wallet-backup","version":1,"pad":"${'x'.repeat(64 * 1024 * 1024)}"}`;
    expect(await codeOf(openBackup(huge, SECRET))).toBe('ERR_BACKUP_INVALID');
  });

  it('rejects any single flipped byte of the ciphertext or IV', async () => {
    const file = await sealBackup(PAYLOAD, SECRET, FAST);
    const f = JSON.parse(file) as JsonObject;
    const iv = decodeBase64url(f.iv as string);
    const ct = decodeBase64url(f.ciphertext as string);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: iv.length + ct.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        const iv2 = iv.slice();
        const ct2 = ct.slice();
        if (at < iv2.length) iv2[at] = iv2[at]! ^ mask;
        else ct2[at - iv2.length] = ct2[at - iv2.length]! ^ mask;
        const tampered = JSON.stringify({ ...f, iv: encodeBase64url(iv2), ciphertext: encodeBase64url(ct2) });
        expect(await codeOf(openBackup(tampered, SECRET))).toBe('ERR_BACKUP_INVALID');
      }),
      { numRuns: 40 },
    );
  });
});
