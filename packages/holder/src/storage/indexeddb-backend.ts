import { ElicenseError, invalidArgument, isJsonObject } from '@elicense/core';
import { checkCommit, checkHeader, checkRecordId } from '../internal/check-commit.js';
import type { SealedRecord, WalletBackend, WalletCommit } from './types.js';

const DB_VERSION = 1;
const RECORDS = 'records';
const HEADER = 'header';
const HEADER_KEY = 'header';

/** Options for {@link IndexedDbBackend.open} and {@link IndexedDbBackend.destroy}. */
export interface IndexedDbBackendOptions {
  /** The IndexedDB factory. Default: `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
}

/**
 * A {@link WalletBackend} on IndexedDB, for browsers and web views: one database per wallet, with an
 * object store for the records and one for the header. Every commit is one `readwrite`
 * transaction, so it applies whole or not at all. `CryptoKey` objects are stored by structured
 * clone — a non-extractable holder key stays usable across page loads while its key material
 * never reaches JavaScript.
 *
 * @example
 * ```ts
 * const backend = await IndexedDbBackend.open('citizen-wallet')
 * await backend.ids() // ['credential/urn:uuid:…', …]
 * backend.close()
 * ```
 * @see https://www.w3.org/TR/IndexedDB/
 */
export class IndexedDbBackend implements WalletBackend {
  /** Records outlive the page. */
  readonly persistent: boolean = true;
  /** `CryptoKey` objects are kept by structured clone. */
  readonly keepsCryptoKeys: boolean = true;
  /** The database name. */
  readonly name: string;
  readonly #db: IDBDatabase;

  private constructor(name: string, db: IDBDatabase) {
    this.name = name;
    this.#db = db;
  }

  /**
   * Open (creating when needed) the wallet database `name`. Throws `ERR_STORE_CORRUPT` for a
   * database that is not a wallet's, `ERR_FORMAT_VERSION_UNSUPPORTED` for one a newer version
   * upgraded, `ERR_STORE_FAILED` when IndexedDB is unavailable or fails.
   *
   * @example
   * ```ts
   * const backend = await IndexedDbBackend.open('citizen-wallet')
   * ```
   */
  static async open(name: string, options: IndexedDbBackendOptions = {}): Promise<IndexedDbBackend> {
    if (typeof name !== 'string' || name.length === 0) throw invalidArgument('name', 'a non-empty database name', name);
    const factory = factoryOf(options);
    let db: IDBDatabase;
    try {
      const req = factory.open(name, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains(RECORDS)) d.createObjectStore(RECORDS);
        if (!d.objectStoreNames.contains(HEADER)) d.createObjectStore(HEADER);
      };
      db = await settle(req);
    } catch (cause) {
      if ((cause as { name?: unknown } | null)?.name === 'VersionError') {
        throw new ElicenseError(
          'ERR_FORMAT_VERSION_UNSUPPORTED',
          `IndexedDB database ${JSON.stringify(name)} was written by a newer version (this version reads database version ${DB_VERSION})`,
          { cause },
        );
      }
      throw storeFailed(`cannot open IndexedDB database ${JSON.stringify(name)}`, cause);
    }
    if (!db.objectStoreNames.contains(RECORDS) || !db.objectStoreNames.contains(HEADER)) {
      db.close();
      throw new ElicenseError('ERR_STORE_CORRUPT', `IndexedDB database ${JSON.stringify(name)} is not a wallet database`);
    }
    // Let another tab delete or upgrade the database instead of blocking it.
    db.onversionchange = () => db.close();
    return new IndexedDbBackend(name, db);
  }

  /**
   * Delete the wallet database `name` and everything in it. Close open backends first.
   *
   * @example
   * ```ts
   * backend.close()
   * await IndexedDbBackend.destroy('citizen-wallet')
   * ```
   */
  static async destroy(name: string, options: IndexedDbBackendOptions = {}): Promise<void> {
    if (typeof name !== 'string' || name.length === 0) throw invalidArgument('name', 'a non-empty database name', name);
    const factory = factoryOf(options);
    try {
      await settle(factory.deleteDatabase(name));
    } catch (cause) {
      throw storeFailed(`cannot delete IndexedDB database ${JSON.stringify(name)}`, cause);
    }
  }

