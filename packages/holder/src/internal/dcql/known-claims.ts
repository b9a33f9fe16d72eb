import { ElicenseError, formatClaimPath } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import type { LicenceTypeInfo } from '@elicense/credentials';
import type { DcqlCredentialQuery } from '../../dcql/types.js';
import { ENVELOPE_CLAIMS } from './envelope.js';

/**
 * Refuse a `dc+sd-jwt` Credential Query that asks for a claim none of its licence types has
 * (`ERR_DCQL_CLAIM_UNKNOWN`). Checked only when the catalogue knows every `vct` in `vct_values`: a
 * claim may belong to a type this wallet has never heard of, and then it is simply not matched.
 * A type's claims are its disclosable and derived claims and those in its Type Metadata.
 */
export function assertKnownClaims(query: DcqlCredentialQuery): void {
  if (query.format !== 'dc+sd-jwt' || query.claims === undefined) return;
  const types = (query.meta.vct_values ?? []).map((vct) => findLicenceType(vct));
  if (types.length === 0 || types.some((p) => p === undefined)) return;
  const known = new Set(ENVELOPE_CLAIMS);
  for (const t of types as LicenceTypeInfo[]) for (const name of t.claimNames) known.add(name);
  for (const claim of query.claims) {
    const first = claim.path[0];
    if (typeof first === 'string' && known.has(first)) continue;
    const names = (types as LicenceTypeInfo[]).map((p) => p.type).join(', ');
    throw new ElicenseError(
      'ERR_DCQL_CLAIM_UNKNOWN',
      `Credential Query "${query.id}" asks for claim ${formatClaimPath(claim.path)}, which ${names} does not have`,
      { details: { queryId: query.id, path: [...claim.path] } },
    );
  }
}
