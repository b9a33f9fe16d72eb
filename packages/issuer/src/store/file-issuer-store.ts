import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ElicenseError, invalidArgument } from '@elicense/core';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import { storeFailed } from './internal/fs-errors.js';
import { JOURNAL_FILE, JournalWriter, replayJournal } from './internal/journal.js';
import { acquireLock, type DirectoryLock } from './internal/lock.js';
import { readSnapshot, syncDirectory, writeSnapshot } from './internal/snapshot.js';
import { StoreState, type Op } from './internal/state.js';
import { closedStore } from './internal/validate.js';
import type {
  Allocation,
  CredentialRecord,
  CredentialStatus,
  IssuerStore,
  ListPublication,
  NewStatusList,
  OutboxEntry,
  StatusListSnapshot,
  StatusListState,
} from './types.js';

/**
 * Options of {@link FileIssuerStore.open}.
 *
 * @example
 * ```ts
 * const store = await FileIssuerStore.open('./registry', { fsync: true, compactAfterBytes: 16 * 1024 * 1024 });
 * ```
 */
export interface FileIssuerStoreOptions {
  /**
   * Flush every write to the disk (`fsync`) before acknowledging it. Default `true`; `false` keeps
   * every operation across a process crash but not across a power loss or OS crash.
   */
  fsync?: boolean;
  /**
   * Compact the journal into a snapshot once it holds this many bytes (and more than the last
   * snapshot). Default 64 MiB.
   */
  compactAfterBytes?: number;
}

const DEFAULT_COMPACT_AFTER = 64 * 1024 * 1024;

/**
 * The embedded issuer store: a directory on the local disk, no server, crash-safe. Killing the
 * process at any moment loses no acknowledged operation and never hands out a status list position
 * twice.
 *
 * Every operation is appended to a journal of checksummed lines (one line per operation, so each is
 * atomic) and flushed before its promise resolves; operations arriving while a flush is in flight
 * share the next write and flush (group commit), so a batch issuance costs a handful of flushes, not
 * one per credential. On open, the last snapshot is loaded and the journal replayed over it; a line
 * cut short by a crash at the end of the journal is dropped (it was never acknowledged), a damaged
 * line elsewhere rejects with `ERR_STORE_CORRUPT`. When the journal grows past `compactAfterBytes`
 * the whole state is written to a new snapshot (temporary file, flush, rename) and the journal
 * emptied. A `LOCK` file holding the process id keeps a second process (or a second store in this
 * one) out with `ERR_STORE_LOCKED`; a lock left by a process that died is taken over.
 *
 * The state is held in memory (records are small: ids, list positions, times, status).
 *
 * @example
 * ```ts
 * import { FileIssuerStore } from '@elicense/issuer/node';
 * const store = await FileIssuerStore.open('/var/lib/bureau/registry');
 * const issuer = await Issuer.create({ status: { store, ledger, baseUri: 'https://gov.example/status' } });
 * // … on shutdown
 * await store.close();
 * ```
 */
export class FileIssuerStore implements IssuerStore {
  readonly #dir: string;
  readonly #state: StoreState;
  readonly #lock: DirectoryLock;
  readonly #journal: JournalWriter;
  #seq: number;
  #closed = false;

