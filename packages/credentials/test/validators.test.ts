import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAge, validateCitizenIdNumber, validateUnifiedSocialCreditCode } from '@elicense/credentials';
import { citizenId, errorOf, noonInChina, uscc, USCC_ALPHABET } from './helpers.js';

const invalid = (field: string) => ({ code: 'ERR_INVALID_CLAIM', field });

describe('validateCitizenIdNumber (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it('accepts the textbook example of GB 11643 and reads birth date, sex and division code', () => {
    expect(validateCitizenIdNumber('11010519491231002X')).toEqual({
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      divisionCode: '110105',
    });
  });

  it('normalises a lower-case x and surrounding spaces', () => {
    expect(validateCitizenIdNumber(' 11010519491231002x ').value).toBe('11010519491231002X');
    expect(validateCitizenIdNumber('51010720100704012x').value).toBe('51010720100704012X');
  });

  it('reads the sex from the parity of the sequence code (odd is male)', () => {
    expect(validateCitizenIdNumber('440306199003071232').sex).toBe('male');
    expect(validateCitizenIdNumber('110101199403150627').sex).toBe('female');
  });

  it('accepts a 29 February birth date in a leap year', () => {
    expect(validateCitizenIdNumber('310115196002290348').birthDate).toBe('1960-02-29');
  });

  it('reports the field name it is given', () => {
    expect(errorOf(() => validateCitizenIdNumber('123', 'spouse_a.id_number'))).toEqual(invalid('spouse_a.id_number'));
  });

  it.each([
    ['bad check character', '110105194912310021'],
    ['bad check character (X for a digit)', '44030619900307123X'],
    ['too short', '11010519491231002'],
    ['too long', '11010519491231002X1'],
    ['15-digit first-generation number', '110105491231002'],
    ['letter in the body', '1101051949123100AX'],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ'],
    ['unknown province code', citizenId('99010519491231002')],
    ['impossible birth date 2023-02-29', citizenId('11010520230229002')],
    ['month 13', citizenId('11010519491331002')],
    ['birth year before 1850', citizenId('11010518001231002')],
    ['empty string', ''],
    ['huge string', '1'.repeat(1_000_000)],
  ])('rejects %s', (_what, value) => {
    expect(errorOf(() => validateCitizenIdNumber(value))).toEqual(invalid('citizen_id_number'));
  });

  it.each([
    ['a number', 110105194912310020],
    ['null', null],
    ['an array', ['11010519491231002X']],
    ['an object', { value: '11010519491231002X' }],
  ])('rejects %s instead of a string', (_what, value) => {
    expect(errorOf(() => validateCitizenIdNumber(value))).toEqual(invalid('citizen_id_number'));
  });

  it('refuses a bad field argument as misuse', () => {
    expect(errorOf(() => validateCitizenIdNumber('11010519491231002X', ''))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
  });

  const provinces = ['11', '12', '31', '32', '44', '50', '54', '65', '81', '82'];
  const validId = fc
    .record({
      province: fc.constantFrom(...provinces),
      rest: fc.integer({ min: 0, max: 9999 }),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ province, rest, birth, sequence }) => {
      const ymd = birth.toISOString().slice(0, 10);
      const body = `${province}${String(rest).padStart(4, '0')}${ymd.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
      return { id: citizenId(body), ymd, sex: sequence % 2 === 1 ? 'male' : 'female' };
    });

  it('property: every generated valid citizen ID passes, with its birth date and sex', () => {
    fc.assert(
      fc.property(validId, ({ id, ymd, sex }) => {
        const info = validateCitizenIdNumber(id);
        expect(info).toEqual({ value: id, birthDate: ymd, sex, divisionCode: id.slice(0, 6) });
      }),
      { numRuns: 500 },
    );
  });

  it('property: changing any single character of a valid citizen ID is rejected', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789XA '), ({ id }, i, c) => {
        fc.pre(id[i] !== c);
        const changed = id.slice(0, i) + c + id.slice(i + 1);
        expect(errorOf(() => validateCitizenIdNumber(changed))).toEqual(invalid('citizen_id_number'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('validateUnifiedSocialCreditCode (GB 32100-2015)', () => {
  // Published codes of registered companies (public registry data) and the fictional example code.
  const published = [
    '91110108551385082Q', // 小米科技有限责任公司
    '914403001922038216', // 华为技术有限公司
    '91440300708461136T', // 深圳市腾讯计算机系统有限公司
    '91330100799655058B', // 阿里巴巴（中国）有限公司
    '91350100M000100Y43',
  ];

  it.each(published)('accepts %s', (code) => {
    expect(validateUnifiedSocialCreditCode(code)).toBe(code);
  });

  it('accepts codes of other registration authorities and categories', () => {
    expect(validateUnifiedSocialCreditCode('92350102MA00AB124F')).toBe('92350102MA00AB124F'); // 个体工商户
    expect(validateUnifiedSocialCreditCode('93350121MA00CD34XM')).toBe('93350121MA00CD34XM'); // 农民专业合作社
    expect(validateUnifiedSocialCreditCode('12100000MB0000019H')).toBe('12100000MB0000019H'); // 事业单位, central level
  });

  it('normalises lower case and surrounding spaces', () => {
    expect(validateUnifiedSocialCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it.each([
    ['bad check character', '91350100M000100Y44'],
    ['bad check character (Q → R)', '91110108551385082R'],
    ['too short', '91350100M000100Y4'],
    ['too long', '91350100M000100Y430'],
    ['letter I outside the charset', '91350100M00010IY43'],
    ['letter O outside the charset', 'O1350100M000100Y43'],
    ['punctuation', '91350100-000100Y43'],
    ['unknown registration authority', uscc('B1350100M000100Y')],
    ['category the authority does not assign', uscc('94350100M000100Y')],
    ['unknown division code', uscc('91990100M000100Y')],
    ['non-numeric division code', uscc('9135010AM000100Y')],
    ['organisation code failing GB 11714', uscc('91350100M000100Y', '5')],
    ['empty string', ''],
    ['huge string', '9'.repeat(100_000)],
  ])('rejects %s', (_what, value) => {
    expect(errorOf(() => validateUnifiedSocialCreditCode(value))).toEqual(invalid('unified_social_credit_code'));
  });

  it('rejects a number instead of a string', () => {
    expect(errorOf(() => validateUnifiedSocialCreditCode(913501000001004))).toEqual(invalid('unified_social_credit_code'));
  });

  const validUscc = fc
    .record({
      head: fc.constantFrom('91', '92', '93', '11', '12', '51', '52', '53', 'Y1', 'N2'),
      division: fc.constantFrom('110000', '110108', '350100', '440300', '650102', '100000'),
      org: fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 8, maxLength: 8 }),
    })
    .map(({ head, division, org }) => uscc(head + division + org.join('')))
    .filter((code) => [...code].every((c) => USCC_ALPHABET.includes(c)));

  it('property: every generated valid code passes', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        expect(validateUnifiedSocialCreditCode(code)).toBe(code);
      }),
      { numRuns: 500 },
    );
  });

  it('property: changing any single character of a valid code is rejected', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...published), validUscc),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...USCC_ALPHABET, 'I', 'O', 'S', 'V', 'Z', '-'),
        (code, i, c) => {
          fc.pre(code[i] !== c);
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          expect(errorOf(() => validateUnifiedSocialCreditCode(changed))).toEqual(invalid('unified_social_credit_code'));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('computeAge', () => {
  it('counts completed years on the calendar date in China', () => {
    expect(computeAge('1990-03-07', noonInChina('2008-03-06'))).toBe(17);
    expect(computeAge('1990-03-07', noonInChina('2008-03-07'))).toBe(18);
    expect(computeAge('1990-03-07', noonInChina('1990-03-07'))).toBe(0);
  });

  it('uses UTC+8: 16:00 UTC on the eve of the birthday is already the birthday in Beijing', () => {
    const eve = Date.parse('2008-03-06T16:00:00Z') / 1000;
    expect(computeAge('1990-03-07', eve)).toBe(18);
    expect(computeAge('1990-03-07', eve - 1)).toBe(17);
  });

  it('makes a 29 February birthday count on 1 March in common years, on 29 February in leap years', () => {
    expect(computeAge('2000-02-29', noonInChina('2018-02-28'))).toBe(17);
    expect(computeAge('2000-02-29', noonInChina('2018-03-01'))).toBe(18);
    expect(computeAge('2000-02-29', noonInChina('2016-02-28'))).toBe(15);
    expect(computeAge('2000-02-29', noonInChina('2016-02-29'))).toBe(16);
  });

  it.each([
    ['impossible date', '2023-02-29', noonInChina('2024-01-01')],
    ['not a date', '07/03/1990', noonInChina('2024-01-01')],
    ['NaN time', '1990-03-07', Number.NaN],
    ['infinite time', '1990-03-07', Number.POSITIVE_INFINITY],
    ['birth after the time', '2030-01-01', noonInChina('2024-01-01')],
  ])('refuses %s with ERR_INVALID_ARGUMENT', (_what, dob, at) => {
    expect(errorOf(() => computeAge(dob, at))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
  });
});
