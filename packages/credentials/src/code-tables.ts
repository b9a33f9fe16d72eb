import { ENTERPRISE_TYPE_TABLE } from './internal/codes/enterprise-types.js';
import type { EnterpriseType } from './internal/codes/enterprise-types.js';
import { ETHNICITY_NAMES } from './internal/codes/ethnicities.js';
import { VEHICLE_CLASS_CODES } from './internal/codes/vehicle-classes.js';

export type { EnterpriseType } from './internal/codes/enterprise-types.js';
export type { VehicleClass } from './internal/codes/vehicle-classes.js';

/**
 * The enterprise types a `business_licence` accepts in `enterprise_type`, by SAMR enterprise type code
 * (企业类型代码) or label; claims are normalised to the label. For form drop-downs.
 *
 * @example
 * ```ts
 * ENTERPRISE_TYPES.find((t) => t.code === '1151')?.label // '有限责任公司(自然人独资)'
 * ```
 * @see GB 32100-2015 (institution category codes 1 企业, 2 个体工商户, 3 农民专业合作社 of authority 9)
 */
export const ENTERPRISE_TYPES: readonly EnterpriseType[] = ENTERPRISE_TYPE_TABLE;

/**
 * The 56 nationalities of GB/T 3304 in code order (`ETHNICITIES[0]` is code `01`, 汉族). `ethnicity`
 * accepts a name, the name without 族, or the 2-digit code, and is normalised to the name.
 *
 * @example
 * ```ts
 * ETHNICITIES.indexOf('壮族') + 1 // 8
 * ```
 * @see GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码
 */
export const ETHNICITIES: readonly string[] = Object.freeze([...ETHNICITY_NAMES]);

/**
 * The national driving licence vehicle classes (准驾车型代号) in the order licences list them; a
 * `driving_licence`'s `vehicle_classes` is normalised to this order.
 *
 * @example
 * ```ts
 * VEHICLE_CLASSES.includes('C1') // true
 * ```
 * @see 《机动车驾驶证申领和使用规定》(公安部令第162号) 附件1 准驾车型及代号
 */
export const VEHICLE_CLASSES: readonly string[] = Object.freeze([...VEHICLE_CLASS_CODES]);
