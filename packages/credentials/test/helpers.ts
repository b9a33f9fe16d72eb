import { ElicenseError, InvalidClaimError } from '@elicense/core';
import type { ErrorCode } from '@elicense/core';

/** Run `fn` and report the error it throws: code, and field for an InvalidClaimError. */
export function errorOf(fn: () => unknown): { code: ErrorCode; field?: string } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ElicenseError)) throw e;
    return e instanceof InvalidClaimError ? { code: e.code, field: e.field } : { code: e.code };
  }
  throw new Error('expected an ElicenseError, but nothing was thrown');
}

/** Unix seconds of 12:00 Beijing time on the given day. */
export function noonInChina(date: string): number {
  return Date.parse(`${date}T12:00:00+08:00`) / 1000;
}

/** Deep copy with `patch` applied at a dotted path; `undefined` deletes the member. */
export function withClaim(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

// Independent implementations of the two check-character algorithms, to generate test data.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Append the GB 11643 (ISO 7064 MOD 11-2) check character to 17 digits. */
export function citizenId(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (ID_WEIGHTS[i] as number);
  return body17 + '10X98765432'.charAt(sum % 11);
}

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Complete 16 characters (authority, category, division, 8 organisation code characters) to a USCC;
 * `orgCheck` overrides the GB 11714 check character (to build codes that fail only that rule).
 */
export function uscc(first16: string, orgCheck?: string): string {
  const value = (c: string): number => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
  let orgSum = 0;
  for (let i = 0; i < 8; i++) orgSum += value(first16.charAt(8 + i)) * (orgWeights[i] as number);
  const org = 11 - (orgSum % 11);
  const body = first16 + (orgCheck ?? (org === 10 ? 'X' : org === 11 ? '0' : String(org)));
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body.charAt(i)) * (USCC_WEIGHTS[i] as number);
  return body + USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}
