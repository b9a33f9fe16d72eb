/**
 * @module @elicense/credentials
 *
 * The e-licence catalogue: one {@link LicenceProfile} per licence type — business licence (营业执照),
 * resident identity card (居民身份证), motor vehicle driving licence (机动车驾驶证) and marriage
 * certificate (结婚证) — each with its SD-JWT VC `vct`, strict claim rules (GB 32100 and GB 11643 check
 * characters, real calendar dates, national code tables, cross-field consistency, no unknown claims),
 * derived predicates such as `age_over_18`, the claims that are selectively disclosable, and Type
 * Metadata with zh-CN and en display names. Profiles live in a registry keyed by `vct` and type;
 * {@link prepareLicenceClaims} turns raw input into validated claims plus a disclosure frame for the
 * issuer. Pure and browser-safe: no Node built-ins, no clock, no schema library.
 */
export type { LicenceType, LicenceProfile, PreparedLicenceClaims } from './types.js';
export { getLicenceProfile, findLicenceProfile, listLicenceProfiles, registerLicenceProfile } from './registry.js';
export { findLicenceType } from './find-licence-type.js';
export type { LicenceTypeInfo } from './find-licence-type.js';
export { prepareLicenceClaims } from './prepare.js';
export { validateCitizenIdNumber } from './validators/citizen-id-number.js';
export type { CitizenIdNumberInfo } from './validators/citizen-id-number.js';
export { validateUnifiedSocialCreditCode } from './validators/unified-social-credit-code.js';
export { computeAge } from './age.js';
export { ENTERPRISE_TYPES, ETHNICITIES, VEHICLE_CLASSES } from './code-tables.js';
export type { EnterpriseType, VehicleClass } from './code-tables.js';