  private constructor(dir: string, state: StoreState, lock: DirectoryLock, fh: FileHandle, seq: number, options: {
    sync: boolean;
    size: number;
    snapshotBytes: number;
    compactAfterBytes: number;
  }) {
    this.#dir = dir;
    this.#state = state;
    this.#lock = lock;
    this.#seq = seq;
    this.#journal = new JournalWriter(fh, {
      ...options,
      snapshot: () => writeSnapshot(this.#dir, this.#seq, this.#state, options.sync),
    });
  }

  /**
   * Open (or create) the store in directory `dir`, taking its lock and loading its state.
   *
   * @example
   * ```ts
   * const store = await FileIssuerStore.open('./registry', { fsync: true });
   * ```
   */
  static async open(dir: string, options: FileIssuerStoreOptions = {}): Promise<FileIssuerStore> {
    if (typeof dir !== 'string' || dir.length === 0) throw invalidArgument('dir', 'a directory path', dir);
    if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
    const sync = options.fsync ?? true;
    if (typeof sync !== 'boolean') throw invalidArgument('options.fsync', 'a boolean', options.fsync);
    const compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER;
    if (typeof compactAfterBytes !== 'number' || !Number.isSafeInteger(compactAfterBytes) || compactAfterBytes < 1) {
      throw invalidArgument('options.compactAfterBytes', 'a positive whole number of bytes', options.compactAfterBytes);
    }
    const path = resolve(dir);
    try {
      await mkdir(path, { recursive: true });
    } catch (e) {
      throw storeFailed(`cannot create the store directory ${path}`, e);
    }
    const lock = await acquireLock(path);
    let fh: FileHandle | undefined;
    try {
      const state = new StoreState();
      const snapshot = await readSnapshot(path, state);
      const journalPath = join(path, JOURNAL_FILE);
      let created = false;
      try {
        fh = await open(journalPath, 'a+');
        created = (await fh.stat()).size === 0;
      } catch (e) {
        throw storeFailed(`cannot open ${journalPath}`, e);
      }
      const replay = await replayJournal(fh, journalPath, snapshot.seq, (op) => state.apply(op));
      try {
        if (replay.validEnd < replay.size) {
          await fh.truncate(replay.validEnd);
          if (sync) await fh.sync();
        }
        if (created && sync) await syncDirectory(path);
      } catch (e) {
        throw storeFailed(`cannot repair ${journalPath}`, e);
      }
      return new FileIssuerStore(path, state, lock, fh, replay.seq, {
        sync,
        size: replay.validEnd,
        snapshotBytes: snapshot.bytes,
        compactAfterBytes,
      });
    } catch (e) {
      await fh?.close().catch(() => undefined);
      await lock.release().catch(() => undefined);
      if (e instanceof ElicenseError) throw e;
      throw storeFailed(`cannot open the store in ${path}`, e);
    }
  }

  /**
   * The store directory (absolute).
   *
   * @example
   * ```ts
   * console.log(store.directory); // /var/lib/bureau/registry
   * ```
   */
  get directory(): string {
    return this.#dir;
  }

  #check(): void {
    if (this.#closed) throw closedStore();
    const failure = this.#journal.failure;
    if (failure !== undefined) throw failure;
  }

  async #mutate<T>(run: () => { op: Op | undefined; result: T }): Promise<T> {
    this.#check();
    const { op, result } = run();
    if (op === undefined) await this.#journal.barrier();
    else await this.#journal.append(++this.#seq, op);
    return result;
  }

  async #read<T>(run: () => T): Promise<T> {
    this.#check();
    const result = run();
    // what was read may include operations still being flushed: answer once they are durable
    await this.#journal.barrier();
    return result;
  }

  /** {@inheritDoc IssuerStore.allocate} */
  allocate(count: number, open: (listNumber: number) => NewStatusList): Promise<Allocation[]> {
    return this.#mutate(() => this.#state.allocate(count, open));
  }

  /** {@inheritDoc IssuerStore.saveCredentials} */
  saveCredentials(records: readonly CredentialRecord[]): Promise<void> {
    return this.#mutate(() => ({ op: this.#state.saveCredentials(records), result: undefined }));
  }

  /** {@inheritDoc IssuerStore.getCredential} */
  getCredential(id: string): Promise<CredentialRecord | undefined> {
    return this.#read(() => this.#state.getCredential(id));
  }

  /** {@inheritDoc IssuerStore.updateStatus} */
  updateStatus(ids: readonly string[], status: CredentialStatus, at: number): Promise<CredentialRecord[]> {
    return this.#mutate(() => this.#state.updateStatus(ids, status, at));
  }

  /** {@inheritDoc IssuerStore.getList} */
  getList(id: string): Promise<StatusListState | undefined> {
    return this.#read(() => this.#state.getList(id));
  }

  /** {@inheritDoc IssuerStore.lists} */
  lists(): Promise<StatusListState[]> {
    return this.#read(() => this.#state.lists());
  }

  /** {@inheritDoc IssuerStore.snapshotList} */
  snapshotList(id: string): Promise<StatusListSnapshot> {
    return this.#read(() => this.#state.snapshotList(id));
  }

  /** {@inheritDoc IssuerStore.recordPublication} */
  recordPublication(listId: string, publication: ListPublication, anchor: AnchorRecord, at: number): Promise<boolean> {
    return this.#mutate(() => {
      const op = this.#state.recordPublication(listId, publication, anchor, at);
      return { op, result: op !== undefined };
    });
  }

  /** {@inheritDoc IssuerStore.pendingAnchors} */
  pendingAnchors(): Promise<OutboxEntry[]> {
    return this.#read(() => this.#state.pendingAnchors());
  }

  /** {@inheritDoc IssuerStore.markAnchored} */
  markAnchored(entryId: string, receipt: AnchorReceipt, at: number): Promise<void> {
    return this.#mutate(() => ({ op: this.#state.markAnchored(entryId, receipt, at), result: undefined }));
  }

  /** {@inheritDoc IssuerStore.markAnchorFailed} */
  markAnchorFailed(entryId: string, error: string, nextAttemptAt: number): Promise<void> {
    return this.#mutate(() => ({ op: this.#state.markAnchorFailed(entryId, error, nextAttemptAt), result: undefined }));
  }

  /** {@inheritDoc IssuerStore.getAnchorReceipt} */
  getAnchorReceipt(listId: string, version: number): Promise<AnchorReceipt | undefined> {
    return this.#read(() => this.#state.getAnchorReceipt(listId, version));
  }

  /**
   * Write a snapshot of the whole state now and empty the journal (this also happens on its own as
   * the journal grows). Makes the next open fast.
   *
   * @example
   * ```ts
   * await store.compact();
   * ```
   */
  async compact(): Promise<void> {
    this.#check();
    await this.#journal.compact();
  }

  /** {@inheritDoc IssuerStore.close} */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#journal.close();
    } catch (e) {
      throw storeFailed(`cannot close the store in ${this.#dir}`, e);
    } finally {
      await this.#lock.release().catch(() => undefined);
    }
  }
}
