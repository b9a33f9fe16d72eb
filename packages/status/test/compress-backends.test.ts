/**
 * The two compression backends — node:zlib (picked on Node through the package's `#compress`
 * import) and fflate (everywhere else) — accept, reject and produce exactly the same things.
 */
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ElicenseError } from '@elicense/core';
import * as node from '../dist/internal/compress-node.js';
import * as web from '../dist/internal/compress-web.js';

type Backend = Omit<typeof web, 'backend'>;
const BACKENDS: [string, Backend][] = [
  ['node', node],
  ['web', web],
];
const MAX = 1 << 20;

/** What a decompression gives: the bytes (hex) or the error code. */
function outcome(run: () => Uint8Array): string {
  try {
    return `ok:${Buffer.from(run()).toString('hex')}`;
  } catch (e) {
    expect(e).toBeInstanceOf(ElicenseError);
    return `error:${(e as ElicenseError).code}`;
  }
}

function both(format: 'zlib' | 'gzip', data: Uint8Array, maxBytes = MAX): string {
  const results = BACKENDS.map(([, b]) => outcome(() => (format === 'zlib' ? b.zlibDecompress(data, maxBytes, 'input') : b.gzipDecompress(data, maxBytes, 'input'))));
  expect(results[0]).toBe(results[1]);
  return results[0]!;
}

const sample = new Uint8Array(3000).map((_, i) => (i % 97 === 0 ? i & 0xff : 0));

