import { describe, expect, it } from 'vitest';
import { getLicenceProfile } from '@elicense/credentials';
import { businessLicence, individualBusinessLicence } from './fixtures.js';
import { errorOf, noonInChina, uscc, withClaim } from './helpers.js';

const profile = getLicenceProfile('business_licence');
const invalid = (field: string) => ({ code: 'ERR_INVALID_CLAIM', field });
const rejects = (input: unknown, field: string) => expect(errorOf(() => profile.validate(input))).toEqual(invalid(field));

describe('business_licence: valid examples and normalisation', () => {
  it('validates and normalises a company licence', () => {
    expect(profile.validate(businessLicence)).toEqual({
      unified_social_credit_code: '91350100M000100Y43',
      enterprise_name: '福州示例科技有限公司',
      enterprise_type: '有限责任公司(自然人投资或控股)',
      legal_representative: '张三',
      registered_capital: { amount: '1000000.00', currency: 'CNY' },
      date_of_establishment: '2016-03-08',
      business_term: { from: '2016-03-08', to: null },
      business_scope: '软件开发；信息技术咨询服务。',
      domicile: '福建省福州市鼓楼区示例路1号',
      registration_authority: '福州市鼓楼区市场监督管理局',
    });
  });

  it('accepts an individual business (个体工商户) without registered capital or business term', () => {
    const out = profile.validate(individualBusinessLicence);
    expect(out.enterprise_type).toBe('个体工商户');
    expect(out).not.toHaveProperty('registered_capital');
    expect(out).not.toHaveProperty('business_term');
  });

  it('accepts a farmers’ cooperative by code 9100 with a category-3 code', () => {
    const coop = { ...businessLicence, unified_social_credit_code: '93350121MA00CD34XM', enterprise_type: '9100' };
    expect(profile.validate(coop).enterprise_type).toBe('农民专业合作社');
  });

  it.each([
    ['1151', '有限责任公司(自然人独资)'],
    ['有限责任公司（自然人独资）', '有限责任公司(自然人独资)'],
    ['有限责任公司(自然人独资)', '有限责任公司(自然人独资)'],
    ['4533', '有限合伙企业'],
    [' 股份有限公司 ', '股份有限公司'],
  ])('normalises enterprise type %s to its label', (input, label) => {
    expect(profile.validate({ ...businessLicence, enterprise_type: input }).enterprise_type).toBe(label);
  });

  it.each([
    ['100万元人民币', { amount: '1000000.00', currency: 'CNY' }],
    ['人民币100万元', { amount: '1000000.00', currency: 'CNY' }],
    ['100万元整', { amount: '1000000.00', currency: 'CNY' }],
    ['1000000元', { amount: '1000000.00', currency: 'CNY' }],
    ['12.345678万元', { amount: '123456.78', currency: 'CNY' }],
    ['1.5亿元', { amount: '150000000.00', currency: 'CNY' }],
    ['50万美元', { amount: '500000.00', currency: 'USD' }],
    ['300万港币', { amount: '3000000.00', currency: 'HKD' }],
    [{ amount: '1000000', currency: 'cny' }, { amount: '1000000.00', currency: 'CNY' }],
    [{ amount: '0.5', currency: 'EUR' }, { amount: '0.50', currency: 'EUR' }],
  ])('normalises registered capital %j', (input, expected) => {
    expect(profile.validate({ ...businessLicence, registered_capital: input }).registered_capital).toEqual(expected);
  });

  it('normalises the USCC to upper case', () => {
    const out = profile.validate({ ...businessLicence, unified_social_credit_code: '91350100m000100y43' });
    expect(out.unified_social_credit_code).toBe('91350100M000100Y43');
  });

  it('derives nothing, and refuses an establishment date after the issuance day', () => {
    const claims = profile.validate(businessLicence);
    expect(profile.derive(claims, noonInChina('2024-01-01'))).toEqual({});
    expect(errorOf(() => profile.derive(claims, noonInChina('2016-03-07')))).toEqual(invalid('date_of_establishment'));
  });
});

