import { ElicenseError, assertObject, invalidArgument, isJsonObject, verifyJwt } from '@elicense/core';
import type { JsonObject, JwsAlgorithm, VerifyJwtOptions } from '@elicense/core';
import { decodeBitstringStatusList } from './decode-bitstring-status-list.js';
import { checkKey, checkNow, checkTolerance, checkValidity, isNumericDate, isStatusBits } from './internal/checks.js';
import { CREDENTIAL_JWT_TYPES } from './internal/constants.js';
import type { StatusList } from './status-list.js';

/** Options for {@link verifyBitstringStatusListCredentialJwt}. */
export interface VerifyBitstringStatusListCredentialJwtOptions {
  /** The issuer's public key: a JWK, a function choosing one from header and payload, or a custom verifier. */
  key: VerifyJwtOptions['key'];
  /** Expected credential URL: the entry's `statusListCredential`. */
  uri?: string;
  /** Expected issuer. */
  issuer?: string;
  /** Expected purpose: the entry's `statusPurpose`, which the list must carry. */
  statusPurpose?: string;
  /** Verification time, Unix seconds. Default: the wall clock. */
  now?: number;
  /** Leeway for the validity period, in seconds. Default 0. */
  clockTolerance?: number;
  /** Algorithm allowlist. Default ES256, EdDSA. */
  algorithms?: readonly JwsAlgorithm[];
  /** Fewest entries accepted (`minimumNumberOfEntries`). Default 131072. */
  minEntries?: number;
}

/** A verified BitstringStatusListCredential. */
export interface VerifiedBitstringStatusListCredential {
  /** The credential URL (`id`, or `jti`). */
  uri: string;
  /** The issuer (`iss`, or `issuer`). */
  issuer: string;
  /** The purpose asked for, or the list's (first) purpose. */
  statusPurpose: string;
  /** The decoded bitstring. */
  list: StatusList;
  /** Issuance time (`iat`, else `nbf`, else `validFrom`), Unix seconds. */
  iat: number;
  /** Expiry (`exp` or `validUntil`, the earlier), Unix seconds. */
  exp?: number;
}

function malformed(reason: string): ElicenseError {
  return new ElicenseError('ERR_TOKEN_MALFORMED', `invalid status list credential: ${reason}`);
}

function dateTime(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw malformed(`${name} must be an XML Schema dateTimeStamp`);
  return Math.floor(ms / 1000);
}

/** The issuer's id: `issuer` is a URL or an object with an `id`. */
function issuerId(v: unknown): string | undefined {
  if (v === undefined || typeof v === 'string') return v;
  if (isJsonObject(v) && typeof v.id === 'string') return v.id;
  throw malformed('issuer must be a URL or an object with an "id"');
}

function typesOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * Verify a `BitstringStatusListCredential` JWT (VCDM 2.0 credential in the `vc` claim) and decode
 * its list: the signature (`ERR_SIGNATURE_INVALID`), header `typ` when present (`JWT` or `vc+jwt`,
 * else `ERR_TYP_INVALID`), the credential's types and subject (`ERR_TOKEN_MALFORMED`), its URL
 * against `uri` and its purpose against `statusPurpose` (`ERR_STATUS_LIST_MISMATCH`, the
 * STATUS_VERIFICATION_ERROR), the issuer against `issuer` (`ERR_ISSUER_UNTRUSTED`), the validity
 * period (`ERR_STATUS_LIST_EXPIRED`, `ERR_STATUS_LIST_NOT_YET_VALID`), and the `encodedList` with
 * at least `minEntries` entries (`ERR_STATUS_LIST_LENGTH`).
 *
 * @example
 * ```ts
 * const entry = readBitstringStatusListEntry(vc.credentialStatus)
 * const { list } = await verifyBitstringStatusListCredentialJwt(jwt, { key, uri: entry.uri, statusPurpose: entry.statusPurpose })
 * if (list.get(entry.index) !== 0) throw new Error(`${entry.statusPurpose} is set`)
 * ```
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
 */
