import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ElicenseError, decodeBase64url, encodeBase64url, generateKeyPair } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { MemoryBackend } from '@elicense/holder';
import type { SealedRecord, WalletBackend, WalletCommit } from '@elicense/holder';
import { codeOf } from '../../../test/helpers/errors.js';
import { Vault } from '../dist/internal/vault.js';

const KDF = { kdfIterations: 10_000 };
const SECRET = 'Zhang Wei · 张伟 · 2026';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

async function headerOf(b: WalletBackend): Promise<JsonObject> {
  return JSON.parse(new TextDecoder().decode(await b.readHeader())) as JsonObject;
}

/** A new memory backend holding `header` (bytes) and copies of every record of `from`. */
async function withHeader(from: WalletBackend, header: Uint8Array | JsonObject): Promise<MemoryBackend> {
  const b = new MemoryBackend();
  await b.writeHeader(header instanceof Uint8Array ? header : utf8(JSON.stringify(header)));
  const put: [string, SealedRecord][] = [];
  for (const id of await from.ids()) put.push([id, (await from.get(id))!]);
  await b.commit({ put });
  return b;
}

/** A sample wallet: one record, its backend and header. */
async function sample(options: { secret?: string | Uint8Array; encryptionKey?: CryptoKey } = { secret: SECRET }): Promise<{ backend: MemoryBackend; header: JsonObject }> {
  const backend = new MemoryBackend();
  const vault = await Vault.open(backend, { ...options, ...KDF });
  await vault.commit({ put: [['credential/1', { value: { name: '张伟' } }]] });
  return { backend, header: await headerOf(backend) };
}

/** Change one base64url character of `s` so that it still decodes to the same length. */
function alter(s: string): string {
  const bytes = decodeBase64url(s);
  bytes[0] = bytes[0]! ^ 0x01;
  return encodeBase64url(bytes);
}

/** A real backend on top of memory whose reads can be rewritten, for envelopes a backend may hand back. */
class RewritingBackend extends MemoryBackend {
  rewrite: ((r: SealedRecord) => unknown) | undefined;
  override async get(id: string): Promise<SealedRecord | undefined> {
    const r = await super.get(id);
    return r === undefined || this.rewrite === undefined ? r : (this.rewrite(r) as SealedRecord);
  }
}

/** A memory backend that says it is persistent, to check the rules for persistent backends. */
class PersistentMemoryBackend extends MemoryBackend {
  override readonly persistent: boolean = true;
}

/** A backend whose storage fails the way a custom backend might (a plain Error). */
class FailingBackend extends MemoryBackend {
  override async commit(_changes: WalletCommit): Promise<void> {
    throw new Error('disk full');
  }
}

