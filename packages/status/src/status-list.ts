import { ElicenseError, invalidArgument } from '@elicense/core';
import { checkBits } from './internal/checks.js';
import { reorder } from './internal/packing.js';
import type { StatusBits } from './status-type.js';

/** Largest packed list: 1 GiB. */
const MAX_BYTES = 2 ** 30;

/** Bytes handed to the constructor by {@link adoptPacked}, instead of allocating. */
let adopting: { bytes: Uint8Array; msbFirst: boolean } | undefined;
let readPacked: (list: StatusList, msbFirst: boolean) => Uint8Array;

function outOfRange(index: unknown, size: number): ElicenseError {
  const shown = typeof index === 'number' ? String(index) : typeof index;
  return new ElicenseError('ERR_STATUS_INDEX_OUT_OF_RANGE', `status list index ${shown} is not an integer in [0, ${size})`, {
    details: { index: typeof index === 'number' ? index : undefined, size },
  });
}

/**
 * A fixed-size status list: `size` entries of `bits` bits each, held packed in bytes (never one JS
 * number per entry). New lists are all VALID (0). Reading and writing is O(1); `toBytes` gives the
 * IETF packing (LSB-first).
 *
 * @example
 * ```ts
 * const list = new StatusList(131072, 2)
 * list.set(4711, StatusType.SUSPENDED)
 * list.get(4711) // 2
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-compressed-byte-array
 */
export class StatusList {
  /** Number of entries. */
  readonly size: number;
  /** Bits per entry. */
  readonly bits: StatusBits;
  readonly #bytes: Uint8Array;
  /** W3C order (index 0 in the most significant bits) instead of IETF order. */
  readonly #msbFirst: boolean;
  readonly #mask: number;
  readonly #perByte: number;

  static {
    readPacked = (list, msbFirst) => (list.#msbFirst === msbFirst ? list.#bytes : reorder(list.#bytes, list.bits));
  }

  /**
   * A list of `size` VALID entries of `bits` bits (default 1).
   *
   * @example
   * ```ts
   * new StatusList(16).set(3, StatusType.INVALID)
   * ```
   */
  constructor(size: number, bits: StatusBits = 1) {
    this.bits = checkBits(bits, 'bits');
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0 || (size * bits) / 8 > MAX_BYTES) {
      throw invalidArgument('size', `a positive integer of at most ${(MAX_BYTES * 8) / bits} entries`, size);
    }
    this.size = size;
    this.#mask = (1 << bits) - 1;
    this.#perByte = 8 / bits;
    const adopted = adopting;
    adopting = undefined;
    if (adopted !== undefined) {
      this.#bytes = adopted.bytes;
      this.#msbFirst = adopted.msbFirst;
    } else {
      this.#bytes = new Uint8Array(Math.ceil((size * bits) / 8));
      this.#msbFirst = false;
    }
  }

  /**
   * A list over a copy of IETF-packed bytes (LSB-first); its size is `bytes.length * 8 / bits`.
   *
   * @example
   * ```ts
   * StatusList.fromBytes(new Uint8Array([0xb9, 0xa3]), 1).get(0) // 1
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-compressed-byte-array
   */
  static fromBytes(bytes: Uint8Array, bits: StatusBits): StatusList {
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw invalidArgument('bytes', 'a non-empty Uint8Array', bytes);
    checkBits(bits, 'bits');
    return adoptPacked(bytes.slice(), bits, false);
  }

  #shift(index: number): number {
    const k = index % this.#perByte;
    return this.#msbFirst ? 8 - this.bits - k * this.bits : k * this.bits;
  }

  /**
   * The status value at `index`.
   *
   * @example
   * ```ts
   * if (list.get(ref.idx) !== StatusType.VALID) throw new Error('not valid')
   * ```
   */
  get(index: number): number {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= this.size) throw outOfRange(index, this.size);
    return (this.#bytes[Math.floor(index / this.#perByte)]! >> this.#shift(index)) & this.#mask;
  }

  /**
   * Set the status value at `index` (a value of at most `bits` bits).
   *
   * @example
   * ```ts
   * list.set(42, StatusType.INVALID)
   * ```
   */
  set(index: number, value: number): void {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= this.size) throw outOfRange(index, this.size);
    this.#checkValue(value, 'value');
    this.#write(index, value);
  }

  /**
   * Set many entries at once. Every entry is checked before any is written: one bad entry and the
   * list is left unchanged.
   *
   * @example
   * ```ts
   * list.setMany([[3, StatusType.INVALID], [9, StatusType.SUSPENDED]])
   * ```
   */
  setMany(entries: Iterable<readonly [index: number, value: number]>): void {
    if (typeof entries !== 'object' || entries === null || typeof (entries as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw invalidArgument('entries', 'an iterable of [index, value] pairs', entries);
    }
    const indices: number[] = [];
    const values: number[] = [];
    let n = 0;
    for (const entry of entries as Iterable<unknown>) {
      if (!Array.isArray(entry) || entry.length !== 2) throw invalidArgument(`entries[${n}]`, 'an [index, value] pair', entry);
      const [index, value] = entry as [unknown, unknown];
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= this.size) throw outOfRange(index, this.size);
      this.#checkValue(value, `entries[${n}] value`);
      indices.push(index);
      values.push(value as number);
      n++;
    }
    for (let i = 0; i < n; i++) this.#write(indices[i]!, values[i]!);
  }

  /**
   * A copy of the packed bytes in IETF order (LSB-first): the uncompressed Status List.
   *
   * @example
   * ```ts
   * new StatusList(16).toBytes() // Uint8Array(2) [0, 0]
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-compressed-byte-array
   */
  toBytes(): Uint8Array {
    return this.#msbFirst ? reorder(this.#bytes, this.bits) : this.#bytes.slice();
  }

  /**
   * Every status value, index 0 first.
   *
   * @example
   * ```ts
   * const revoked = [...list].filter((v) => v === StatusType.INVALID).length
   * ```
   */
  *[Symbol.iterator](): IterableIterator<number> {
    const bytes = this.#bytes;
    const { bits, size } = this;
    const mask = this.#mask;
    const per = this.#perByte;
    let index = 0;
    for (let i = 0; i < bytes.length && index < size; i++) {
      const b = bytes[i]!;
      for (let k = 0; k < per && index < size; k++, index++) {
        yield (b >> (this.#msbFirst ? 8 - bits - k * bits : k * bits)) & mask;
      }
    }
  }

  #checkValue(value: unknown, name: string): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > this.#mask) {
      throw invalidArgument(name, `an integer in [0, ${this.#mask}] (${this.bits}-bit status list)`, value);
    }
  }

  #write(index: number, value: number): void {
    const at = Math.floor(index / this.#perByte);
    const shift = this.#shift(index);
    this.#bytes[at] = (this.#bytes[at]! & ~(this.#mask << shift)) | (value << shift);
  }
}

/** @internal A list over `bytes` without copying them, in IETF (`msbFirst` false) or W3C order. */
export function adoptPacked(bytes: Uint8Array, bits: StatusBits, msbFirst: boolean): StatusList {
  adopting = { bytes, msbFirst };
  try {
    return new StatusList((bytes.length * 8) / bits, bits);
  } finally {
    adopting = undefined;
  }
}

/** @internal The packed bytes of `list` in the requested order: its own bytes (not a copy) when the order matches. */
export function packedBytes(list: StatusList, msbFirst: boolean): Uint8Array {
  return readPacked(list, msbFirst);
}
