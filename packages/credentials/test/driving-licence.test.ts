import { describe, expect, it } from 'vitest';
import { getLicenceProfile, VEHICLE_CLASSES } from '@elicense/credentials';
import { drivingLicence } from './fixtures.js';
import { errorOf, noonInChina, withClaim } from './helpers.js';

const profile = getLicenceProfile('driving_licence');
const invalid = (field: string) => ({ code: 'ERR_INVALID_CLAIM', field });
const rejects = (input: unknown, field: string) => expect(errorOf(() => profile.validate(input))).toEqual(invalid(field));

const foreignHolder = {
  ...drivingLicence,
  licence_number: 'c01x00t47',
  name: 'Erika Mustermann',
  sex: 'female',
  nationality: 'DEU',
  date_of_birth: '1984-08-12',
  date_of_first_issue: '2019-04-01',
  vehicle_classes: ['C1'],
  validity_period: { from: '2019-04-01', to: '2025-04-01' },
};

describe('driving_licence: valid examples and normalisation', () => {
  it('validates and normalises a licence', () => {
    expect(profile.validate(drivingLicence)).toEqual({
      licence_number: '320102198506154576',
      name: '赵六',
      sex: 'male',
      nationality: 'CHN',
      date_of_birth: '1985-06-15',
      address: '江苏省南京市玄武区示例大道8号',
      date_of_first_issue: '2005-08-01',
      vehicle_classes: ['A2', 'C1'],
      validity_period: { from: '2015-08-01', to: '2025-08-01' },
      issuing_authority: '江苏省南京市公安局交通管理局',
    });
  });

  it('accepts a foreign holder with a passport-style licence number', () => {
    const out = profile.validate(foreignHolder);
    expect(out.licence_number).toBe('C01X00T47');
    expect(out.nationality).toBe('DEU');
  });

  it('accepts every national vehicle class, sorted in the national order', () => {
    const out = profile.validate({ ...drivingLicence, vehicle_classes: [...VEHICLE_CLASSES].reverse() });
    expect(out.vehicle_classes).toEqual([...VEHICLE_CLASSES]);
    expect(VEHICLE_CLASSES).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'D', 'E', 'F', 'M', 'N', 'P']);
  });

  it('accepts a first licence of 6 years and a long-term renewal', () => {
    expect(() => profile.validate({ ...drivingLicence, validity_period: { from: '2005-08-01', to: '2011-08-01' } })).not.toThrow();
    expect(() => profile.validate({ ...drivingLicence, validity_period: { from: '2021-08-01', to: null } })).not.toThrow();
  });

  it('derives age_over_18 and age_over_21', () => {
    const claims = profile.validate(drivingLicence);
    expect(profile.derived).toEqual(['age_over_18', 'age_over_21']);
    expect(profile.derive(claims, noonInChina('2024-01-01'))).toEqual({ age_over_18: true, age_over_21: true });
    expect(profile.derive(claims, noonInChina('2006-06-14'))).toEqual({ age_over_18: true, age_over_21: false });
    expect(profile.derive(claims, noonInChina('2006-06-15'))).toEqual({ age_over_18: true, age_over_21: true });
  });

  it('derive refuses a first issue after the issuance day', () => {
    const claims = profile.validate(drivingLicence);
    expect(errorOf(() => profile.derive(claims, noonInChina('2005-07-31')))).toEqual(invalid('date_of_first_issue'));
  });
});

