import { ElicenseError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';

/** The base context every VCDM 1.1 credential names. */
const BASE_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** The type every verifiable credential has. */
const BASE_TYPE = 'VerifiableCredential';
/** Largest time value a JavaScript `Date` holds, in milliseconds. */
const MAX_TIME = 8.64e15;

function malformed(reason: string): ElicenseError {
  return new ElicenseError('ERR_TOKEN_MALFORMED', `not a VCDM 1.1 JWT credential: ${reason}`);
}

/** A value or a list of values, as a list. */
function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * A JWT time claim must be whole seconds (a value of 12 or more digits is taken for milliseconds);
 * a string must be a date whose seconds pass the same rule.
 */
function checkTimestamp(value: unknown, claim: string): void {
  let seconds: unknown = value;
  if (typeof value === 'string') seconds = Math.floor(Date.parse(value) / 1000);
  else if (typeof value !== 'number') throw malformed(`"${claim}" must be a Unix time in seconds, got ${JSON.stringify(value)}`);
  if (!(Number.isInteger(seconds) && (seconds as number) < 100_000_000_000)) {
    throw malformed(`"${claim}" ${JSON.stringify(value)} is not a Unix time in seconds`);
  }
}

/**
 * Check the VCDM 1.1 JWT encoding of a credential payload whose `vc` claim is an object: `vc.@context`
 * names the base context, `vc.type` includes `VerifiableCredential`, `vc.credentialSubject` is not
 * empty, and `nbf`/`exp` (when set) are Unix times in seconds. These are did-jwt-vc's
 * `validateJwtCredentialPayload` rules, which this verifier has always applied; a failure throws
 * `ERR_TOKEN_MALFORMED`.
 *
 * @see https://www.w3.org/TR/vc-data-model-1.1/#jwt-encoding
 */
export function checkJwtCredentialPayload(payload: JsonObject & { vc: JsonObject }): void {
  const vc = payload.vc;
  const contexts = asList(vc['@context']);
  if (!contexts.includes(BASE_CONTEXT)) throw malformed(`vc.@context is missing the base context "${BASE_CONTEXT}"`);
  const types = asList(vc.type);
  if (!types.includes(BASE_TYPE)) throw malformed(`vc.type is missing "${BASE_TYPE}"`);
  const subject = vc.credentialSubject;
  if (subject === undefined || subject === null) throw malformed('vc.credentialSubject is missing');
  if (Object.keys(subject).length === 0) throw malformed('vc.credentialSubject must not be empty');
  if (payload.nbf) checkTimestamp(payload.nbf, 'nbf');
  if (payload.exp) checkTimestamp(payload.exp, 'exp');
}

/** `seconds` (coerced as the JWT → VCDM mapping does) in milliseconds; a time no `Date` holds is malformed. */
function dateTime(seconds: unknown, claim: string, field: string): number {
  const ms = (seconds as number) * 1000;
  if (!(Math.abs(ms) <= MAX_TIME)) throw malformed(`"${claim}" ${JSON.stringify(seconds)} cannot be mapped to ${field}`);
  return ms;
}

/**
 * The credential's expiry when the JWT has no numeric `exp`, by the JWT → VCDM mapping:
 * `expirationDate` (a top-level payload member) or else the date `exp` names; `undefined` when
 * neither gives a date. The mapping of `nbf`/`iat` to `issuanceDate` and of `exp` to
 * `expirationDate` must give valid dates, else the payload is malformed (`ERR_TOKEN_MALFORMED`),
 * as did-jwt-vc's `normalizeCredential` has it. Only for a payload that passed
 * {@link checkJwtCredentialPayload}, of a JWT whose header has no `cty: "JWT"`.
 *
 * @see https://www.w3.org/TR/vc-data-model-1.1/#jwt-decoding
 */
export function mappedExpiry(payload: JsonObject): number | undefined {
  if (!payload.issuanceDate && (payload.iat || payload.nbf)) dateTime(payload.nbf || payload.iat, payload.nbf ? 'nbf' : 'iat', 'issuanceDate');
  if (!payload.expirationDate && payload.exp) {
    const ms = dateTime(payload.exp, 'exp', 'expirationDate');
    return typeof payload.exp === 'number' ? undefined : Math.floor(Math.trunc(ms) / 1000) || 0;
  }
  const expirationDate = payload.expirationDate;
  if (typeof payload.exp === 'number' || typeof expirationDate !== 'string') return undefined;
  const ms = Date.parse(expirationDate);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
