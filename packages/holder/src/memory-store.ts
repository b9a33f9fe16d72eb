import type { CredentialStore, StoredCredential } from './types.js';

/**
 * A {@link CredentialStore} in memory, for tests and short-lived wallets. Returns copies, so callers
 * cannot change what is stored by mutating a result.
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create({ store: new MemoryCredentialStore() })
 * ```
 */
export class MemoryCredentialStore implements CredentialStore {
  readonly #items = new Map<string, StoredCredential>();

  /** The credential with this id, or `undefined`. */
  async get(id: string): Promise<StoredCredential | undefined> {
    const c = this.#items.get(id);
    return c === undefined ? undefined : structuredClone(c);
  }

  /** Insert or replace the credential with `c.id`. */
  async put(c: StoredCredential): Promise<void> {
    this.#items.set(c.id, structuredClone(c));
  }

  /** Remove a credential; `true` when it was there. */
  async delete(id: string): Promise<boolean> {
    return this.#items.delete(id);
  }

  /** Every credential, in insertion order. */
  async list(): Promise<StoredCredential[]> {
    return [...this.#items.values()].map((c) => structuredClone(c));
  }
}
