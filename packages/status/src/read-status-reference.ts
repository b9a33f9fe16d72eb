import { ElicenseError, invalidArgument, isJsonObject } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { isUri } from './internal/checks.js';

/**
 * Read `status.status_list` `{ idx, uri }` from the payload of a Referenced Token (a JWT, SD-JWT or
 * SD-JWT VC). Returns `undefined` when the token has no `status` claim or names no `status_list`
 * (another status mechanism); a malformed `status` or `status_list` — not an object, `idx` not a
 * non-negative integer, `uri` not a URI — throws `ERR_TOKEN_MALFORMED`.
 *
 * @example
 * ```ts
 * const ref = readStatusReference(payload) // { idx: 0, uri: 'https://example.com/statuslists/1' }
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-referenced-token-in-jose
 */
export function readStatusReference(payload: JsonObject): { idx: number; uri: string } | undefined {
  if (!isJsonObject(payload)) throw invalidArgument('payload', 'a JSON object (the token payload)', payload);
  const status = payload.status;
  if (status === undefined) return undefined;
  if (!isJsonObject(status)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'the "status" claim must be a JSON object');
  const ref = status.status_list;
  if (ref === undefined) return undefined;
  if (!isJsonObject(ref)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'status.status_list must be a JSON object');
  const { idx, uri } = ref;
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) {
    throw new ElicenseError('ERR_TOKEN_MALFORMED', `status.status_list.idx must be a non-negative integer, got ${JSON.stringify(idx) ?? 'nothing'}`);
  }
  if (!isUri(uri)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'status.status_list.uri must be a URI');
  return { idx, uri };
}
