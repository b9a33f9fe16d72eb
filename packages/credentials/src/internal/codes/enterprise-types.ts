/**
 * One enterprise (market entity) type as printed in the 类型 field of a business licence.
 *
 * @example
 * ```ts
 * const llc: EnterpriseType = { code: '1100', label: '有限责任公司', category: '1' }
 * ```
 */
export interface EnterpriseType {
  /** The 4-digit SAMR enterprise type code (企业类型代码); 个体工商户 has none. */
  readonly code?: string;
  /** The label, with ASCII parentheses as in the SAMR code table. */
  readonly label: string;
  /** The GB 32100 institution category (second character of the USCC) for registration authority 9. */
  readonly category: '1' | '2' | '3';
}

const ENTERPRISE = '1';

const TABLE: EnterpriseType[] = [
  { code: '1100', label: '有限责任公司', category: ENTERPRISE },
  { code: '1110', label: '有限责任公司(国有独资)', category: ENTERPRISE },
  { code: '1120', label: '有限责任公司(外商投资企业投资)', category: ENTERPRISE },
  { code: '1130', label: '有限责任公司(自然人投资或控股)', category: ENTERPRISE },
  { code: '1140', label: '有限责任公司(国有控股)', category: ENTERPRISE },
  { code: '1150', label: '一人有限责任公司', category: ENTERPRISE },
  { code: '1151', label: '有限责任公司(自然人独资)', category: ENTERPRISE },
  { code: '1152', label: '有限责任公司(自然人投资或控股的法人独资)', category: ENTERPRISE },
  { code: '1153', label: '有限责任公司(非自然人投资或控股的法人独资)', category: ENTERPRISE },
  { code: '1190', label: '其他有限责任公司', category: ENTERPRISE },
  { code: '1200', label: '股份有限公司', category: ENTERPRISE },
  { code: '1210', label: '股份有限公司(上市)', category: ENTERPRISE },
  { code: '1220', label: '股份有限公司(非上市)', category: ENTERPRISE },
  { code: '3100', label: '全民所有制', category: ENTERPRISE },
  { code: '3200', label: '集体所有制', category: ENTERPRISE },
  { code: '3400', label: '股份合作制', category: ENTERPRISE },
  { code: '4530', label: '合伙企业', category: ENTERPRISE },
  { code: '4531', label: '普通合伙企业', category: ENTERPRISE },
  { code: '4532', label: '特殊普通合伙企业', category: ENTERPRISE },
  { code: '4533', label: '有限合伙企业', category: ENTERPRISE },
  { code: '4540', label: '个人独资企业', category: ENTERPRISE },
  { code: '5110', label: '有限责任公司(中外合资)', category: ENTERPRISE },
  { code: '5120', label: '有限责任公司(中外合作)', category: ENTERPRISE },
  { code: '5130', label: '有限责任公司(外商合资)', category: ENTERPRISE },
  { code: '5140', label: '有限责任公司(外国自然人独资)', category: ENTERPRISE },
  { code: '5150', label: '有限责任公司(外国法人独资)', category: ENTERPRISE },
  { code: '9100', label: '农民专业合作社', category: '3' },
  { label: '个体工商户', category: '2' },
];

/** The enterprise types a business licence may carry. */
export const ENTERPRISE_TYPE_TABLE: readonly EnterpriseType[] = Object.freeze(TABLE.map((t) => Object.freeze(t)));

/** The canonical label of the individual-business type. */
export const INDIVIDUAL_BUSINESS = '个体工商户';

/** Input → entry: by code, by label, and by label with full-width parentheses （…）. */
export const ENTERPRISE_TYPE_LOOKUP: ReadonlyMap<string, EnterpriseType> = new Map(
  ENTERPRISE_TYPE_TABLE.flatMap((t) => {
    const keys = [t.label, t.label.replace('(', '（').replace(')', '）')];
    if (t.code !== undefined) keys.push(t.code);
    return keys.map((k) => [k, t] as const);
  }),
);
