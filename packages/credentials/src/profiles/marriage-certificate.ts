import { InvalidClaimError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { isDivisionCode } from '../internal/codes/divisions.js';
import { completedYears, parseCalendarDate } from '../internal/dates.js';
import type { CalendarDate } from '../internal/dates.js';
import { childPath, readDate, readObject, readString, readText, ROOT } from '../internal/fields.js';
import { AUTHORITY_MAX, readDocumentNumber, readNationality, readPersonName } from '../internal/person.js';
import { dateNotAfter, defineProfile } from '../internal/profile.js';
import type { Bilingual, ClaimDoc } from '../internal/type-metadata.js';
import type { LicenceProfile } from '../types.js';
import { validateCitizenIdNumber } from '../validators/citizen-id-number.js';

const CLAIMS = ['certificate_number', 'registration_date', 'spouse_a', 'spouse_b', 'registration_authority'] as const;
const SPOUSE_CLAIMS = ['name', 'id_number', 'nationality', 'date_of_birth'] as const;

/** J = 结婚证, BJ = 补发 (re-issued) 结婚证; then division code, year and a 6-digit sequence. */
const CERTIFICATE_RE = /^(J|BJ)(\d{6})-(\d{4})-(\d{6})$/;
/** The Marriage Law of 1980 (22 men / 20 women) took effect on this day; before it, 20 / 18. */
const MARRIAGE_LAW_1980 = '1981-01-01';

interface Spouse {
  claims: JsonObject;
  sex: 'male' | 'female' | undefined;
  birth: CalendarDate;
}

function readSpouse(value: unknown, path: string): Spouse {
  const o = readObject(value, path, SPOUSE_CLAIMS);
  const name = readPersonName(o.name, childPath(path, 'name'));
  const nationality = readNationality(o.nationality, childPath(path, 'nationality'));
  const dobPath = childPath(path, 'date_of_birth');
  const dateOfBirth = readDate(o.date_of_birth, dobPath);
  const idPath = childPath(path, 'id_number');
  let idNumber: string;
  let sex: 'male' | 'female' | undefined;
  if (nationality === 'CHN') {
    const id = validateCitizenIdNumber(o.id_number, idPath);
    if (id.birthDate !== dateOfBirth) throw new InvalidClaimError(dobPath, `does not match the birth date in ${idPath}`);
    idNumber = id.value;
    sex = id.sex;
  } else {
    idNumber = readDocumentNumber(o.id_number, idPath);
  }
  return {
    claims: { name, id_number: idNumber, nationality, date_of_birth: dateOfBirth },
    sex,
    birth: parseCalendarDate(dateOfBirth) as CalendarDate,
  };
}

/** Legal minimum marriage age on `registrationDate` for a spouse of `sex` (unknown: the lower bound). */
function minimumAge(sex: 'male' | 'female' | undefined, registrationDate: string): number {
  const before1981 = registrationDate < MARRIAGE_LAW_1980;
  if (sex === 'male') return before1981 ? 20 : 22;
  return before1981 ? 18 : 20;
}

function readCertificateNumber(value: unknown, path: string, registrationDate: string): string {
  const number = readString(value, path, 64).trim().toUpperCase();
  const m = CERTIFICATE_RE.exec(number);
  if (m === null) throw new InvalidClaimError(path, 'must look like J110101-2020-000123 (J or BJ, division code, year, 6-digit sequence)');
  const [, kind, division = '', year = '', sequence = ''] = m;
  if (!isDivisionCode(division)) throw new InvalidClaimError(path, 'does not carry a known administrative division code');
  const registrationYear = registrationDate.slice(0, 4);
  if (kind === 'J' ? year !== registrationYear : year < registrationYear) {
    throw new InvalidClaimError(path, 'year does not fit registration_date (J: the registration year; BJ: that year or later)');
  }
  if (/^0+$/.test(sequence)) throw new InvalidClaimError(path, 'sequence number must not be zero');
  return number;
}

function validate(input: unknown): JsonObject {
  const o = readObject(input, ROOT, CLAIMS);
  const registrationDate = readDate(o.registration_date, 'registration_date');
  const certificateNumber = readCertificateNumber(o.certificate_number, 'certificate_number', registrationDate);
  const registered = parseCalendarDate(registrationDate) as CalendarDate;
  const spouses = (['spouse_a', 'spouse_b'] as const).map((key) => {
    const spouse = readSpouse(o[key], key);
    const dobPath = childPath(key, 'date_of_birth');
    if (registrationDate < (spouse.claims.date_of_birth as string)) throw new InvalidClaimError(dobPath, 'lies after registration_date');
    if (completedYears(spouse.birth, registered) < minimumAge(spouse.sex, registrationDate)) {
      throw new InvalidClaimError(dobPath, 'spouse was under the legal marriage age on registration_date');
    }
    return spouse.claims;
  });
  const [a, b] = spouses as [JsonObject, JsonObject];
  if (a.nationality === b.nationality && a.id_number === b.id_number) {
    throw new InvalidClaimError('spouse_b.id_number', 'is the same as spouse_a.id_number');
  }
  const registrationAuthority = readText(o.registration_authority, 'registration_authority', AUTHORITY_MAX);
  return {
    certificate_number: certificateNumber,
    registration_date: registrationDate,
    spouse_a: a,
    spouse_b: b,
    registration_authority: registrationAuthority,
  };
}

function spouseDoc(name: string, label: Bilingual): ClaimDoc {
  return {
    name,
    label,
    children: [
      { name: 'name', label: { zh: '姓名', en: 'Name' } },
      {
        name: 'id_number',
        label: { zh: '身份证件号', en: 'Identity document number' },
        description: { zh: '中国公民为公民身份号码', en: 'For Chinese citizens, the citizen ID number' },
      },
      { name: 'nationality', label: { zh: '国籍', en: 'Nationality' } },
      { name: 'date_of_birth', label: { zh: '出生日期', en: 'Date of birth' } },
    ],
  };
}

/**
 * 结婚证 — Marriage Certificate of the People's Republic of China.
 */
export const marriageCertificateProfile: LicenceProfile = defineProfile({
  type: 'marriage_certificate',
  vct: 'urn:elicense:vct:marriage_certificate:1',
  name: { zh: '结婚证', en: 'Marriage Certificate' },
  description: {
    zh: '中华人民共和国结婚证',
    en: "Marriage Certificate of the People's Republic of China",
  },
  claims: [
    { name: 'certificate_number', label: { zh: '结婚证字号', en: 'Certificate number' } },
    { name: 'registration_date', label: { zh: '登记日期', en: 'Registration date' } },
    spouseDoc('spouse_a', { zh: '持证人甲', en: 'Spouse A' }),
    spouseDoc('spouse_b', { zh: '持证人乙', en: 'Spouse B' }),
    { name: 'registration_authority', label: { zh: '登记机关', en: 'Registration authority' } },
  ],
  derivedClaims: [],
  validate,
  derive(claims, today) {
    dateNotAfter(claims.registration_date, 'registration_date', today);
    return {};
  },
});
