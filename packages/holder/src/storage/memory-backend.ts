import { ElicenseError } from '@elicense/core';
import { checkCommit, checkHeader, checkRecordId, copyRecord } from '../internal/check-commit.js';
import type { SealedRecord, WalletBackend, WalletCommit } from './types.js';

/**
 * A {@link WalletBackend} in memory: the wallet lives as long as the object. It hands out and keeps
 * copies (changing the bytes of a record it returned does not change the store) and applies every
 * commit whole or not at all. Keeps `CryptoKey` objects as they are.
 *
 * @example
 * ```ts
 * const backend = new MemoryBackend()
 * await backend.commit({ put: [['credential/1', { v: 1, iv, ct }]] })
 * await backend.ids() // ['credential/1']
 * ```
 */
export class MemoryBackend implements WalletBackend {
  /** Records do not outlive the object. */
  readonly persistent: boolean = false;
  /** `CryptoKey` objects are kept as they are. */
  readonly keepsCryptoKeys: boolean = true;
  #header: Uint8Array | undefined;
  readonly #records = new Map<string, SealedRecord>();

  /**
   * The wallet header, or `undefined` for a new wallet.
   *
   * @example
   * ```ts
   * await new MemoryBackend().readHeader() // undefined
   * ```
   */
  async readHeader(): Promise<Uint8Array | undefined> {
    return this.#header?.slice();
  }

  /**
   * Write the header of a new wallet; `ERR_STORE_CONFLICT` when there is one already.
   *
   * @example
   * ```ts
   * await backend.writeHeader(new TextEncoder().encode('{"format":"elicense-wallet"}'))
   * ```
   */
  async writeHeader(header: Uint8Array): Promise<void> {
    const copy = checkHeader(header);
    if (this.#header !== undefined) throw new ElicenseError('ERR_STORE_CONFLICT', 'this wallet already has a header');
    this.#header = copy;
  }

  /**
   * A copy of the record with this id, or `undefined`.
   *
   * @example
   * ```ts
   * const record = await backend.get('credential/1')
   * ```
   */
  async get(id: string): Promise<SealedRecord | undefined> {
    checkRecordId(id, 'id');
    const r = this.#records.get(id);
    return r === undefined ? undefined : copyRecord(r);
  }

  /**
   * Every record id, sorted.
   *
   * @example
   * ```ts
   * await backend.ids() // ['credential/1', 'key/1']
   * ```
   */
  async ids(): Promise<string[]> {
    return [...this.#records.keys()].sort();
  }

  /**
   * Apply puts and deletes together; a malformed commit (`ERR_INVALID_ARGUMENT`) changes nothing.
   *
   * @example
   * ```ts
   * await backend.commit({ put: [['credential/2', record]], delete: ['credential/1'] })
   * ```
   */
  async commit(changes: WalletCommit): Promise<void> {
    const c = checkCommit(changes, this);
    for (const [id, r] of c.put) this.#records.set(id, r);
    for (const id of c.delete) this.#records.delete(id);
  }
}
