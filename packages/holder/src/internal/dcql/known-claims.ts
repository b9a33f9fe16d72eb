import { ElicenseError, formatClaimPath } from '@elicense/core';
import { findLicenceProfile } from '@elicense/credentials';
import type { LicenceProfile } from '@elicense/credentials';
import type { DcqlCredentialQuery } from '../../dcql/types.js';
import { ENVELOPE_CLAIMS } from './envelope.js';

/** Top-level claim names of a licence type: disclosable, derived and those in its Type Metadata. */
function claimNames(profile: LicenceProfile, into: Set<string>): void {
  for (const name of profile.disclosable) into.add(name);
  for (const name of profile.derived) into.add(name);
  const claims: unknown = profile.typeMetadata.claims;
  if (!Array.isArray(claims)) return;
  for (const c of claims as unknown[]) {
    const path: unknown = typeof c === 'object' && c !== null ? (c as Record<string, unknown>).path : undefined;
    if (Array.isArray(path) && typeof path[0] === 'string') into.add(path[0]);
  }
}

/**
 * Refuse a `dc+sd-jwt` Credential Query that asks for a claim none of its licence types has
 * (`ERR_DCQL_CLAIM_UNKNOWN`). Checked only when the catalogue knows every `vct` in `vct_values`: a
 * claim may belong to a type this wallet has never heard of, and then it is simply not matched.
 */
export function assertKnownClaims(query: DcqlCredentialQuery): void {
  if (query.format !== 'dc+sd-jwt' || query.claims === undefined) return;
  const profiles = (query.meta.vct_values ?? []).map((vct) => findLicenceProfile(vct));
  if (profiles.length === 0 || profiles.some((p) => p === undefined)) return;
  const known = new Set(ENVELOPE_CLAIMS);
  for (const p of profiles) claimNames(p as LicenceProfile, known);
  for (const claim of query.claims) {
    const first = claim.path[0];
    if (typeof first === 'string' && known.has(first)) continue;
    const types = profiles.map((p) => (p as LicenceProfile).type).join(', ');
    throw new ElicenseError(
      'ERR_DCQL_CLAIM_UNKNOWN',
      `Credential Query "${query.id}" asks for claim ${formatClaimPath(claim.path)}, which ${types} does not have`,
      { details: { queryId: query.id, path: [...claim.path] } },
    );
  }
}
