/**
 * The revocation side of the public API answers garbage, truncations and single-character corruptions
 * of status lists, status list tokens and ledger receipts with an ElicenseError — never a crash, never
 * an acceptance.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ElicenseError, generateKeyPair, signingKeyFromJwk, type JWK } from '@elicense/core';
import { assertAnchorRecord, digestStatusListToken, verifyFileLedgerReceipt, type AnchorReceipt } from '@elicense/ledger';
import {
  StatusList,
  createStatusListToken,
  decodeBitstringStatusList,
  decodeStatusList,
  decodeStatusListToken,
  encodeBitstringStatusList,
  encodeStatusList,
  readBitstringStatusListEntry,
  readStatusReference,
  verifyStatusListToken,
} from '@elicense/status';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLedger } from '@elicense/ledger/node';
import { NOW } from './fixtures/licences.js';

const GARBAGE: unknown[] = ['', 'u', 'eJw', 'eNrbuZmBQ', 'uH4sI', 'x'.repeat(100_000), '\u0000', '....', null, undefined, 42, {}, [], 'e30.e30.e30'];
const URI = 'https://status.gov.example/lists/1';

async function fails(call: () => unknown): Promise<string | undefined> {
  try {
    await call();
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ElicenseError)) return `non-ElicenseError: ${String(e)}`;
    expect(e.code).toMatch(/^ERR_[A-Z_]+$/);
    return undefined;
  }
}

describe('bad input: status lists, tokens and ledger receipts', () => {
  let lst: string;
  let encodedList: string;
  let token: string;
  let issuerJwk: JWK;
  let receipt: AnchorReceipt;
  let ledgerJwk: JWK;

  beforeAll(async () => {
    const list = new StatusList(131_072, 2);
    list.setMany([[7, 1], [99_999, 2]]);
    lst = encodeStatusList(list);
    const bits = new StatusList(131_072, 1);
    bits.set(4242, 1);
    encodedList = encodeBitstringStatusList(bits);
    const issuer = await generateKeyPair('ES256', { extractable: true });
    issuerJwk = issuer.publicJwk;
    token = await createStatusListToken({ uri: URI, list, signingKey: signingKeyFromJwk(issuer.privateJwk!, 'did:example:issuer#1'), iat: NOW, exp: NOW + 3600, ttl: 600 });
    const dir = await mkdtemp(join(tmpdir(), 'elicense-bad-'));
    const ledgerKey = await generateKeyPair('ES256', { extractable: true });
    ledgerJwk = ledgerKey.publicJwk;
    const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: ledgerKey.privateJwk! });
    receipt = await ledger.anchor({ uri: URI, version: 1, digest: await digestStatusListToken(token), time: NOW });
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('garbage and wrong types', async () => {
    for (const x of GARBAGE) {
      const problems = [
        await fails(() => decodeStatusList(x as string, 2)),
        await fails(() => decodeBitstringStatusList(x as string)),
        await fails(() => decodeStatusListToken(x as string)),
        await fails(() => verifyStatusListToken(x as string, { key: issuerJwk, now: NOW })),
        await fails(() => verifyFileLedgerReceipt(x as AnchorReceipt, ledgerJwk)),
        await fails(() => assertAnchorRecord(x)),
        await fails(() => readBitstringStatusListEntry(x)),
        // an absent status_list is no reference at all (the verifier then refuses the unknown `status`)
        x === undefined ? undefined : await fails(() => readStatusReference({ status: { status_list: x } })),
      ].filter((p) => p !== undefined);
      expect(problems, JSON.stringify(x)?.slice(0, 40)).toEqual([]);
    }
  });

  it('the genuine inputs are accepted (so the corruptions below are meaningful)', async () => {
    expect(decodeStatusList(lst, 2).get(7)).toBe(1);
    expect(decodeBitstringStatusList(encodedList).get(4242)).toBe(1);
    expect((await verifyStatusListToken(token, { key: issuerJwk, uri: URI, now: NOW })).list.get(99_999)).toBe(2);
    await expect(verifyFileLedgerReceipt(receipt, ledgerJwk)).resolves.toEqual(receipt.record);
  });

  it('truncated or corrupted lst and encodedList never decode to a list silently different in size or crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: lst.length - 1 }), async (cut) => {
        expect(await fails(() => decodeStatusList(lst.slice(0, cut), 2))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: encodedList.length - 1 }), async (cut) => {
        expect(await fails(() => decodeBitstringStatusList(encodedList.slice(0, cut)))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('any single-character change of a status list token is refused', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: token.length - 1 }), fc.integer({ min: 0, max: alphabet.length - 1 }), async (at, c) => {
        const ch = alphabet[c]!;
        fc.pre(token[at] !== ch);
        const mutated = token.slice(0, at) + ch + token.slice(at + 1);
        const outcome = await fails(() => verifyStatusListToken(mutated, { key: issuerJwk, uri: URI, now: NOW }));
        // a change in the last character of the signature may only flip unused bits: then it must decode to the same list
        if (outcome === 'accepted') {
          expect(decodeStatusListToken(mutated).list.toBytes()).toEqual(decodeStatusListToken(token).list.toBytes());
        } else {
          expect(outcome).toBeUndefined();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('any change to a receipt is refused offline', async () => {
    const variants: unknown[] = [
      { ...receipt, ledger: 'file:other' },
      { ...receipt, record: { ...receipt.record, version: 2 } },
      { ...receipt, record: { ...receipt.record, digest: 'A'.repeat(43) } },
      { ...receipt, record: { ...receipt.record, uri: `${URI}x` } },
      { ...receipt, record: { ...receipt.record, time: NOW + 1 } },
      { ...receipt, proof: { ...receipt.proof, seq: 5 } },
      { ...receipt, proof: {} },
      { ledger: receipt.ledger, record: receipt.record },
    ];
    for (const v of variants) expect(await fails(() => verifyFileLedgerReceipt(v as AnchorReceipt, ledgerJwk))).toBeUndefined();
    const other = await generateKeyPair('ES256');
    expect(await fails(() => verifyFileLedgerReceipt(receipt, other.publicJwk))).toBeUndefined();
  });
});
