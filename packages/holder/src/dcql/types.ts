import type { ClaimPath } from '@elicense/core';
import type { StoredCredential } from '../types.js';

/**
 * A value a Claims Query can require: a string, an integer or a boolean. A claim matches when its type
 * and value both equal one of them exactly.
 *
 * @example
 * ```ts
 * const values: DcqlClaimValue[] = [true]
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.3
 */
export type DcqlClaimValue = string | number | boolean;

/**
 * A Claims Query: one claim of the requested Credential, by claims path pointer, optionally with the
 * values it must have.
 *
 * @example
 * ```ts
 * const adult: DcqlClaimsQuery = { id: 'adult', path: ['age_over_18'], values: [true] }
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.3
 */
export interface DcqlClaimsQuery {
  /** Identifies the claim in `claim_sets`; required when the Credential Query has `claim_sets`. */
  readonly id?: string;
  /**
   * The claims path pointer: a string selects an object key, `null` every element of an array, a
   * non-negative integer one array element.
   */
  readonly path: ClaimPath;
  /** The claim must equal (type and value) one of these; for a `null` path, at least one element must. */
  readonly values?: readonly DcqlClaimValue[];
}

/**
 * A Trusted Authorities Query: an authority or trust framework (of type `aki`, `etsi_tl`,
 * `openid_federation` or another) that must certify the Credential's Issuer.
 *
 * @example
 * ```ts
 * const ta: DcqlTrustedAuthoritiesQuery = { type: 'openid_federation', values: ['https://trustanchor.example.com'] }
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.1.1
 */
export interface DcqlTrustedAuthoritiesQuery {
  /** The type of trust information, e.g. `aki`. */
  readonly type: string;
  /** Values of that type, one of which the Credential's trust chain must match. */
  readonly values: readonly string[];
}

/**
 * The `meta` object of a Credential Query: format-specific constraints on the Credential's metadata.
 * For `dc+sd-jwt` it carries `vct_values`; other members are kept as the Verifier sent them.
 *
 * @example
 * ```ts
 * const meta: DcqlMeta = { vct_values: ['urn:elicense:vct:driving_licence:1'] }
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#appendix-B.3.5
 */
export interface DcqlMeta {
  /** `dc+sd-jwt`: the accepted credential types (`vct`). */
  readonly vct_values?: readonly string[];
  /** `mso_mdoc`: the accepted doctype. */
  readonly doctype_value?: string;
  /** `jwt_vc_json`, `ldp_vc`: alternative sets of fully expanded types. */
  readonly type_values?: readonly (readonly string[])[];
  /** Members defined by other formats or extensions. */
  readonly [member: string]: unknown;
}

/**
 * A Credential Query: a request for one (or, with `multiple`, more) Credentials of a format and type,
 * and which of their claims to present. Defaults are filled in by {@link parseDcqlQuery}.
 *
 * @example
 * ```ts
 * const q: DcqlCredentialQuery = query.credentials[0]
 * q.meta.vct_values // ['urn:elicense:vct:resident_id_card:1']
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.1
 */
export interface DcqlCredentialQuery {
  /** Identifies the Credential Query in the response and in `credential_sets`. */
  readonly id: string;
  /** The Credential Format Identifier, e.g. `dc+sd-jwt`. */
  readonly format: string;
  /** Whether more than one Credential may be returned for this query. Default `false`. */
  readonly multiple: boolean;
  /** Format-specific constraints; `vct_values` is required for `dc+sd-jwt`. */
  readonly meta: DcqlMeta;
  /** Authorities, one of which should certify the Issuer. */
  readonly trusted_authorities?: readonly DcqlTrustedAuthoritiesQuery[];
  /** Whether a presentation with Cryptographic Holder Binding is required. Default `true`. */
  readonly require_cryptographic_holder_binding: boolean;
  /** The requested claims; absent: no selectively disclosable claim is requested. */
  readonly claims?: readonly DcqlClaimsQuery[];
  /** Alternative combinations of claim ids, most preferred first. */
  readonly claim_sets?: readonly (readonly string[])[];
}

/**
 * A Credential Set Query: alternative sets of Credential Queries (`options`) that each satisfy one
 * use case of the Verifier, and whether that use case is `required`.
 *
 * @example
 * ```ts
 * const set: DcqlCredentialSetQuery = { options: [['id_card'], ['driving_licence']], required: true }
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.2
 */
export interface DcqlCredentialSetQuery {
  /** Each option lists Credential Query ids that together satisfy the use case. */
  readonly options: readonly (readonly string[])[];
  /** Whether the use case must be satisfied. Default `true`. */
  readonly required: boolean;
}

