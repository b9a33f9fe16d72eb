/**
 * The key that holds object-property digests (`"_sd": [...]`).
 *
 * @example
 * ```ts
 * payload[SD_DIGESTS_KEY] // ['CrQe7S5kqBAHt-nMYXgc6bdt2SH5aTY1sU_M-PgkjPI', ...]
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.2.4.1
 */
export const SD_DIGESTS_KEY = '_sd';

/**
 * The single key of an array-element digest placeholder (`{"...": "<digest>"}`).
 *
 * @example
 * ```ts
 * { [SD_ARRAY_ELEMENT_KEY]: 'w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs' }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.2.4.2
 */
export const SD_ARRAY_ELEMENT_KEY = '...';

/**
 * The top-level claim naming the digest algorithm.
 *
 * @example
 * ```ts
 * payload[SD_ALG_KEY] // 'sha-256'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.1.1
 */
export const SD_ALG_KEY = '_sd_alg';

/**
 * The digest algorithm used when `_sd_alg` is absent.
 *
 * @example
 * ```ts
 * const alg = payload._sd_alg ?? DEFAULT_SD_ALG
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.1.1
 */
export const DEFAULT_SD_ALG = 'sha-256';

/**
 * The `typ` of a Key Binding JWT.
 *
 * @example
 * ```ts
 * kbHeader.typ === KB_JWT_TYP
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.3
 */
export const KB_JWT_TYP = 'kb+jwt';

/**
 * Default largest token accepted by the decoders and verifiers: 1 MiB.
 *
 * @example
 * ```ts
 * await verifySdJwt(token, { issuerKey, maxLength: DEFAULT_MAX_TOKEN_LENGTH / 4 })
 * ```
 */
export const DEFAULT_MAX_TOKEN_LENGTH = 1024 * 1024;

/**
 * Default number of seconds a KB-JWT `iat` may lie in the past.
 *
 * @example
 * ```ts
 * await verifySdJwt(token, { issuerKey, nonce, aud, kbMaxAge: DEFAULT_KB_MAX_AGE })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.3
 */
export const DEFAULT_KB_MAX_AGE = 300;
