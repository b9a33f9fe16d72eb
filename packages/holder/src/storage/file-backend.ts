import { readFile } from 'node:fs/promises';
import { ElicenseError, decodeBase64url, encodeBase64url, invalidArgument, isJsonObject } from '@elicense/core';
import { IV_LENGTH, TAG_LENGTH } from '../internal/aes-gcm.js';
import { checkCommit, checkHeader, checkRecordId } from '../internal/check-commit.js';
import { discardTornWrite, writeFileAtomically } from '../internal/write-file-atomically.js';
import type { SealedRecord, WalletBackend, WalletCommit } from './types.js';
import { isBase64urlBytes } from '../internal/base64url-bytes.js';
import { checkVersion } from '../internal/check-version.js';

/** The store file format name. */
const FORMAT = 'elicense-wallet-store';
/** The store file version this code writes and reads. */
const VERSION = 1;

interface FileRecord {
  v: 1;
  iv: string;
  ct: string;
}

interface StoreState {
  header: string | null;
  records: Map<string, FileRecord>;
}

/**
 * A {@link WalletBackend} in one JSON file per wallet, for Node (CLI wallets, servers, tests).
 *
 * The file holds the header and the sealed records in base64url (`{ "format":
 * "elicense-wallet-store", "version": 1, "header", "records": { id: { "v", "iv", "ct" } } }`),
 * mode 0600. Every change rewrites it atomically (temporary file, flush, rename, flush of the
 * directory): a crash leaves the old or the new file, never a torn one, and a deleted record is
 * gone from the file. Changes within one process are serialized; two processes must not share a
 * file. It cannot keep `CryptoKey` objects, so holder keys in a file wallet are sealed records too.
 *
 * @example
 * ```ts
 * import { FileBackend } from '@elicense/holder/node'
 * const backend = await FileBackend.open('./alice.wallet.json')
 * await backend.ids() // ['credential/urn:uuid:…', …]
 * ```
 */
export class FileBackend implements WalletBackend {
  /** Records outlive the process. */
  readonly persistent: boolean = true;
  /** `CryptoKey` objects cannot be written to a file. */
  readonly keepsCryptoKeys: boolean = false;
  /** The store file. */
  readonly path: string;
  #state: StoreState;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(path: string, state: StoreState) {
    this.path = path;
    this.#state = state;
  }

  /**
   * Open the store file at `path`; a missing file is a new, empty wallet, written at the first
   * change. A leftover `<path>.tmp` from an interrupted write is discarded. Throws
   * `ERR_STORE_CORRUPT` for a file that is not a wallet store, `ERR_FORMAT_VERSION_UNSUPPORTED` for
   * one written by a newer version, `ERR_STORE_FAILED` when it cannot be read.
   *
   * @example
   * ```ts
   * const backend = await FileBackend.open('/var/lib/wallet/alice.json')
   * ```
   */
  static async open(path: string): Promise<FileBackend> {
    if (typeof path !== 'string' || path.length === 0) throw invalidArgument('path', 'a non-empty file path', path);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ElicenseError('ERR_STORE_FAILED', `cannot read wallet store file ${path}`, { cause });
      }
    }
    const state: StoreState = text === undefined ? { header: null, records: new Map() } : parseStoreFile(text, path);
    await discardTornWrite(path);
    return new FileBackend(path, state);
  }

  /**
   * The wallet header, or `undefined` for a new wallet.
   *
   * @example
   * ```ts
   * const header = await backend.readHeader()
   * ```
   */
  async readHeader(): Promise<Uint8Array | undefined> {
    await this.#queue;
    const h = this.#state.header;
    return h === null ? undefined : decodeBase64url(h);
  }

  /**
   * Write the header of a new wallet (and the file); `ERR_STORE_CONFLICT` when there is one already.
   *
   * @example
   * ```ts
   * await backend.writeHeader(headerBytes)
   * ```
   */
  async writeHeader(header: Uint8Array): Promise<void> {
    const encoded = encodeBase64url(checkHeader(header));
    await this.#update((s) => {
      if (s.header !== null) throw new ElicenseError('ERR_STORE_CONFLICT', `wallet store ${this.path} already has a header`);
      return { header: encoded, records: s.records };
    });
  }

  /**
   * The record with this id, or `undefined`.
   *
   * @example
   * ```ts
   * const record = await backend.get('credential/1')
   * ```
   */
  async get(id: string): Promise<SealedRecord | undefined> {
    checkRecordId(id, 'id');
    await this.#queue;
    const r = this.#state.records.get(id);
    return r === undefined ? undefined : { v: 1, iv: decodeBase64url(r.iv), ct: decodeBase64url(r.ct) };
  }

  /**
   * Every record id, sorted.
   *
   * @example
   * ```ts
   * await backend.ids()
   * ```
   */
  async ids(): Promise<string[]> {
    await this.#queue;
    return [...this.#state.records.keys()].sort();
  }

  /**
   * Apply puts and deletes with one atomic rewrite of the file. A commit with a `cryptoKey` is
   * refused (`ERR_INVALID_ARGUMENT`).
   *
   * @example
   * ```ts
   * await backend.commit({ put: [['credential/2', record]], delete: ['credential/1'] })
   * ```
   */
  async commit(changes: WalletCommit): Promise<void> {
    const c = checkCommit(changes, this);
    if (c.put.length === 0 && c.delete.length === 0) return;
    await this.#update((s) => {
      const records = new Map(s.records);
      for (const [id, r] of c.put) records.set(id, { v: 1, iv: encodeBase64url(r.iv), ct: encodeBase64url(r.ct) });
      for (const id of c.delete) records.delete(id);
      return { header: s.header, records };
    });
  }

  /** Compute the next state, write it, then make it current. Serialized. */
  #update(change: (s: StoreState) => StoreState): Promise<void> {
    const run = this.#queue.then(async () => {
      const next = change(this.#state);
      await writeFileAtomically(this.path, serialize(next));
      this.#state = next;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function serialize(s: StoreState): string {
  const ids = [...s.records.keys()].sort();
  // Object.fromEntries defines own properties, so an id such as "__proto__" stays a record.
  const records = Object.fromEntries(ids.map((id) => [id, s.records.get(id)!]));
  return `${JSON.stringify({ format: FORMAT, version: VERSION, header: s.header, records }, null, 2)}\n`;
}

function parseStoreFile(text: string, path: string): StoreState {
  const corrupt = (why: string): ElicenseError => new ElicenseError('ERR_STORE_CORRUPT', `${path} is not an elicense wallet store: ${why}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (cause) {
    throw new ElicenseError('ERR_STORE_CORRUPT', `${path} is not an elicense wallet store: not valid JSON`, { cause });
  }
  if (!isJsonObject(v) || v.format !== FORMAT) throw corrupt(`format is not "${FORMAT}"`);
  checkVersion(v.version, VERSION, `${path} was written`, corrupt);
  if (v.header !== null && !isBase64urlBytes(v.header, { min: 1 })) throw corrupt('header is neither null nor base64url');
  if (!isJsonObject(v.records)) throw corrupt('records is not an object');
  const records = new Map<string, FileRecord>();
  for (const [id, r] of Object.entries(v.records)) {
    if (id.length === 0 || !isJsonObject(r) || r.v !== 1 || !isBase64urlBytes(r.iv, { length: IV_LENGTH }) || !isBase64urlBytes(r.ct, { min: TAG_LENGTH })) {
      throw corrupt(`record ${JSON.stringify(id)} is not { v: 1, iv, ct }`);
    }
    records.set(id, { v: 1, iv: r.iv, ct: r.ct });
  }
  return { header: v.header as string | null, records };
}
