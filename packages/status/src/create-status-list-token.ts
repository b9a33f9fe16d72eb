import { assertObject, invalidArgument, signJwt } from '@elicense/core';
import type { JsonObject, SigningKey } from '@elicense/core';
import { encodeStatusList } from './encode-status-list.js';
import { checkSeconds, isUri } from './internal/checks.js';
import { STATUS_LIST_JWT_TYP } from './internal/constants.js';
import { StatusList } from './status-list.js';

/** Options for {@link createStatusListToken}. */
export interface CreateStatusListTokenOptions {
  /** URI of the Status List Token (`sub`), as Referenced Tokens name it in `status.status_list.uri`. */
  uri: string;
  /** `iss`, e.g. the issuer's DID. Optional in the spec; verifiers may require it. */
  issuer?: string;
  /** The statuses. */
  list: StatusList;
  /** The Status Issuer's key (`alg` and `kid` go into the header). */
  signingKey: SigningKey;
  /** `iat`, Unix seconds. */
  iat: number;
  /** `exp`, Unix seconds (recommended). */
  exp?: number;
  /** `ttl`: seconds a consumer may cache the token (recommended). */
  ttl?: number;
  /** `status_list.aggregation_uri`: where the Status List Aggregation is. */
  aggregationUri?: string;
}

/**
 * Sign a Status List Token in JWT format: header `typ: statuslist+jwt`; claims `sub` (the list URI),
 * `iat`, optional `exp`, `ttl` and `iss`, and `status_list` `{ bits, lst }`.
 *
 * @example
 * ```ts
 * const token = await createStatusListToken({ uri: 'https://gov.example/status/1', list, signingKey, iat: now, exp: now + 86400, ttl: 3600 })
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-status-list-token-in-jwt-fo
 */
export async function createStatusListToken(options: CreateStatusListTokenOptions): Promise<string> {
  assertObject(options, 'options');
  const { uri, issuer, list, signingKey, iat, exp, ttl, aggregationUri } = options;
  if (!isUri(uri)) throw invalidArgument('options.uri', 'a URI (e.g. https://issuer.example/status/1)', uri);
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer.length === 0)) throw invalidArgument('options.issuer', 'a non-empty string', issuer);
  if (!(list instanceof StatusList)) throw invalidArgument('options.list', 'a StatusList', list);
  if (typeof signingKey !== 'object' || signingKey === null || typeof signingKey.sign !== 'function') {
    throw invalidArgument('options.signingKey', 'a SigningKey { alg, sign, kid? }', signingKey);
  }
  checkSeconds(iat, 'options.iat');
  if (exp !== undefined && (checkSeconds(exp, 'options.exp') <= iat)) throw invalidArgument('options.exp', `a time after iat (${iat})`, exp);
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl <= 0)) {
    throw invalidArgument('options.ttl', 'a positive integer (seconds)', ttl);
  }
  if (aggregationUri !== undefined && !isUri(aggregationUri)) throw invalidArgument('options.aggregationUri', 'a URI', aggregationUri);
  const statusList: JsonObject = { bits: list.bits, lst: encodeStatusList(list) };
  if (aggregationUri !== undefined) statusList.aggregation_uri = aggregationUri;
  const payload: JsonObject = {
    ...(issuer === undefined ? {} : { iss: issuer }),
    sub: uri,
    iat,
    ...(exp === undefined ? {} : { exp }),
    ...(ttl === undefined ? {} : { ttl }),
    status_list: statusList,
  };
  return signJwt({ typ: STATUS_LIST_JWT_TYP }, payload, signingKey);
}
