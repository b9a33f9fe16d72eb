import { createHash } from 'node:crypto';
import { readFile, stat, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signJwt, signingKeyFromJwk, type JWK } from '@elicense/core';
import { digestStatusListToken, type AnchorReceipt, type AnchorRecord } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { ledgerKey, tempDir } from './helpers.js';

const T0 = 1_767_225_600;
const A = 'https://gov.example/status/a';
const B = 'https://gov.example/status/b';

interface Line {
  seq: number;
  prev: string;
  record: AnchorRecord;
  hash: string;
  checkpoint: string;
}

let dir: string;
let remove: () => Promise<void>;
let path: string;
let key: { privateJwk: JWK; publicJwk: JWK };
let ledgerId: string;
let receipts: AnchorReceipt[];
let original: string;

async function record(uri: string, version: number, variant = ''): Promise<AnchorRecord> {
  return { uri, version, digest: await digestStatusListToken(`eyJ.${uri}.${version}${variant}.sig`), time: T0 + version };
}

async function openCode(): Promise<{ code?: string | undefined; seq?: unknown }> {
  try {
    const l = await FileLedger.open({ path, signingKey: key.privateJwk, now: () => T0 });
    await l.close();
    return {};
  } catch (e) {
    const err = e as { code?: string; details?: { seq?: unknown } };
    return { code: err.code, seq: err.details?.seq };
  }
}

const lines = (text: string): string[] => text.slice(0, -1).split('\n');
const joinLines = (ls: string[]): string => `${ls.join('\n')}\n`;
const parse = (l: string): Line => JSON.parse(l) as Line;
const line = (e: Line): string =>
  JSON.stringify({ seq: e.seq, prev: e.prev, record: { uri: e.record.uri, version: e.record.version, digest: e.record.digest, time: e.record.time }, hash: e.hash, checkpoint: e.checkpoint });
const hashOf = (seq: number, prev: string, r: AnchorRecord): string =>
  createHash('sha256').update(JSON.stringify({ seq, prev, record: { uri: r.uri, version: r.version, digest: r.digest, time: r.time } })).digest('base64url');

/** A fully valid entry forged with a private key: correct hash and a genuine checkpoint. */
async function forge(seq: number, prev: string, r: AnchorRecord, privateJwk: JWK, ledger = ledgerId): Promise<Line> {
  const hash = hashOf(seq, prev, r);
  const checkpoint = await signJwt({ typ: 'elicense-checkpoint+jwt' }, { ledger, seq, head: hash, iat: T0 }, signingKeyFromJwk(privateJwk));
  return { seq, prev, record: r, hash, checkpoint };
}

async function rewrite(edit: (ls: string[]) => string[] | Promise<string[]>): Promise<void> {
  await writeFile(path, joinLines(await edit(lines(original))));
}

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
  path = join(dir, 'status.ledger');
  key = await ledgerKey('ES256');
  const ledger = await FileLedger.open({ path, signingKey: key.privateJwk, now: () => T0 });
  ledgerId = ledger.id;
  receipts = [];
  // seq 0..5: a1 b1 a2 b2 a3 b3
  for (let v = 1; v <= 3; v++) {
    receipts.push(await ledger.anchor(await record(A, v)));
    receipts.push(await ledger.anchor(await record(B, v)));
  }
  await ledger.close();
  original = await readFile(path, 'utf8');
});

afterEach(async () => {
  await remove();
});

