/**
 * The behaviour every {@link WalletBackend} must have, checked through the interface only, and the
 * encrypted wallet layer (the vault) on top of it. Browser-safe: a backend's test file calls
 * {@link walletBackendConformance} with a function that opens a fresh, empty backend, and — for a
 * persistent backend — one that opens the same storage again.
 */
import { describe, expect, it } from 'vitest';
import { ElicenseError, generateKeyPair, createVerifier, createSigner } from '@elicense/core';
import type { SealedRecord, WalletBackend } from '@elicense/holder';
import { Vault } from '../dist/internal/vault.js';
import { outcomeOf as codeOf } from '../../../test/helpers/errors.js';

const KDF = { kdfIterations: 10_000 };
const SECRET = 'correct horse battery staple';

/** A well-formed sealed record whose bytes encode `n` (the backend only stores; it never decrypts). */
function record(n: number, ctLength = 40): SealedRecord {
  const iv = new Uint8Array(12).map((_, i) => (n * 31 + i) & 0xff);
  const ct = new Uint8Array(ctLength).map((_, i) => (n * 17 + i * 7) & 0xff);
  return { v: 1, iv, ct };
}

function bytesOf(r: SealedRecord | undefined): { v: number; iv: number[]; ct: number[] } | undefined {
  return r === undefined ? undefined : { v: r.v, iv: [...r.iv], ct: [...r.ct] };
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Run the one suite every wallet backend passes. */
export function walletBackendConformance(
  name: string,
  open: () => Promise<WalletBackend>,
  reopen?: (b: WalletBackend) => Promise<WalletBackend>,
): void {
  /** The backend as a fresh process would see it (the same object for a non-persistent one). */
  const again = async (b: WalletBackend): Promise<WalletBackend> => (reopen === undefined ? b : reopen(b));

  describe(`WalletBackend conformance: ${name}`, () => {
    it('declares its flags, and a persistent backend comes with a way to reopen it', async () => {
      const b = await open();
      expect(typeof b.persistent).toBe('boolean');
      expect(typeof b.keepsCryptoKeys).toBe('boolean');
      if (b.persistent) expect(reopen).toBeTypeOf('function');
    });

    it('has no header at first, then the header written', async () => {
      const b = await open();
      expect(await b.readHeader()).toBeUndefined();
      expect(await b.ids()).toEqual([]);
      await b.writeHeader(utf8('{"header":1}'));
      expect(await b.readHeader()).toEqual(utf8('{"header":1}'));
      expect(await (await again(b)).readHeader()).toEqual(utf8('{"header":1}'));
    });

    it('refuses a second header with ERR_STORE_CONFLICT and keeps the first', async () => {
      const b = await open();
      await b.writeHeader(utf8('first'));
      expect(await codeOf(b.writeHeader(utf8('second')))).toBe('ERR_STORE_CONFLICT');
      expect(await (await again(b)).readHeader()).toEqual(utf8('first'));
    });

    it('round-trips records byte for byte, and knows no other id', async () => {
      const b = await open();
      await b.commit({ put: [['credential/a', record(1)], ['key/b', record(2, 16)]] });
      const r = await again(b);
      expect(bytesOf(await r.get('credential/a'))).toEqual(bytesOf(record(1)));
      expect(bytesOf(await r.get('key/b'))).toEqual(bytesOf(record(2, 16)));
      expect(await r.get('credential/c')).toBeUndefined();
      const got = (await r.get('credential/a'))!;
      expect(got.iv).toBeInstanceOf(Uint8Array);
      expect(got.ct).toBeInstanceOf(Uint8Array);
      expect(got.cryptoKey).toBeUndefined();
    });

    it('replaces a record put again under the same id', async () => {
      const b = await open();
      await b.commit({ put: [['x', record(1)]] });
      await b.commit({ put: [['x', record(2, 64)]] });
      const r = await again(b);
      expect(bytesOf(await r.get('x'))).toEqual(bytesOf(record(2, 64)));
      expect(await r.ids()).toEqual(['x']);
    });

    it('deletes for real, ignoring ids that are not there', async () => {
      const b = await open();
      await b.commit({ put: [['a', record(1)], ['b', record(2)], ['c', record(3)]] });
      await b.commit({ delete: ['b', 'not-there'] });
      const r = await again(b);
      expect(await r.get('b')).toBeUndefined();
      expect(await r.ids()).toEqual(['a', 'c']);
      await r.commit({ put: [['d', record(4)]], delete: ['a'] });
      expect(await (await again(r)).ids()).toEqual(['c', 'd']);
    });

    it('lists ids sorted, whatever they look like', async () => {
      const b = await open();
      const ids = ['key/zz', 'credential/urn:uuid:2', '__proto__', 'credential/urn:uuid:10', 'Z', 'constructor', '身份证', 'a b', '0'];
      for (const [i, id] of ids.entries()) await b.commit({ put: [[id, record(i)]] });
      const r = await again(b);
      expect(await r.ids()).toEqual([...ids].sort());
      expect(bytesOf(await r.get('__proto__'))).toEqual(bytesOf(record(2)));
      expect(bytesOf(await r.get('身份证'))).toEqual(bytesOf(record(6)));
    });

    it('applies a commit whole or not at all: a malformed record in it changes nothing', async () => {
      const b = await open();
      await b.commit({ put: [['keep', record(1)]] });
      const malformed = [
        { v: 1, iv: new Uint8Array(12), ct: new Uint8Array(15) }, // shorter than a tag
        { v: 1, iv: new Uint8Array(11), ct: new Uint8Array(32) }, // not a 96-bit nonce
        { v: 2, iv: new Uint8Array(12), ct: new Uint8Array(32) },
        { v: 1, iv: 'AAAA', ct: new Uint8Array(32) },
        { v: 1, iv: new Uint8Array(12) },
        null,
      ];
      for (const bad of malformed) {
        const code = await codeOf(
          b.commit({
            put: [['new-1', record(2)], ['new-2', bad as unknown as SealedRecord], ['keep', record(3)]],
            delete: ['keep-me-not'],
          }),
        );
        expect(code).toBe('ERR_INVALID_ARGUMENT');
        expect(await codeOf(b.commit({ put: [['new-3', record(4)]], delete: ['keep', ''] }))).toBe('ERR_INVALID_ARGUMENT');
      }
      expect(await codeOf(b.commit({ put: [['', record(5)]] }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(b.commit({ put: [['dup', record(5)], ['dup', record(6)]] }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(b.commit({ put: [['both', record(5)]], delete: ['both'] }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(b.commit(null as never))).toBe('ERR_INVALID_ARGUMENT');
      const r = await again(b);
      expect(await r.ids()).toEqual(['keep']);
      expect(bytesOf(await r.get('keep'))).toEqual(bytesOf(record(1)));
    });

    it('keeps every one of many concurrent commits', async () => {
      const b = await open();
      await Promise.all(Array.from({ length: 20 }, (_, i) => b.commit({ put: [[`id-${String(i).padStart(2, '0')}`, record(i)]] })));
      const r = await again(b);
      expect(await r.ids()).toEqual(Array.from({ length: 20 }, (_, i) => `id-${String(i).padStart(2, '0')}`));
      for (let i = 0; i < 20; i++) expect(bytesOf(await r.get(`id-${String(i).padStart(2, '0')}`))).toEqual(bytesOf(record(i)));
    });

    it('keeps copies: changing bytes handed in or out does not change the store', async () => {
      const b = await open();
      const header = utf8('header');
      await b.writeHeader(header);
      header[0] = 0;
      const r = record(1);
      await b.commit({ put: [['a', r]] });
      r.iv[0] = r.iv[0]! ^ 0xff;
      r.ct[0] = r.ct[0]! ^ 0xff;
      const out = (await b.get('a'))!;
      expect(bytesOf(out)).toEqual(bytesOf(record(1)));
      out.iv[1] = out.iv[1]! ^ 0xff;
      out.ct[1] = out.ct[1]! ^ 0xff;
      (await b.readHeader())![1] = 0;
      (await b.ids()).push('b');
      expect(bytesOf(await b.get('a'))).toEqual(bytesOf(record(1)));
      expect(await b.readHeader()).toEqual(utf8('header'));
      expect(await b.ids()).toEqual(['a']);
    });

    if (reopen !== undefined) {
      it('keeps the header, records and deletions across a reopen', async () => {
        const b = await open();
        await b.writeHeader(utf8('h'));
        await b.commit({ put: [['a', record(1)], ['b', record(2)]] });
        await b.commit({ delete: ['a'] });
        const r = await reopen(b);
        expect(r.persistent).toBe(true);
        expect(await r.readHeader()).toEqual(utf8('h'));
        expect(await r.ids()).toEqual(['b']);
        expect(bytesOf(await r.get('b'))).toEqual(bytesOf(record(2)));
        expect(await codeOf(r.writeHeader(utf8('h2')))).toBe('ERR_STORE_CONFLICT');
      });
    }

    it('keeps a non-extractable CryptoKey next to a record when keepsCryptoKeys, refuses it otherwise', async () => {
      const b = await open();
      const pair = await generateKeyPair('ES256');
      expect(pair.privateKey.extractable).toBe(false);
      const put = { put: [['key/1', { ...record(1), cryptoKey: pair.privateKey }]] as [string, SealedRecord][] };
      if (!b.keepsCryptoKeys) {
        expect(await codeOf(b.commit(put))).toBe('ERR_INVALID_ARGUMENT');
        expect(await b.ids()).toEqual([]);
        return;
      }
      await b.commit(put);
      const r = await again(b);
      const got = (await r.get('key/1'))!;
      expect(bytesOf(got)).toEqual(bytesOf(record(1)));
      expect(got.cryptoKey).toBeInstanceOf(CryptoKey);
      expect(got.cryptoKey!.extractable).toBe(false);
      const data = utf8('signed after a reopen');
      const signature = await createSigner(got.cryptoKey!, 'ES256')(data);
      expect(await createVerifier(pair.publicJwk, 'ES256')(data, signature)).toBe(true);
      expect(await codeOf(r.commit({ put: [['key/2', { ...record(2), cryptoKey: 'not a key' as unknown as CryptoKey }]] }))).toBe('ERR_INVALID_ARGUMENT');
    });

    describe('with the encrypted wallet on top', () => {
      it('keeps only ciphertext in the backend and opens again with the secret', async () => {
        const b = await open();
        const vault = await Vault.open(b, { secret: SECRET, ...KDF });
        const value = { name: '张伟', citizen_id_number: '11010519491231002X', nested: { list: [1, 'two', null] } };
        await vault.commit({ put: [['credential/1', { value }]] });
        const stored = (await b.get('credential/1'))!;
        const text = new TextDecoder().decode(stored.ct);
        expect(text).not.toContain('11010519491231002X');
        expect(new TextDecoder().decode(await b.readHeader())).not.toContain(SECRET);
        const reopened = await Vault.open(await again(b), { secret: SECRET, ...KDF });
        expect(await reopened.get('credential/1')).toEqual({ value });
        expect(await reopened.ids()).toEqual(['credential/1']);
        await reopened.commit({ delete: ['credential/1'] });
        expect(await (await again(b)).get('credential/1')).toBeUndefined();
      });

      it('refuses a wrong secret with ERR_WALLET_SECRET_INVALID', async () => {
        const b = await open();
        await Vault.open(b, { secret: SECRET, ...KDF });
        expect(await codeOf(Vault.open(await again(b), { secret: `${SECRET}!`, ...KDF }))).toBe('ERR_WALLET_SECRET_INVALID');
        expect(await codeOf(Vault.open(await again(b), { secret: utf8(SECRET.toUpperCase()), ...KDF }))).toBe('ERR_WALLET_SECRET_INVALID');
      });

      it('rejects a record with one flipped byte as ERR_WALLET_CORRUPT, naming the record', async () => {
        const b = await open();
        const vault = await Vault.open(b, { secret: SECRET, ...KDF });
        await vault.commit({ put: [['credential/1', { value: { n: 1 } }], ['credential/2', { value: { n: 2 } }]] });
        const r = (await b.get('credential/1'))!;
        r.ct[Math.floor(r.ct.length / 2)] = r.ct[Math.floor(r.ct.length / 2)]! ^ 0x01;
        await b.commit({ put: [['credential/1', r]] });
        const reopened = await Vault.open(await again(b), { secret: SECRET, ...KDF });
        const error = await reopened.get('credential/1').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ElicenseError);
        expect(error).toMatchObject({ code: 'ERR_WALLET_CORRUPT', details: { id: 'credential/1' } });
        expect(await reopened.get('credential/2')).toEqual({ value: { n: 2 } });
      });

      it('rejects two records swapped at the backend level as ERR_WALLET_CORRUPT', async () => {
        const b = await open();
        const vault = await Vault.open(b, { secret: SECRET, ...KDF });
        await vault.commit({ put: [['credential/a', { value: { holder: 'a' } }], ['credential/b', { value: { holder: 'b' } }]] });
        const a = (await b.get('credential/a'))!;
        const bb = (await b.get('credential/b'))!;
        await b.commit({ put: [['credential/a', bb], ['credential/b', a]] });
        const reopened = await Vault.open(await again(b), { secret: SECRET, ...KDF });
        expect(await codeOf(reopened.get('credential/a'))).toBe('ERR_WALLET_CORRUPT');
        expect(await codeOf(reopened.get('credential/b'))).toBe('ERR_WALLET_CORRUPT');
      });

      it('refuses a header from a newer version with ERR_FORMAT_VERSION_UNSUPPORTED', async () => {
        const b = await open();
        const header = { format: 'elicense-wallet', version: 2, wallet_id: 'AAAAAAAAAAAAAAAAAAAAAA', kdf: { name: 'argon2id' }, something_new: true };
        await b.writeHeader(utf8(JSON.stringify(header)));
        expect(await codeOf(Vault.open(await again(b), { secret: SECRET, ...KDF }))).toBe('ERR_FORMAT_VERSION_UNSUPPORTED');
      });

      it('keeps a holder CryptoKey next to a sealed record when the backend can', async () => {
        const b = await open();
        const vault = await Vault.open(b, { secret: SECRET, ...KDF });
        const pair = await generateKeyPair('ES256');
        const entry = { value: { alg: 'ES256', publicJwk: pair.publicJwk }, cryptoKey: pair.privateKey };
        if (!b.keepsCryptoKeys) {
          expect(await codeOf(vault.commit({ put: [['key/1', entry]] }))).toBe('ERR_INVALID_ARGUMENT');
          return;
        }
        await vault.commit({ put: [['key/1', entry]] });
        const got = (await (await Vault.open(await again(b), { secret: SECRET, ...KDF })).get('key/1'))!;
        expect(got.value).toEqual(entry.value);
        const data = utf8('present');
        expect(await createVerifier(pair.publicJwk, 'ES256')(data, await createSigner(got.cryptoKey!, 'ES256')(data))).toBe(true);
      });
    });
  });
}
