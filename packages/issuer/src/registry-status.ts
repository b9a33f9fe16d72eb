import type { IssuerStore } from './store/types.js';
import type { RegistryStatus } from './types.js';

/**
 * The registry at a glance, read from an issuer store alone (no signing key needed): every list
 * with its allocation, revision, publication and anchoring state, and the publications waiting for
 * the ledger.
 *
 * @example
 * ```ts
 * const { lists, pending } = await readRegistryStatus(await FileIssuerStore.open(dir))
 * ```
 */
export async function readRegistryStatus(store: IssuerStore): Promise<RegistryStatus> {
  const pending = await store.pendingAnchors();
  const lists: RegistryStatus['lists'] = [];
  for (const l of await store.lists()) {
    const publishedVersion = l.published?.version ?? 0;
    let anchoredVersion = 0;
    for (let v = publishedVersion; v > 0; v--) {
      if ((await store.getAnchorReceipt(l.id, v)) !== undefined) {
        anchoredVersion = v;
        break;
      }
    }
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
