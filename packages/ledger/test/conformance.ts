/**
 * The behaviour every {@link LedgerAdapter} must have, checked through the interface only. Each
 * adapter's tests call {@link runLedgerConformance} with a setup that opens one ledger instance; the
 * suite uses fresh, random URIs in every test, so the instance serves them all. After the last test
 * the suite closes the ledger, then calls the harness's `cleanup`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestStatusListToken } from '@elicense/ledger';
import type { AnchorReceipt, AnchorRecord, LedgerAdapter } from '@elicense/ledger';
import { outcomeOf as codeOf } from '../../../test/helpers/errors.js';

/** What an adapter's setup hands the suite. */
export interface LedgerHarness {
  ledger: LedgerAdapter;
  cleanup?(): Promise<void>;
}

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z

/** A URI no other test (or earlier run on a persistent ledger) uses. */
function freshUri(label: string): string {
  return `https://gov.example/status/${label}/${randomUUID()}`;
}

/** A record for `uri` at `version`; `variant` changes the digest (another token for the same version). */
async function recordFor(uri: string, version: number, variant = ''): Promise<AnchorRecord> {
  const token = `eyJhbGciOiJFUzI1NiIsInR5cCI6InN0YXR1c2xpc3Qrand0In0.${encodeURIComponent(uri)}.${version}${variant}.sig`;
  return { uri, version, digest: await digestStatusListToken(token), time: T0 + version * 60 };
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Change one character of a string, keeping its alphabet (hex stays hex, digits stay digits). */
function alterString(s: string): string {
  if (s.length === 0) return 'x';
  const swap = (c: string): string | undefined => {
    if (c >= '0' && c <= '9') return String((Number(c) + 1) % 10);
    if (c >= 'a' && c <= 'f') return c === 'f' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1);
    if (c >= 'A' && c <= 'F') return c === 'F' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
    if (c >= 'g' && c <= 'z') return c === 'z' ? 'g' : String.fromCharCode(c.charCodeAt(0) + 1);
    if (c >= 'G' && c <= 'Z') return c === 'Z' ? 'G' : String.fromCharCode(c.charCodeAt(0) + 1);
    return undefined;
  };
  const mid = Math.floor(s.length / 2);
  for (let k = 0; k < s.length; k++) {
    const i = (mid + k) % s.length;
    const r = swap(s[i]!);
    if (r !== undefined) return s.slice(0, i) + r + s.slice(i + 1);
  }
  return `${s}x`;
}

/** One changed value of the same JSON type. */
function alterValue(v: unknown): unknown {
  if (typeof v === 'string') return alterString(v);
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (v === null) return 'x';
  return 'x';
}

/** Every leaf of a JSON value, as a path of keys and indices. */
function leafPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length === 0 ? [prefix] : v.flatMap((x, i) => leafPaths(x, [...prefix, i]));
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    return keys.length === 0 ? [prefix] : keys.flatMap((k) => leafPaths((v as Record<string, unknown>)[k], [...prefix, k]));
  }
  return [prefix];
}

function setPath(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

function getPath(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const k of path) node = (node as Record<string | number, unknown>)[k];
  return node;
}

/**
 * Register the shared ledger conformance suite (a vitest `describe` block named after the adapter).
 *
 * @example
 * ```ts
 * runLedgerConformance('FileLedger (ES256)', async () => ({ ledger: await FileLedger.open({ path, signingKey }) }))
 * ```
 */