describe('compression backends', () => {
  it('on Node the package uses node:zlib', async () => {
    const picked = (await import('#compress')) as { backend: string };
    expect(picked.backend).toBe('node');
    expect(web.backend).toBe('web');
  });

  it('each decompresses what the other compresses, in both formats', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 5000 }), fc.boolean(), (data, sparse) => {
        const input = sparse ? data.map((b) => (b < 200 ? 0 : b)) : data;
        const hexIn = Buffer.from(input).toString('hex');
        for (const [, from] of BACKENDS) {
          expect(both('zlib', from.zlibCompress(input))).toBe(`ok:${hexIn}`);
          expect(both('gzip', from.gzipCompress(input))).toBe(`ok:${hexIn}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('write the ZLIB and GZIP headers the specs name (78 DA, 1F 8B with MTIME 0)', () => {
    for (const [, b] of BACKENDS) {
      expect([...b.zlibCompress(sample).subarray(0, 2)]).toEqual([0x78, 0xda]);
      expect([...b.gzipCompress(sample).subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    }
  });

  it('agree on corrupt, truncated and extended streams of any encoder setting, under any limit (fast-check)', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc.uint8Array({ maxLength: 40000 }).map((d) => d.map((b) => (b < 250 ? 0 : b))),
      fc.integer({ min: 0, max: 70000 }).map((n) => new Uint8Array(n).map((_, i) => (i * 31) % 7)),
    );
    const settings = fc.record({
      gzip: fc.boolean(),
      level: fc.integer({ min: 0, max: 9 }),
      strategy: fc.integer({ min: 0, max: 4 }),
      memLevel: fc.integer({ min: 1, max: 9 }),
    });
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('header' as const), at: fc.integer({ min: 2, max: 60 }), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
    );
    type Mutation = { kind: string; at?: number; bit?: number; extra?: Uint8Array };
    const apply = (data: Buffer, m: Mutation): Buffer => {
      const out = Buffer.from(data);
      if ((m.kind === 'flip' || m.kind === 'header') && out.length > 0) out[m.at! % out.length]! ^= 1 << m.bit!;
      if (m.kind === 'cut') return out.subarray(0, m.at! % (out.length + 1));
      if (m.kind === 'append') return Buffer.concat([out, m.extra!]);
      return out;
    };
    fc.assert(
      fc.property(input, settings, fc.array(mutation, { maxLength: 3 }), fc.integer({ min: 1, max: 80000 }), (data, o, mutations, maxBytes) => {
        const options = { level: o.level, strategy: o.strategy, memLevel: o.memLevel };
        let stream: Buffer = o.gzip ? gzipSync(data, options) : deflateSync(data, options);
        for (const m of mutations) stream = apply(stream, m);
        const result = both(o.gzip ? 'gzip' : 'zlib', stream, maxBytes);
        if (mutations.length === 0) expect(result).toBe(data.length > maxBytes ? 'error:ERR_INPUT_TOO_LARGE' : `ok:${Buffer.from(data).toString('hex')}`);
        else expect(result).toMatch(/^(ok:|error:ERR_STATUS_LIST_INVALID$|error:ERR_INPUT_TOO_LARGE$)/);
      }),
      { numRuns: 500 },
    );
  });

  it('agree on the edge cases: trailing data, second members, wrong wrapper, bad checksums, header options', () => {
    const z = deflateSync(sample, { level: 9 });
    const g = gzipSync(sample, { level: 9 });
    const invalid = 'error:ERR_STATUS_LIST_INVALID';
    expect(both('zlib', Buffer.concat([z, Buffer.alloc(4)]))).toBe(invalid);
    expect(both('gzip', Buffer.concat([g, Buffer.alloc(4)]))).toBe(invalid);
    expect(both('gzip', Buffer.concat([g, g]))).toBe(invalid);
    expect(both('zlib', g)).toBe(invalid);
    expect(both('gzip', z)).toBe(invalid);
    expect(both('zlib', deflateRawSync(sample))).toBe(invalid);
    expect(both('zlib', new Uint8Array(0))).toBe(invalid);
    expect(both('gzip', new Uint8Array(0))).toBe(invalid);
    // a preset dictionary is not allowed
    const withDict = deflateSync(sample, { dictionary: Buffer.from('dictionary') });
    expect(both('zlib', withDict)).toBe(invalid);
    // a GZIP header with FNAME, FCOMMENT, FEXTRA and a correct FHCRC is fine; a wrong FHCRC is not
    const body = deflateRawSync(sample);
    const trailer = gzipSync(sample).subarray(-8);
    const header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x1e, 0, 0, 0, 0, 0, 3, 3, 0]), Buffer.from('abc'), Buffer.from('name\0comment\0')]);
    const hcrc = Buffer.alloc(2);
    hcrc.writeUInt16LE(crc32(header) & 0xffff);
    expect(both('gzip', Buffer.concat([header, hcrc, body, trailer]))).toBe(`ok:${Buffer.from(sample).toString('hex')}`);
    hcrc[0]! ^= 1;
    expect(both('gzip', Buffer.concat([header, hcrc, body, trailer]))).toBe(invalid);
    // a ZLIB stream with a window other than 32 KiB (CINFO 7)
    const small = Buffer.from(deflateSync(sample, { windowBits: 9 }));
    expect(small[0]! >> 4).toBe(1);
    expect(both('zlib', small)).toBe(invalid);
    // too large and corrupt: node:zlib checks its limit per 16 KiB of output, so which is reported depends on where the corruption lies
    const long = new Uint8Array(60000).map((_, i) => (i % 1000 === 0 ? 1 : 0));
    const longStream = deflateSync(long, { level: 9 });
    const outcomes = new Set<string>();
    for (let at = 2; at < longStream.length; at++) {
      const broken = Buffer.from(longStream);
      broken[at]! ^= 0x10;
      outcomes.add(both('zlib', broken, 20000));
    }
    expect([...outcomes].sort()).toEqual(['error:ERR_INPUT_TOO_LARGE', invalid]);
    // reserved flag bits
    const reserved = Buffer.from(g);
    reserved[3] = 0x20;
    expect(both('gzip', reserved)).toBe(invalid);
  });

  it('stop at maxBytes with ERR_INPUT_TOO_LARGE, and accept exactly maxBytes', () => {
    const zeros = new Uint8Array(8 << 20);
    const z = deflateSync(zeros, { level: 9 });
    const g = gzipSync(zeros, { level: 9 });
    expect(both('zlib', z, (8 << 20) - 1)).toBe('error:ERR_INPUT_TOO_LARGE');
    expect(both('gzip', g, (8 << 20) - 1)).toBe('error:ERR_INPUT_TOO_LARGE');
    for (const [, b] of BACKENDS) {
      expect(b.zlibDecompress(z, 8 << 20, 'input').length).toBe(8 << 20);
      expect(b.gzipDecompress(g, 8 << 20, 'input').length).toBe(8 << 20);
    }
    // a bomb: 1 GiB of zeros would be ~1 MiB compressed; the limit stops it long before
    const bomb = deflateSync(new Uint8Array(64 << 20), { level: 9 });
    expect(both('zlib', bomb, 1 << 20)).toBe('error:ERR_INPUT_TOO_LARGE');
  });
});

/** CRC-32 for the hand-built GZIP header above. */
function crc32(data: Uint8Array): number {
  let c = -1;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}