  /**
   * Close the database connection; later calls fail with `ERR_STORE_FAILED`.
   *
   * @example
   * ```ts
   * backend.close()
   * ```
   */
  close(): void {
    this.#db.close();
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
    const v = await this.#run('readHeader', HEADER, 'readonly', (s) => s.get(HEADER_KEY));
    if (v === undefined) return undefined;
    if (!(v instanceof Uint8Array)) throw new ElicenseError('ERR_STORE_CORRUPT', `the header in IndexedDB database ${JSON.stringify(this.name)} is not bytes`);
    return v;
  }

  /**
   * Write the header of a new wallet; `ERR_STORE_CONFLICT` when there is one already.
   *
   * @example
   * ```ts
   * await backend.writeHeader(headerBytes)
   * ```
   */
  async writeHeader(header: Uint8Array): Promise<void> {
    const copy = checkHeader(header);
    try {
      await this.#run('writeHeader', HEADER, 'readwrite', (s) => s.add(copy, HEADER_KEY));
    } catch (e) {
      if (e instanceof ElicenseError && (e.cause as { name?: unknown } | undefined)?.name === 'ConstraintError') {
        throw new ElicenseError('ERR_STORE_CONFLICT', 'this wallet already has a header', { cause: e.cause });
      }
      throw e;
    }
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
    const v: unknown = await this.#run('get', RECORDS, 'readonly', (s) => s.get(id));
    if (v === undefined) return undefined;
    if (!isJsonObject(v)) throw new ElicenseError('ERR_STORE_CORRUPT', `record ${JSON.stringify(id)} in IndexedDB database ${JSON.stringify(this.name)} is not an object`);
    // Passed on as stored (a fresh structured clone): the wallet checks the envelope and its tag.
    return v as unknown as SealedRecord;
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
    const keys = await this.#run('ids', RECORDS, 'readonly', (s) => s.getAllKeys());
    return keys.filter((k): k is string => typeof k === 'string');
  }

  /**
   * Apply puts and deletes in one `readwrite` transaction: all or nothing.
   *
   * @example
   * ```ts
   * await backend.commit({ put: [['credential/2', record]], delete: ['credential/1'] })
   * ```
   */
  async commit(changes: WalletCommit): Promise<void> {
    const c = checkCommit(changes, this);
    if (c.put.length === 0 && c.delete.length === 0) return;
    let tx: IDBTransaction;
    try {
      tx = this.#db.transaction(RECORDS, 'readwrite');
      const store = tx.objectStore(RECORDS);
      for (const [id, r] of c.put) store.put(r, id);
      for (const id of c.delete) store.delete(id);
    } catch (cause) {
      throw storeFailed('IndexedDB commit() failed', cause);
    }
    try {
      await completion(tx);
    } catch (cause) {
      throw storeFailed('IndexedDB commit() failed', cause);
    }
  }

  /** One request in its own transaction; resolves once the transaction completes. */
  async #run<T>(what: string, storeName: string, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    try {
      const tx = this.#db.transaction(storeName, mode);
      const req = op(tx.objectStore(storeName));
      const [result] = await Promise.all([settle(req), completion(tx)]);
      return result;
    } catch (cause) {
      throw storeFailed(`IndexedDB ${what}() failed`, cause);
    }
  }
}

function factoryOf(options: unknown): IDBFactory {
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object', options);
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) throw new ElicenseError('ERR_STORE_FAILED', 'IndexedDB is not available here: pass options.indexedDB');
  if (typeof (factory as { open?: unknown }).open !== 'function') throw invalidArgument('options.indexedDB', 'an IDBFactory', factory);
  return factory as IDBFactory;
}

function storeFailed(message: string, cause: unknown): ElicenseError {
  if (cause instanceof ElicenseError) return cause;
  return new ElicenseError('ERR_STORE_FAILED', message, { cause });
}

/** The result of a request, or its error. */
function settle<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = (event) => {
      // Handled here, so the (single-request) transaction ends quietly; the caller gets this error.
      event.preventDefault();
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** Resolves when the transaction commits; rejects when it aborts or fails. */
function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}