describe('FileLedger.open detects tampering (ERR_LEDGER_TAMPERED with details.seq)', () => {
  it('the untouched file opens', async () => {
    expect(await openCode()).toEqual({});
  });

  it('an edited record (digest, version, uri or time)', async () => {
    const edits: ((r: AnchorRecord) => AnchorRecord)[] = [
      (r) => ({ ...r, digest: createHash('sha256').update('forged').digest('base64url') }),
      (r) => ({ ...r, version: r.version + 10 }),
      (r) => ({ ...r, uri: `${r.uri}x` }),
      (r) => ({ ...r, time: r.time + 1 }),
    ];
    for (const edit of edits) {
      await rewrite((ls) => ls.map((l, i) => (i === 3 ? line({ ...parse(l), record: edit(parse(l).record) }) : l)));
      expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 3 });
    }
  });

  it('an edited record with its hash recomputed (the checkpoint no longer matches)', async () => {
    await rewrite((ls) =>
      ls.map((l, i) => {
        if (i !== 2) return l;
        const e = parse(l);
        const r = { ...e.record, time: e.record.time + 60 };
        return line({ ...e, record: r, hash: hashOf(e.seq, e.prev, r) });
      }),
    );
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 2 });
  });

  it('a bad hash', async () => {
    await rewrite((ls) => ls.map((l, i) => (i === 4 ? line({ ...parse(l), hash: hashOf(99, parse(l).prev, parse(l).record) }) : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 4 });
  });

  it('a broken prev link', async () => {
    await rewrite((ls) => ls.map((l, i) => (i === 1 ? line({ ...parse(l), prev: parse(ls[1]!).hash }) : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 1 });
  });

  it('a line removed from the middle', async () => {
    await rewrite((ls) => ls.filter((_, i) => i !== 2));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 2 });
  });

  it('the first line removed', async () => {
    await rewrite((ls) => ls.slice(1));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 0 });
  });

  it('two lines swapped', async () => {
    await rewrite((ls) => [ls[0]!, ls[2]!, ls[1]!, ...ls.slice(3)]);
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 1 });
  });

  it('a line inserted (a copy of an earlier line)', async () => {
    await rewrite((ls) => [...ls.slice(0, 3), ls[1]!, ...ls.slice(3)]);
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 3 });
  });

  it('a line inserted with its seq, prev and hash fixed up but no valid checkpoint', async () => {
    await rewrite((ls) => {
      const prev = parse(ls[5]!);
      const r: AnchorRecord = { ...prev.record, version: 4 };
      return [...ls, line({ seq: 6, prev: prev.hash, record: r, hash: hashOf(6, prev.hash, r), checkpoint: prev.checkpoint })];
    });
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 6 });
  });

  it('a checkpoint signed by another key', async () => {
    const other = await ledgerKey('ES256');
    const forged = await forge(3, parse(lines(original)[2]!).hash, parse(lines(original)[3]!).record, other.privateJwk);
    await rewrite((ls) => ls.map((l, i) => (i === 3 ? line(forged) : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 3 });
  });

  it('a checkpoint signed by the ledger key but naming another ledger', async () => {
    const forged = await forge(3, parse(lines(original)[2]!).hash, parse(lines(original)[3]!).record, key.privateJwk, 'file:another');
    await rewrite((ls) => ls.map((l, i) => (i === 3 ? line(forged) : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 3 });
  });

  it('a checkpoint from another entry (right key, wrong seq and head)', async () => {
    await rewrite((ls) => ls.map((l, i) => (i === 4 ? line({ ...parse(l), checkpoint: parse(ls[3]!).checkpoint }) : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 4 });
  });

  it('a whole file written by another key', async () => {
    const other = await ledgerKey('EdDSA');
    const otherLedger = await FileLedger.open({ path: join(dir, 'other.ledger'), signingKey: other.privateJwk });
    await otherLedger.anchor(await record(A, 1));
    await otherLedger.close();
    await writeFile(path, await readFile(join(dir, 'other.ledger')));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 0 });
  });

  it('a seq gap', async () => {
    await rewrite((ls) => ls.map((l, i) => (i === 4 ? line({ ...parse(l), seq: 5 }) : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 4 });
  });

  it('a seq gap with hash and checkpoint forged by the key holder', async () => {
    await rewrite(async (ls) => {
      const e = parse(ls[4]!);
      return [...ls.slice(0, 4), line(await forge(5, e.prev, e.record, key.privateJwk))];
    });
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 4 });
  });

  it('a fully signed entry that rewrites an old version (the key holder cannot rewrite history either)', async () => {
    await rewrite(async (ls) => [...ls, line(await forge(6, parse(ls[5]!).hash, await record(A, 2, 'rewritten'), key.privateJwk))]);
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 6 });
  });

  it('an extra member smuggled into a record or an entry', async () => {
    await rewrite((ls) => ls.map((l, i) => (i === 1 ? l.replace('"time":', '"holder_name":"张伟","time":') : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 1 });
    await rewrite((ls) => ls.map((l, i) => (i === 1 ? l.replace(/}$/, ',"note":"x"}') : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 1 });
  });

  it('a line in non-canonical form (same JSON value, other bytes)', async () => {
    await rewrite((ls) => ls.map((l, i) => (i === 2 ? l.replace('{"seq":2,', '{ "seq":2,') : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 2 });
    await rewrite((ls) => ls.map((l, i) => (i === 2 ? line(parse(l)).replace(/"uri":"([^"]*)"/, (_m, u: string) => `"uri":"${u.replace('/', '\\/')}"`) : l)));
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 2 });
  });

  it('garbage, an empty line, invalid UTF-8 or a non-object line (all newline-terminated)', async () => {
    for (const bad of ['not json', '', '[1,2]', 'null', '{"seq":2}']) {
      await rewrite((ls) => ls.map((l, i) => (i === 2 ? bad : l)));
      expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 2 });
    }
    const bytes = Buffer.from(original, 'utf8');
    const at = bytes.indexOf('https://gov.example/status/b', 0, 'utf8');
    bytes[at + 8] = 0xff;
    await writeFile(path, bytes);
    expect(await openCode()).toEqual({ code: 'ERR_LEDGER_TAMPERED', seq: 1 });
  });

  it('any single flipped byte in a complete line is detected', async () => {
    const bytes = Buffer.from(original, 'utf8');
    const lastNewline = bytes.lastIndexOf(0x0a);
    for (let trial = 0; trial < 40; trial++) {
      const copy = Buffer.from(bytes);
      const at = Math.floor((trial / 40) * lastNewline);
      copy[at] = copy[at]! ^ (trial % 2 === 0 ? 0x01 : 0x20);
      if (copy[at] === 0x0a) continue; // a new line break is also tampering, but keep the expectation simple
      await writeFile(path, copy);
      const expectedSeq = bytes.subarray(0, at).filter((b) => b === 0x0a).length;
      expect({ at, ...(await openCode()) }).toEqual({ at, code: 'ERR_LEDGER_TAMPERED', seq: expectedSeq });
    }
  });

  it('a failed open leaves no lock behind: once the file is restored it opens', async () => {
    await rewrite((ls) => ls.filter((_, i) => i !== 2));
    expect((await openCode()).code).toBe('ERR_LEDGER_TAMPERED');
    await writeFile(path, original);
    expect(await openCode()).toEqual({});
  });
});

