import { InvalidClaimError } from '@elicense/core';
import { isDivisionCode } from '../internal/codes/divisions.js';
import { dateFromCompact } from '../internal/dates.js';
import { assertFieldName, readString } from '../internal/fields.js';

/**
 * What a valid citizen ID number says about its holder.
 *
 * @example
 * ```ts
 * const { birthDate, sex }: CitizenIdNumberInfo = validateCitizenIdNumber('11010519491231002X')
 * ```
 * @see GB 11643-1999 公民身份号码
 */
export interface CitizenIdNumberInfo {
  /** The number, normalised: trimmed, check character `X` in upper case. */
  value: string;
  /** Birth date from digits 7–14, `YYYY-MM-DD`. */
  birthDate: string;
  /** From the parity of the sequence code (digits 15–17): odd is male. */
  sex: 'male' | 'female';
  /** The 6-digit administrative division code (digits 1–6) of the place of first registration. */
  divisionCode: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** Birth years a living holder can have. */
const MIN_BIRTH_YEAR = 1850;

/**
 * Validate a citizen identity number (公民身份号码, GB 11643-1999): 18 characters — a 6-digit
 * administrative division code, the birth date `YYYYMMDD`, a 3-digit sequence code whose parity gives
 * the sex (odd male) and an ISO 7064 MOD 11-2 check character (`X` for 10). A lower-case `x` is
 * accepted and normalised to `X`. Throws an {@link InvalidClaimError} (`ERR_INVALID_CLAIM`) naming
 * `field` when the number breaks any rule.
 *
 * @param value - the claimed number.
 * @param field - the claim path reported on failure (default `citizen_id_number`).
 * @example
 * ```ts
 * validateCitizenIdNumber('11010519491231002x')
 * // { value: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', divisionCode: '110105' }
 * ```
 * @see GB 11643-1999 公民身份号码 (number structure and check character); ISO/IEC 7064:2003 MOD 11-2
 */
export function validateCitizenIdNumber(value: unknown, field = 'citizen_id_number'): CitizenIdNumberInfo {
  assertFieldName(field);
  const id = readString(value, field, 64).trim().toUpperCase();
  if (id.length !== 18) throw new InvalidClaimError(field, 'must be exactly 18 characters');
  if (!/^\d{17}[\dX]$/.test(id)) throw new InvalidClaimError(field, 'must be 17 digits followed by a digit or X');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (WEIGHTS[i] ?? 0);
  if (CHECK_CHARS[sum % 11] !== id[17]) throw new InvalidClaimError(field, 'check character does not match (GB 11643 / ISO 7064 MOD 11-2)');
  const divisionCode = id.slice(0, 6);
  if (!isDivisionCode(divisionCode)) throw new InvalidClaimError(field, 'does not start with a known administrative division code');
  const birthDate = dateFromCompact(id.slice(6, 14));
  if (birthDate === undefined || Number(id.slice(6, 10)) < MIN_BIRTH_YEAR) {
    throw new InvalidClaimError(field, 'does not contain a real birth date');
  }
  const sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { value: id, birthDate, sex, divisionCode };
}
