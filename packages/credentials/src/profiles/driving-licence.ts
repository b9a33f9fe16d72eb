import { InvalidClaimError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { ageClaimDocs, deriveAges } from '../internal/age-predicates.js';
import { VEHICLE_CLASS_ORDER } from '../internal/codes/vehicle-classes.js';
import { anniversaries, completedYears, parseCalendarDate } from '../internal/dates.js';
import type { CalendarDate } from '../internal/dates.js';
import { childPath, readDate, readObject, readPeriod, readString, readText, ROOT } from '../internal/fields.js';
import {
  ADDRESS_MAX,
  AUTHORITY_MAX,
  readDocumentNumber,
  readNationality,
  readPersonName,
  readSex,
} from '../internal/person.js';
import { dateNotAfter, defineProfile } from '../internal/profile.js';
import type { LicenceProfile } from '../types.js';
import { validateCitizenIdNumber } from '../validators/citizen-id-number.js';

const CLAIMS = [
  'licence_number',
  'name',
  'sex',
  'nationality',
  'date_of_birth',
  'address',
  'date_of_first_issue',
  'vehicle_classes',
  'validity_period',
  'issuing_authority',
] as const;

const AGES = [18, 21] as const;
/** Youngest age at which any class may be first issued. */
const MIN_DRIVING_AGE = 18;

/** Non-empty, duplicate-free array of national vehicle class codes, sorted in the national order. */
function readVehicleClasses(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new InvalidClaimError(path, 'must be an array of vehicle class codes');
  if (value.length === 0) throw new InvalidClaimError(path, 'must not be empty');
  if (value.length > VEHICLE_CLASS_ORDER.size) throw new InvalidClaimError(path, `has more than ${VEHICLE_CLASS_ORDER.size} entries`);
  const seen = new Set<string>();
  value.forEach((v, i) => {
    const itemPath = childPath(path, i);
    const code = readString(v, itemPath, 8).trim().toUpperCase();
    if (!VEHICLE_CLASS_ORDER.has(code)) {
      throw new InvalidClaimError(itemPath, 'is not a national vehicle class (A1 A2 A3 B1 B2 C1 C2 C3 C4 C5 C6 D E F M N P)');
    }
    if (seen.has(code)) throw new InvalidClaimError(itemPath, 'repeats a vehicle class');
    seen.add(code);
  });
  return [...seen].sort((a, b) => (VEHICLE_CLASS_ORDER.get(a) ?? 0) - (VEHICLE_CLASS_ORDER.get(b) ?? 0));
}

/** Validity runs 6 years (always for the first licence), 10 years, or is long-term (长期). */
function checkValidityTerm(period: { from: string; to: string | null }, dateOfFirstIssue: string): void {
  const fromPath = childPath('validity_period', 'from');
  const toPath = childPath('validity_period', 'to');
  if (period.from < dateOfFirstIssue) throw new InvalidClaimError(fromPath, 'lies before date_of_first_issue');
  if (period.to === null) {
    if (period.from === dateOfFirstIssue) throw new InvalidClaimError(toPath, 'a first licence runs 6 years, not long-term');
    return;
  }
  const from = parseCalendarDate(period.from) as CalendarDate;
  const to = period.to;
  const term = [6, 10].find((n) => anniversaries(from, n).includes(to));
  if (term === undefined) throw new InvalidClaimError(toPath, 'must be 6 or 10 years after from, or null for long-term (长期)');
  if (period.from === dateOfFirstIssue && term !== 6) throw new InvalidClaimError(toPath, 'a first licence runs 6 years');
}

function validate(input: unknown): JsonObject {
  const o = readObject(input, ROOT, CLAIMS);
  const nationality = readNationality(o.nationality, 'nationality');
  const name = readPersonName(o.name, 'name');
  const sex = readSex(o.sex, 'sex');
  const dateOfBirth = readDate(o.date_of_birth, 'date_of_birth');
  let licenceNumber: string;
  if (nationality === 'CHN') {
    const id = validateCitizenIdNumber(o.licence_number, 'licence_number');
    if (dateOfBirth !== id.birthDate) throw new InvalidClaimError('date_of_birth', 'does not match the birth date in licence_number');
    if (sex !== id.sex) throw new InvalidClaimError('sex', 'does not match the sex encoded in licence_number');
    licenceNumber = id.value;
  } else {
    licenceNumber = readDocumentNumber(o.licence_number, 'licence_number');
  }
  const address = readText(o.address, 'address', ADDRESS_MAX);
  const dateOfFirstIssue = readDate(o.date_of_first_issue, 'date_of_first_issue');
  const birth = parseCalendarDate(dateOfBirth) as CalendarDate;
  const firstIssue = parseCalendarDate(dateOfFirstIssue) as CalendarDate;
  if (dateOfFirstIssue < dateOfBirth || completedYears(birth, firstIssue) < MIN_DRIVING_AGE) {
    throw new InvalidClaimError('date_of_first_issue', `must not lie before the holder's ${MIN_DRIVING_AGE}th birthday`);
  }
  const vehicleClasses = readVehicleClasses(o.vehicle_classes, 'vehicle_classes');
  const validityPeriod = readPeriod(o.validity_period, 'validity_period', true);
  checkValidityTerm(validityPeriod, dateOfFirstIssue);
  const issuingAuthority = readText(o.issuing_authority, 'issuing_authority', AUTHORITY_MAX);
  return {
    licence_number: licenceNumber,
    name,
    sex,
    nationality,
    date_of_birth: dateOfBirth,
    address,
    date_of_first_issue: dateOfFirstIssue,
    vehicle_classes: vehicleClasses,
    validity_period: validityPeriod,
    issuing_authority: issuingAuthority,
  };
}

/**
 * 机动车驾驶证 — Motor Vehicle Driving Licence of the People's Republic of China.
 */
export const drivingLicenceProfile: LicenceProfile = defineProfile({
  type: 'driving_licence',
  vct: 'urn:elicense:vct:driving_licence:1',
  name: { zh: '机动车驾驶证', en: 'Motor Vehicle Driving Licence' },
  description: {
    zh: '中华人民共和国机动车驾驶证',
    en: "Motor Vehicle Driving Licence of the People's Republic of China",
  },
  claims: [
    {
      name: 'licence_number',
      label: { zh: '证号', en: 'Licence number' },
      description: { zh: '中国公民为公民身份号码', en: "For Chinese citizens, the holder's citizen ID number" },
    },
    { name: 'name', label: { zh: '姓名', en: 'Name' } },
    { name: 'sex', label: { zh: '性别', en: 'Sex' } },
    { name: 'nationality', label: { zh: '国籍', en: 'Nationality' } },
    { name: 'date_of_birth', label: { zh: '出生日期', en: 'Date of birth' } },
    { name: 'address', label: { zh: '住址', en: 'Address' } },
    { name: 'date_of_first_issue', label: { zh: '初次领证日期', en: 'Date of first issue' } },
    {
      name: 'vehicle_classes',
      label: { zh: '准驾车型', en: 'Vehicle classes' },
      items: { zh: '准驾车型代号', en: 'Vehicle class code' },
    },
    {
      name: 'validity_period',
      label: { zh: '有效期限', en: 'Validity period' },
      children: [
        { name: 'from', label: { zh: '起始日期', en: 'Valid from' } },
        { name: 'to', label: { zh: '截止日期（长期为空）', en: 'Valid until (null: long-term)' } },
      ],
    },
    { name: 'issuing_authority', label: { zh: '发证机关', en: 'Issuing authority' } },
  ],
  derivedClaims: ageClaimDocs(AGES),
  validate,
  derive(claims, today) {
    const birth = dateNotAfter(claims.date_of_birth, 'date_of_birth', today);
    dateNotAfter(claims.date_of_first_issue, 'date_of_first_issue', today);
    return deriveAges(AGES, birth, today);
  },
});
