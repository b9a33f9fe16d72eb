/**
 * The `typ` of an SD-JWT VC.
 *
 * @example
 * ```ts
 * header.typ === SD_JWT_VC_TYP // 'dc+sd-jwt'
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.1
 */
export const SD_JWT_VC_TYP = 'dc+sd-jwt';

/**
 * The `typ` that drafts before -06 used; verifiers still accept it.
 *
 * @example
 * ```ts
 * await verifySdJwtVc(token, { issuerKey, typ: [SD_JWT_VC_TYP, SD_JWT_VC_LEGACY_TYP] })
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.1
 */
export const SD_JWT_VC_LEGACY_TYP = 'vc+sd-jwt';

/**
 * Claims that, with all their sub-claims, MUST NOT be selectively disclosable in an SD-JWT VC
 * (`sub` and `iat` MAY be).
 *
 * @example
 * ```ts
 * NON_DISCLOSABLE_CLAIMS.includes('cnf') // true
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2.3
 */
export const NON_DISCLOSABLE_CLAIMS: readonly string[] = ['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'aka_vcts', 'status'];
