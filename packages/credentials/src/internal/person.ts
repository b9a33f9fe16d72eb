import { InvalidClaimError } from '@elicense/core';
import { isCountryCode } from './codes/countries.js';
import { ETHNICITY_LOOKUP } from './codes/ethnicities.js';
import { readEnumeration, readString, readText } from './fields.js';

/** Longest accepted personal name, in characters (long transliterated and foreign names fit). */
export const NAME_MAX = 100;
/** Longest accepted address or place, in characters. */
export const ADDRESS_MAX = 200;
/** Longest accepted authority name, in characters. */
export const AUTHORITY_MAX = 100;

const SEX_LOOKUP: ReadonlyMap<string, 'male' | 'female'> = new Map([
  ['male', 'male'],
  ['female', 'female'],
  ['1', 'male'], // GB/T 2261.1
  ['2', 'female'],
  ['男', 'male'],
  ['女', 'female'],
]);

/** A person's name: free text, trimmed, non-empty, bounded. */
export function readPersonName(value: unknown, path: string): string {
  return readText(value, path, NAME_MAX);
}

/** `male` / `female`; GB/T 2261.1 codes `1`/`2` and 男/女 are accepted and normalised. */
export function readSex(value: unknown, path: string): 'male' | 'female' {
  const key = readString(value, path, 16).trim().toLowerCase();
  const sex = SEX_LOOKUP.get(key);
  if (sex === undefined) throw new InvalidClaimError(path, 'must be male or female (GB/T 2261.1 codes 1 or 2 are accepted)');
  return sex;
}

/** One of the 56 nationalities of GB/T 3304, by name (汉族 or 汉) or 2-digit code; normalised to the full name. */
export function readEthnicity(value: unknown, path: string): string {
  return readEnumeration(value, path, ETHNICITY_LOOKUP, 'nationality of GB/T 3304 (name such as 汉族 or 2-digit code)');
}

/** An ISO 3166-1 alpha-3 country code; lower case is normalised to upper case. */
export function readNationality(value: unknown, path: string): string {
  const code = readString(value, path, 8).trim().toUpperCase();
  if (!isCountryCode(code)) throw new InvalidClaimError(path, 'must be an ISO 3166-1 alpha-3 country code such as CHN');
  return code;
}

/** A foreign identity document number (passport and the like): 5–20 letters and digits, upper-cased. */
export function readDocumentNumber(value: unknown, path: string): string {
  const number = readString(value, path, 64).trim().toUpperCase();
  if (!/^[A-Z0-9]{5,20}$/.test(number)) throw new InvalidClaimError(path, 'must be 5 to 20 letters and digits');
  return number;
}
