import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import { StoreState } from './internal/state.js';
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
 * An issuer store in memory, for tests and demos: the same rules as the durable stores (the same
 * validation, conflicts and status transitions), nothing kept after the process ends. Values are
 * copied in and out, so callers never share state with the store.
 *
 * @example
 * ```ts
 * const store = new MemoryIssuerStore();
 * const [a] = await store.allocate(1, (n) => ({ uri: `https://gov.example/status/${n}`, size: 131072, bits: 2, key, createdAt: now }));
 * ```
 */
export class MemoryIssuerStore implements IssuerStore {
  readonly #state = new StoreState();
  #closed = false;

  async #run<T>(run: () => T): Promise<T> {
    if (this.#closed) throw closedStore();
    return run();
  }

  /** {@inheritDoc IssuerStore.allocate} */
  allocate(count: number, open: (listNumber: number) => NewStatusList): Promise<Allocation[]> {
    return this.#run(() => this.#state.allocate(count, open).result);
  }

  /** {@inheritDoc IssuerStore.saveCredentials} */
  saveCredentials(records: readonly CredentialRecord[]): Promise<void> {
    return this.#run(() => {
      this.#state.saveCredentials(records);
    });
  }

  /** {@inheritDoc IssuerStore.getCredential} */
  getCredential(id: string): Promise<CredentialRecord | undefined> {
    return this.#run(() => this.#state.getCredential(id));
  }

  /** {@inheritDoc IssuerStore.updateStatus} */
  updateStatus(ids: readonly string[], status: CredentialStatus, at: number): Promise<CredentialRecord[]> {
    return this.#run(() => this.#state.updateStatus(ids, status, at).result);
  }

  /** {@inheritDoc IssuerStore.getList} */
  getList(id: string): Promise<StatusListState | undefined> {
    return this.#run(() => this.#state.getList(id));
  }

  /** {@inheritDoc IssuerStore.lists} */
  lists(): Promise<StatusListState[]> {
    return this.#run(() => this.#state.lists());
  }

  /** {@inheritDoc IssuerStore.snapshotList} */
  snapshotList(id: string): Promise<StatusListSnapshot> {
    return this.#run(() => this.#state.snapshotList(id));
  }

  /** {@inheritDoc IssuerStore.recordPublication} */
  recordPublication(listId: string, publication: ListPublication, anchor: AnchorRecord, at: number): Promise<boolean> {
    return this.#run(() => this.#state.recordPublication(listId, publication, anchor, at) !== undefined);
  }

  /** {@inheritDoc IssuerStore.pendingAnchors} */
  pendingAnchors(): Promise<OutboxEntry[]> {
    return this.#run(() => this.#state.pendingAnchors());
  }

  /** {@inheritDoc IssuerStore.markAnchored} */
  markAnchored(entryId: string, receipt: AnchorReceipt, at: number): Promise<void> {
    return this.#run(() => {
      this.#state.markAnchored(entryId, receipt, at);
    });
  }

  /** {@inheritDoc IssuerStore.markAnchorFailed} */
  markAnchorFailed(entryId: string, error: string, nextAttemptAt: number): Promise<void> {
    return this.#run(() => {
      this.#state.markAnchorFailed(entryId, error, nextAttemptAt);
    });
  }

  /** {@inheritDoc IssuerStore.getAnchorReceipt} */
  getAnchorReceipt(listId: string, version: number): Promise<AnchorReceipt | undefined> {
    return this.#run(() => this.#state.getAnchorReceipt(listId, version));
  }

  /** {@inheritDoc IssuerStore.close} */
  async close(): Promise<void> {
    this.#closed = true;
  }
}