/**
 * A validated, deeply frozen DCQL query, as returned by {@link parseDcqlQuery}. Unknown members are
 * dropped (the specification says to ignore them), defaults are filled in.
 *
 * @example
 * ```ts
 * const query: DcqlQuery = parseDcqlQuery(request.dcql_query)
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6
 */
export interface DcqlQuery {
  /** The Credential Queries; ids are unique. */
  readonly credentials: readonly DcqlCredentialQuery[];
  /** Constraints on which Credential Queries to answer; absent: answer all of them. */
  readonly credential_sets?: readonly DcqlCredentialSetQuery[];
}

/**
 * One claim that an option would disclose, with its value as the credential holds it.
 *
 * @example
 * ```ts
 * const d: DcqlDisclosedClaim = { path: ['age_over_18'], value: true }
 * ```
 */
export interface DcqlDisclosedClaim {
  /** The concrete claim path (no `null`). */
  readonly path: ClaimPath;
  /** The value (for an object or array: all of it). */
  readonly value: unknown;
}

/**
 * One way a candidate credential can answer a Credential Query: the claims of one satisfiable claim
 * set (or of all `claims` when there are no `claim_sets`, or none when there are no `claims`).
 *
 * @example
 * ```ts
 * const option = match.credentials.adult.candidates[0].options[0]
 * option.reveal    // [['age_over_18']]
 * option.disclosed // [{ path: ['age_over_18'], value: true }]
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.4.1
 */
export interface DcqlClaimOption {
  /** The claim ids of the claim set this option answers; absent when the query has no `claim_sets`. */
  readonly claimSet?: readonly string[];
  /** The index of that claim set in the query's `claim_sets` (the Verifier's order of preference). */
  readonly claimSetIndex?: number;
  /**
   * The concrete claim paths to reveal (selectively disclosable claims and what they contain);
   * envelope claims (`iss`, `vct`, `iat`, `nbf`, `exp`, `status`, `cnf`) are always visible and never listed.
   */
  readonly reveal: readonly ClaimPath[];
  /** Every claim the Verifier would see because of this option, envelope claims included, with its value. */
  readonly disclosed: readonly DcqlDisclosedClaim[];
  /**
   * `true` on exactly one option of each candidate: the one that discloses the least (fewest values,
   * then fewest values that are not booleans, then the Verifier's preference).
   */
  readonly recommended: boolean;
}

/**
 * A credential of the wallet that can answer a Credential Query, with every way it can.
 *
 * @example
 * ```ts
 * for (const c of match.credentials.pid.candidates) console.log(c.credentialId, c.options.length)
 * ```
 */
export interface DcqlCandidate {
  /** The {@link StoredCredential} id. */
  readonly credentialId: string;
  /** Its licence type, e.g. `resident_id_card`. */
  readonly type: string;
  /** Its `vct`. */
  readonly vct: string;
  /** The satisfiable options, in the Verifier's order of preference (never empty). */
  readonly options: readonly DcqlClaimOption[];
  /**
   * Only when the query has `trusted_authorities`: `matched` when a trusted-authority check this
   * wallet can evaluate accepted the credential, `unevaluated` when none of the query's types could be
   * evaluated (the Verifier checks trust itself in any case).
   */
  readonly trust?: 'matched' | 'unevaluated';
}

/**
 * Why a credential of a requested type cannot be offered: its state, a holder key the wallet lacks,
 * a `trusted_authorities` check that rejected it, or claims (or claim values) the query needs that it
 * does not have.
 *
 * @example
 * ```ts
 * const reason: DcqlUnusableReason = 'expired'
 * ```
 */
export type DcqlUnusableReason =
  | 'expired'
  | 'not_yet_valid'
  | 'revoked'
  | 'suspended'
  | 'not_presentable'
  | 'untrusted'
  | 'claims_not_satisfied';

/**
 * What the wallet can offer for one Credential Query.
 *
 * @example
 * ```ts
 * const m: DcqlCredentialMatch = match.credentials.adult
 * if (m.candidates.length === 0) console.log('no credential answers', m.queryId)
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.4
 */
export interface DcqlCredentialMatch {
  /** The Credential Query id. */
  readonly queryId: string;
  /** Whether the wallet can evaluate the query's format (only `dc+sd-jwt`); other formats have no candidates. */
  readonly formatSupported: boolean;
  /** Whether more than one candidate may be presented. */
  readonly multiple: boolean;
  /** The credentials that can answer the query, in wallet order. */
  readonly candidates: readonly DcqlCandidate[];
  /** Credentials of a requested type that cannot be offered, and why. */
  readonly unusable: readonly { readonly credentialId: string; readonly reason: DcqlUnusableReason }[];
  /** `trusted_authorities` types of the query this wallet cannot evaluate (empty when there are none). */
  readonly unevaluatedTrustedAuthorities: readonly string[];
}

