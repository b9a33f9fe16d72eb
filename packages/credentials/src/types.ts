import type { DisclosureFrame, JsonObject } from '@elicense/core';

/**
 * The licence types elicense ships profiles for.
 *
 * @example
 * ```ts
 * const type: LicenceType = 'resident_id_card'
 * ```
 */
export type LicenceType = 'business_licence' | 'resident_id_card' | 'driving_licence' | 'marriage_certificate';

/**
 * A licence type: its `vct`, claim rules, derived predicates, selective disclosure and Type Metadata.
 *
 * @example
 * ```ts
 * const profile: LicenceProfile = getLicenceProfile('driving_licence')
 * const claims = profile.validate(input)
 * const predicates = profile.derive(claims, now) // { age_over_18: true, age_over_21: true }
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-5
 */
export interface LicenceProfile {
  /** Short type name, e.g. `business_licence`. */
  type: LicenceType | string;
  /** SD-JWT VC type, e.g. `urn:elicense:vct:business_licence:1`. */
  vct: string;
  /** Validate and normalise raw input claims; throws InvalidClaimError (ERR_INVALID_CLAIM) naming the field path. */
  validate(claims: unknown): JsonObject;
  /** Predicate claims computed at issuance (e.g. age_over_18: boolean), from validated claims and `now` (seconds). */
  derive(claims: JsonObject, now: number): JsonObject;
  /** Claim names that are selectively disclosable (default: all personal claims, incl. derived ones). */
  disclosable: readonly string[];
  /** Derived claim names (e.g. ['age_over_18', 'age_over_60']). */
  derived: readonly string[];
  /**
   * SD-JWT VC Type Metadata: vct, name, description, display `[{ locale: 'zh-CN', … }, { locale: 'en', … }]`
   * and claims `[{ path, display: [{ locale, label }], sd, mandatory }]`. Display objects carry both
   * `locale` (current draft) and `lang` (drafts up to -08).
   */
  typeMetadata: JsonObject;
}

/**
 * What {@link prepareLicenceClaims} returns: everything an issuer needs to sign a licence.
 *
 * @example
 * ```ts
 * const { vct, claims, frame }: PreparedLicenceClaims = prepareLicenceClaims('resident_id_card', input, { now })
 * ```
 */
export interface PreparedLicenceClaims {
  /** The profile that validated the claims. */
  profile: LicenceProfile;
  /** The profile's `vct`. */
  vct: string;
  /** Validated, normalised claims followed by the derived ones. */
  claims: JsonObject;
  /** Disclosure frame making every disclosable claim selectively disclosable, recursively. */
  frame: DisclosureFrame;
}