describe('business_licence: every field rule', () => {
  it.each([
    ['bad check character', '91350100M000100Y44'],
    ['bad length', '91350100M000100Y4'],
    ['bad charset', '91350100M00010OY43'],
    ['a code of another registration authority (事业单位)', '12100000MB0000019H'],
  ])('unified_social_credit_code: %s', (_what, code) => {
    rejects({ ...businessLicence, unified_social_credit_code: code }, 'unified_social_credit_code');
  });

  it('enterprise_type: unknown type', () => {
    rejects({ ...businessLicence, enterprise_type: '外星企业' }, 'enterprise_type');
    rejects({ ...businessLicence, enterprise_type: '9999' }, 'enterprise_type');
  });

  it('enterprise_type: must agree with the USCC category (个体工商户 needs 92…)', () => {
    rejects({ ...businessLicence, enterprise_type: '个体工商户' }, 'enterprise_type');
    rejects({ ...individualBusinessLicence, enterprise_type: '1100' }, 'enterprise_type');
    rejects({ ...businessLicence, unified_social_credit_code: uscc('92350102MA00AB12') }, 'enterprise_type');
  });

  it('registered_capital and business_term are required for companies', () => {
    rejects(withClaim(businessLicence, 'registered_capital', undefined), 'registered_capital');
    rejects(withClaim(businessLicence, 'business_term', undefined), 'business_term');
  });

  it.each([
    ['zero', '0元'],
    ['Chinese numerals', '壹佰万元整'],
    ['unknown currency word', '100万卢布'],
    ['negative', '-100万元'],
    ['a number', 1000000],
    ['sub-cent precision', '1.005元'],
    ['leading zeros', '0100万元'],
    ['no unit', '1000000'],
  ])('registered_capital: %s', (_what, value) => {
    rejects({ ...businessLicence, registered_capital: value }, 'registered_capital');
  });

  it.each([
    ['amount as a number', { amount: 1000000, currency: 'CNY' }, 'registered_capital.amount'],
    ['zero amount', { amount: '0.00', currency: 'CNY' }, 'registered_capital.amount'],
    ['amount with three decimals', { amount: '1.005', currency: 'CNY' }, 'registered_capital.amount'],
    ['unknown currency', { amount: '1.00', currency: 'XYZ' }, 'registered_capital.currency'],
    ['missing currency', { amount: '1.00' }, 'registered_capital.currency'],
    ['extra member', { amount: '1.00', currency: 'CNY', note: 'x' }, 'registered_capital.note'],
  ])('registered_capital object: %s', (_what, value, field) => {
    rejects({ ...businessLicence, registered_capital: value }, field);
  });

  it('business_term: to before from', () => {
    rejects({ ...businessLicence, business_term: { from: '2016-03-08', to: '2016-03-01' } }, 'business_term.to');
    rejects({ ...businessLicence, business_term: { from: '2016-03-08', to: '2016-03-08' } }, 'business_term.to');
  });

  it('business_term: impossible dates, missing to, start before establishment', () => {
    rejects({ ...businessLicence, business_term: { from: '2023-02-29', to: null } }, 'business_term.from');
    rejects({ ...businessLicence, business_term: { from: '2016-03-08' } }, 'business_term.to');
    rejects({ ...businessLicence, business_term: { from: '2016-03-07', to: null } }, 'business_term.from');
    rejects({ ...businessLicence, business_term: '长期' }, 'business_term');
  });

  it('date_of_establishment: impossible date and wrong format', () => {
    rejects({ ...businessLicence, date_of_establishment: '2023-02-29' }, 'date_of_establishment');
    rejects({ ...businessLicence, date_of_establishment: '2016/03/08' }, 'date_of_establishment');
    rejects({ ...businessLicence, date_of_establishment: '2016-3-8' }, 'date_of_establishment');
  });

  it.each(['enterprise_name', 'legal_representative', 'business_scope', 'domicile', 'registration_authority'])(
    '%s: empty, blank, number, control characters, huge',
    (field) => {
      rejects({ ...businessLicence, [field]: '' }, field);
      rejects({ ...businessLicence, [field]: '   ' }, field);
      rejects({ ...businessLicence, [field]: 42 }, field);
      rejects({ ...businessLicence, [field]: '示例\u0000公司' }, field);
      rejects({ ...businessLicence, [field]: '示例\u202e公司' }, field);
      rejects({ ...businessLicence, [field]: '字'.repeat(1_000_000) }, field);
    },
  );

  it('trims free text', () => {
    expect(profile.validate({ ...businessLicence, legal_representative: '  张三 ' }).legal_representative).toBe('张三');
  });

  it('refuses non-object input', () => {
    for (const input of [null, undefined, 'licence', 42, [businessLicence], new Date()]) rejects(input, '$');
  });

  it('refuses a missing required field', () => {
    rejects(withClaim(businessLicence, 'enterprise_name', undefined), 'enterprise_name');
    rejects(withClaim(businessLicence, 'unified_social_credit_code', undefined), 'unified_social_credit_code');
  });

  it('refuses unexpected extra fields, envelope claims included', () => {
    rejects({ ...businessLicence, favourite_colour: 'red' }, 'favourite_colour');
    rejects({ ...businessLicence, vct: 'urn:elicense:vct:business_licence:1' }, 'vct');
    rejects({ ...businessLicence, iss: 'did:web:gov.example' }, 'iss');
    rejects({ ...businessLicence, in_business_term: true }, 'in_business_term');
  });
});
