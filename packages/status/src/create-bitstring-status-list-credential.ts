import { assertObject, invalidArgument, signJwt } from '@elicense/core';
import type { JsonObject, SigningKey } from '@elicense/core';
import { encodeBitstringStatusList } from './encode-bitstring-status-list.js';
import { checkSeconds, isUri, isUrl } from './internal/checks.js';
import { VCDM_2_CONTEXT } from './internal/constants.js';
import { StatusList } from './status-list.js';
import { MIN_STATUS_LIST_SIZE } from './status-type.js';

/** Options for {@link createBitstringStatusListCredentialJwt}. */
export interface CreateBitstringStatusListCredentialJwtOptions {
  /** URL of the credential (`id`, `jti`), as entries name it in `statusListCredential`. */
  uri: string;
  /** The issuer (`iss`, `issuer`), e.g. a DID. */
  issuer: string;
  /** What a set bit means. */
  statusPurpose: 'revocation' | 'suspension';
  /** A 1-bit list of at least {@link MIN_STATUS_LIST_SIZE} entries. */
  list: StatusList;
  /** The issuer's key (`alg` and `kid` go into the header). */
  signingKey: SigningKey;
  /** Issuance time (`iat`, `nbf`, `validFrom`), Unix seconds. */
  iat: number;
  /** Expiry (`exp`, `validUntil`), Unix seconds. */
  exp?: number;
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Sign a `BitstringStatusListCredential` as a JWT: a VCDM 2.0 credential in the `vc` claim, with
 * `iss`, `jti` (the list URL), `sub` (the list subject), `iat`, `nbf` and optional `exp` mirrored in
 * `validFrom`/`validUntil`. The subject holds `type: BitstringStatusList`, the `statusPurpose` and
 * the `encodedList`.
 *
 * @example
 * ```ts
 * const jwt = await createBitstringStatusListCredentialJwt({
 *   uri: 'https://gov.example/status/1/revocation', issuer: did, statusPurpose: 'revocation',
 *   list: new StatusList(MIN_STATUS_LIST_SIZE), signingKey, iat: now, exp: now + 86400,
 * })
 * ```
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
 */
export async function createBitstringStatusListCredentialJwt(options: CreateBitstringStatusListCredentialJwtOptions): Promise<string> {
  assertObject(options, 'options');
  const { uri, issuer, statusPurpose, list, signingKey, iat, exp } = options;
  if (!isUrl(uri) || uri.includes('#')) throw invalidArgument('options.uri', 'a URL without a fragment', uri);
  if (!isUri(issuer)) throw invalidArgument('options.issuer', 'a URI or DID', issuer);
  if (statusPurpose !== 'revocation' && statusPurpose !== 'suspension') {
    throw invalidArgument('options.statusPurpose', '"revocation" or "suspension"', statusPurpose);
  }
  if (!(list instanceof StatusList)) throw invalidArgument('options.list', 'a StatusList', list);
  if (list.bits !== 1) throw invalidArgument('options.list', 'a 1-bit StatusList (a set bit is the status)', `a ${list.bits}-bit list`);
  if (list.size < MIN_STATUS_LIST_SIZE) {
    throw invalidArgument('options.list', `a list of at least ${MIN_STATUS_LIST_SIZE} entries`, `a list of ${list.size} entries`);
  }
  if (typeof signingKey !== 'object' || signingKey === null || typeof signingKey.sign !== 'function') {
    throw invalidArgument('options.signingKey', 'a SigningKey { alg, sign, kid? }', signingKey);
  }
  checkSeconds(iat, 'options.iat');
  if (exp !== undefined && checkSeconds(exp, 'options.exp') <= iat) throw invalidArgument('options.exp', `a time after iat (${iat})`, exp);
  const subject = `${uri}#list`;
  const vc: JsonObject = {
    '@context': [VCDM_2_CONTEXT],
    id: uri,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: isoTime(iat),
    ...(exp === undefined ? {} : { validUntil: isoTime(exp) }),
    credentialSubject: {
      id: subject,
      type: 'BitstringStatusList',
      statusPurpose,
      encodedList: encodeBitstringStatusList(list),
    },
  };
  const payload: JsonObject = { iss: issuer, sub: subject, jti: uri, iat, nbf: iat, ...(exp === undefined ? {} : { exp }), vc };
  return signJwt({ typ: 'JWT' }, payload, signingKey);
}
