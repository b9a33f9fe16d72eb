import type { CredentialRecord } from '../store/types.js';
import type { IssuedCredential, IssuerContext } from '../types.js';

/** Record issued credentials in the issuer store (all or none): only ids, type, list entry and validity. */
export async function recordIssued(ctx: IssuerContext, issued: readonly IssuedCredential[]): Promise<void> {
  const registry = ctx.registry;
  if (registry === undefined) return;
  const records: CredentialRecord[] = [];
  for (const c of issued) {
    if (c.status === undefined) continue;
    records.push({
      id: c.id,
      type: c.type,
      format: c.format,
      listId: c.status.listId,
      idx: c.status.idx,
      status: 'valid',
      issuedAt: c.issuedAt,
      ...(c.expiresAt === undefined ? {} : { expiresAt: c.expiresAt }),
      updatedAt: c.issuedAt,
    });
  }
  await registry.store.saveCredentials(records);
}