describe('Vault: opening with a secret', () => {
  it('writes a header with the format, a random wallet id, the PBKDF2 parameters and a key check', async () => {
    const b = new MemoryBackend();
    await Vault.open(b, { secret: SECRET, ...KDF });
    const h = await headerOf(b);
    expect(Object.keys(h).sort()).toEqual(['format', 'kdf', 'key_check', 'version', 'wallet_id']);
    expect(h).toMatchObject({ format: 'elicense-wallet', version: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 10_000 } });
    expect(decodeBase64url((h.kdf as JsonObject).salt as string)).toHaveLength(16);
    expect(decodeBase64url(h.wallet_id as string)).toHaveLength(16);
    const check = h.key_check as JsonObject;
    expect(decodeBase64url(check.iv as string)).toHaveLength(12);
    expect(decodeBase64url(check.ct as string).length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(h)).not.toContain('Zhang');

    const other = new MemoryBackend();
    await Vault.open(other, { secret: SECRET, ...KDF });
    const h2 = await headerOf(other);
    expect(h2.wallet_id).not.toBe(h.wallet_id);
    expect((h2.kdf as JsonObject).salt).not.toBe((h.kdf as JsonObject).salt);
  });

  it('uses 600,000 PBKDF2 iterations by default', async () => {
    const b = new MemoryBackend();
    await Vault.open(b, { secret: SECRET });
    expect((await headerOf(b)).kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
  });

  it('opens an existing wallet with the iteration count in its header, whatever options.kdfIterations says', async () => {
    const { backend } = await sample();
    const vault = await Vault.open(backend, { secret: SECRET, kdfIterations: 20_000 });
    expect(await vault.get('credential/1')).toEqual({ value: { name: '张伟' } });
    expect(((await headerOf(backend)).kdf as JsonObject).iterations).toBe(10_000);
  });

  it('refuses iteration counts outside 10,000 … 10,000,000 for a new wallet', async () => {
    for (const kdfIterations of [9_999, 0, -1, 10_000.5, 10_000_001, Number.NaN, '10000' as unknown as number]) {
      expect(await codeOf(Vault.open(new MemoryBackend(), { secret: SECRET, kdfIterations }))).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('refuses a wrong secret with ERR_WALLET_SECRET_INVALID', async () => {
    const { backend } = await sample();
    for (const secret of ['wrong', SECRET.toUpperCase(), `${SECRET} `, utf8('wrong')]) {
      expect(await codeOf(Vault.open(backend, { secret }))).toBe('ERR_WALLET_SECRET_INVALID');
    }
  });

  it('normalises a passphrase to NFC: a composed and a decomposed "é" open the same wallet', async () => {
    const composed = 'caf\u00e9 secret';
    const decomposed = 'cafe\u0301 secret';
    expect(composed).not.toBe(decomposed);
    const { backend } = await sample({ secret: composed });
    const vault = await Vault.open(backend, { secret: decomposed });
    expect(await vault.get('credential/1')).toEqual({ value: { name: '张伟' } });
    const other = await sample({ secret: decomposed });
    expect(await (await Vault.open(other.backend, { secret: composed })).get('credential/1')).toEqual({ value: { name: '张伟' } });
  });

  it('takes the secret as bytes too (a passphrase is its NFC UTF-8 bytes)', async () => {
    const raw = new Uint8Array(32).map((_, i) => i * 7);
    const { backend } = await sample({ secret: raw });
    expect(await (await Vault.open(backend, { secret: raw.slice() })).get('credential/1')).toEqual({ value: { name: '张伟' } });
    raw[0] = 99;
    expect(await codeOf(Vault.open(backend, { secret: raw }))).toBe('ERR_WALLET_SECRET_INVALID');
    const byText = await sample({ secret: 'caf\u00e9' });
    expect(await (await Vault.open(byText.backend, { secret: utf8('caf\u00e9') })).get('credential/1')).toEqual({ value: { name: '张伟' } });
  });

  it('refuses empty or mistyped secrets with ERR_INVALID_ARGUMENT', async () => {
    for (const secret of ['', new Uint8Array(0), 42, null, ['a']]) {
      expect(await codeOf(Vault.open(new MemoryBackend(), { secret: secret as string }))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(await codeOf(Vault.open(new MemoryBackend(), null as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(Vault.open({} as WalletBackend, { secret: SECRET }))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('Vault: the header', () => {
  it('refuses a header from a newer version before asking for the key', async () => {
    const { backend, header } = await sample();
    const newer = await withHeader(backend, { ...header, version: 2 });
    expect(await codeOf(Vault.open(newer, { secret: 'not even the right secret' }))).toBe('ERR_FORMAT_VERSION_UNSUPPORTED');
    const future = await withHeader(backend, { format: 'elicense-wallet', version: 7, anything: ['new'] });
    expect(await codeOf(Vault.open(future, { secret: SECRET }))).toBe('ERR_FORMAT_VERSION_UNSUPPORTED');
  });

  it('detects tampering with every header field', async () => {
    const { backend, header } = await sample();
    const kdf = header.kdf as JsonObject;
    const check = header.key_check as JsonObject;
    const cases: Array<[string, JsonObject | Uint8Array, string]> = [
      ['format', { ...header, format: 'elicense-wallet-2' }, 'ERR_WALLET_CORRUPT'],
      ['version 0', { ...header, version: 0 }, 'ERR_WALLET_CORRUPT'],
      ['version "1"', { ...header, version: '1' }, 'ERR_WALLET_CORRUPT'],
      ['wallet_id', { ...header, wallet_id: alter(header.wallet_id as string) }, 'ERR_WALLET_SECRET_INVALID'],
      ['wallet_id length', { ...header, wallet_id: 'AAAA' }, 'ERR_WALLET_CORRUPT'],
      ['kdf.name', { ...header, kdf: { ...kdf, name: 'scrypt' } }, 'ERR_WALLET_CORRUPT'],
      ['kdf.name external', { ...header, kdf: { name: 'external' } }, 'ERR_WALLET_SECRET_INVALID'],
      ['kdf.hash', { ...header, kdf: { ...kdf, hash: 'SHA-1' } }, 'ERR_WALLET_CORRUPT'],
      ['kdf.iterations', { ...header, kdf: { ...kdf, iterations: 10_001 } }, 'ERR_WALLET_SECRET_INVALID'],
      ['kdf.iterations too low', { ...header, kdf: { ...kdf, iterations: 1 } }, 'ERR_WALLET_CORRUPT'],
      ['kdf.iterations huge', { ...header, kdf: { ...kdf, iterations: 1e12 } }, 'ERR_WALLET_CORRUPT'],
      ['kdf.salt', { ...header, kdf: { ...kdf, salt: alter(kdf.salt as string) } }, 'ERR_WALLET_SECRET_INVALID'],
      ['kdf.salt length', { ...header, kdf: { ...kdf, salt: 'AAAA' } }, 'ERR_WALLET_CORRUPT'],
      ['kdf extra', { ...header, kdf: { ...kdf, memory: 1 } }, 'ERR_WALLET_CORRUPT'],
      ['key_check.iv', { ...header, key_check: { ...check, iv: alter(check.iv as string) } }, 'ERR_WALLET_SECRET_INVALID'],
      ['key_check.ct', { ...header, key_check: { ...check, ct: alter(check.ct as string) } }, 'ERR_WALLET_SECRET_INVALID'],
      ['key_check missing', { ...header, key_check: null }, 'ERR_WALLET_CORRUPT'],
      ['extra field', { ...header, note: 'hi' }, 'ERR_WALLET_CORRUPT'],
      ['not JSON', utf8('{"format":"elicense-wallet",'), 'ERR_WALLET_CORRUPT'],
      ['not UTF-8', new Uint8Array([0xff, 0xfe, 0x7b]), 'ERR_WALLET_CORRUPT'],
      ['truncated', utf8(JSON.stringify(header).slice(0, 60)), 'ERR_WALLET_CORRUPT'],
      ['array', utf8('[]'), 'ERR_WALLET_CORRUPT'],
      ['huge', new Uint8Array(100_000).fill(0x20), 'ERR_WALLET_CORRUPT'],
    ];
    for (const [name, tampered, code] of cases) {
      expect(await codeOf(Vault.open(await withHeader(backend, tampered), { secret: SECRET })), name).toBe(code);
    }
    // the untouched header still opens
    expect(await (await Vault.open(await withHeader(backend, header), { secret: SECRET })).get('credential/1')).toEqual({ value: { name: '张伟' } });
  });

  it('refuses records without a header as ERR_WALLET_CORRUPT instead of starting over', async () => {
    const { backend } = await sample();
    const headless = new MemoryBackend();
    await headless.commit({ put: [['credential/1', (await backend.get('credential/1'))!]] });
    expect(await codeOf(Vault.open(headless, { secret: SECRET }))).toBe('ERR_WALLET_CORRUPT');
    expect(await headless.readHeader()).toBeUndefined();
  });

  it('opens the wallet another opener created first', async () => {
    const b = new MemoryBackend();
    const [one, two] = await Promise.all([Vault.open(b, { secret: SECRET, ...KDF }), Vault.open(b, { secret: SECRET, ...KDF })]);
    await one.commit({ put: [['a', { value: { by: 'one' } }]] });
    expect(await two.get('a')).toEqual({ value: { by: 'one' } });
  });
});

describe('Vault: records', () => {
  it('round-trips JSON values and lists ids sorted', async () => {
    const vault = await Vault.open(new MemoryBackend(), { secret: SECRET, ...KDF });
    const values: Record<string, JsonObject> = {
      'credential/b': { name: '王芳', dates: { from: '2020-05-10', to: null }, n: [1, 2.5, -3], ok: true },
      'credential/a': {},
      'key/x': { emoji: '🪪', escaped: '"\\\u0000' },
    };
    await vault.commit({ put: Object.entries(values).map(([id, value]) => [id, { value }] as const) });
    expect(await vault.ids()).toEqual(['credential/a', 'credential/b', 'key/x']);
    for (const [id, value] of Object.entries(values)) expect(await vault.get(id)).toEqual({ value });
    expect(await vault.get('credential/zzz')).toBeUndefined();
  });

  it('encrypts every write under a fresh IV', async () => {
    const b = new MemoryBackend();
    const vault = await Vault.open(b, { secret: SECRET, ...KDF });
    await vault.commit({ put: [['a', { value: { same: 1 } }], ['b', { value: { same: 1 } }]] });
    const a1 = (await b.get('a'))!;
    await vault.commit({ put: [['a', { value: { same: 1 } }]] });
    const a2 = (await b.get('a'))!;
    const bb = (await b.get('b'))!;
    expect(a1.iv).toHaveLength(12);
    expect(a2.iv).not.toEqual(a1.iv);
    expect(bb.iv).not.toEqual(a1.iv);
    expect(a2.ct).not.toEqual(a1.ct);
    expect(a1.ct).toHaveLength(JSON.stringify({ same: 1 }).length + 16);
  });

  it('rejects a record moved to another id, or copied from another wallet with the same secret', async () => {
    const b = new MemoryBackend();
    const vault = await Vault.open(b, { secret: SECRET, ...KDF });
    await vault.commit({ put: [['credential/1', { value: { n: 1 } }]] });
    await b.commit({ put: [['credential/2', (await b.get('credential/1'))!]] });
    expect(await codeOf(vault.get('credential/2'))).toBe('ERR_WALLET_CORRUPT');

    const other = new MemoryBackend();
    const otherVault = await Vault.open(other, { secret: SECRET, ...KDF });
    await other.commit({ put: [['credential/1', (await b.get('credential/1'))!]] });
    expect(await codeOf(otherVault.get('credential/1'))).toBe('ERR_WALLET_CORRUPT');
  });

  it('rejects tampered IVs and truncated ciphertexts as ERR_WALLET_CORRUPT', async () => {
    const b = new MemoryBackend();
    const vault = await Vault.open(b, { secret: SECRET, ...KDF });
    await vault.commit({ put: [['r', { value: { name: '张伟', long: 'x'.repeat(64) } }]] });
    const good = (await b.get('r'))!;
    const variants: SealedRecord[] = [
      { ...good, iv: good.iv.map((x, i) => (i === 11 ? x ^ 0x80 : x)) },
      { ...good, ct: good.ct.slice(0, good.ct.length - 1) },
      { ...good, ct: good.ct.slice(0, 16) },
      { ...good, ct: good.ct.slice(1) },
      { ...good, ct: new Uint8Array([...good.ct, 0]) },
    ];
    for (const v of variants) {
      await b.commit({ put: [['r', v]] });
      expect(await codeOf(vault.get('r'))).toBe('ERR_WALLET_CORRUPT');
    }
    await b.commit({ put: [['r', good]] });
    expect((await vault.get('r'))!.value.name).toBe('张伟');
  });

  it('rejects a malformed envelope from a backend as ERR_WALLET_CORRUPT', async () => {
    const b = new RewritingBackend();
    const vault = await Vault.open(b, { secret: SECRET, ...KDF });
    await vault.commit({ put: [['r', { value: { n: 1 } }]] });
    const envelopes: Array<(r: SealedRecord) => unknown> = [
      (r) => ({ ...r, v: 2 }),
      (r) => ({ ...r, iv: r.iv.slice(0, 8) }),
      (r) => ({ ...r, ct: r.ct.slice(0, 15) }),
      (r) => ({ ...r, ct: encodeBase64url(r.ct) }),
      (r) => ({ ...r, cryptoKey: 'key' }),
      () => null,
      () => 'record',
    ];
    for (const rewrite of envelopes) {
      b.rewrite = rewrite;
      const error = await vault.get('r').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ElicenseError);
      expect(error).toMatchObject({ code: 'ERR_WALLET_CORRUPT', details: { id: 'r' } });
    }
  });

  it('rejects any single flipped byte of a sealed record with ERR_WALLET_CORRUPT', async () => {
    const b = new MemoryBackend();
    const vault = await Vault.open(b, { secret: SECRET, ...KDF });
    await vault.commit({ put: [['credential/1', { value: { name: '张伟', citizen_id_number: '11010519491231002X' } }]] });
    const good = (await b.get('credential/1'))!;
    const total = good.iv.length + good.ct.length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: total - 1 }), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
        const iv = good.iv.slice();
        const ct = good.ct.slice();
        if (at < iv.length) iv[at] = iv[at]! ^ mask;
        else ct[at - iv.length] = ct[at - iv.length]! ^ mask;
        await b.commit({ put: [['credential/1', { v: 1, iv, ct }]] });
        expect(await codeOf(vault.get('credential/1'))).toBe('ERR_WALLET_CORRUPT');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses malformed commits with ERR_INVALID_ARGUMENT and writes nothing', async () => {
    const b = new MemoryBackend();
    const vault = await Vault.open(b, { secret: SECRET, ...KDF });
    const cyclic: JsonObject = {};
    cyclic.self = cyclic;
    const bad: unknown[] = [
      null,
      { put: 'x' },
      { delete: 'x' },
      { put: [['', { value: {} }]] },
      { put: [['a', { value: [] }]] },
      { put: [['a', { value: 'text' }]] },
      { put: [['a', {}]] },
      { put: [['a']] },
      { put: [['a', { value: { n: 1n } }]] },
      { put: [['a', { value: cyclic }]] },
      { put: [['a', { value: { toJSON: () => 'not an object' } }]] },
      { put: [['a', { value: {}, cryptoKey: 'key' }]] },
      { put: [['a', { value: {} }], ['a', { value: {} }]] },
      { put: [['a', { value: {} }]], delete: ['a'] },
      { delete: ['a', 'a'] },
      { delete: [''] },
    ];
    for (const changes of bad) {
      expect(await codeOf(vault.commit(changes as never)), JSON.stringify(changes, (_k, v: unknown) => (typeof v === 'bigint' ? 'bigint' : v === cyclic ? 'cyclic' : v))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(await codeOf(vault.get(''))).toBe('ERR_INVALID_ARGUMENT');
    expect(await b.ids()).toEqual([]);
  });

  it('passes a backend failure on as ERR_STORE_FAILED, with the cause', async () => {
    const vault = await Vault.open(new FailingBackend(), { secret: SECRET, ...KDF });
    const error = await vault.commit({ put: [['a', { value: {} }]] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_STORE_FAILED' });
    expect((error as ElicenseError).cause).toBeInstanceOf(Error);
  });
});

describe('Vault: a platform encryption key', () => {
  const aesKey = (length = 256, usages: KeyUsage[] = ['encrypt', 'decrypt'], extractable = false): Promise<CryptoKey> =>
    crypto.subtle.generateKey({ name: 'AES-GCM', length }, extractable, usages) as Promise<CryptoKey>;

  it('opens with the key, marks the header "external", and refuses another key or a secret', async () => {
    const key = await aesKey();
    const { backend, header } = await sample({ encryptionKey: key });
    expect(header.kdf).toEqual({ name: 'external' });
    expect(await (await Vault.open(backend, { encryptionKey: key })).get('credential/1')).toEqual({ value: { name: '张伟' } });
    expect(await codeOf(Vault.open(backend, { encryptionKey: await aesKey() }))).toBe('ERR_WALLET_SECRET_INVALID');
    expect(await codeOf(Vault.open(backend, { secret: SECRET }))).toBe('ERR_WALLET_SECRET_INVALID');
    const bySecret = await sample();
    expect(await codeOf(Vault.open(bySecret.backend, { encryptionKey: key }))).toBe('ERR_WALLET_SECRET_INVALID');
  });

  it('works on a persistent backend', async () => {
    const key = await aesKey();
    const b = new PersistentMemoryBackend();
    const vault = await Vault.open(b, { encryptionKey: key });
    await vault.commit({ put: [['a', { value: { ok: true } }]] });
    expect(await (await Vault.open(b, { encryptionKey: key })).get('a')).toEqual({ value: { ok: true } });
  });

  it('refuses a key of the wrong kind with ERR_INVALID_ARGUMENT', async () => {
    const wrong: unknown[] = [
      await aesKey(128),
      await aesKey(256, ['encrypt']),
      await aesKey(256, ['decrypt']),
      await crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, ['encrypt', 'decrypt']),
      await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
      (await generateKeyPair('ES256')).privateKey,
      new Uint8Array(32),
      'key',
    ];
    for (const encryptionKey of wrong) {
      expect(await codeOf(Vault.open(new MemoryBackend(), { encryptionKey: encryptionKey as CryptoKey }))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(await codeOf(Vault.open(new MemoryBackend(), { secret: SECRET, encryptionKey: await aesKey() }))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('Vault: without a secret (ephemeral)', () => {
  it('runs on a non-persistent backend with a random key that lives as long as the Vault', async () => {
    const b = new MemoryBackend();
    const vault = await Vault.open(b, {});
    expect((await headerOf(b)).kdf).toEqual({ name: 'ephemeral' });
    await vault.commit({ put: [['a', { value: { n: 1 } }]] });
    expect(await vault.get('a')).toEqual({ value: { n: 1 } });
    expect(new TextDecoder().decode((await b.get('a'))!.ct)).not.toContain('"n"');
    expect(await codeOf(Vault.open(b, {}))).toBe('ERR_WALLET_SECRET_INVALID');
    expect(await codeOf(Vault.open(b, { secret: SECRET }))).toBe('ERR_WALLET_SECRET_INVALID');
  });

  it('refuses a persistent backend without a secret or key', async () => {
    const b = new PersistentMemoryBackend();
    expect(await codeOf(Vault.open(b, {}))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(Vault.open(b, { kdfIterations: 10_000 }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await b.readHeader()).toBeUndefined();
  });

  it('asks for the secret of a wallet that has one', async () => {
    const { backend } = await sample();
    expect(await codeOf(Vault.open(backend, {}))).toBe('ERR_WALLET_SECRET_INVALID');
  });
});