export function runLedgerConformance(name: string, setup: () => Promise<LedgerHarness>): void {
  describe(`LedgerAdapter conformance: ${name}`, () => {
    let harness: LedgerHarness | undefined;
    const ledger = (): LedgerAdapter => {
      if (!harness) throw new Error(`${name}: setup() did not complete`);
      return harness.ledger;
    };

    beforeAll(async () => {
      harness = await setup();
    });

    afterAll(async () => {
      if (!harness) return;
      try {
        await harness.ledger.close();
      } finally {
        await harness.cleanup?.();
      }
    });

    describe(`${name}: anchor and receipts`, () => {
      it(`${name}: has a non-empty string id`, () => {
        expect(typeof ledger().id).toBe('string');
        expect(ledger().id.length).toBeGreaterThan(0);
      });

      it(`${name}: anchor returns a receipt for this ledger that verifyReceipt accepts`, async () => {
        const record = await recordFor(freshUri('anchor'), 1);
        const receipt = await ledger().anchor(record);
        expect(receipt.ledger).toBe(ledger().id);
        expect(receipt.record).toEqual(record);
        expect(typeof receipt.proof).toBe('object');
        expect(receipt.proof).not.toBeNull();
        expect(await ledger().verifyReceipt(receipt)).toEqual(record);
      });

      it(`${name}: a receipt is plain JSON and still verifies after a JSON round trip`, async () => {
        const record = await recordFor(freshUri('json'), 1);
        const receipt = await ledger().anchor(record);
        const shipped = JSON.parse(JSON.stringify(receipt)) as AnchorReceipt;
        expect(shipped).toEqual(receipt);
        expect(await ledger().verifyReceipt(shipped)).toEqual(record);
      });

      it(`${name}: the ledger keeps its own copy of what was anchored`, async () => {
        const uri = freshUri('copy');
        const record = await recordFor(uri, 1);
        const original = { ...record };
        const receipt = await ledger().anchor(record);
        record.version = 99;
        record.digest = (await recordFor(uri, 1, 'other')).digest;
        receipt.record.time = 0;
        const [only] = await ledger().history(uri);
        expect(only?.record).toEqual(original);
        expect((await ledger().latest(uri))?.record).toEqual(original);
      });
    });

    describe(`${name}: latest and history`, () => {
      it(`${name}: an unknown uri has no latest and an empty history`, async () => {
        const uri = freshUri('unknown');
        expect(await ledger().latest(uri)).toBeUndefined();
        expect(await ledger().history(uri)).toEqual([]);
      });

      it(`${name}: history is oldest first and latest is the highest version; uris are kept apart`, async () => {
        const a = freshUri('history-a');
        const b = freshUri('history-b');
        const ra = [await recordFor(a, 1), await recordFor(a, 2), await recordFor(a, 3)];
        const rb = [await recordFor(b, 1), await recordFor(b, 2)];
        const receipts: AnchorReceipt[] = [];
        receipts.push(await ledger().anchor(ra[0]!));
        receipts.push(await ledger().anchor(rb[0]!));
        receipts.push(await ledger().anchor(ra[1]!));
        receipts.push(await ledger().anchor(rb[1]!));
        receipts.push(await ledger().anchor(ra[2]!));

        const ha = await ledger().history(a);
        const hb = await ledger().history(b);
        expect(ha.map((r) => r.record)).toEqual(ra);
        expect(hb.map((r) => r.record)).toEqual(rb);
        expect(ha).toEqual([receipts[0], receipts[2], receipts[4]]);
        expect(hb).toEqual([receipts[1], receipts[3]]);
        expect(await ledger().latest(a)).toEqual(receipts[4]);
        expect(await ledger().latest(b)).toEqual(receipts[3]);
        for (const r of [...ha, ...hb]) expect(await ledger().verifyReceipt(r)).toEqual(r.record);
      });

      it(`${name}: a uri differing only in case or a trailing slash is a different list`, async () => {
        const a = freshUri('Case');
        await ledger().anchor(await recordFor(a, 1));
        expect(await ledger().history(a.toLowerCase())).toEqual([]);
        expect(await ledger().latest(`${a}/`)).toBeUndefined();
      });

      it(`${name}: versions need not be consecutive, only increasing`, async () => {
        const uri = freshUri('gap');
        await ledger().anchor(await recordFor(uri, 1));
        await ledger().anchor(await recordFor(uri, 5));
        expect((await ledger().history(uri)).map((r) => r.record.version)).toEqual([1, 5]);
        expect((await ledger().latest(uri))?.record.version).toBe(5);
      });
    });

    describe(`${name}: the version rule`, () => {
      it(`${name}: the same version with another digest is a conflict`, async () => {
        const uri = freshUri('conflict-equal');
        await ledger().anchor(await recordFor(uri, 1));
        await ledger().anchor(await recordFor(uri, 2));
        expect(await codeOf(ledger().anchor(await recordFor(uri, 2, 'rewritten')))).toBe('ERR_LEDGER_CONFLICT');
        expect((await ledger().history(uri)).map((r) => r.record.version)).toEqual([1, 2]);
      });

      it(`${name}: a lower version with another digest is a conflict`, async () => {
        const uri = freshUri('conflict-lower');
        await ledger().anchor(await recordFor(uri, 1));
        await ledger().anchor(await recordFor(uri, 3));
        expect(await codeOf(ledger().anchor(await recordFor(uri, 1, 'rewritten')))).toBe('ERR_LEDGER_CONFLICT');
        expect(await codeOf(ledger().anchor(await recordFor(uri, 2)))).toBe('ERR_LEDGER_CONFLICT');
        expect((await ledger().history(uri)).map((r) => r.record.version)).toEqual([1, 3]);
      });

      it(`${name}: the same version and digest at another time is a conflict`, async () => {
        const uri = freshUri('conflict-time');
        const record = await recordFor(uri, 1);
        await ledger().anchor(record);
        expect(await codeOf(ledger().anchor({ ...record, time: record.time + 1 }))).toBe('ERR_LEDGER_CONFLICT');
        expect(await ledger().history(uri)).toHaveLength(1);
      });

      it(`${name}: re-anchoring the identical latest record returns an equivalent receipt and adds nothing`, async () => {
        const uri = freshUri('retry');
        const record = await recordFor(uri, 1);
        const first = await ledger().anchor(record);
        const again = await ledger().anchor({ ...record });
        expect(again).toEqual(first);
        expect(await ledger().verifyReceipt(again)).toEqual(record);
        expect(await ledger().history(uri)).toEqual([first]);
      });

      it(`${name}: re-anchoring an identical older record returns its receipt and adds nothing`, async () => {
        const uri = freshUri('retry-older');
        const r1 = await recordFor(uri, 1);
        const first = await ledger().anchor(r1);
        const second = await ledger().anchor(await recordFor(uri, 2));
        expect(await ledger().anchor({ ...r1 })).toEqual(first);
        expect(await ledger().history(uri)).toEqual([first, second]);
        expect(await ledger().latest(uri)).toEqual(second);
      });
    });

    describe(`${name}: invalid records are refused with ERR_INVALID_ARGUMENT`, () => {
      const cases: [string, (r: AnchorRecord) => unknown][] = [
        ['not an object (null)', () => null],
        ['not an object (array)', (r) => [r.uri, r.version, r.digest, r.time]],
        ['not an object (string)', (r) => JSON.stringify(r)],
        ['missing uri', ({ uri: _u, ...rest }) => rest],
        ['missing version', ({ version: _v, ...rest }) => rest],
        ['missing digest', ({ digest: _d, ...rest }) => rest],
        ['missing time', ({ time: _t, ...rest }) => rest],
        ['extra field (personal data)', (r) => ({ ...r, holder_name: '张伟' })],
        ['extra field (metadata)', (r) => ({ ...r, issuer: 'did:web:gov.example' })],
        ['empty uri', (r) => ({ ...r, uri: '' })],
        ['uri not a string', (r) => ({ ...r, uri: 42 })],
        ['uri longer than 2048 characters', (r) => ({ ...r, uri: `${r.uri}/${'a'.repeat(2048)}` })],
        ['digest too short', (r) => ({ ...r, digest: r.digest.slice(0, 42) })],
        ['digest too long', (r) => ({ ...r, digest: `${r.digest}A` })],
        ['digest padded', (r) => ({ ...r, digest: `${r.digest}=` })],
        ['digest in standard base64', (r) => ({ ...r, digest: `${r.digest.slice(0, 41)}+/` })],
        ['digest in hex', (r) => ({ ...r, digest: 'ab'.repeat(32) })],
        ['digest not a string', (r) => ({ ...r, digest: 123 })],
        ['version 0', (r) => ({ ...r, version: 0 })],
        ['negative version', (r) => ({ ...r, version: -1 })],
        ['non-integer version', (r) => ({ ...r, version: 1.5 })],
        ['version NaN', (r) => ({ ...r, version: Number.NaN })],
        ['version beyond safe integers', (r) => ({ ...r, version: 2 ** 53 })],
        ['version as a string', (r) => ({ ...r, version: '1' })],
        ['negative time', (r) => ({ ...r, time: -1 })],
        ['non-integer time', (r) => ({ ...r, time: 1.5 })],
        ['time as a string', (r) => ({ ...r, time: '2026-01-01' })],
      ];
      for (const [label, make] of cases) {
        it(`${name}: ${label}`, async () => {
          const uri = freshUri('invalid');
          const bad = make(await recordFor(uri, 1));
          expect(await codeOf(ledger().anchor(bad as AnchorRecord))).toBe('ERR_INVALID_ARGUMENT');
          expect(await ledger().history(uri)).toEqual([]);
        });
      }
    });

    describe(`${name}: tampered receipts are refused with ERR_LEDGER_RECEIPT_INVALID`, () => {
      let receipt: AnchorReceipt;
      let other: AnchorReceipt;
      beforeAll(async () => {
        const uri = freshUri('tamper');
        receipt = await ledger().anchor(await recordFor(uri, 2));
        other = await ledger().anchor(await recordFor(freshUri('tamper-other'), 3));
      });
      const tampered = async (r: unknown): Promise<string | undefined> => codeOf(ledger().verifyReceipt(r as AnchorReceipt));

      it(`${name}: the untouched receipts verify`, async () => {
        expect(await ledger().verifyReceipt(receipt)).toEqual(receipt.record);
        expect(await ledger().verifyReceipt(other)).toEqual(other.record);
      });

      it(`${name}: record digest changed`, async () => {
        const digest = (await recordFor(receipt.record.uri, 2, 'forged')).digest;
        expect(await tampered({ ...receipt, record: { ...receipt.record, digest } })).toBe('ERR_LEDGER_RECEIPT_INVALID');
      });

      it(`${name}: record version changed`, async () => {
        for (const version of [1, 3, 1000]) {
          expect(await tampered({ ...receipt, record: { ...receipt.record, version } })).toBe('ERR_LEDGER_RECEIPT_INVALID');
        }
      });

      it(`${name}: record uri changed`, async () => {
        for (const uri of [`${receipt.record.uri}x`, other.record.uri, receipt.record.uri.toUpperCase()]) {
          expect(await tampered({ ...receipt, record: { ...receipt.record, uri } })).toBe('ERR_LEDGER_RECEIPT_INVALID');
        }
      });

      it(`${name}: record time changed`, async () => {
        for (const time of [receipt.record.time + 1, receipt.record.time - 1, 0]) {
          expect(await tampered({ ...receipt, record: { ...receipt.record, time } })).toBe('ERR_LEDGER_RECEIPT_INVALID');
        }
      });

      it(`${name}: record swapped for another anchored record`, async () => {
        expect(await tampered({ ...receipt, record: other.record })).toBe('ERR_LEDGER_RECEIPT_INVALID');
        expect(await tampered({ ...other, proof: receipt.proof })).toBe('ERR_LEDGER_RECEIPT_INVALID');
      });

      it(`${name}: record with an extra field or a field missing`, async () => {
        expect(await tampered({ ...receipt, record: { ...receipt.record, holder_name: '张伟' } })).toBe('ERR_LEDGER_RECEIPT_INVALID');
        const { time: _t, ...noTime } = receipt.record;
        expect(await tampered({ ...receipt, record: noTime })).toBe('ERR_LEDGER_RECEIPT_INVALID');
      });

      it(`${name}: each proof field changed`, async () => {
        const paths = leafPaths(receipt.proof);
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
          const t = clone(receipt);
          setPath(t.proof, path, alterValue(getPath(t.proof, path)));
          expect({ path, code: await tampered(t) }).toEqual({ path, code: 'ERR_LEDGER_RECEIPT_INVALID' });
        }
      });

      it(`${name}: each proof field removed`, async () => {
        for (const key of Object.keys(receipt.proof)) {
          const t = clone(receipt);
          delete t.proof[key];
          expect({ key, code: await tampered(t) }).toEqual({ key, code: 'ERR_LEDGER_RECEIPT_INVALID' });
        }
        expect(await tampered({ ...receipt, proof: {} })).toBe('ERR_LEDGER_RECEIPT_INVALID');
      });

      it(`${name}: ledger changed`, async () => {
        for (const id of [alterString(receipt.ledger), `${receipt.ledger}x`, '', 'file:other']) {
          expect(await tampered({ ...receipt, ledger: id })).toBe('ERR_LEDGER_RECEIPT_INVALID');
        }
      });

      it(`${name}: not a receipt at all`, async () => {
        for (const junk of [null, undefined, 'receipt', 42, [], {}, { ledger: receipt.ledger }, { ...receipt, proof: null }, { ...receipt, record: null }]) {
          expect(await tampered(junk)).toBe('ERR_LEDGER_RECEIPT_INVALID');
        }
      });

      it(`${name}: the original is still accepted after all the tampering`, async () => {
        expect(await ledger().verifyReceipt(receipt)).toEqual(receipt.record);
      });
    });

    describe(`${name}: concurrency`, () => {
      it(`${name}: concurrent anchors of consecutive versions for several uris all land`, async () => {
        const uris = [freshUri('concurrent-a'), freshUri('concurrent-b'), freshUri('concurrent-c')];
        const versions = [1, 2, 3, 4, 5];
        const pending: Promise<AnchorReceipt>[] = [];
        const records: AnchorRecord[] = [];
        for (const v of versions) {
          for (const uri of uris) {
            const r = await recordFor(uri, v);
            records.push(r);
            pending.push(ledger().anchor(r)); // not awaited: all in flight together
          }
        }
        const receipts = await Promise.all(pending);
        receipts.forEach((r, i) => {
          expect(r.ledger).toBe(ledger().id);
          expect(r.record).toEqual(records[i]);
        });
        for (const uri of uris) {
          const h = await ledger().history(uri);
          expect(h.map((r) => r.record.version)).toEqual(versions);
          expect((await ledger().latest(uri))?.record.version).toBe(5);
        }
        for (const r of receipts) expect(await ledger().verifyReceipt(r)).toEqual(r.record);
      });

      it(`${name}: concurrent anchors of the same version with different digests: exactly one lands`, async () => {
        const uri = freshUri('race');
        const candidates = [await recordFor(uri, 1, 'a'), await recordFor(uri, 1, 'b'), await recordFor(uri, 1, 'c')];
        const outcomes = await Promise.allSettled(candidates.map((r) => ledger().anchor(r)));
        const landed = outcomes.filter((o) => o.status === 'fulfilled');
        const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(landed).toHaveLength(1);
        expect(refused.map((o) => (o.reason as { code?: string }).code)).toEqual(['ERR_LEDGER_CONFLICT', 'ERR_LEDGER_CONFLICT']);
        expect(await ledger().history(uri)).toHaveLength(1);
      });
    });
  });
}
