import { ElicenseError } from '@elicense/core';
import { recordLicenceType } from './internal/catalogue.js';
import { isReservedClaimName } from './internal/reserved.js';
import { businessLicenceProfile } from './profiles/business-licence.js';
import { drivingLicenceProfile } from './profiles/driving-licence.js';
import { marriageCertificateProfile } from './profiles/marriage-certificate.js';
import { residentIdCardProfile } from './profiles/resident-id-card.js';
import type { LicenceProfile } from './types.js';


const byVct = new Map<string, LicenceProfile>();
const byType = new Map<string, LicenceProfile>();

function invalid(message: string): ElicenseError {
  return new ElicenseError('ERR_INVALID_ARGUMENT', message);
}

function assertNames(v: unknown, name: string): asserts v is readonly string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0)) {
    throw invalid(`profile.${name} must be an array of non-empty strings`);
  }
  for (const x of v as string[]) {
    if (isReservedClaimName(x)) throw invalid(`profile.${name} must not name the reserved claim "${x}"`);
  }
}

function assertProfile(profile: unknown): asserts profile is LicenceProfile {
  if (typeof profile !== 'object' || profile === null) throw invalid('profile must be a LicenceProfile object');
  const p = profile as Record<string, unknown>;
  if (typeof p.type !== 'string' || !/^[a-z][a-z0-9_]{0,63}$/.test(p.type)) {
    throw invalid('profile.type must be a snake_case name of at most 64 characters');
  }
  if (typeof p.vct !== 'string' || p.vct.length === 0 || p.vct.length > 2048) throw invalid('profile.vct must be a non-empty string');
  if (typeof p.validate !== 'function') throw invalid('profile.validate must be a function');
  if (typeof p.derive !== 'function') throw invalid('profile.derive must be a function');
  assertNames(p.disclosable, 'disclosable');
  assertNames(p.derived, 'derived');
  const md = p.typeMetadata;
  if (typeof md !== 'object' || md === null || Array.isArray(md) || (md as Record<string, unknown>).vct !== p.vct) {
    throw invalid('profile.typeMetadata must be a Type Metadata object whose vct equals profile.vct');
  }
}

/**
 * Add a licence profile to the catalogue, keyed by its `vct` and its `type`. Registering the same
 * profile object again does nothing; a different profile under a `vct` or `type` already taken is
 * refused (`ERR_INVALID_ARGUMENT`), so nobody can replace a built-in profile behind an issuer's back.
 *
 * @example
 * ```ts
 * registerLicenceProfile({ type: 'fishing_licence', vct: 'urn:example:vct:fishing_licence:1', validate, derive,
 *   disclosable: ['name'], derived: [], typeMetadata: { vct: 'urn:example:vct:fishing_licence:1' } })
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2.1
 */
export function registerLicenceProfile(profile: LicenceProfile): void {
  assertProfile(profile);
  const existing = byVct.get(profile.vct) ?? byType.get(profile.type);
  if (existing === profile) return;
  if (existing !== undefined || byType.has(profile.vct) || byVct.has(profile.type)) {
    throw invalid(`a licence profile is already registered for vct "${profile.vct}" or type "${profile.type}"`);
  }
  byVct.set(profile.vct, profile);
  byType.set(profile.type, profile);
  recordLicenceType(profile);
}

/**
 * Find the licence profile for a `type` (e.g. `driving_licence`) or a `vct`; `undefined` if none.
 *
 * @example
 * ```ts
 * findLicenceProfile('urn:elicense:vct:driving_licence:1')?.type // 'driving_licence'
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2.1
 */
export function findLicenceProfile(typeOrVct: string): LicenceProfile | undefined {
  if (typeof typeOrVct !== 'string') throw invalid('typeOrVct must be a string');
  return byVct.get(typeOrVct) ?? byType.get(typeOrVct);
}

/**
 * The licence profile for a `type` or a `vct`; throws `ERR_TYPE_UNKNOWN` when there is none.
 *
 * @example
 * ```ts
 * getLicenceProfile('business_licence').vct // 'urn:elicense:vct:business_licence:1'
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2.1
 */
export function getLicenceProfile(typeOrVct: string): LicenceProfile {
  const profile = findLicenceProfile(typeOrVct);
  if (profile === undefined) {
    const shown = typeOrVct.length > 80 ? `${typeOrVct.slice(0, 80)}…` : typeOrVct;
    throw new ElicenseError('ERR_TYPE_UNKNOWN', `no licence profile is registered for type or vct "${shown}"`);
  }
  return profile;
}

/**
 * Every registered licence profile, the four built-in ones first.
 *
 * @example
 * ```ts
 * listLicenceProfiles().map((p) => p.type) // ['business_licence', 'resident_id_card', 'driving_licence', 'marriage_certificate']
 * ```
 */
export function listLicenceProfiles(): LicenceProfile[] {
  return [...byVct.values()];
}

for (const profile of [businessLicenceProfile, residentIdCardProfile, drivingLicenceProfile, marriageCertificateProfile]) {
  registerLicenceProfile(profile);
}