describe('driving_licence: every field rule', () => {
  it.each([
    ['bad check digit', '320102198506154577'],
    ['bad length', '3201021985061545'],
    ['bad charset', '32010219850615457Y'],
    ['a number', 320102198506154576],
  ])('licence_number (a citizen ID for CHN): %s', (_what, value) => {
    rejects({ ...drivingLicence, licence_number: value }, 'licence_number');
  });

  it('date_of_birth and sex must match the licence number of a Chinese holder', () => {
    rejects({ ...drivingLicence, date_of_birth: '1985-06-16', date_of_first_issue: '2005-08-01' }, 'date_of_birth');
    rejects({ ...drivingLicence, sex: 'female' }, 'sex');
  });

  it('licence_number of a foreign holder: letters and digits only', () => {
    rejects({ ...foreignHolder, licence_number: 'C01-X00' }, 'licence_number');
    rejects({ ...foreignHolder, licence_number: 'C1' }, 'licence_number');
  });

  it.each(['XYZ', 'CN', 'ZZZ', '', 'China'])('nationality: %j is not ISO 3166-1 alpha-3', (value) => {
    rejects({ ...drivingLicence, nationality: value }, 'nationality');
  });

  it('vehicle_classes: unknown class', () => {
    rejects({ ...drivingLicence, vehicle_classes: ['C1', 'Z9'] }, 'vehicle_classes[1]');
    rejects({ ...drivingLicence, vehicle_classes: ['B3'] }, 'vehicle_classes[0]');
  });

  it('vehicle_classes: duplicate class (also after normalisation)', () => {
    rejects({ ...drivingLicence, vehicle_classes: ['C1', 'A2', 'C1'] }, 'vehicle_classes[2]');
    rejects({ ...drivingLicence, vehicle_classes: ['C1', 'c1'] }, 'vehicle_classes[1]');
  });

  it('vehicle_classes: empty array, not an array, wrong element types', () => {
    rejects({ ...drivingLicence, vehicle_classes: [] }, 'vehicle_classes');
    rejects({ ...drivingLicence, vehicle_classes: 'C1' }, 'vehicle_classes');
    rejects({ ...drivingLicence, vehicle_classes: { 0: 'C1' } }, 'vehicle_classes');
    rejects({ ...drivingLicence, vehicle_classes: [1] }, 'vehicle_classes[0]');
    rejects({ ...drivingLicence, vehicle_classes: new Array(100).fill('C1') }, 'vehicle_classes');
  });

  it('date_of_first_issue: impossible date, before the 18th birthday', () => {
    rejects({ ...drivingLicence, date_of_first_issue: '2023-02-29' }, 'date_of_first_issue');
    rejects({ ...drivingLicence, date_of_first_issue: '2003-06-14', validity_period: { from: '2015-08-01', to: '2025-08-01' } }, 'date_of_first_issue');
    rejects({ ...drivingLicence, date_of_first_issue: '1980-01-01' }, 'date_of_first_issue');
  });

  it('validity_period: must start on or after the first issue, to after from, 6/10 years or long-term', () => {
    rejects({ ...drivingLicence, validity_period: { from: '2004-08-01', to: '2010-08-01' } }, 'validity_period.from');
    rejects({ ...drivingLicence, validity_period: { from: '2015-08-01', to: '2015-07-01' } }, 'validity_period.to');
    rejects({ ...drivingLicence, validity_period: { from: '2015-08-01', to: '2023-08-01' } }, 'validity_period.to');
    rejects({ ...drivingLicence, validity_period: { from: '2005-08-01', to: '2015-08-01' } }, 'validity_period.to'); // first licence: 6 years
    rejects({ ...drivingLicence, validity_period: { from: '2005-08-01', to: null } }, 'validity_period.to');
    rejects({ ...drivingLicence, validity_period: { from: '2015-02-29', to: '2025-02-28' } }, 'validity_period.from');
  });

  it.each(['name', 'address', 'issuing_authority'])('%s: empty, number, huge', (field) => {
    rejects({ ...drivingLicence, [field]: ' ' }, field);
    rejects({ ...drivingLicence, [field]: 1 }, field);
    rejects({ ...drivingLicence, [field]: '赵'.repeat(1_000_000) }, field);
  });

  it('refuses non-object input, missing and extra fields', () => {
    rejects('licence', '$');
    rejects(withClaim(drivingLicence, 'vehicle_classes', undefined), 'vehicle_classes');
    rejects(withClaim(drivingLicence, 'nationality', undefined), 'nationality');
    rejects({ ...drivingLicence, points: 12 }, 'points');
    rejects({ ...drivingLicence, validity_period: { from: '2015-08-01', to: '2025-08-01', note: '' } }, 'validity_period.note');
  });
});
