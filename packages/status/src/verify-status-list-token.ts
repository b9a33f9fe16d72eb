import { ElicenseError, assertObject, invalidArgument, verifyJwt } from '@elicense/core';
import type { JsonObject, JwsAlgorithm, VerifyJwtOptions } from '@elicense/core';
import { checkKey, checkMaxBytes, checkNow, checkTolerance, checkValidity, isNumericDate } from './internal/checks.js';
import { STATUS_LIST_JWT_TYP } from './internal/constants.js';
import { readStatusListClaim } from './internal/read-status-list-claim.js';
import type { StatusList } from './status-list.js';

/** Options for {@link verifyStatusListToken}. */
export interface VerifyStatusListTokenOptions {
  /** The Status Issuer's public key: a JWK, a function choosing one from header and payload, or a custom verifier. */
  key: VerifyJwtOptions['key'];
  /** Expected `sub`: the `status_list.uri` of the Referenced Token. */
  uri?: string;
  /** Expected `iss`. */
  issuer?: string;
  /** Verification time, Unix seconds. Default: the wall clock. */
  now?: number;
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 0. */
  clockTolerance?: number;
  /** Algorithm allowlist. Default ES256, EdDSA. */
  algorithms?: readonly JwsAlgorithm[];
  /** Largest decompressed list accepted, in bytes. Default 16 MiB. */
  maxBytes?: number;
}

/** A verified Status List Token. */
export interface VerifiedStatusListToken {
  /** Protected header. */
  header: JsonObject;
  /** All claims. */
  payload: JsonObject;
  /** `sub`: the URI of the Status List Token. */
  uri: string;
  /** `iss`, when present. */
  issuer?: string;
  /** `iat`. */
  iat: number;
  /** `exp`, when present. */
  exp?: number;
  /** `ttl` in seconds, when present. */
  ttl?: number;
  /** The decoded statuses. */
  list: StatusList;
}

/**
 * Verify a Status List Token in JWT format and decode its list: header `typ` `statuslist+jwt`
 * (`ERR_TYP_INVALID`), the signature (`ERR_SIGNATURE_INVALID`), `sub` and `iat` present
 * (`ERR_CLAIM_MISSING`), `sub` equal to `uri` (`ERR_STATUS_LIST_MISMATCH`), `iss` equal to `issuer`
 * (`ERR_ISSUER_UNTRUSTED`), not expired (`ERR_STATUS_LIST_EXPIRED`), `nbf` reached
 * (`ERR_STATUS_LIST_NOT_YET_VALID`), `iat` not in the future (`ERR_IAT_INVALID`), `ttl` a positive
 * integer, `status_list.bits` 1/2/4/8 and `lst` decodable (`ERR_STATUS_LIST_INVALID`).
 *
 * @example
 * ```ts
 * const { list } = await verifyStatusListToken(token, { key: issuerJwk, uri: ref.uri })
 * if (list.get(ref.idx) === StatusType.INVALID) throw new Error('revoked')
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-validation-rules
 */
export async function verifyStatusListToken(token: string, options: VerifyStatusListTokenOptions): Promise<VerifiedStatusListToken> {
  assertObject(options, 'options');
  const now = checkNow(options.now);
  const tolerance = checkTolerance(options.clockTolerance);
  const maxBytes = checkMaxBytes(options.maxBytes);
  checkKey(options.key);
  for (const name of ['uri', 'issuer'] as const) {
    if (options[name] !== undefined && (typeof options[name] !== 'string' || options[name].length === 0)) {
      throw invalidArgument(`options.${name}`, 'a non-empty string', options[name]);
    }
  }
  const { header, payload } = await verifyJwt(token, {
    key: options.key,
    ...(options.algorithms === undefined ? {} : { algorithms: options.algorithms }),
    typ: [STATUS_LIST_JWT_TYP, `application/${STATUS_LIST_JWT_TYP}`],
    what: 'status list token',
  });
  const { sub, iss, iat, exp, nbf, ttl } = payload;
  if (sub === undefined) throw new ElicenseError('ERR_CLAIM_MISSING', 'the status list token has no "sub" (the list URI)');
  if (typeof sub !== 'string' || sub.length === 0) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'the status list token "sub" must be a non-empty string');
  if (iat === undefined) throw new ElicenseError('ERR_CLAIM_MISSING', 'the status list token has no "iat"');
  if (!isNumericDate(iat)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'the status list token "iat" must be a NumericDate');
  if (exp !== undefined && !isNumericDate(exp)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'the status list token "exp" must be a NumericDate');
  if (nbf !== undefined && !isNumericDate(nbf)) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'the status list token "nbf" must be a NumericDate');
  if (iss !== undefined && typeof iss !== 'string') throw new ElicenseError('ERR_TOKEN_MALFORMED', 'the status list token "iss" must be a string');
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl <= 0)) {
    throw new ElicenseError('ERR_STATUS_LIST_INVALID', `the status list token "ttl" must be a positive integer, got ${JSON.stringify(ttl)}`);
  }
  if (options.uri !== undefined && sub !== options.uri) {
    throw new ElicenseError('ERR_STATUS_LIST_MISMATCH', `the status list token is for ${JSON.stringify(sub)}, not ${JSON.stringify(options.uri)}`, {
      details: { sub, uri: options.uri },
    });
  }
  if (options.issuer !== undefined && iss !== options.issuer) {
    throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `the status list token was issued by ${JSON.stringify(iss)}, not ${JSON.stringify(options.issuer)}`, {
      details: { iss, issuer: options.issuer },
    });
  }
  checkValidity('status list token', { iat, exp, nbf }, now, tolerance);
  const list = readStatusListClaim(payload, maxBytes);
  return {
    header,
    payload,
    uri: sub,
    ...(iss === undefined ? {} : { issuer: iss }),
    iat,
    ...(exp === undefined ? {} : { exp }),
    ...(ttl === undefined ? {} : { ttl }),
    list,
  };
}
