import { ElicenseError } from '@elicense/core';
import { lookupLicenceType } from './internal/catalogue.js';

/**
 * What a wallet or a verifier needs to know about a licence type to recognise it: its name, its
 * `vct`, and the top-level claims a credential of that type may carry — without the claim rules,
 * code tables and Type Metadata of its `LicenceProfile`.
 *
 * @example
 * ```ts
 * const info: LicenceTypeInfo = findLicenceType('driving_licence')!
 * info.claimNames.includes('vehicle_classes') // true
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2.1
 */
export interface LicenceTypeInfo {
  /** Short type name, e.g. `driving_licence`. */
  readonly type: string;
  /** SD-JWT VC type, e.g. `urn:elicense:vct:driving_licence:1`. */
  readonly vct: string;
  /** Top-level claim names: the profile's disclosable and derived claims, and those of its Type Metadata. */
  readonly claimNames: readonly string[];
}

/**
 * Find a licence type of the catalogue — a built-in one, or one added with `registerLicenceProfile`
 * — by `type` or `vct`; `undefined` if there is none. Answers exactly like `findLicenceProfile` does,
 * but a bundle that only recognises types does not carry the profiles.
 *
 * @example
 * ```ts
 * findLicenceType('urn:elicense:vct:resident_id_card:1')?.type // 'resident_id_card'
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2.1
 */
export function findLicenceType(typeOrVct: string): LicenceTypeInfo | undefined {
  if (typeof typeOrVct !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', 'typeOrVct must be a string');
  return lookupLicenceType(typeOrVct);
}
