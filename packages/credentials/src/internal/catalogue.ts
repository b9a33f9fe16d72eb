import type { LicenceTypeInfo } from '../find-licence-type.js';
import type { LicenceProfile } from '../types.js';

/**
 * The built-in licence types by name, with their top-level claim names (validated claims, then
 * derived ones). Kept apart from the profiles, so that a wallet or verifier that only needs to know a
 * type does not carry every claim rule and code table. A test checks it against the profiles.
 */
const BUILT_IN: readonly (readonly [string, string])[] = [
  [
    'business_licence',
    'unified_social_credit_code enterprise_name enterprise_type legal_representative registered_capital date_of_establishment business_term business_scope domicile registration_authority',
  ],
  ['resident_id_card', 'citizen_id_number name sex ethnicity date_of_birth address issuing_authority validity_period age_over_16 age_over_18 age_over_21 age_over_60'],
  [
    'driving_licence',
    'licence_number name sex nationality date_of_birth address date_of_first_issue vehicle_classes validity_period issuing_authority age_over_18 age_over_21',
  ],
  ['marriage_certificate', 'certificate_number registration_date spouse_a spouse_b registration_authority'],
];

const byKey = new Map<string, LicenceTypeInfo>();

function add(info: LicenceTypeInfo): void {
  byKey.set(info.vct, info);
  byKey.set(info.type, info);
}

for (const [type, claims] of BUILT_IN) {
  add(Object.freeze({ type, vct: `urn:elicense:vct:${type}:1`, claimNames: Object.freeze(claims.split(' ')) }));
}

/** The licence type registered under a `type` or `vct`, if any. */
export function lookupLicenceType(typeOrVct: string): LicenceTypeInfo | undefined {
  return byKey.get(typeOrVct);
}

/**
 * Record a profile just registered (checked, and not clashing with any registered type or vct): its
 * top-level claim names are its disclosable and derived claims and those of its Type Metadata.
 */
export function recordLicenceType(profile: LicenceProfile): void {
  if (byKey.has(profile.vct)) return;
  const names = new Set([...profile.disclosable, ...profile.derived]);
  const claims: unknown = profile.typeMetadata.claims;
  if (Array.isArray(claims)) {
    for (const c of claims as unknown[]) {
      const path: unknown = typeof c === 'object' && c !== null ? (c as Record<string, unknown>).path : undefined;
      if (Array.isArray(path) && typeof path[0] === 'string') names.add(path[0]);
    }
  }
  add(Object.freeze({ type: profile.type, vct: profile.vct, claimNames: Object.freeze([...names]) }));
}
