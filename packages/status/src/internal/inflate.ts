/**
 * A strict DEFLATE (RFC 1951) decoder for the portable backend. It accepts and rejects exactly what
 * zlib does (as node:zlib runs it): complete Huffman codes only (an incomplete code only where zlib
 * allows one: a single one-bit code, or no distance codes), a stored block's NLEN, no more than 286
 * literal/length and 30 distance codes, no invalid bit-length repeats, an end-of-block code, no
 * distance beyond the output, and the fixed code's unused symbols. The output bound behaves like
 * node:zlib's `maxOutputLength`, which is checked once per 16 KiB output chunk: a stream that is
 * both too large and corrupt reports whichever of the two node:zlib would report.
 */
import { corrupt, tooLarge } from './frame.js';

/** node:zlib's default chunk size: its output limit is checked at these boundaries. */
const CHUNK = 16384;
/** Table entries: symbol << 5 | bits, or INVALID | bits for a code zlib rejects when decoded. */
const INVALID = 1 << 15;

const LENGTH_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LENGTH_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
const DIST_BASE = new Uint16Array([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
const DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A Huffman decoding table indexed by the next `bits` input bits (LSB-first). */
interface Table {
  entries: Uint16Array;
  bits: number;
}

type Kind = 'code lengths' | 'literal/length' | 'distance';

/**
 * Build a decoding table from code lengths, with zlib's rules: over-subscribed is always an error;
 * incomplete is an error unless every code is one bit long (then the unused code is invalid), and
 * no codes at all reads as one invalid bit (as a zero length, for the code-length code).
 */
function buildTable(lengths: Uint8Array, n: number, kind: Kind, invalidFrom: number, what: string): Table {
  const count = new Uint16Array(16);
  let max = 0;
  for (let s = 0; s < n; s++) {
    const l = lengths[s]!;
    count[l]!++;
    if (l > max) max = l;
  }
  if (max === 0) {
    // zlib: a table whose single bit decodes to nothing usable (the code-length code reads it as a zero length)
    const entry = kind === 'code lengths' ? (0 << 5) | 1 : INVALID | 1;
    return { entries: new Uint16Array([entry, entry]), bits: 1 };
  }
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = left * 2 - count[len]!;
    if (left < 0) throw corrupt(what, `invalid ${kind} set (over-subscribed)`);
  }
  if (left > 0 && (kind === 'code lengths' || max !== 1)) throw corrupt(what, `invalid ${kind} set (incomplete)`);
  // canonical codes, then fill the table at every bit-reversed code with all suffixes
  const next = new Uint16Array(16);
  for (let len = 2; len <= 15; len++) next[len] = (next[len - 1]! + count[len - 1]!) << 1;
  const size = 1 << max;
  const entries = new Uint16Array(size).fill(INVALID | 1);
  for (let s = 0; s < n; s++) {
    const len = lengths[s]!;
    if (len === 0) continue;
    const code = next[len]!++;
    let rev = 0;
    for (let i = 0; i < len; i++) rev |= ((code >> i) & 1) << (len - 1 - i);
    const entry = s >= invalidFrom ? INVALID | len : (s << 5) | len;
    for (let i = rev; i < size; i += 1 << len) entries[i] = entry;
  }
  return { entries, bits: max };
}

let FIXED: [Table, Table] | undefined;

/** The fixed literal/length and distance codes; symbols 286–287 and 30–31 are invalid when decoded. */
function fixedTables(): [Table, Table] {
  if (FIXED === undefined) {
    const lit = new Uint8Array(288);
    lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    FIXED = [buildTable(lit, 288, 'literal/length', 286, 'fixed code'), buildTable(new Uint8Array(32).fill(5), 32, 'distance', 30, 'fixed code')];
  }
  return FIXED;
}

/** Ran out of input: node:zlib reports the output limit first when its output chunk is exactly full. */
class EndOfInput extends Error {}

class Inflater {
  readonly #data: Uint8Array;
  readonly #max: number;
  readonly #what: string;
  #pos: number;
  #hold = 0;
  #bits = 0;
  out: Uint8Array;
  o = 0;
  #next = CHUNK;

  constructor(data: Uint8Array, start: number, maxBytes: number, what: string) {
    this.#data = data;
    this.#pos = start;
    this.#max = maxBytes;
    this.#what = what;
    const cap = (Math.floor(maxBytes / CHUNK) + 1) * CHUNK;
    this.out = new Uint8Array(Math.min(cap, Math.max(CHUNK, Math.ceil((data.length * 4) / CHUNK) * CHUNK)));
  }

  /** Byte offset just past the last byte the stream used. */
  get end(): number {
    return this.#pos - (this.#bits >> 3);
  }

  #need(n: number): void {
    while (this.#bits < n) {
      if (this.#pos >= this.#data.length) throw new EndOfInput();
      this.#hold |= this.#data[this.#pos++]! << this.#bits;
      this.#bits += 8;
    }
  }

  bitsOf(n: number): number {
    if (n === 0) return 0;
    this.#need(n);
    const v = this.#hold & ((1 << n) - 1);
    this.#hold >>>= n;
    this.#bits -= n;
    return v;
  }

  /** Drop the bits left in the current byte. */
  align(): void {
    const drop = this.#bits & 7;
    this.#hold >>>= drop;
    this.#bits -= drop;
  }

  /** Decode one symbol; `INVALID` entries throw with zlib's message. */
  decode(t: Table, kind: Kind): number {
    while (this.#bits < t.bits && this.#pos < this.#data.length) {
      this.#hold |= this.#data[this.#pos++]! << this.#bits;
      this.#bits += 8;
    }
    const entry = t.entries[this.#hold & ((1 << t.bits) - 1)]!;
    const len = entry & 31;
    if (len > this.#bits) throw new EndOfInput();
    this.#hold >>>= len;
    this.#bits -= len;
    if (entry & INVALID) throw corrupt(this.#what, `invalid ${kind} code`);
    return (entry >> 5) & 0x3ff;
  }

  /** node:zlib's output-limit check, at each 16 KiB output boundary; grows the buffer there too. */
  #boundary(): void {
    if (this.o > this.#max) throw tooLarge(this.#what, this.#max);
    this.#next += CHUNK;
    if (this.o === this.out.length) {
      const bigger = new Uint8Array(this.out.length * 2);
      bigger.set(this.out);
      this.out = bigger;
    }
  }

  literal(byte: number): void {
    if (this.o === this.#next) this.#boundary();
    this.out[this.o++] = byte;
  }

  copy(dist: number, len: number): void {
    if (this.o === this.#next) this.#boundary();
    if (dist > this.o) throw corrupt(this.#what, 'invalid distance too far back');
    for (let k = 0; k < len; k++) {
      if (this.o === this.#next) this.#boundary();
      const out = this.out;
      out[this.o] = out[this.o - dist]!;
      this.o++;
    }
  }

  stored(len: number): void {
    for (let k = 0; k < len; k++) {
      if (this.o === this.#next) this.#boundary();
      this.out[this.o++] = this.bitsOf(8);
    }
  }

  /** The output so far is a whole number of full chunks beyond the limit (what node:zlib reports on a truncated stream). */
  limitAtEnd(): boolean {
    return this.o > 0 && this.o % CHUNK === 0 && this.o > this.#max;
  }
}

function block(s: Inflater, lit: Table, dist: Table): void {
  for (;;) {
    const sym = s.decode(lit, 'literal/length');
    if (sym < 256) {
      s.literal(sym);
      continue;
    }
    if (sym === 256) return;
    const l = sym - 257;
    const len = LENGTH_BASE[l]! + s.bitsOf(LENGTH_EXTRA[l]!);
    const d = s.decode(dist, 'distance');
    const distance = DIST_BASE[d]! + s.bitsOf(DIST_EXTRA[d]!);
    s.copy(distance, len);
  }
}

function dynamicTables(s: Inflater, what: string): [Table, Table] {
  const nlen = s.bitsOf(5) + 257;
  const ndist = s.bitsOf(5) + 1;
  const ncode = s.bitsOf(4) + 4;
  if (nlen > 286 || ndist > 30) throw corrupt(what, 'too many length or distance symbols');
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = s.bitsOf(3);
  const lencode = buildTable(codeLengths, 19, 'code lengths', 19, what);
  const lengths = new Uint8Array(nlen + ndist);
  for (let i = 0; i < nlen + ndist; ) {
    const sym = s.decode(lencode, 'code lengths');
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let value = 0;
    let repeat: number;
    if (sym === 16) {
      if (i === 0) throw corrupt(what, 'invalid bit length repeat');
      value = lengths[i - 1]!;
      repeat = 3 + s.bitsOf(2);
    } else if (sym === 17) repeat = 3 + s.bitsOf(3);
    else repeat = 11 + s.bitsOf(7);
    if (i + repeat > nlen + ndist) throw corrupt(what, 'invalid bit length repeat');
    while (repeat-- > 0) lengths[i++] = value;
  }
  if (lengths[256] === 0) throw corrupt(what, 'invalid code -- missing end-of-block');
  return [buildTable(lengths, nlen, 'literal/length', nlen, what), buildTable(lengths.subarray(nlen), ndist, 'distance', ndist, what)];
}

/** What {@link inflateRaw} returns, plus a way to read whole bytes after the stream. */
export interface Inflated {
  /** The decompressed bytes. */
  out: Uint8Array;
  /** Offset in the input just past the DEFLATE data. */
  end: number;
  /** Whether running out of input now would be reported as the output limit (node:zlib's chunk rule). */
  limitAtEnd: boolean;
}

/**
 * Decode raw DEFLATE data starting at `data[start]`, as node:zlib would with `maxOutputLength`.
 * Input after the final block is not read. Errors: `ERR_STATUS_LIST_INVALID` for corrupt or
 * truncated data, `ERR_INPUT_TOO_LARGE` past `maxBytes`.
 */
export function inflateRaw(data: Uint8Array, start: number, maxBytes: number, what: string): Inflated {
  const s = new Inflater(data, start, maxBytes, what);
  try {
    let final = 0;
    while (final === 0) {
      final = s.bitsOf(1);
      const type = s.bitsOf(2);
      if (type === 0) {
        s.align();
        const len = s.bitsOf(16);
        const nlen = s.bitsOf(16);
        if (len !== (~nlen & 0xffff)) throw corrupt(what, 'invalid stored block lengths');
        s.stored(len);
      } else if (type === 1) {
        const [lit, dist] = fixedTables();
        block(s, lit, dist);
      } else if (type === 2) {
        const [lit, dist] = dynamicTables(s, what);
        block(s, lit, dist);
      } else throw corrupt(what, 'invalid block type');
    }
    s.align();
  } catch (e) {
    if (!(e instanceof EndOfInput)) throw e;
    if (s.limitAtEnd()) throw tooLarge(what, maxBytes);
    throw corrupt(what, 'unexpected end of file');
  }
  return { out: s.out.subarray(0, s.o), end: s.end, limitAtEnd: s.limitAtEnd() };
}
