import { assertObject, assertString, invalidArgument } from '@elicense/core';
import type { ClaimPath } from '@elicense/core';
import { selectDcqlPresentations } from './dcql/select-dcql-presentations.js';
import type { DcqlChoice, DcqlMatch, DcqlQuery, MatchDcqlOptions } from './dcql/types.js';

/**
 * Options for {@link Wallet.respond}.
 *
 * @example
 * ```ts
 * await wallet.respond(query, { nonce: request.nonce, aud: request.client_id })
 * ```
 */
export interface RespondOptions {
  /** The `nonce` of the authorization request, copied into every KB-JWT. */
  nonce: string;
  /** The verifier's client id, the KB-JWT `aud`. */
  aud: string;
  /** The citizen's choice of credentials and claim options. Default: each query's first candidate, with its first option. */
  choice?: DcqlChoice;
  /** Evaluators for the query's `trusted_authorities` types (see {@link MatchDcqlOptions}). */
  trustedAuthorities?: MatchDcqlOptions['trustedAuthorities'];
  /** KB-JWT `iat`, Unix seconds. Default: the wallet's clock. */
  now?: number;
}

/**
 * An OpenID4VP response: `vp_token` maps each answered credential query id to its presentations.
 *
 * @example
 * ```ts
 * const { vp_token } = await wallet.respond(query, { nonce, aud })
 * vp_token.adult[0] // '<jwt>~<disclosure>~<kb-jwt>'
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#name-response-parameters
 */
export interface DcqlResponse {
  vp_token: Record<string, string[]>;
}

type Present = (id: string, reveal: ClaimPath[], nonce: string, aud: string, now: number | undefined) => Promise<string>;

/** Check the choice against the query, then present each chosen credential with the claims of its option. */
export async function respondToDcqlQuery(query: DcqlQuery, match: DcqlMatch, options: RespondOptions, present: Present): Promise<DcqlResponse> {
  assertObject(options, 'options');
  assertString(options.nonce, 'options.nonce');
  assertString(options.aud, 'options.aud');
  if (options.now !== undefined && (typeof options.now !== 'number' || !Number.isSafeInteger(options.now) || options.now < 0)) {
    throw invalidArgument('options.now', 'Unix seconds (a non-negative integer)', options.now);
  }
  const selections = selectDcqlPresentations(query, match, options.choice ?? {});
  const vp_token: Record<string, string[]> = {};
  for (const s of selections) {
    const vp = await present(s.credentialId, [...s.reveal], options.nonce, options.aud, options.now);
    (vp_token[s.queryId] ??= []).push(vp);
  }
  return { vp_token };
}
