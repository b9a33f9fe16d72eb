import { ElicenseError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { assertEpochSeconds } from './internal/dates.js';
import { buildDisclosureFrame } from './internal/frame.js';
import { isReservedClaimName } from './internal/reserved.js';
import { getLicenceProfile } from './registry.js';
import type { PreparedLicenceClaims } from './types.js';

/**
 * Everything an issuer needs for one licence: the profile for `typeOrVct`, the validated and
 * normalised claims followed by the derived predicates (computed for `options.now`, Unix seconds), and
 * a disclosure frame making every disclosable claim selectively disclosable — nested objects such as
 * `spouse_a` recursively (each sub-claim too) and arrays such as `vehicle_classes` element by element.
 * Envelope claims (`vct`, `iss`, `cnf`, …) are never licence claims and never in the frame.
 *
 * Throws `ERR_TYPE_UNKNOWN` for an unknown type, `ERR_INVALID_CLAIM` (an `InvalidClaimError` naming
 * the field path) for bad claims, `ERR_INVALID_ARGUMENT` for bad options.
 *
 * @example
 * ```ts
 * const { vct, claims, frame } = prepareLicenceClaims('driving_licence', input, { now: Math.floor(Date.now() / 1000) })
 * const token = await issueSdJwt({ iss, vct, cnf: { jwk }, ...claims }, { signer, frame })
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.2
 */
export function prepareLicenceClaims(typeOrVct: string, claims: unknown, options: { now: number }): PreparedLicenceClaims {
  if (typeof typeOrVct !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', 'typeOrVct must be a string');
  if (typeof options !== 'object' || options === null) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'options must be an object with now (Unix seconds)');
  }
  assertEpochSeconds(options.now, 'options.now');
  const profile = getLicenceProfile(typeOrVct);
  const validated = profile.validate(claims);
  const derived = profile.derive(validated, options.now);
  const all: JsonObject = { ...validated };
  for (const [name, value] of Object.entries(derived)) {
    if (Object.prototype.hasOwnProperty.call(all, name)) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `profile ${profile.type} derives "${name}", which its validated claims already hold`);
    }
    all[name] = value;
  }
  for (const name of Object.keys(all)) {
    if (isReservedClaimName(name)) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `profile ${profile.type} produced the reserved claim "${name}"`);
    }
  }
  return { profile, vct: profile.vct, claims: all, frame: buildDisclosureFrame(all, profile.disclosable) };
}
