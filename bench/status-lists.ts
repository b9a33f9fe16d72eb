/**
 * Status lists at the sizes a national registry reaches: 1M and 10M entries, 1 bit each, with 1 %
 * of the entries set at pseudo-random positions (a fixed seed, so runs are comparable). For each
 * size: encode (list → compressed base64url `lst`), decode (`lst` → list) and lookup (`get(i)` at
 * random indices), for elicense, @sd-jwt/jwt-status-list and the floor — node:zlib on the same
 * packed bytes, and a bare bit read for lookups. And the memory a decoded 10M list holds.
 *
 * Memory is measured as the growth of `heapUsed + external` (ArrayBuffers included) between two
 * full garbage collections around the decode, with the decoded list kept alive. It uses
 * `global.gc` when node runs with `--expose-gc`, and otherwise enables it for itself.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deflateSync, inflateSync } from 'node:zlib';
import { StatusList as PeerStatusList } from '@sd-jwt/jwt-status-list';
import { StatusList, decodeStatusList, encodeStatusList } from '@elicense/status';
import { medianMs, opsPerSec } from './harness.js';
import type { BenchRow, Target } from './rows.js';

const PEER = '@sd-jwt/jwt-status-list';
const SIZES = [1_000_000, 10_000_000] as const;
/** Lookups per measured call: one call is far longer than the timer's resolution. */
const LOOKUPS = 1_000_000;

const label = (n: number): string => `${n / 1_000_000}M`;
const task = {
  encode: (n: number) => `status list encode, ${label(n)} entries (1-bit, 1 % set)`,
  decode: (n: number) => `status list decode, ${label(n)} entries (1-bit, 1 % set)`,
  lookup: (n: number) => `status list lookups/s, ${label(n)} entries (one get at a random index)`,
  held: (n: number) => `status list held in memory, ${label(n)} entries decoded`,
};

/** A deterministic pseudo-random sequence in [0, n) (no Math.random: figures are comparable between runs). */
function randomIndices(seed: number, count: number, n: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = seed >>> 0;
  for (let k = 0; k < count; k++) {
    // xorshift32
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[k] = Math.floor((x / 2 ** 32) * n);
  }
  return out;
}

let gcFunction: (() => void) | undefined;

/** A full garbage collection: `global.gc` under `--expose-gc`, else V8's own, enabled here. */
function collect(): void {
  if (gcFunction === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) gcFunction = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    }
  }
  gcFunction();
  gcFunction();
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** Bytes still held after `make()` returns, with what it returned kept alive. */
function heldBytes(make: () => unknown): number {
  collect();
  const before = used();
  const kept = make();
  collect();
  const held = used() - before;
  if (kept === undefined) throw new Error('nothing was kept');
  return held;
}

let sink = 0;

