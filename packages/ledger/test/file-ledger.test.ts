import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJws, type JWK } from '@elicense/core';
import { digestStatusListToken, fileLedgerId, verifyFileLedgerReceipt, type AnchorRecord } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { ledgerKey, tempDir } from './helpers.js';
import { outcomeOf as codeOf } from '../../../test/helpers/errors.js';

const T0 = 1_767_225_600;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function record(uri: string, version: number, variant = ''): Promise<AnchorRecord> {
  return { uri, version, digest: await digestStatusListToken(`eyJ.${uri}.${version}${variant}.sig`), time: T0 + version };
}

async function setup(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<{ path: string; dir: string; privateJwk: JWK; publicJwk: JWK }> {
  const { dir, remove } = await tempDir();
  cleanups.push(remove);
  const { privateJwk, publicJwk } = await ledgerKey(alg);
  return { path: join(dir, 'status.ledger'), dir, privateJwk, publicJwk };
}

async function openLedger(path: string, signingKey: JWK, now = (): number => T0): Promise<FileLedger> {
  const ledger = await FileLedger.open({ path, signingKey, now });
  cleanups.push(() => ledger.close());
  return ledger;
}

describe('FileLedger: identity and receipts', () => {
  for (const alg of ['ES256', 'EdDSA'] as const) {
    it(`(${alg}) id is file: + the RFC 7638 thumbprint of its public key`, async () => {
      const { path, privateJwk, publicJwk } = await setup(alg);
      const ledger = await openLedger(path, privateJwk);
      expect(ledger.id).toMatch(/^file:[A-Za-z0-9_-]{43}$/);
      expect(ledger.id).toBe(await fileLedgerId(publicJwk));
      expect(ledger.publicJwk).toEqual(publicJwk);
      expect(ledger.publicJwk.d).toBeUndefined();
    });
  }

  it('fileLedgerId ignores optional JWK members and refuses private or unsupported keys', async () => {
    const { publicJwk, privateJwk } = await ledgerKey('ES256');
    expect(await fileLedgerId({ ...publicJwk, kid: 'ignored', use: 'sig' })).toBe(await fileLedgerId(publicJwk));
    expect(await codeOf(fileLedgerId(privateJwk))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(fileLedgerId({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(fileLedgerId({ kty: 'EC', crv: 'P-384', x: 'a', y: 'b' }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(fileLedgerId(null as unknown as JWK))).toBe('ERR_INVALID_ARGUMENT');
  });

  for (const alg of ['ES256', 'EdDSA'] as const) {
    it(`(${alg}) receipts verify offline with only the public key, and not with another key`, async () => {
      const { path, privateJwk, publicJwk } = await setup(alg);
      const ledger = await openLedger(path, privateJwk);
      const r1 = await record('https://gov.example/status/1', 1);
      const receipt = await ledger.anchor(r1);
      const shipped = JSON.parse(JSON.stringify(receipt));
      expect(await verifyFileLedgerReceipt(shipped, publicJwk)).toEqual(r1);
      for (const otherAlg of ['ES256', 'EdDSA'] as const) {
        const other = await ledgerKey(otherAlg);
        expect(await codeOf(verifyFileLedgerReceipt(shipped, other.publicJwk))).toBe('ERR_LEDGER_RECEIPT_INVALID');
      }
      expect(await codeOf(verifyFileLedgerReceipt(shipped, privateJwk))).toBe('ERR_INVALID_ARGUMENT');
    });
  }

  it('a receipt whose ledger id is right but whose checkpoint another key signed is refused', async () => {
    const a = await setup();
    const b = await setup();
    const ledgerA = await openLedger(a.path, a.privateJwk);
    const ledgerB = await openLedger(b.path, b.privateJwk);
    const r = await record('https://gov.example/status/1', 1);
    const ra = await ledgerA.anchor(r);
    const rb = await ledgerB.anchor(r);
    const forged = { ...ra, proof: { ...ra.proof, checkpoint: rb.proof.checkpoint } };
    expect(await codeOf(verifyFileLedgerReceipt(forged, a.publicJwk))).toBe('ERR_LEDGER_RECEIPT_INVALID');
    expect(await codeOf(ledgerA.verifyReceipt(forged))).toBe('ERR_LEDGER_RECEIPT_INVALID');
    expect(await codeOf(ledgerA.verifyReceipt(rb))).toBe('ERR_LEDGER_RECEIPT_INVALID');
  });

  it('checkpoints carry typ elicense-checkpoint+jwt and { ledger, seq, head, iat } from the injected clock', async () => {
    const { path, privateJwk } = await setup('EdDSA');
    let now = T0 + 123.9;
    const ledger = await openLedger(path, privateJwk, () => now);
    const first = await ledger.anchor(await record('https://gov.example/status/1', 1));
    now = T0 + 500;
    const second = await ledger.anchor(await record('https://gov.example/status/1', 2));
    const cp1 = decodeJws(first.proof.checkpoint as string);
    const cp2 = decodeJws(second.proof.checkpoint as string);
    expect(cp1.header).toEqual({ typ: 'elicense-checkpoint+jwt', alg: 'EdDSA' });
    expect(cp1.payload).toEqual({ ledger: ledger.id, seq: 0, head: first.proof.hash, iat: T0 + 123 });
    expect(cp2.payload).toEqual({ ledger: ledger.id, seq: 1, head: second.proof.hash, iat: T0 + 500 });
    expect(first.proof.type).toBe('elicense-file-ledger/v1');
    expect(first.proof.prev).toBe('A'.repeat(43));
    expect(second.proof.prev).toBe(first.proof.hash);
  });

  it('a genuine receipt from another file signed by the same key is not in this ledger', async () => {
    const a = await setup();
    const { dir } = await setup();
    const ledgerA = await openLedger(a.path, a.privateJwk);
    const ledgerB = await openLedger(join(dir, 'other.ledger'), a.privateJwk);
    expect(ledgerB.id).toBe(ledgerA.id);
    const ra = await ledgerA.anchor(await record('https://gov.example/status/1', 1));
    await ledgerB.anchor(await record('https://gov.example/status/2', 1));
    expect(await verifyFileLedgerReceipt(ra, a.publicJwk)).toEqual(ra.record); // offline: the key signed it
    expect(await codeOf(ledgerB.verifyReceipt(ra))).toBe('ERR_LEDGER_RECEIPT_INVALID'); // but B's file does not hold it
    const beyond = await ledgerA.anchor(await record('https://gov.example/status/1', 2));
    expect(await codeOf(ledgerB.verifyReceipt(beyond))).toBe('ERR_LEDGER_RECEIPT_INVALID'); // seq past B's end
  });
});

describe('FileLedger: persistence', () => {
  it('reopening keeps every uri history, and old receipts still verify', async () => {
    const { path, privateJwk, publicJwk } = await setup();
    const first = await FileLedger.open({ path, signingKey: privateJwk, now: () => T0 });
    const receipts = [];
    for (let v = 1; v <= 4; v++) {
      receipts.push(await first.anchor(await record('https://gov.example/status/a', v)));
      receipts.push(await first.anchor(await record('https://gov.example/status/b', v * 10)));
    }
    const historyA = await first.history('https://gov.example/status/a');
    await first.close();

    const again = await openLedger(path, privateJwk);
    expect(again.id).toBe(first.id);
    expect(await again.history('https://gov.example/status/a')).toEqual(historyA);
    expect((await again.history('https://gov.example/status/b')).map((r) => r.record.version)).toEqual([10, 20, 30, 40]);
    expect(await again.latest('https://gov.example/status/b')).toEqual(receipts[7]);
    for (const r of receipts) {
      expect(await again.verifyReceipt(r)).toEqual(r.record);
      expect(await verifyFileLedgerReceipt(r, publicJwk)).toEqual(r.record);
    }
    // the chain continues where it left off
    const next = await again.anchor(await record('https://gov.example/status/a', 5));
    expect(next.proof.seq).toBe(8);
    expect(next.proof.prev).toBe(receipts[7]!.proof.hash);
    // the version rule survives the reopen
    expect(await codeOf(again.anchor(await record('https://gov.example/status/a', 4, 'rewritten')))).toBe('ERR_LEDGER_CONFLICT');
    expect(await again.anchor(receipts[6]!.record)).toEqual(receipts[6]);
  });

  it('writes one canonical JSON line per entry, newline-terminated', async () => {
    const { path, privateJwk } = await setup();
    const ledger = await openLedger(path, privateJwk);
    const a = await ledger.anchor(await record('https://gov.example/status/1', 1));
    const b = await ledger.anchor(await record('https://gov.example/status/2', 7));
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => Object.keys(JSON.parse(l)))).toEqual([
      ['seq', 'prev', 'record', 'hash', 'checkpoint'],
      ['seq', 'prev', 'record', 'hash', 'checkpoint'],
    ]);
    expect(JSON.parse(lines[1]!)).toEqual({ seq: 1, prev: a.proof.hash, record: b.record, hash: b.proof.hash, checkpoint: b.proof.checkpoint });
  });

  it('a fresh ledger holds nothing, and the file is created on open', async () => {
    const { path, privateJwk } = await setup();
    const ledger = await openLedger(path, privateJwk);
    expect((await stat(path)).size).toBe(0);
    expect(await ledger.history('https://gov.example/status/1')).toEqual([]);
  });
});

describe('FileLedger: lifecycle and misuse', () => {
  it('after close every call fails with ERR_LEDGER_UNAVAILABLE; closing twice is harmless', async () => {
    const { path, privateJwk } = await setup();
    const ledger = await FileLedger.open({ path, signingKey: privateJwk });
    const receipt = await ledger.anchor(await record('https://gov.example/status/1', 1));
    await ledger.close();
    await ledger.close();
    expect(await codeOf(ledger.anchor(await record('https://gov.example/status/1', 2)))).toBe('ERR_LEDGER_UNAVAILABLE');
    expect(await codeOf(ledger.latest('https://gov.example/status/1'))).toBe('ERR_LEDGER_UNAVAILABLE');
    expect(await codeOf(ledger.history('https://gov.example/status/1'))).toBe('ERR_LEDGER_UNAVAILABLE');
    expect(await codeOf(ledger.verifyReceipt(receipt))).toBe('ERR_LEDGER_UNAVAILABLE');
  });

  it('anchors queued before close still land; close waits for them', async () => {
    const { path, privateJwk } = await setup();
    const ledger = await FileLedger.open({ path, signingKey: privateJwk });
    const pending = [1, 2, 3].map(async (v) => ledger.anchor(await record('https://gov.example/status/1', v)));
    const receipts = await Promise.all(pending);
    const more = ledger.anchor(await record('https://gov.example/status/1', 4));
    await ledger.close();
    expect((await more).record.version).toBe(4);
    const reopened = await openLedger(path, privateJwk);
    expect((await reopened.history('https://gov.example/status/1')).map((r) => r.record.version)).toEqual([1, 2, 3, 4]);
    expect(receipts).toHaveLength(3);
  });

  it('refuses bad options with ERR_INVALID_ARGUMENT', async () => {
    const { path, privateJwk, publicJwk } = await setup();
    const other = await ledgerKey('ES256');
    const p384 = { kty: 'EC', crv: 'P-384', x: 'a', y: 'b', d: 'c' };
    const bad: unknown[] = [
      undefined,
      null,
      'path',
      { path, signingKey: publicJwk },
      { path, signingKey: p384 },
      { path, signingKey: { ...privateJwk, x: other.publicJwk.x, y: other.publicJwk.y } }, // halves do not match
      { path, signingKey: 'secret' },
      { path: '', signingKey: privateJwk },
      { path: 42, signingKey: privateJwk },
      { path, signingKey: privateJwk, now: 1_767_225_600 },
    ];
    for (const options of bad) {
      expect(await codeOf(FileLedger.open(options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
    // none of those left a lock behind
    await openLedger(path, privateJwk);
  });

  it('a clock that does not give Unix seconds is refused at anchor time and nothing is written', async () => {
    const { path, privateJwk } = await setup();
    const ledger = await openLedger(path, privateJwk, () => Number.NaN);
    expect(await codeOf(ledger.anchor(await record('https://gov.example/status/1', 1)))).toBe('ERR_INVALID_ARGUMENT');
    expect(await ledger.history('https://gov.example/status/1')).toEqual([]);
    expect((await stat(path)).size).toBe(0);
  });

  it('latest and history refuse a non-string uri', async () => {
    const { path, privateJwk } = await setup();
    const ledger = await openLedger(path, privateJwk);
    expect(await codeOf(ledger.latest(42 as unknown as string))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(ledger.history(undefined as unknown as string))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('I/O failures are ERR_LEDGER_UNAVAILABLE: missing directory, a directory in place of the file', async () => {
    const { dir, privateJwk } = await setup();
    expect(await codeOf(FileLedger.open({ path: join(dir, 'missing', 'status.ledger'), signingKey: privateJwk }))).toBe('ERR_LEDGER_UNAVAILABLE');
    await mkdir(join(dir, 'adir'));
    expect(await codeOf(FileLedger.open({ path: join(dir, 'adir'), signingKey: privateJwk }))).toBe('ERR_LEDGER_UNAVAILABLE');
  });
});
