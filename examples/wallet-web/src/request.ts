/**
 * What travels between the verifier page and the wallet page, as text (copy-paste or QR code):
 * the request `{ dcql_query, nonce, client_id }` — the core of an OpenID4VP authorization request —
 * and the response `{ vp_token }`, which maps each Credential Query id to its presentations.
 */
import { ElicenseError, isJsonObject, parseJsonObject } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import type { DcqlResponse } from '@elicense/holder';

/** A verifier's request: the DCQL query, a fresh nonce, and the verifier's client id (the KB-JWT `aud`). */
export interface PresentationRequest {
  dcql_query: JsonObject;
  nonce: string;
  client_id: string;
}

function malformed(what: string, problem: string): ElicenseError {
  return new ElicenseError('ERR_TOKEN_MALFORMED', `${what}: ${problem}`);
}

/** Read a pasted or scanned request. The DCQL query itself is checked by the wallet (`ERR_DCQL_INVALID`). */
export function parseRequest(text: string): PresentationRequest {
  const what = 'the verifier request';
  const r = parseJsonObject(text.trim(), 'ERR_TOKEN_MALFORMED', what);
  if (!isJsonObject(r.dcql_query)) throw malformed(what, 'it has no "dcql_query" object');
  if (typeof r.nonce !== 'string' || r.nonce.length === 0) throw malformed(what, 'it has no "nonce" string');
  if (typeof r.client_id !== 'string' || r.client_id.length === 0) throw malformed(what, 'it has no "client_id" string');
  return { dcql_query: r.dcql_query, nonce: r.nonce, client_id: r.client_id };
}

/** Read a pasted or scanned wallet response. */
export function parseResponse(text: string): DcqlResponse {
  const what = 'the wallet response';
  const r = parseJsonObject(text.trim(), 'ERR_TOKEN_MALFORMED', what);
  const token = r.vp_token;
  if (!isJsonObject(token)) throw malformed(what, 'it has no "vp_token" object');
  const vp_token: Record<string, string[]> = {};
  for (const [id, list] of Object.entries(token)) {
    if (!Array.isArray(list) || list.length === 0 || !list.every((vp) => typeof vp === 'string')) {
      throw malformed(what, `vp_token.${id} must be a non-empty array of presentations (strings)`);
    }
    vp_token[id] = list as string[];
  }
  return { vp_token };
}
