import { describe, expect, it } from 'vitest';
import { getLicenceProfile } from '@elicense/credentials';
import { residentIdCard } from './fixtures.js';
import { errorOf, noonInChina, withClaim } from './helpers.js';

const profile = getLicenceProfile('resident_id_card');
const invalid = (field: string) => ({ code: 'ERR_INVALID_CLAIM', field });
const rejects = (input: unknown, field: string) => expect(errorOf(() => profile.validate(input))).toEqual(invalid(field));

/** The textbook GB 11643 number on a long-term card (holder aged 55 at issue). */
const textbook = {
  citizen_id_number: '11010519491231002x',
  name: '李华',
  sex: '2',
  ethnicity: '03',
  date_of_birth: '1949-12-31',
  address: '北京市朝阳区示例胡同3号',
  issuing_authority: '北京市公安局朝阳分局',
  validity_period: { from: '2005-03-01', to: null },
};

describe('resident_id_card: valid examples and normalisation', () => {
  it('validates and normalises a card', () => {
    expect(profile.validate(residentIdCard)).toEqual({
      citizen_id_number: '440306199003071232',
      name: '王小明',
      sex: 'male',
      ethnicity: '汉族',
      date_of_birth: '1990-03-07',
      address: '广东省深圳市宝安区示例路100号',
      issuing_authority: '深圳市公安局宝安分局',
      validity_period: { from: '2016-05-20', to: '2036-05-20' },
    });
  });

  it('normalises x → X, GB/T 2261.1 sex code 2 → female, ethnicity code 03 → 回族', () => {
    const out = profile.validate(textbook);
    expect(out.citizen_id_number).toBe('11010519491231002X');
    expect(out.sex).toBe('female');
    expect(out.ethnicity).toBe('回族');
    expect(out.validity_period).toEqual({ from: '2005-03-01', to: null });
  });

  it.each([
    ['汉族', '汉族'],
    ['汉', '汉族'],
    ['01', '汉族'],
    ['维吾尔', '维吾尔族'],
    ['56', '基诺族'],
  ])('accepts ethnicity %s as %s', (input, name) => {
    expect(profile.validate({ ...residentIdCard, ethnicity: input }).ethnicity).toBe(name);
  });

  it.each([
    ['1', 'male'],
    ['男', 'male'],
    ['Male', 'male'],
  ])('accepts sex %s as %s', (input, sex) => {
    expect(profile.validate({ ...residentIdCard, sex: input }).sex).toBe(sex);
  });

  it('accepts the terms the Resident Identity Card Law gives each age', () => {
    const child = {
      ...residentIdCard,
      citizen_id_number: '51010720100704012X',
      sex: 'female',
      date_of_birth: '2010-07-04',
      validity_period: { from: '2020-09-01', to: '2025-09-01' },
    };
    expect(profile.validate(child).validity_period).toEqual({ from: '2020-09-01', to: '2025-09-01' });
    // aged 25 at issue: 10 years
    expect(() => profile.validate({ ...residentIdCard, validity_period: { from: '2015-05-20', to: '2025-05-20' } })).not.toThrow();
    // applied at 25, issued just after the 26th birthday: 10 years still fits
    expect(() => profile.validate({ ...residentIdCard, validity_period: { from: '2016-03-10', to: '2026-03-10' } })).not.toThrow();
  });

  it('accepts a 29 February issue date ending on 28 February or 1 March', () => {
    for (const to of ['2026-02-28', '2026-03-01']) {
      const card = { ...residentIdCard, validity_period: { from: '2016-02-29', to } };
      expect(() => profile.validate(card)).not.toThrow();
    }
  });

  it('derives age predicates for the day of issuance in China', () => {
    const claims = profile.validate(residentIdCard);
    expect(profile.derived).toEqual(['age_over_16', 'age_over_18', 'age_over_21', 'age_over_60']);
    expect(profile.derive(claims, noonInChina('2024-01-01'))).toEqual({
      age_over_16: true,
      age_over_18: true,
      age_over_21: true,
      age_over_60: false,
    });
    expect(profile.derive(profile.validate(textbook), noonInChina('2009-12-31'))).toMatchObject({ age_over_60: true });
    expect(profile.derive(profile.validate(textbook), noonInChina('2009-12-30'))).toMatchObject({ age_over_60: false });
  });

  it('derives age predicates for a 29 February birthday from 1 March in common years', () => {
    const leap = {
      ...residentIdCard,
      citizen_id_number: '110101200802290219',
      date_of_birth: '2008-02-29',
      validity_period: { from: '2024-01-05', to: '2029-01-05' },
    };
    const claims = profile.validate(leap);
    expect(profile.derive(claims, noonInChina('2026-02-28'))).toMatchObject({ age_over_16: true, age_over_18: false });
    expect(profile.derive(claims, noonInChina('2026-03-01'))).toMatchObject({ age_over_16: true, age_over_18: true });
  });

  it('derive refuses a card issued after the issuance day and a bad now', () => {
    const claims = profile.validate(residentIdCard);
    expect(errorOf(() => profile.derive(claims, noonInChina('2016-05-19')))).toEqual(invalid('validity_period.from'));
    expect(errorOf(() => profile.derive(claims, Number.NaN))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
  });
});

describe('resident_id_card: every field rule', () => {
  it.each([
    ['bad check digit', '440306199003071231'],
    ['bad length', '44030619900307123'],
    ['bad charset', '44030619900307123A'],
    ['a number', 440306199003071232],
    ['huge string', '4'.repeat(1_000_000)],
  ])('citizen_id_number: %s', (_what, value) => {
    rejects({ ...residentIdCard, citizen_id_number: value }, 'citizen_id_number');
  });

  it('date_of_birth must match the ID number', () => {
    rejects({ ...residentIdCard, date_of_birth: '1990-03-08' }, 'date_of_birth');
  });

  it('sex must match the ID number', () => {
    rejects({ ...residentIdCard, sex: 'female' }, 'sex');
    rejects({ ...residentIdCard, sex: '2' }, 'sex');
  });

  it.each(['2023-02-29', '1990-02-30', '1990-13-01', '19900307', '1990-3-7', ''])('date_of_birth: %s is not a date', (value) => {
    rejects({ ...residentIdCard, date_of_birth: value }, 'date_of_birth');
  });

  it.each(['火星族', '99', '1', '', 'Han'])('ethnicity: unknown %j', (value) => {
    rejects({ ...residentIdCard, ethnicity: value }, 'ethnicity');
  });

  it.each(['m', '0', '9', 'unknown', ''])('sex: %j is not male or female', (value) => {
    rejects({ ...residentIdCard, sex: value }, 'sex');
  });

  it.each(['name', 'address', 'issuing_authority'])('%s: empty, number, control characters, huge', (field) => {
    rejects({ ...residentIdCard, [field]: '' }, field);
    rejects({ ...residentIdCard, [field]: 7 }, field);
    rejects({ ...residentIdCard, [field]: '王\n小明' }, field);
    rejects({ ...residentIdCard, [field]: '王\u200b小明' }, field);
    rejects({ ...residentIdCard, [field]: 'a'.repeat(1_000_000) }, field);
  });

  it('validity_period: impossible dates, to before from, wrong shapes', () => {
    rejects({ ...residentIdCard, validity_period: { from: '2023-02-29', to: '2043-02-28' } }, 'validity_period.from');
    rejects({ ...residentIdCard, validity_period: { from: '2016-05-20', to: '2016-05-19' } }, 'validity_period.to');
    rejects({ ...residentIdCard, validity_period: { from: '2016-05-20' } }, 'validity_period.to');
    rejects({ ...residentIdCard, validity_period: { from: '2016-05-20', to: '2036-05-20', extra: 1 } }, 'validity_period.extra');
    rejects({ ...residentIdCard, validity_period: ['2016-05-20', '2036-05-20'] }, 'validity_period');
  });

  it('validity_period: term must be 5, 10, 20 years or long-term, and fit the holder’s age', () => {
    rejects({ ...residentIdCard, validity_period: { from: '2016-05-20', to: '2031-05-20' } }, 'validity_period.to'); // 15 years
    rejects({ ...residentIdCard, validity_period: { from: '2016-05-20', to: '2036-05-21' } }, 'validity_period.to'); // off by a day
    rejects({ ...residentIdCard, validity_period: { from: '2016-05-20', to: null } }, 'validity_period.to'); // long-term at 26
    rejects({ ...residentIdCard, validity_period: { from: '2016-05-20', to: '2021-05-20' } }, 'validity_period.to'); // 5 years at 26
    rejects({ ...textbook, validity_period: { from: '2005-03-01', to: '2025-03-01' } }, 'validity_period.to'); // 20 years at 55
    rejects({ ...residentIdCard, validity_period: { from: '1989-01-01', to: '1994-01-01' } }, 'validity_period.from'); // before birth
  });

  it('refuses non-object input, missing and extra fields', () => {
    for (const input of [null, [], 'card', 1]) rejects(input, '$');
    rejects(withClaim(residentIdCard, 'ethnicity', undefined), 'ethnicity');
    rejects(withClaim(residentIdCard, 'validity_period', undefined), 'validity_period');
    rejects({ ...residentIdCard, photo: 'data:image/png;base64,AAAA' }, 'photo');
    rejects({ ...residentIdCard, age_over_18: true }, 'age_over_18');
    rejects({ ...residentIdCard, cnf: { jwk: {} } }, 'cnf');
  });

  it('refuses a __proto__ member from parsed JSON', () => {
    const parsed = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(residentIdCard).slice(1)}`) as unknown;
    rejects(parsed, '__proto__');
  });

  it('treats an explicit undefined as missing and null as a wrong type', () => {
    rejects({ ...residentIdCard, name: undefined }, 'name');
    rejects({ ...residentIdCard, name: null }, 'name');
  });
});
