import { invalidArgument, signJwt, type JsonObject } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import { ACCREDITATION_TYP } from './constants.js';
import type { CreateAccreditationOptions } from './types.js';
import { checkOptions, checkSeconds, checkSigningKey, didOfKeyReference, isDid, readNow } from './internal/args.js';

/**
 * Accredit an agency to issue licence types: a JWT (`typ: accreditation+jwt`, `kid` = the
 * authority's key reference) with claims `iss` (the authority's DID), `sub` (the agency's DID),
 * `iat`, `nbf`, `exp`, `jti`, `vct` (the catalogue `vct`s of `types`) and, for an intermediate
 * authority that may accredit others for these types, `may_accredit: true`. The authority is a root
 * of the bundle, or itself accredited with `may_accredit` for every one of these types.
 * Errors: `ERR_INVALID_ARGUMENT` (a type not in the catalogue, `validUntil <= validFrom`, a kid that
 * is not a DID URL, a subject that is not a DID …).
 *
 * @example
 * ```ts
 * const jwt = await createAccreditation({
 *   authority: { alg: 'ES256', sign: createSigner(rootKey, 'ES256'), kid: `${rootDid}#key-1` },
 *   subject: 'did:web:police.gov.example', types: ['driving_licence'], validUntil: now + 365 * 86400,
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 */
export async function createAccreditation(options: CreateAccreditationOptions): Promise<string> {
  const o = checkOptions(options) as Partial<CreateAccreditationOptions>;
  const authority = checkSigningKey(o.authority, 'options.authority', true);
  if (!isDid(o.subject)) throw invalidArgument('options.subject', 'a DID (without fragment)', o.subject);
  if (!Array.isArray(o.types) || o.types.length === 0) throw invalidArgument('options.types', 'a non-empty array of licence types or vcts', o.types);
  const vct: string[] = [];
  o.types.forEach((type, i) => {
    const profile = typeof type === 'string' && type.length > 0 ? findLicenceType(type) : undefined;
    if (profile === undefined) throw invalidArgument(`options.types[${i}]`, 'a licence type or vct of the catalogue (@elicense/credentials)', type);
    if (!vct.includes(profile.vct)) vct.push(profile.vct);
  });
  const now = readNow(o.now);
  const validFrom = o.validFrom === undefined ? now : checkSeconds(o.validFrom, 'options.validFrom');
  const validUntil = checkSeconds(o.validUntil, 'options.validUntil');
  if (validUntil <= validFrom) throw invalidArgument('options.validUntil', `a time after validFrom (${validFrom})`, validUntil);
  if (o.mayAccredit !== undefined && typeof o.mayAccredit !== 'boolean') throw invalidArgument('options.mayAccredit', 'a boolean', o.mayAccredit);
  if (o.id !== undefined && (typeof o.id !== 'string' || o.id.length === 0 || o.id === '__proto__')) {
    throw invalidArgument('options.id', 'a non-empty string', o.id);
  }
  const payload: JsonObject = {
    iss: didOfKeyReference(authority.kid),
    sub: o.subject,
    iat: now,
    nbf: validFrom,
    exp: validUntil,
    jti: o.id ?? `urn:uuid:${crypto.randomUUID()}`,
    vct,
    ...(o.mayAccredit === true ? { may_accredit: true } : {}),
  };
  return signJwt({ typ: ACCREDITATION_TYP, kid: authority.kid }, payload, authority);
}
