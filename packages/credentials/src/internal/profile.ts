import { ElicenseError, InvalidClaimError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import type { LicenceProfile } from '../types.js';
import { assertEpochSeconds, chinaDateOf, formatCalendarDate, parseCalendarDate } from './dates.js';
import type { CalendarDate } from './dates.js';
import { buildTypeMetadata } from './type-metadata.js';
import type { Bilingual, ClaimDoc } from './type-metadata.js';

/** Everything that defines a built-in licence profile. */
export interface ProfileDefinition {
  type: string;
  vct: string;
  name: Bilingual;
  description: Bilingual;
  claims: readonly ClaimDoc[];
  derivedClaims: readonly ClaimDoc[];
  validate(claims: unknown): JsonObject;
  /** Compute the derived claims; `today` is the issuance date in China. */
  derive(claims: JsonObject, today: CalendarDate): JsonObject;
}

/** Build a frozen {@link LicenceProfile}: all claims, derived ones included, are selectively disclosable. */
export function defineProfile(def: ProfileDefinition): LicenceProfile {
  const derived = Object.freeze(def.derivedClaims.map((d) => d.name));
  const disclosable = Object.freeze([...def.claims.map((d) => d.name), ...derived]);
  const typeMetadata = buildTypeMetadata({
    vct: def.vct,
    name: def.name,
    description: def.description,
    claims: [...def.claims, ...def.derivedClaims],
  });
  return Object.freeze({
    type: def.type,
    vct: def.vct,
    validate: (claims: unknown) => def.validate(claims),
    derive: (claims: JsonObject, now: number) => {
      if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        throw new ElicenseError('ERR_INVALID_ARGUMENT', `claims must be the object returned by validate() of ${def.type}`);
      }
      assertEpochSeconds(now, 'now');
      return def.derive(claims, chinaDateOf(now));
    },
    disclosable,
    derived,
    typeMetadata,
  });
}

/** Read a date claim (already validated) for a derivation; refuse it if it lies after `today`. */
export function dateNotAfter(value: unknown, path: string, today: CalendarDate): CalendarDate {
  const date = typeof value === 'string' ? parseCalendarDate(value) : undefined;
  if (date === undefined) throw new InvalidClaimError(path, 'must be a real calendar date written YYYY-MM-DD');
  if (formatCalendarDate(date) > formatCalendarDate(today)) {
    throw new InvalidClaimError(path, 'lies after the issuance date (China time)');
  }
  return date;
}