describe('FileLedger.verifyReceipt re-reads its file', () => {
  it('an entry changed on disk while the ledger is open: ERR_LEDGER_TAMPERED', async () => {
    const ledger = await FileLedger.open({ path, signingKey: key.privateJwk });
    try {
      expect(await ledger.verifyReceipt(receipts[2]!)).toEqual(receipts[2]!.record);
      const ls = lines(original);
      const e = parse(ls[2]!);
      ls[2] = line({ ...e, record: { ...e.record, time: e.record.time + 1 } }); // same length
      await writeFile(path, joinLines(ls));
      const code = await ledger.verifyReceipt(receipts[2]!).then(
        () => 'resolved',
        (err: { code?: string; details?: { seq?: number } }) => `${err.code}:${err.details?.seq}`,
      );
      expect(code).toBe('ERR_LEDGER_TAMPERED:2');
      expect(await ledger.verifyReceipt(receipts[1]!)).toEqual(receipts[1]!.record);
    } finally {
      await ledger.close();
    }
  });
});

describe('FileLedger.open recovers a torn final line', () => {
  const cases: [string, (next: string) => string][] = [
    ['half of a line', (next) => next.slice(0, Math.floor(next.length / 2))],
    ['a complete line without its newline', (next) => next],
    ['one byte', (next) => next.slice(0, 1)],
    ['garbage', () => '\u0000\u0000\u0000'],
  ];
  for (const [label, torn] of cases) {
    it(`${label}: truncated away, every acknowledged entry kept, appends continue`, async () => {
      const next = line(await forge(6, parse(lines(original)[5]!).hash, await record(A, 4), key.privateJwk));
      await appendFile(path, torn(next));
      expect((await stat(path)).size).toBeGreaterThan(Buffer.byteLength(original));
      const ledger = await FileLedger.open({ path, signingKey: key.privateJwk });
      try {
        expect(await readFile(path, 'utf8')).toBe(original);
        expect((await ledger.history(A)).map((r) => r.record.version)).toEqual([1, 2, 3]);
        for (const r of receipts) expect(await ledger.verifyReceipt(r)).toEqual(r.record);
        const appended = await ledger.anchor(await record(A, 4));
        expect(appended.proof.seq).toBe(6);
      } finally {
        await ledger.close();
      }
      expect(await openCode()).toEqual({});
    });
  }
});
