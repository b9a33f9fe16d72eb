/** StatusList, and the IETF / W3C encodings as round trips (fast-check) and with bad input. */
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '@elicense/core';
import {
  MIN_STATUS_LIST_SIZE,
  StatusList,
  StatusType,
  decodeBitstringStatusList,
  decodeStatusList,
  encodeBitstringStatusList,
  encodeStatusList,
  type StatusBits,
} from '@elicense/status';
import { syncCodeOf } from './helpers.js';

const BITS: readonly StatusBits[] = [1, 2, 4, 8];

/** Bits and an array of values that fit them. */
const valuesArb = fc
  .constantFrom(...BITS)
  .chain((bits) => fc.tuple(fc.constant(bits), fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { minLength: 1, maxLength: 600 })));

/** What a decoded list must hold: the values, then zeros up to the byte boundary. */
function padded(values: number[], bits: StatusBits): number[] {
  const size = (Math.ceil((values.length * bits) / 8) * 8) / bits;
  return [...values, ...new Array<number>(size - values.length).fill(0)];
}

describe('StatusList', () => {
  it('starts all VALID, and holds what is set', () => {
    for (const bits of BITS) {
      const list = new StatusList(100, bits);
      expect(list.size).toBe(100);
      expect(list.bits).toBe(bits);
      expect([...list].every((v) => v === StatusType.VALID)).toBe(true);
      list.set(99, 2 ** bits - 1);
      list.set(0, 1);
      expect(list.get(99)).toBe(2 ** bits - 1);
      expect(list.get(0)).toBe(1);
      expect(list.get(98)).toBe(0);
      expect(list.toBytes().length).toBe(Math.ceil((100 * bits) / 8));
    }
    expect(new StatusList(8).bits).toBe(1);
  });

  it('behaves like an array of numbers (model-based)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BITS),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 200 }),
        (bits, size, writes) => {
          const list = new StatusList(size, bits);
          const model = new Array<number>(size).fill(0);
          for (const [i, v] of writes) {
            const index = i % size;
            const value = v % 2 ** bits;
            list.set(index, value);
            model[index] = value;
          }
          expect([...list]).toEqual(model);
          expect(model.every((v, i) => list.get(i) === v)).toBe(true);
        },
      ),
    );
  });

  it('toBytes and fromBytes are IETF packing, and toBytes is a copy', () => {
    const list = StatusList.fromBytes(new Uint8Array([0xc9, 0x44, 0xf9]), 2);
    expect(list.size).toBe(12);
    const bytes = list.toBytes();
    bytes[0] = 0;
    expect(list.get(0)).toBe(1);
    const source = new Uint8Array([0x01]);
    const copy = StatusList.fromBytes(source, 1);
    source[0] = 0;
    expect(copy.get(0)).toBe(1);
  });

  it('refuses indices outside [0, size) with ERR_STATUS_INDEX_OUT_OF_RANGE', () => {
    const list = new StatusList(16, 2);
    for (const index of [-1, 16, 1.5, Number.NaN, Infinity, '3', undefined]) {
      expect(syncCodeOf(() => list.get(index as number))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
      expect(syncCodeOf(() => list.set(index as number, 1))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
    }
  });

  it('refuses values wider than bits, and bad sizes and bits, with ERR_INVALID_ARGUMENT', () => {
    const list = new StatusList(16, 2);
    for (const value of [4, -1, 1.5, '1', undefined]) expect(syncCodeOf(() => list.set(3, value as number))).toBe('ERR_INVALID_ARGUMENT');
    for (const size of [0, -1, 1.5, '16', 2 ** 40]) expect(syncCodeOf(() => new StatusList(size as number))).toBe('ERR_INVALID_ARGUMENT');
    for (const bits of [0, 3, 16, '1']) expect(syncCodeOf(() => new StatusList(16, bits as StatusBits))).toBe('ERR_INVALID_ARGUMENT');
    expect(syncCodeOf(() => StatusList.fromBytes(new Uint8Array(0), 1))).toBe('ERR_INVALID_ARGUMENT');
    expect(syncCodeOf(() => StatusList.fromBytes([1, 2] as unknown as Uint8Array, 1))).toBe('ERR_INVALID_ARGUMENT');
    expect(syncCodeOf(() => StatusList.fromBytes(new Uint8Array(2), 5 as StatusBits))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('setMany checks every entry before writing any', () => {
    const list = new StatusList(16, 2);
    list.setMany([
      [1, 1],
      [2, 2],
    ]);
    expect(syncCodeOf(() => list.setMany([[3, 1], [16, 1]]))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
    expect(syncCodeOf(() => list.setMany([[3, 1], [4, 4]]))).toBe('ERR_INVALID_ARGUMENT');
    expect(syncCodeOf(() => list.setMany([[3, 1], [4] as unknown as [number, number]]))).toBe('ERR_INVALID_ARGUMENT');
    expect(syncCodeOf(() => list.setMany(42 as unknown as []))).toBe('ERR_INVALID_ARGUMENT');
    expect([...list].slice(0, 5)).toEqual([0, 1, 2, 0, 0]);
    function* entries(): Generator<readonly [number, number]> {
      yield [5, 3];
      yield [6, 1];
    }
    list.setMany(entries());
    expect(list.get(5)).toBe(3);
  });
});

describe('IETF lst round trip (ZLIB, LSB-first)', () => {
  it('decode(encode(values)) gives the values back, for every bits', () => {
    fc.assert(
      fc.property(valuesArb, ([bits, values]) => {
        const lst = encodeStatusList(values, bits);
        expect(Buffer.from(lst, 'base64url').subarray(0, 1)[0]).toBe(0x78);
        expect([...decodeStatusList(lst, bits)]).toEqual(padded(values, bits));
        const list = new StatusList(values.length, bits);
        list.setMany(values.map((v, i) => [i, v] as const));
        expect([...decodeStatusList(encodeStatusList(list), bits)]).toEqual(padded(values, bits));
      }),
      { numRuns: 150 },
    );
  });

  it('a list decoded from W3C form encodes to the same IETF statuses', () => {
    fc.assert(
      fc.property(valuesArb, ([bits, values]) => {
        const w3c = decodeBitstringStatusList(encodeBitstringStatusList(values, bits), { statusSize: bits, minEntries: 0 });
        expect([...decodeStatusList(encodeStatusList(w3c), bits)]).toEqual(padded(values, bits));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a corrupt, truncated or empty lst and bits outside 1/2/4/8 with ERR_STATUS_LIST_INVALID', () => {
    const lst = encodeStatusList(new StatusList(1024, 2));
    const bytes = Buffer.from(lst, 'base64url');
    const corrupt = Buffer.from(bytes);
    corrupt[corrupt.length - 1]! ^= 0xff;
    for (const bad of [
      encodeBase64url(corrupt),
      encodeBase64url(bytes.subarray(0, bytes.length - 3)),
      encodeBase64url(bytes.subarray(0, 4)),
      encodeBase64url(Buffer.concat([bytes, Buffer.from([0])])),
      `${lst}=`,
      lst.replace(/.$/, '*'),
      '',
      'eNrbuRgAAhcBXQ'.slice(0, 13),
      encodeBase64url(Buffer.from('not compressed at all')),
      encodeBitstringStatusList(new StatusList(64)).slice(1), // gzip is not zlib
    ]) {
      expect(syncCodeOf(() => decodeStatusList(bad, 2))).toBe('ERR_STATUS_LIST_INVALID');
    }
    for (const bits of [0, 3, 5, 16, '1', undefined]) expect(syncCodeOf(() => decodeStatusList(lst, bits as StatusBits))).toBe('ERR_STATUS_LIST_INVALID');
    expect(syncCodeOf(() => decodeStatusList(42 as unknown as string, 1))).toBe('ERR_STATUS_LIST_INVALID');
    // a zlib stream of nothing is an empty list
    expect(syncCodeOf(() => decodeStatusList('eNoDAAAAAAE', 1))).toBe('ERR_STATUS_LIST_INVALID');
  });

  it('any flipped byte is refused with ERR_STATUS_LIST_INVALID or changes nothing', () => {
    const list = new StatusList(4096, 2);
    list.setMany([[7, 1], [1000, 2], [4095, 3]]);
    const bytes = Buffer.from(encodeStatusList(list), 'base64url');
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const flipped = Buffer.from(bytes);
        flipped[at]! ^= mask;
        const code = syncCodeOf(() => decodeStatusList(encodeBase64url(flipped), 2));
        if (code === undefined) expect([...decodeStatusList(encodeBase64url(flipped), 2)]).toEqual([...list]);
        else expect(code).toBe('ERR_STATUS_LIST_INVALID');
      }),
      { numRuns: 300 },
    );
  });

  it('stops at maxBytes (zip bombs): ERR_INPUT_TOO_LARGE, default 16 MiB', () => {
    const list = new StatusList(8 * 4096, 1);
    const lst = encodeStatusList(list);
    expect(decodeStatusList(lst, 1, { maxBytes: 4096 }).size).toBe(8 * 4096);
    expect(syncCodeOf(() => decodeStatusList(lst, 1, { maxBytes: 4095 }))).toBe('ERR_INPUT_TOO_LARGE');
    // 32 MiB of zeros compress to about 32 KiB
    const bomb = encodeStatusList(new StatusList(32 * 1024 * 1024, 8));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(syncCodeOf(() => decodeStatusList(bomb, 8))).toBe('ERR_INPUT_TOO_LARGE');
    expect(decodeStatusList(bomb, 8, { maxBytes: 32 * 1024 * 1024 }).size).toBe(32 * 1024 * 1024);
    for (const maxBytes of [0, -1, 1.5, '1']) expect(syncCodeOf(() => decodeStatusList(lst, 1, { maxBytes: maxBytes as number }))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('encodes arrays and lists, refusing bad ones with ERR_INVALID_ARGUMENT', () => {
    expect(encodeStatusList([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1])).toBe(encodeStatusList(StatusList.fromBytes(new Uint8Array([0xb9, 0xa3]), 1)));
    expect([...decodeStatusList(encodeStatusList(new Uint8Array([3, 2, 1]), 2), 2)]).toEqual([3, 2, 1, 0]);
    for (const [list, bits] of [
      [[], 1],
      [[2], 1],
      [[1, -1], 2],
      [[0.5], 2],
      [['1'], 2],
      [[1], 3],
      [new StatusList(8, 2), 1],
      ['0101', 1],
      [null, 1],
    ] as [number[], StatusBits][]) {
      expect(syncCodeOf(() => encodeStatusList(list, bits))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(syncCodeOf(() => encodeStatusList(new StatusList(8, 2), 2))).toBeUndefined();
  });

  it('decodes a large list with one inflate, without per-entry work', () => {
    const size = 10_000_000;
    const list = new StatusList(size, 1);
    for (let i = 0; i < size; i += 1009) list.set(i, 1);
    const lst = encodeStatusList(list);
    const start = performance.now();
    const decoded = decodeStatusList(lst, 1);
    const elapsed = performance.now() - start;
    expect(decoded.get(1009 * 4242)).toBe(1);
    expect(decoded.get(1009 * 4242 + 1)).toBe(0);
    expect(elapsed).toBeLessThan(500);
  });
});

describe('W3C encodedList round trip (GZIP, MSB-first, multibase)', () => {
  it('decode(encode(values)) gives the values back, for every statusSize', () => {
    fc.assert(
      fc.property(valuesArb, ([bits, values]) => {
        const encoded = encodeBitstringStatusList(values, bits);
        expect(encoded.startsWith('uH4sI')).toBe(true);
        const list = decodeBitstringStatusList(encoded, { statusSize: bits, minEntries: 0 });
        expect(list.bits).toBe(bits);
        expect([...list]).toEqual(padded(values, bits));
        // and back again through the W3C-ordered list
        expect([...decodeBitstringStatusList(encodeBitstringStatusList(list), { statusSize: bits, minEntries: 0 })]).toEqual(padded(values, bits));
      }),
      { numRuns: 150 },
    );
  });

  it('puts index 0 in the most significant bit, multi-bit values in natural order', () => {
    const one = decodeBitstringStatusList(encodeBitstringStatusList([1, 0, 0, 0, 0, 0, 0, 0]), { minEntries: 0 });
    expect(one.toBytes()).toEqual(new Uint8Array([0x01]));
    const gz = (s: string): Buffer => Buffer.from(s.slice(1), 'base64url');
    expect([...gunzipSync(gz(encodeBitstringStatusList([1, 0, 0, 0, 0, 0, 0, 1])))]).toEqual([0x81]);
    expect([...gunzipSync(gz(encodeBitstringStatusList([1, 2, 3, 0], 2)))]).toEqual([0b01101100]);
    expect([...gunzipSync(gz(encodeBitstringStatusList([5, 10], 4)))]).toEqual([0x5a]);
  });

  it('a 131072-entry list passes the minimum; the REC-size list compresses small', () => {
    const list = new StatusList(MIN_STATUS_LIST_SIZE);
    list.set(94567, 1);
    const encoded = encodeBitstringStatusList(list);
    expect(encoded.length).toBeLessThan(200);
    expect(decodeBitstringStatusList(encoded).get(94567)).toBe(1);
  });

  it('refuses bad options with ERR_INVALID_ARGUMENT', () => {
    const encoded = encodeBitstringStatusList(new StatusList(MIN_STATUS_LIST_SIZE));
    for (const options of [{ statusSize: 3 }, { minEntries: -1 }, { minEntries: 1.5 }, { allowStatusList2021: 'yes' }, { maxBytes: 0 }]) {
      expect(syncCodeOf(() => decodeBitstringStatusList(encoded, options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(syncCodeOf(() => decodeBitstringStatusList(encoded, 'options' as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(syncCodeOf(() => encodeBitstringStatusList(new StatusList(8, 2), 1))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('refuses a zlib stream, a truncated one and trailing bytes with ERR_STATUS_LIST_INVALID; a bomb with ERR_INPUT_TOO_LARGE', () => {
    const encoded = encodeBitstringStatusList(new StatusList(MIN_STATUS_LIST_SIZE));
    const bytes = Buffer.from(encoded.slice(1), 'base64url');
    for (const bad of [
      `u${encodeStatusList(new StatusList(MIN_STATUS_LIST_SIZE))}`,
      `u${encodeBase64url(bytes.subarray(0, bytes.length - 1))}`,
      `u${encodeBase64url(Buffer.concat([bytes, bytes]))}`,
      `u${encodeBase64url(Buffer.concat([bytes, Buffer.from([0, 0])]))}`,
      'u',
      42,
    ]) {
      expect(syncCodeOf(() => decodeBitstringStatusList(bad as string))).toBe('ERR_STATUS_LIST_INVALID');
    }
    expect(syncCodeOf(() => decodeBitstringStatusList(encoded, { maxBytes: 16383 }))).toBe('ERR_INPUT_TOO_LARGE');
  });
});
