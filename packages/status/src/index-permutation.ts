import { ElicenseError, invalidArgument } from '@elicense/core';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** Feistel rounds (Luby–Rackoff needs 4 for a strong pseudo-random permutation; 8 for margin). */
const ROUNDS = 8;
/** Largest list: 2^32 entries, so each half is at most 16 bits and every value stays a uint32. */
const MAX_SIZE = 2 ** 32;
/** Domain-separation byte for the round function input, bumped if the construction ever changes. */
const VERSION = 1;

/** The part of noble's HMAC used here: a keyed state cloned into a reusable instance per call. */
interface Mac {
  _cloneInto(to?: Mac): Mac;
  update(data: Uint8Array): Mac;
  digestInto(out: Uint8Array): void;
}

/**
 * A keyed pseudo-random permutation of `[0, size)`, for handing out status list indices that leak
 * nothing: the issuer keeps only a counter per list and gives position `n` the index `indexAt(n)`.
 * Consecutive positions land on unrelated indices, and no index is ever repeated, so an index says
 * nothing about when a credential was issued or how many were. Built as a balanced Feistel network
 * (8 rounds, round function HMAC-SHA-256 keyed by `key`) over the smallest even-bit domain
 * ≥ `size`, with cycle walking to stay in range. Round-function outputs are cached, so a batch of
 * 100,000 indices costs little more than table look-ups.
 *
 * @example
 * ```ts
 * const permutation = new IndexPermutation(generatePermutationKey(), MIN_STATUS_LIST_SIZE)
 * const idx = permutation.indexAt(list.allocated++)
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-linkability-mitigation
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
 */
export class IndexPermutation {
  readonly #size: number;
  readonly #half: number;
  readonly #mask: number;
  readonly #tables: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(ROUNDS).fill(undefined);
  readonly #mac: Mac;
  #work: Mac | undefined;
  readonly #message = new Uint8Array(8);
  readonly #digest = new Uint8Array(32);

  /**
   * A permutation of `[0, size)` keyed by `key` (at least 16 bytes; keep it secret, keep it with
   * the list — see {@link generatePermutationKey}). `size` is at most 2^32.
   *
   * @example
   * ```ts
   * new IndexPermutation(key, 131072).indexAt(0) // a fixed, key-dependent index in [0, 131072)
   * ```
   */
  constructor(key: Uint8Array, size: number) {
    if (!(key instanceof Uint8Array) || key.length < 16) throw invalidArgument('key', 'a Uint8Array of at least 16 bytes', key);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0 || size > MAX_SIZE) {
      throw invalidArgument('size', `a positive integer of at most ${MAX_SIZE}`, size);
    }
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    this.#size = size;
    this.#half = bits / 2;
    this.#mask = 2 ** this.#half - 1;
    this.#mac = hmac.create(sha256, key) as unknown as Mac;
    this.#message[0] = VERSION;
    this.#message[1] = this.#half;
  }

  /** Round function `i` on a right half, through the cache. */
  #round(i: number, right: number): number {
    let table = this.#tables[i];
    if (table === undefined) {
      table = new Int32Array(this.#mask + 1).fill(-1);
      this.#tables[i] = table;
    }
    const cached = table[right]!;
    if (cached >= 0) return cached;
    const m = this.#message;
    m[2] = i;
    m[4] = right >>> 24;
    m[5] = (right >>> 16) & 0xff;
    m[6] = (right >>> 8) & 0xff;
    m[7] = right & 0xff;
    const work = (this.#work = this.#mac._cloneInto(this.#work));
    work.update(m);
    work.digestInto(this.#digest);
    const d = this.#digest;
    const value = (((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0) & this.#mask;
    table[right] = value;
    return value;
  }

  #encrypt(x: number): number {
    const half = this.#half;
    let left = x >>> half;
    let right = x & this.#mask;
    for (let i = 0; i < ROUNDS; i++) {
      const next = (left ^ this.#round(i, right)) & this.#mask;
      left = right;
      right = next;
    }
    return left * 2 ** half + right;
  }

  /**
   * The index for allocation position `position` (0, 1, 2 … in issuance order). Bijective over
   * `[0, size)`; a position outside it throws `ERR_STATUS_INDEX_OUT_OF_RANGE`.
   *
   * @example
   * ```ts
   * const idx = permutation.indexAt(17)
   * ```
   */
  indexAt(position: number): number {
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position >= this.#size) {
      throw new ElicenseError('ERR_STATUS_INDEX_OUT_OF_RANGE', `position ${typeof position === 'number' ? position : typeof position} is not an integer in [0, ${this.#size})`, {
        details: { size: this.#size },
      });
    }
    let x = position;
    do x = this.#encrypt(x);
    while (x >= this.#size);
    return x;
  }
}
