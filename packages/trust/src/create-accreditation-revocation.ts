import { invalidArgument, signJwt, type JsonObject } from '@elicense/core';
import { ACCREDITATION_REVOCATION_TYP } from './constants.js';
import type { CreateAccreditationRevocationOptions } from './types.js';
import { checkOptions, checkSeconds, checkSigningKey, didOfKeyReference, readNow } from './internal/args.js';

/**
 * Revoke an accreditation: a JWT (`typ: accreditation-revocation+jwt`) with claims `iss` (the
 * revoking authority's DID), `sub` (the accreditation's `jti`), `iat`, `jti`, `revoked_at` (from
 * when it no longer holds — may be earlier than `iat`) and an optional `reason`. A bundle accepts it
 * from the authority that made the accreditation or from a root. Errors: `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const jwt = await createAccreditationRevocation({ authority: rootKey, accreditation: accreditationId, reason: 'licence fraud' })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 */
export async function createAccreditationRevocation(options: CreateAccreditationRevocationOptions): Promise<string> {
  const o = checkOptions(options) as Partial<CreateAccreditationRevocationOptions>;
  const authority = checkSigningKey(o.authority, 'options.authority', true);
  if (typeof o.accreditation !== 'string' || o.accreditation.length === 0) {
    throw invalidArgument('options.accreditation', "the accreditation's id (its jti)", o.accreditation);
  }
  const now = readNow(o.now);
  const revokedAt = o.revokedAt === undefined ? now : checkSeconds(o.revokedAt, 'options.revokedAt');
  if (o.reason !== undefined && typeof o.reason !== 'string') throw invalidArgument('options.reason', 'a string', o.reason);
  if (o.id !== undefined && (typeof o.id !== 'string' || o.id.length === 0 || o.id === '__proto__')) {
    throw invalidArgument('options.id', 'a non-empty string', o.id);
  }
  const payload: JsonObject = {
    iss: didOfKeyReference(authority.kid),
    sub: o.accreditation,
    iat: now,
    jti: o.id ?? `urn:uuid:${crypto.randomUUID()}`,
    revoked_at: revokedAt,
    ...(o.reason === undefined ? {} : { reason: o.reason }),
  };
  return signJwt({ typ: ACCREDITATION_REVOCATION_TYP, kid: authority.kid }, payload, authority);
}
