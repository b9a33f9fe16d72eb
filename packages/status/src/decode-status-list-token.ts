import { decodeJws } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { readStatusListClaim } from './internal/read-status-list-claim.js';
import type { StatusList } from './status-list.js';

/**
 * Decode a Status List Token (JWT) and its list, **without** checking the signature or any claim
 * but `status_list`: for inspecting tokens (CLI, debugging). Use {@link verifyStatusListToken} to
 * rely on a token.
 *
 * @example
 * ```ts
 * const { payload, list } = decodeStatusListToken(token)
 * console.log(payload.sub, list.size)
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-status-list-token-in-jwt-fo
 */
export function decodeStatusListToken(token: string): { header: JsonObject; payload: JsonObject; list: StatusList } {
  const { header, payload } = decodeJws(token, 'ERR_TOKEN_MALFORMED', 'status list token');
  return { header, payload, list: readStatusListClaim(payload, undefined) };
}