/**
 * Whether one Credential Set Query can be satisfied, option by option.
 *
 * @example
 * ```ts
 * match.credential_sets[0].options.filter((o) => o.satisfiable).map((o) => o.ids)
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.4.2
 */
export interface DcqlCredentialSetMatch {
  /** Whether the set must be satisfied. */
  readonly required: boolean;
  /** The set's options, each with whether every Credential Query in it has a candidate. */
  readonly options: readonly { readonly ids: readonly string[]; readonly satisfiable: boolean }[];
  /** Whether some option is satisfiable. */
  readonly satisfied: boolean;
}

/**
 * What {@link matchDcqlQuery} found: per Credential Query id the candidate credentials and their claim
 * options, per Credential Set Query which options are satisfiable, and whether the whole query can be
 * answered.
 *
 * @example
 * ```ts
 * const match: DcqlMatch = matchDcqlQuery(query, await wallet.list())
 * if (!match.satisfied) showNothingToShare()
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.4
 */
export interface DcqlMatch {
  /** Whether a presentation answering the whole query (every required credential) can be made. */
  readonly satisfied: boolean;
  /** Per Credential Query id. */
  readonly credentials: Readonly<Record<string, DcqlCredentialMatch>>;
  /** Per Credential Set Query, in query order (empty when the query has none). */
  readonly credential_sets: readonly DcqlCredentialSetMatch[];
}

/**
 * The citizen's pick for one Credential Query: which credential and which claim option of it. Both
 * default to the first (the first candidate; its first option, the Verifier's preferred one).
 *
 * @example
 * ```ts
 * const pick: DcqlCredentialChoice = { credentialId: stored.id, option: 1 }
 * ```
 */
export interface DcqlCredentialChoice {
  /** A candidate's {@link DcqlCandidate.credentialId}. Default: the first candidate. */
  readonly credentialId?: string;
  /** An index into that candidate's {@link DcqlCandidate.options}. Default `0`. */
  readonly option?: number;
}

/**
 * The citizen's choice: Credential Query id → the credential (or, for a `multiple` query, the
 * credentials) to present and the option of each. Queries the answer needs but the choice omits get
 * the defaults; an optional credential set is answered only when the choice names one of its queries
 * (`{}` takes the defaults).
 *
 * @example
 * ```ts
 * const choice: DcqlChoice = { id_card: { credentialId: card.id }, rewards: {} }
 * ```
 */
export type DcqlChoice = Readonly<Record<string, DcqlCredentialChoice | readonly DcqlCredentialChoice[]>>;

/**
 * One presentation to make: the credential, the Credential Query it answers (its key in the VP Token)
 * and the claim paths to reveal.
 *
 * @example
 * ```ts
 * for (const s of selectDcqlPresentations(query, match, choice)) {
 *   vpToken[s.queryId] = [...(vpToken[s.queryId] ?? []), await wallet.present(s.credentialId, { reveal: [...s.reveal], nonce, aud })]
 * }
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-8.1
 */
export interface DcqlSelection {
  /** The Credential Query id. */
  readonly queryId: string;
  /** The {@link StoredCredential} id. */
  readonly credentialId: string;
  /** The claim paths to reveal (may be empty: then only the always-visible claims are shown). */
  readonly reveal: readonly ClaimPath[];
}

/**
 * Decides one `trusted_authorities` type for a credential: `true` when the credential's Issuer is
 * certified by one of `values`.
 *
 * @example
 * ```ts
 * const didAllowlist: DcqlTrustedAuthorityMatcher = (c, values) => values.includes(c.issuer)
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.1.1
 */
export type DcqlTrustedAuthorityMatcher = (credential: StoredCredential, values: readonly string[]) => boolean;

/**
 * Options for {@link matchDcqlQuery}.
 *
 * @example
 * ```ts
 * matchDcqlQuery(query, credentials, { trustedAuthorities: { aki: checkAuthorityKeyIdentifier } })
 * ```
 */
export interface MatchDcqlOptions {
  /**
   * Evaluators for `trusted_authorities` types, keyed by type. None by default: elicense credentials
   * are anchored in DIDs, not X.509 chains or federations, so `aki`, `etsi_tl` and
   * `openid_federation` are reported as unevaluated rather than guessed.
   */
  readonly trustedAuthorities?: Readonly<Record<string, DcqlTrustedAuthorityMatcher>>;
}