async function measureSize(n: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // the same 1 % of entries set in both lists
  const set = randomIndices(0x5eed + n, n / 100, n);
  const list = new StatusList(n, 1);
  const values = new Array<number>(n).fill(0);
  for (const i of set) {
    list.set(i, 1);
    values[i] = 1;
  }
  const peer = new PeerStatusList(values, 1);
  const packed = list.toBytes();
  const lst = encodeStatusList(list);
  const peerLst = peer.compressStatusList();
  const deflated = deflateSync(packed, { level: 9 });
  if (PeerStatusList.decompressStatusList(lst, 1).getStatus(set[0]!) !== 1 || decodeStatusList(peerLst, 1).get(set[0]!) !== 1) {
    throw new Error('the two implementations disagree');
  }

  // encode and decode: the peer is ~100× slower, so it gets fewer rounds at 10M
  const big = n >= 10_000_000;
  const fast = { warmup: 2, rounds: 7 };
  const slow = big ? { warmup: 0, rounds: 3 } : { warmup: 1, rounds: 5 };
  rows.push({ task: task.encode(n), impl: 'elicense', ms: await medianMs(() => encodeStatusList(list), big ? { warmup: 1, rounds: 5 } : fast) });
  rows.push({ task: task.encode(n), impl: PEER, ms: await medianMs(() => peer.compressStatusList(), slow) });
  rows.push({ task: task.encode(n), impl: 'zlib', ms: await medianMs(() => deflateSync(packed, { level: 9 }), big ? { warmup: 1, rounds: 5 } : fast) });
  rows.push({ task: task.decode(n), impl: 'elicense', ms: await medianMs(() => decodeStatusList(lst, 1), { warmup: 100, rounds: 51 }) });
  rows.push({ task: task.decode(n), impl: PEER, ms: await medianMs(() => PeerStatusList.decompressStatusList(peerLst, 1), slow) });
  rows.push({ task: task.decode(n), impl: 'zlib', ms: await medianMs(() => inflateSync(deflated), { warmup: 100, rounds: 51 }) });

  // lookups: one call reads LOOKUPS random entries; reported per lookup
  const at = randomIndices(0xbead + n, LOOKUPS, n);
  const decoded = decodeStatusList(lst, 1);
  const peerDecoded = PeerStatusList.decompressStatusList(peerLst, 1);
  const bytes = decoded.toBytes();
  const lookups: Array<[string, () => void]> = [
    [
      'elicense',
      () => {
        let s = 0;
        for (let k = 0; k < LOOKUPS; k++) s += decoded.get(at[k]!);
        sink += s;
      },
    ],
    [
      PEER,
      () => {
        let s = 0;
        for (let k = 0; k < LOOKUPS; k++) s += peerDecoded.getStatus(at[k]!);
        sink += s;
      },
    ],
    [
      'floor',
      () => {
        let s = 0;
        for (let k = 0; k < LOOKUPS; k++) {
          const i = at[k]!;
          s += (bytes[i >>> 3]! >>> (i & 7)) & 1;
        }
        sink += s;
      },
    ],
  ];
  for (const [impl, fn] of lookups) {
    rows.push({ task: task.lookup(n), impl, opsPerSec: (await opsPerSec(fn, { warmup: 5, rounds: 7, minRoundMs: 100 })) * LOOKUPS });
  }

  if (big) {
    rows.push({ task: task.held(n), impl: 'elicense', bytes: heldBytes(() => decodeStatusList(lst, 1)) });
    rows.push({ task: task.held(n), impl: PEER, bytes: heldBytes(() => PeerStatusList.decompressStatusList(peerLst, 1)) });
  }
  return rows;
}

/** Encode, decode, lookup and memory of 1M- and 10M-entry status lists. */
export async function statusLists(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of SIZES) rows.push(...(await measureSize(n)));
  if (sink === 0.5) console.log(sink); // keeps the lookups from being optimised away
  return rows;
}

function figure(rows: BenchRow[], name: string, impl: string, unit: 'ms' | 'opsPerSec' | 'bytes'): number | undefined {
  const row = rows.find((r) => r.task === name && r.impl === impl);
  return row !== undefined && unit in row ? (row as unknown as Record<typeof unit, number>)[unit] : undefined;
}

const TEN_M = 10_000_000;

/** What the status list group must meet. */
export const targets: Target[] = [
  {
    name: 'status list decode 10M: elicense / zlib inflate',
    ratio: (rows) => {
      const el = figure(rows, task.decode(TEN_M), 'elicense', 'ms');
      const z = figure(rows, task.decode(TEN_M), 'zlib', 'ms');
      return el === undefined || z === undefined ? undefined : el / z;
    },
    atMost: 2,
  },
  {
    name: 'status list lookup 10M: elicense ns per get',
    ratio: (rows) => {
      const rate = figure(rows, task.lookup(TEN_M), 'elicense', 'opsPerSec');
      return rate === undefined ? undefined : 1e9 / rate;
    },
    atMost: 50,
  },
  {
    name: 'status list held 10M: elicense bytes / 1.25 MB (the packed bits)',
    ratio: (rows) => {
      const bytes = figure(rows, task.held(TEN_M), 'elicense', 'bytes');
      return bytes === undefined ? undefined : bytes / (TEN_M / 8);
    },
    atMost: 1.1,
  },
];
