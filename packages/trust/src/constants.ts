/**
 * Header `typ` of a trust bundle JWS.
 *
 * @example
 * ```ts
 * decodeJws(jws).header.typ === TRUST_BUNDLE_TYP // a full bundle, not a delta
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.9
 */
export const TRUST_BUNDLE_TYP = 'trust-bundle+jwt';

/**
 * Header `typ` of a trust bundle delta JWS.
 *
 * @example
 * ```ts
 * decodeJws(update).header.typ === TRUST_BUNDLE_DELTA_TYP
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.9
 */
export const TRUST_BUNDLE_DELTA_TYP = 'trust-bundle-delta+jwt';

/**
 * Header `typ` of an accreditation JWT.
 *
 * @example
 * ```ts
 * decodeJws(accreditation).header.typ // 'accreditation+jwt'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.9
 */
export const ACCREDITATION_TYP = 'accreditation+jwt';

/**
 * Header `typ` of an accreditation revocation JWT.
 *
 * @example
 * ```ts
 * decodeJws(revocation).header.typ // 'accreditation-revocation+jwt'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.9
 */
export const ACCREDITATION_REVOCATION_TYP = 'accreditation-revocation+jwt';
