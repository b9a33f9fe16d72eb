import { describe, expect, it } from 'vitest';
import { getLicenceProfile } from '@elicense/credentials';
import { marriageCertificate } from './fixtures.js';
import { errorOf, noonInChina, withClaim } from './helpers.js';

const profile = getLicenceProfile('marriage_certificate');
const invalid = (field: string) => ({ code: 'ERR_INVALID_CLAIM', field });
const rejects = (input: unknown, field: string) => expect(errorOf(() => profile.validate(input))).toEqual(invalid(field));

const foreignSpouse = { name: 'John Smith', id_number: '5e1234567', nationality: 'gbr', date_of_birth: '1990-10-10' };

describe('marriage_certificate: valid examples and normalisation', () => {
  it('validates a certificate', () => {
    expect(profile.validate(marriageCertificate)).toEqual(marriageCertificate);
  });

  it('normalises a foreign spouse’s nationality and document number, and a lower-case certificate number', () => {
    const out = profile.validate({ ...marriageCertificate, certificate_number: 'j110101-2020-000123', spouse_b: foreignSpouse });
    expect(out.certificate_number).toBe('J110101-2020-000123');
    expect(out.spouse_b).toEqual({ name: 'John Smith', id_number: '5E1234567', nationality: 'GBR', date_of_birth: '1990-10-10' });
  });

  it('accepts a re-issued certificate (BJ) numbered in a later year', () => {
    expect(profile.validate({ ...marriageCertificate, certificate_number: 'BJ110101-2023-000007' }).certificate_number).toBe('BJ110101-2023-000007');
  });

  it('accepts spouses exactly at the legal marriage age (22 men, 20 women)', () => {
    const atAge = { ...marriageCertificate, registration_date: '2014-03-15', certificate_number: 'J110101-2014-000001' };
    expect(() => profile.validate(atAge)).not.toThrow(); // spouse_a 22 on 2014-01-01; spouse_b 20 on 2014-03-15
  });

  it('derives nothing and refuses a registration after the issuance day', () => {
    const claims = profile.validate(marriageCertificate);
    expect(profile.derived).toEqual([]);
    expect(profile.derive(claims, noonInChina('2024-01-01'))).toEqual({});
    expect(errorOf(() => profile.derive(claims, noonInChina('2020-05-19')))).toEqual(invalid('registration_date'));
  });
});

describe('marriage_certificate: every field rule', () => {
  it.each([
    ['wrong letter', 'L110101-2020-000123'],
    ['no separators', 'J1101012020000123'],
    ['short sequence', 'J110101-2020-123'],
    ['unknown division code', 'J990101-2020-000123'],
    ['year other than the registration year', 'J110101-2019-000123'],
    ['BJ year before the registration year', 'BJ110101-2019-000123'],
    ['zero sequence', 'J110101-2020-000000'],
    ['a number', 1101012020000123],
    ['huge', 'J'.repeat(1_000_000)],
  ])('certificate_number: %s', (_what, value) => {
    rejects({ ...marriageCertificate, certificate_number: value }, 'certificate_number');
  });

  it('registration_date: impossible date', () => {
    rejects({ ...marriageCertificate, registration_date: '2023-02-29', certificate_number: 'J110101-2023-000123' }, 'registration_date');
  });

  it('spouse id_number: bad check digit, bad length, bad charset — for Chinese nationals', () => {
    rejects(withClaim(marriageCertificate, 'spouse_a.id_number', '110101199201010512'), 'spouse_a.id_number');
    rejects(withClaim(marriageCertificate, 'spouse_b.id_number', '11010119940315062'), 'spouse_b.id_number');
    rejects(withClaim(marriageCertificate, 'spouse_b.id_number', '11010119940315062Y'), 'spouse_b.id_number');
  });

  it('spouse date_of_birth must match the ID number', () => {
    rejects(withClaim(marriageCertificate, 'spouse_a.date_of_birth', '1992-01-02'), 'spouse_a.date_of_birth');
  });

  it('spouses must have reached the legal marriage age on the registration date', () => {
    const early = { ...marriageCertificate, registration_date: '2013-12-31', certificate_number: 'J110101-2013-000001' };
    rejects(early, 'spouse_a.date_of_birth'); // 21 years old man
    const bride = { ...marriageCertificate, registration_date: '2014-03-14', certificate_number: 'J110101-2014-000001' };
    rejects(bride, 'spouse_b.date_of_birth'); // one day short of 20
    const teen = { ...marriageCertificate, spouse_b: { ...foreignSpouse, date_of_birth: '2001-01-01' } };
    rejects(teen, 'spouse_b.date_of_birth'); // 19, sex unknown: at least 20
  });

  it('the two spouses must be different people', () => {
    rejects({ ...marriageCertificate, spouse_b: marriageCertificate.spouse_a }, 'spouse_b.id_number');
  });

  it('spouse members: unknown nationality, missing, extra, wrong types', () => {
    rejects(withClaim(marriageCertificate, 'spouse_b.nationality', 'XXX'), 'spouse_b.nationality');
    rejects(withClaim(marriageCertificate, 'spouse_b.name', undefined), 'spouse_b.name');
    rejects(withClaim(marriageCertificate, 'spouse_b.sex', 'female'), 'spouse_b.sex');
    rejects(withClaim(marriageCertificate, 'spouse_a.name', 42), 'spouse_a.name');
    rejects({ ...marriageCertificate, spouse_a: 'Chen' }, 'spouse_a');
    rejects({ ...marriageCertificate, spouse_a: [marriageCertificate.spouse_a] }, 'spouse_a');
  });

  it('refuses non-object input, missing and extra fields', () => {
    rejects(null, '$');
    rejects(withClaim(marriageCertificate, 'registration_authority', undefined), 'registration_authority');
    rejects(withClaim(marriageCertificate, 'spouse_b', undefined), 'spouse_b');
    rejects({ ...marriageCertificate, witness: '王五' }, 'witness');
    rejects({ ...marriageCertificate, registration_authority: '' }, 'registration_authority');
  });
});
