/**
 * The bounds {@link parseDcqlQuery} enforces, so that no Verifier can make a wallet burn CPU or memory
 * on a query no real use case needs. A query beyond any of them is refused with `ERR_DCQL_INVALID`.
 *
 * @example
 * ```ts
 * DCQL_LIMITS.maxCredentialQueries // 64
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6
 */
export const DCQL_LIMITS = Object.freeze({
  /** Length of a query given as JSON text, in UTF-16 code units. */
  maxJsonLength: 262_144,
  /** Credential Queries in `credentials`. */
  maxCredentialQueries: 64,
  /** Claims Queries over all Credential Queries together. */
  maxClaimsQueries: 256,
  /** Entries of `claim_sets` in one Credential Query. */
  maxClaimSets: 64,
  /** Credential Set Queries in `credential_sets`. */
  maxCredentialSets: 64,
  /** Entries of `options` in one Credential Set Query. */
  maxOptions: 64,
  /** Components of one claims path pointer. */
  maxPathLength: 32,
  /** Entries of `values`, `vct_values`, `trusted_authorities` and similar arrays. */
  maxValues: 64,
  /** Length of any string in the query (ids, formats, types, keys, values). */
  maxStringLength: 2048,
  /** Nesting depth of the format-specific `meta` object. */
  maxMetaDepth: 8,
  /** Members and elements in a `meta` object, all levels together. */
  maxMetaMembers: 512,
});
