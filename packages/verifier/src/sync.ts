import { ElicenseError, invalidArgument } from '@elicense/core';
import type { OfflineTrust } from './internal/offline-trust.js';
import { verificationTime } from './internal/policy.js';
import type { Policy } from './internal/policy.js';
import type { SyncResult } from './types.js';

/**
 * Apply a newer full trust bundle or a delta to an offline verifier's bundle. The update is
 * verified completely (publisher signature, expiry, version order, delta base and result digest,
 * accreditations, anchors) before it replaces the bundle in use; on any error the typed error is
 * thrown and the verifier keeps its last good bundle. Updates run one after another.
 */
export async function syncTrust(offline: OfflineTrust | undefined, policy: Pick<Policy, 'now' | 'clockTolerance'>, update: unknown): Promise<SyncResult> {
  if (offline === undefined) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'sync() needs an offline verifier (Verifier.fromBundle); this verifier was configured online, with trustedIssuers');
  }
  if (typeof update !== 'string' || update.length === 0) throw invalidArgument('update', 'a trust bundle JWS or a bundle delta JWS', update);
  return offline.exclusive(async (use) => {
    const before = offline.state;
    const now = verificationTime(policy, undefined);
    const after = await before.apply(update, { publishers: [...offline.publishers], now, clockTolerance: policy.clockTolerance });
    if (after === before || (after.version === before.version && after.digest === before.digest)) {
      return { kind: 'unchanged', version: before.version, previousVersion: before.version };
    }
    use(after);
    // A full bundle starts a new chain; a delta extends the chain it applied to.
    return { kind: after.chain.deltas.length === 0 ? 'full' : 'delta', version: after.version, previousVersion: before.version };
  });
}