export async function verifyBitstringStatusListCredentialJwt(
  jwt: string,
  options: VerifyBitstringStatusListCredentialJwtOptions,
): Promise<VerifiedBitstringStatusListCredential> {
  assertObject(options, 'options');
  const now = checkNow(options.now);
  const tolerance = checkTolerance(options.clockTolerance);
  checkKey(options.key);
  for (const name of ['uri', 'issuer', 'statusPurpose'] as const) {
    if (options[name] !== undefined && (typeof options[name] !== 'string' || options[name].length === 0)) {
      throw invalidArgument(`options.${name}`, 'a non-empty string', options[name]);
    }
  }
  const { header, payload } = await verifyJwt(jwt, {
    key: options.key,
    ...(options.algorithms === undefined ? {} : { algorithms: options.algorithms }),
    what: 'status list credential',
  });
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !CREDENTIAL_JWT_TYPES.includes(header.typ.toLowerCase()))) {
    throw new ElicenseError('ERR_TYP_INVALID', `status list credential header typ must be JWT or vc+jwt, got ${JSON.stringify(header.typ)}`);
  }
  const vc = payload.vc;
  if (vc === undefined) throw new ElicenseError('ERR_CLAIM_MISSING', 'the JWT has no "vc" claim, so it is not a status list credential');
  if (!isJsonObject(vc)) throw malformed('"vc" must be a JSON object');
  if (!typesOf(vc.type).includes('BitstringStatusListCredential')) throw malformed('its type does not include BitstringStatusListCredential');
  const subject = Array.isArray(vc.credentialSubject) && vc.credentialSubject.length === 1 ? vc.credentialSubject[0] : vc.credentialSubject;
  if (!isJsonObject(subject)) throw malformed('credentialSubject must be one JSON object');
  if (!typesOf(subject.type).includes('BitstringStatusList')) throw malformed('credentialSubject.type must be BitstringStatusList');

  const uri = readSame(vc.id, payload.jti, 'id', 'jti');
  if (uri === undefined) throw new ElicenseError('ERR_CLAIM_MISSING', 'the status list credential has neither "id" nor "jti"');
  const issuer = readSame(issuerId(vc.issuer), payload.iss, 'issuer', 'iss');
  if (issuer === undefined) throw new ElicenseError('ERR_CLAIM_MISSING', 'the status list credential has neither "issuer" nor "iss"');
  const purposes = typesOf(subject.statusPurpose);
  if (purposes.length === 0 || !purposes.every((p): p is string => typeof p === 'string' && p.length > 0)) {
    throw malformed('credentialSubject.statusPurpose must be one or more strings');
  }
  if (options.uri !== undefined && uri !== options.uri) {
    throw new ElicenseError('ERR_STATUS_LIST_MISMATCH', `the status list credential is ${JSON.stringify(uri)}, not ${JSON.stringify(options.uri)}`, {
      details: { id: uri, uri: options.uri },
    });
  }
  if (options.statusPurpose !== undefined && !purposes.includes(options.statusPurpose)) {
    throw new ElicenseError('ERR_STATUS_LIST_MISMATCH', `the status list is for ${purposes.join(', ')}, not ${options.statusPurpose} (STATUS_VERIFICATION_ERROR)`, {
      details: { statusPurpose: purposes, expected: options.statusPurpose },
    });
  }
  if (options.issuer !== undefined && issuer !== options.issuer) {
    throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `the status list credential was issued by ${JSON.stringify(issuer)}, not ${JSON.stringify(options.issuer)}`, {
      details: { issuer, expected: options.issuer },
    });
  }

  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    if (payload[claim] !== undefined && !isNumericDate(payload[claim])) throw malformed(`"${claim}" must be a NumericDate`);
  }
  const validFrom = dateTime(vc.validFrom, 'validFrom');
  const validUntil = dateTime(vc.validUntil, 'validUntil');
  const iat = (payload.iat as number | undefined) ?? (payload.nbf as number | undefined) ?? validFrom;
  if (iat === undefined) throw new ElicenseError('ERR_CLAIM_MISSING', 'the status list credential has no issuance time (iat, nbf or validFrom)');
  const exp = earliest(payload.exp as number | undefined, validUntil);
  const nbf = latest(payload.nbf as number | undefined, validFrom);
  checkValidity('status list credential', { iat, exp, nbf }, now, tolerance);

  let statusSize: 1 | 2 | 4 | 8 = 1;
  if (subject.statusSize !== undefined) {
    if (!isStatusBits(subject.statusSize)) throw malformed('credentialSubject.statusSize must be 1, 2, 4 or 8');
    statusSize = subject.statusSize;
  }
  if (typeof subject.encodedList !== 'string') throw malformed('credentialSubject.encodedList must be a string');
  const list = decodeBitstringStatusList(subject.encodedList, {
    statusSize,
    ...(options.minEntries === undefined ? {} : { minEntries: options.minEntries }),
  });
  return { uri, issuer, statusPurpose: options.statusPurpose ?? purposes[0]!, list, iat, ...(exp === undefined ? {} : { exp }) };
}

/** One value given in two places (the credential and its JWT claim), which must agree. */
function readSame(inVc: unknown, claim: unknown, vcName: string, claimName: string): string | undefined {
  if (inVc !== undefined && typeof inVc !== 'string') throw malformed(`${vcName} must be a string`);
  if (claim !== undefined && typeof claim !== 'string') throw malformed(`"${claimName}" must be a string`);
  if (inVc !== undefined && claim !== undefined && inVc !== claim) throw malformed(`${vcName} ${JSON.stringify(inVc)} and "${claimName}" ${JSON.stringify(claim)} differ`);
  const v = inVc ?? claim;
  return v === undefined || v.length === 0 ? undefined : v;
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
