import { InvalidClaimError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { ENTERPRISE_TYPE_LOOKUP, INDIVIDUAL_BUSINESS } from '../internal/codes/enterprise-types.js';
import { childPath, isPresent, readDate, readObject, readPeriod, readString, readText, ROOT } from '../internal/fields.js';
import { ADDRESS_MAX, AUTHORITY_MAX, readPersonName } from '../internal/person.js';
import { dateNotAfter, defineProfile } from '../internal/profile.js';
import { readRegisteredCapital } from '../internal/registered-capital.js';
import type { LicenceProfile } from '../types.js';
import { validateUnifiedSocialCreditCode } from '../validators/unified-social-credit-code.js';

const REQUIRED = [
  'unified_social_credit_code',
  'enterprise_name',
  'enterprise_type',
  'legal_representative',
  'date_of_establishment',
  'business_scope',
  'domicile',
  'registration_authority',
] as const;
/** Required except for 个体工商户, whose licences show neither. */
const USUALLY_REQUIRED = ['registered_capital', 'business_term'] as const;

const NAME_MAX = 200;
const SCOPE_MAX = 5000;

function readEnterpriseType(value: unknown, path: string): { label: string; category: string } {
  const key = readString(value, path, 64).trim();
  const hit = ENTERPRISE_TYPE_LOOKUP.get(key);
  if (hit === undefined) throw new InvalidClaimError(path, 'is not a known enterprise type (SAMR code such as 1100 or its label such as 有限责任公司)');
  return hit;
}

function validate(input: unknown): JsonObject {
  const o = readObject(input, ROOT, REQUIRED, USUALLY_REQUIRED);
  const uscc = validateUnifiedSocialCreditCode(o.unified_social_credit_code, 'unified_social_credit_code');
  if (uscc[0] !== '9') {
    throw new InvalidClaimError('unified_social_credit_code', 'is not a market entity code (registration authority code must be 9)');
  }
  const enterpriseName = readText(o.enterprise_name, 'enterprise_name', NAME_MAX);
  const enterpriseType = readEnterpriseType(o.enterprise_type, 'enterprise_type');
  if (enterpriseType.category !== uscc[1]) {
    throw new InvalidClaimError('enterprise_type', 'does not match the institution category (second character) of unified_social_credit_code');
  }
  const individual = enterpriseType.label === INDIVIDUAL_BUSINESS;
  if (!individual) {
    for (const key of USUALLY_REQUIRED) {
      if (!isPresent(o, key)) throw new InvalidClaimError(key, 'is required for this enterprise type');
    }
  }
  const legalRepresentative = readPersonName(o.legal_representative, 'legal_representative');
  const dateOfEstablishment = readDate(o.date_of_establishment, 'date_of_establishment');
  const out: JsonObject = {
    unified_social_credit_code: uscc,
    enterprise_name: enterpriseName,
    enterprise_type: enterpriseType.label,
    legal_representative: legalRepresentative,
  };
  if (isPresent(o, 'registered_capital')) out.registered_capital = readRegisteredCapital(o.registered_capital, 'registered_capital');
  out.date_of_establishment = dateOfEstablishment;
  if (isPresent(o, 'business_term')) {
    const term = readPeriod(o.business_term, 'business_term', true);
    if (term.from < dateOfEstablishment) {
      throw new InvalidClaimError(childPath('business_term', 'from'), 'lies before date_of_establishment');
    }
    out.business_term = term;
  }
  out.business_scope = readText(o.business_scope, 'business_scope', SCOPE_MAX);
  out.domicile = readText(o.domicile, 'domicile', ADDRESS_MAX);
  out.registration_authority = readText(o.registration_authority, 'registration_authority', AUTHORITY_MAX);
  return out;
}

/**
 * 营业执照 — Business Licence issued by the market regulation authority (统一社会信用代码 era).
 */
export const businessLicenceProfile: LicenceProfile = defineProfile({
  type: 'business_licence',
  vct: 'urn:elicense:vct:business_licence:1',
  name: { zh: '营业执照', en: 'Business Licence' },
  description: {
    zh: '市场监督管理部门核发的营业执照',
    en: 'Business licence issued by the market regulation authority',
  },
  claims: [
    { name: 'unified_social_credit_code', label: { zh: '统一社会信用代码', en: 'Unified social credit code' } },
    { name: 'enterprise_name', label: { zh: '名称', en: 'Name' } },
    { name: 'enterprise_type', label: { zh: '类型', en: 'Enterprise type' } },
    {
      name: 'legal_representative',
      label: { zh: '法定代表人', en: 'Legal representative' },
      description: {
        zh: '法定代表人、负责人、投资人、执行事务合伙人或经营者',
        en: 'Legal representative, person in charge, investor, executive partner or operator',
      },
    },
    {
      name: 'registered_capital',
      label: { zh: '注册资本', en: 'Registered capital' },
      mandatory: false,
      children: [
        { name: 'amount', label: { zh: '金额', en: 'Amount' } },
        { name: 'currency', label: { zh: '币种', en: 'Currency' } },
      ],
    },
    { name: 'date_of_establishment', label: { zh: '成立日期', en: 'Date of establishment' } },
    {
      name: 'business_term',
      label: { zh: '营业期限', en: 'Business term' },
      mandatory: false,
      children: [
        { name: 'from', label: { zh: '自', en: 'From' } },
        { name: 'to', label: { zh: '至（长期为空）', en: 'To (null: long-term)' } },
      ],
    },
    { name: 'business_scope', label: { zh: '经营范围', en: 'Business scope' } },
    { name: 'domicile', label: { zh: '住所', en: 'Domicile' } },
    { name: 'registration_authority', label: { zh: '登记机关', en: 'Registration authority' } },
  ],
  derivedClaims: [],
  validate,
  derive(claims, today) {
    dateNotAfter(claims.date_of_establishment, 'date_of_establishment', today);
    return {};
  },
});
