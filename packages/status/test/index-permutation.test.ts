/** IndexPermutation: a keyed bijection of [0, size) that makes allocation order unreadable. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexPermutation, MIN_STATUS_LIST_SIZE, generatePermutationKey } from '@elicense/status';
import { syncCodeOf } from './helpers.js';

const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);

/** Every index of the permutation, in position order, checking it is a bijection. */
function allIndices(p: IndexPermutation, size: number): Uint32Array {
  const out = new Uint32Array(size);
  const seen = new Uint8Array(size);
  for (let n = 0; n < size; n++) {
    const i = p.indexAt(n);
    if (!Number.isInteger(i) || i < 0 || i >= size || seen[i] === 1) throw new Error(`position ${n} gave ${i}: not a bijection`);
    seen[i] = 1;
    out[n] = i;
  }
  return out;
}

describe('IndexPermutation', () => {
  it('is a bijection of [0, size) for every small size (exhaustive)', () => {
    for (let size = 1; size <= 300; size++) expect(allIndices(new IndexPermutation(KEY, size), size).length).toBe(size);
    for (const size of [1023, 1024, 1025, 4096, 65535, 65536, 65537]) expect(allIndices(new IndexPermutation(KEY, size), size).length).toBe(size);
  });

  it('is a bijection of [0, 131072) (exhaustive), and consecutive positions are not sequential', () => {
    const indices = allIndices(new IndexPermutation(KEY, MIN_STATUS_LIST_SIZE), MIN_STATUS_LIST_SIZE);
    let adjacent = 0;
    let ascending = 0;
    for (let n = 1; n < indices.length; n++) {
      const d = indices[n]! - indices[n - 1]!;
      if (Math.abs(d) <= 1) adjacent++;
      if (d > 0) ascending++;
    }
    // an order-preserving or strided allocation would make nearly every step adjacent or ascending
    expect(adjacent).toBeLessThan(20);
    expect(ascending / indices.length).toBeGreaterThan(0.45);
    expect(ascending / indices.length).toBeLessThan(0.55);
    // the first positions spread over the whole list
    const first = [...indices.subarray(0, 1000)];
    expect(Math.min(...first)).toBeLessThan(2000);
    expect(Math.max(...first)).toBeGreaterThan(MIN_STATUS_LIST_SIZE - 2000);
  });

  it('is deterministic per key, and a different key gives a different permutation', () => {
    const a = new IndexPermutation(KEY, 1_000_000);
    const b = new IndexPermutation(KEY.slice(), 1_000_000);
    const c = new IndexPermutation(KEY.map((x, i) => (i === 0 ? x ^ 1 : x)), 1_000_000);
    const positions = [0, 1, 2, 3, 999_999, 500_000];
    expect(positions.map((n) => a.indexAt(n))).toEqual(positions.map((n) => b.indexAt(n)));
    expect(positions.map((n) => a.indexAt(n))).not.toEqual(positions.map((n) => c.indexAt(n)));
    // the same key permutes lists of different sizes differently (the domain is part of the round input)
    const small = new IndexPermutation(KEY, 4096);
    const large = new IndexPermutation(KEY, 65536);
    expect(positions.slice(0, 4).map((n) => small.indexAt(n))).not.toEqual(positions.slice(0, 4).map((n) => large.indexAt(n)));
    // 16 bytes is the shortest key
    expect(allIndices(new IndexPermutation(new Uint8Array(16).fill(9), 1000), 1000).length).toBe(1000);
  });

  it('never repeats an index over random positions of a large list', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2 ** 32 }), fc.uniqueArray(fc.nat(), { minLength: 2, maxLength: 50 }), (size, raw) => {
        const p = new IndexPermutation(KEY, size);
        const positions = [...new Set(raw.map((n) => n % size))];
        const indices = positions.map((n) => p.indexAt(n));
        expect(new Set(indices).size).toBe(positions.length);
        for (const i of indices) expect(i >= 0 && i < size && Number.isInteger(i)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('hands out 100,000 indices quickly', () => {
    const p = new IndexPermutation(generatePermutationKey(), 10_000_000);
    const start = performance.now();
    const seen = new Set<number>();
    for (let n = 0; n < 100_000; n++) seen.add(p.indexAt(n));
    expect(seen.size).toBe(100_000);
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it('refuses positions outside [0, size) with ERR_STATUS_INDEX_OUT_OF_RANGE', () => {
    const p = new IndexPermutation(KEY, 100);
    for (const n of [-1, 100, 1.5, Number.NaN, '1']) expect(syncCodeOf(() => p.indexAt(n as number))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
  });

  it('refuses short keys and bad sizes with ERR_INVALID_ARGUMENT', () => {
    for (const key of [new Uint8Array(15), 'secret-secret-secret', [...KEY]]) expect(syncCodeOf(() => new IndexPermutation(key as Uint8Array, 10))).toBe('ERR_INVALID_ARGUMENT');
    for (const size of [0, -1, 1.5, 2 ** 32 + 1, '10']) expect(syncCodeOf(() => new IndexPermutation(KEY, size as number))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('generatePermutationKey', () => {
  it('gives 32 random bytes, from crypto by default or from the injected source', () => {
    const a = generatePermutationKey();
    const b = generatePermutationKey();
    expect(a.length).toBe(32);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    const fixed = new Uint8Array(32).fill(5);
    const key = generatePermutationKey((n) => fixed.subarray(0, n));
    expect(key).toEqual(fixed);
    fixed[0] = 0;
    expect(key[0]).toBe(5);
  });

  it('refuses a source that does not give 32 bytes', () => {
    for (const random of [() => new Uint8Array(16), () => 'x', 42]) {
      expect(syncCodeOf(() => generatePermutationKey(random as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});
