import type { IssuerStore } from './store/types.js';
import type { RegistryStatus } from './types.js';

/**
 * The registry at a glance, read from an issuer store alone (no signing key needed): every list
 * with its allocation, revision, publication and anchoring state, and the publications waiting for
 * the ledger.
 *
 * @example
 * ```ts
 * import { FileIssuerStore } from '@elicense/issuer/node'
 * const { lists, pending } = await readRegistryStatus(await FileIssuerStore.open(dir))
 * ```
 */
export async function readRegistryStatus(store: IssuerStore): Promise<RegistryStatus> {
  const pending = await store.pendingAnchors();
  // A list's publications are anchored in version order, so everything below its oldest pending one is anchored.
  const oldestPending = new Map<string, number>();
  for (const e of pending) oldestPending.set(e.listId, Math.min(e.record.version, oldestPending.get(e.listId) ?? Infinity));
  const lists: RegistryStatus['lists'] = [];
  for (const l of await store.lists()) {
    const publishedVersion = l.published?.version ?? 0;
    const anchoredVersion = (oldestPending.get(l.id) ?? publishedVersion + 1) - 1;
    lists.push({
      listId: l.id,
      uri: l.uri,
      size: l.size,
      allocated: l.allocated,
      revision: l.revision,
      publishedVersion,
      unpublishedChanges: (l.published?.revision ?? 0) < l.revision,
      ...(l.published === undefined ? {} : { tokenExpiresAt: l.published.exp }),
      anchoredVersion,
    });
  }
  return { lists, pending };
}
