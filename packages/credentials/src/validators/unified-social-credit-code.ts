import { InvalidClaimError } from '@elicense/core';
import { isDivisionCode } from '../internal/codes/divisions.js';
import { assertFieldName, readString } from '../internal/fields.js';

/** The 31 characters of GB 32100 (no I, O, S, V, Z), in value order. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 organisation code weights over the 8 body characters. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Registration authority code (第 1 位) → the institution category codes (第 2 位) it assigns.
 * 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商 (市场监管),
 * A 中央军委改革和编制办公室, N 农业, Y 其他.
 */
const CATEGORIES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** Value of an organisation code character under GB 11714: digits 0–9, letters A=10 … Z=35. */
function orgValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

/**
 * Validate a unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * `0-9A-HJ-NPQRTUWXY` — registration authority code, institution category code, 6-digit administrative
 * division code, 9-character organisation code (with its own GB 11714 check character) and the check
 * character: weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 over the 31-character alphabet,
 * check = 31 − (Σ mod 31), 31 → `0`. Lower case is accepted and normalised to upper case. Throws an
 * {@link InvalidClaimError} (`ERR_INVALID_CLAIM`) naming `field` when the code breaks any rule.
 *
 * @param value - the claimed code.
 * @param field - the claim path reported on failure (default `unified_social_credit_code`).
 * @returns the normalised code.
 * @example
 * ```ts
 * validateUnifiedSocialCreditCode('91350100m000100y43') // '91350100M000100Y43'
 * ```
 * @see GB 32100-2015 法人和其他组织统一社会信用代码编码规则 (code structure and check character); GB 11714 全国组织机构代码编制规则
 */
export function validateUnifiedSocialCreditCode(value: unknown, field = 'unified_social_credit_code'): string {
  assertFieldName(field);
  const code = readString(value, field, 64).trim().toUpperCase();
  if (code.length !== 18) throw new InvalidClaimError(field, 'must be exactly 18 characters');
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const v = ALPHABET.indexOf(code.charAt(i));
    if (v < 0) throw new InvalidClaimError(field, 'contains a character outside the GB 32100 character set 0-9A-HJ-NPQRTUWXY');
    if (i < 17) sum += v * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  if (ALPHABET[check] !== code[17]) throw new InvalidClaimError(field, 'check character does not match (GB 32100)');
  const categories = CATEGORIES[code.charAt(0)];
  if (categories === undefined) throw new InvalidClaimError(field, 'has an unknown registration authority code (first character)');
  if (!categories.includes(code.charAt(1))) {
    throw new InvalidClaimError(field, 'has an institution category code (second character) its registration authority does not assign');
  }
  const division = code.slice(2, 8);
  if (!(division === '100000' || isDivisionCode(division))) {
    throw new InvalidClaimError(field, 'does not carry a known administrative division code (characters 3-8)');
  }
  let orgSum = 0;
  for (let i = 0; i < 8; i++) orgSum += orgValue(code.charAt(8 + i)) * (ORG_WEIGHTS[i] ?? 0);
  const orgCheck = 11 - (orgSum % 11);
  const expected = orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : String(orgCheck);
  if (code[16] !== expected) throw new InvalidClaimError(field, 'organisation code (characters 9-17) fails its GB 11714 check');
  return code;
}
