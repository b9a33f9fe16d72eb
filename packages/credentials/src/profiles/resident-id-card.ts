import { InvalidClaimError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { anniversaries, completedYears, parseCalendarDate } from '../internal/dates.js';
import type { CalendarDate } from '../internal/dates.js';
import { childPath, readDate, readObject, readPeriod, readText, ROOT } from '../internal/fields.js';
import { ADDRESS_MAX, AUTHORITY_MAX, readEthnicity, readPersonName, readSex } from '../internal/person.js';
import { dateNotAfter, defineProfile } from '../internal/profile.js';
import { ageClaimDocs, deriveAges } from '../internal/age-predicates.js';
import type { LicenceProfile } from '../types.js';
import { validateCitizenIdNumber } from '../validators/citizen-id-number.js';

const CLAIMS = [
  'citizen_id_number',
  'name',
  'sex',
  'ethnicity',
  'date_of_birth',
  'address',
  'issuing_authority',
  'validity_period',
] as const;

const AGES = [16, 18, 21, 60] as const;

/** Validity term (years, or `long` for 长期) for an applicant of `age` (居民身份证法 第五条). */
function termForAge(age: number): number | 'long' {
  if (age < 16) return 5;
  if (age <= 25) return 10;
  if (age <= 45) return 20;
  return 'long';
}

/**
 * The validity period must start on or after the birth date and run 5, 10 or 20 years or be long-term,
 * as fits the holder's age when applying (at `from`, or a year younger when the birthday fell between
 * application and issue).
 */
function checkValidityTerm(period: { from: string; to: string | null }, birth: CalendarDate, dateOfBirth: string): void {
  const fromPath = childPath('validity_period', 'from');
  const toPath = childPath('validity_period', 'to');
  if (period.from < dateOfBirth) throw new InvalidClaimError(fromPath, 'lies before date_of_birth');
  const from = parseCalendarDate(period.from) as CalendarDate;
  let term: number | 'long' | undefined;
  if (period.to === null) term = 'long';
  else {
    const to = period.to;
    term = [5, 10, 20].find((n) => anniversaries(from, n).includes(to));
  }
  if (term === undefined) throw new InvalidClaimError(toPath, 'must be 5, 10 or 20 years after from, or null for long-term (长期)');
  const age = completedYears(birth, from);
  if (term !== termForAge(age) && term !== termForAge(Math.max(0, age - 1))) {
    throw new InvalidClaimError(toPath, "term does not fit the holder's age at issue (under 16: 5 years, 16-25: 10, 26-45: 20, 46 and over: long-term)");
  }
}

function validate(input: unknown): JsonObject {
  const o = readObject(input, ROOT, CLAIMS);
  const id = validateCitizenIdNumber(o.citizen_id_number, 'citizen_id_number');
  const name = readPersonName(o.name, 'name');
  const sex = readSex(o.sex, 'sex');
  const ethnicity = readEthnicity(o.ethnicity, 'ethnicity');
  const dateOfBirth = readDate(o.date_of_birth, 'date_of_birth');
  if (dateOfBirth !== id.birthDate) throw new InvalidClaimError('date_of_birth', 'does not match the birth date in citizen_id_number');
  if (sex !== id.sex) throw new InvalidClaimError('sex', 'does not match the sex encoded in citizen_id_number');
  const address = readText(o.address, 'address', ADDRESS_MAX);
  const issuingAuthority = readText(o.issuing_authority, 'issuing_authority', AUTHORITY_MAX);
  const validityPeriod = readPeriod(o.validity_period, 'validity_period', true);
  checkValidityTerm(validityPeriod, parseCalendarDate(dateOfBirth) as CalendarDate, dateOfBirth);
  return {
    citizen_id_number: id.value,
    name,
    sex,
    ethnicity,
    date_of_birth: dateOfBirth,
    address,
    issuing_authority: issuingAuthority,
    validity_period: validityPeriod,
  };
}

/**
 * 居民身份证 — Resident Identity Card of the People's Republic of China.
 */
export const residentIdCardProfile: LicenceProfile = defineProfile({
  type: 'resident_id_card',
  vct: 'urn:elicense:vct:resident_id_card:1',
  name: { zh: '居民身份证', en: 'Resident Identity Card' },
  description: {
    zh: '中华人民共和国居民身份证',
    en: "Resident Identity Card of the People's Republic of China",
  },
  claims: [
    { name: 'citizen_id_number', label: { zh: '公民身份号码', en: 'Citizen ID number' } },
    { name: 'name', label: { zh: '姓名', en: 'Name' } },
    { name: 'sex', label: { zh: '性别', en: 'Sex' } },
    { name: 'ethnicity', label: { zh: '民族', en: 'Ethnicity' } },
    { name: 'date_of_birth', label: { zh: '出生日期', en: 'Date of birth' } },
    { name: 'address', label: { zh: '住址', en: 'Address' } },
    { name: 'issuing_authority', label: { zh: '签发机关', en: 'Issuing authority' } },
    {
      name: 'validity_period',
      label: { zh: '有效期限', en: 'Validity period' },
      children: [
        { name: 'from', label: { zh: '起始日期', en: 'Valid from' } },
        { name: 'to', label: { zh: '截止日期（长期为空）', en: 'Valid until (null: long-term)' } },
      ],
    },
  ],
  derivedClaims: ageClaimDocs(AGES),
  validate,
  derive(claims, today) {
    const birth = dateNotAfter(claims.date_of_birth, 'date_of_birth', today);
    const period = claims.validity_period;
    const from = typeof period === 'object' && period !== null ? (period as JsonObject).from : undefined;
    dateNotAfter(from, 'validity_period.from', today);
    return deriveAges(AGES, birth, today);
  },
});
