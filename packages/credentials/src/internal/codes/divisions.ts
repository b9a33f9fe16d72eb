/**
 * Province-level prefixes of GB/T 2260 administrative division codes (the first two digits), plus 83,
 * which GB 11643-format residence permits of Taiwan residents carry.
 */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', // 北京 天津 河北 山西 内蒙古
  '21', '22', '23', // 辽宁 吉林 黑龙江
  '31', '32', '33', '34', '35', '36', '37', // 上海 江苏 浙江 安徽 福建 江西 山东
  '41', '42', '43', '44', '45', '46', // 河南 湖北 湖南 广东 广西 海南
  '50', '51', '52', '53', '54', // 重庆 四川 贵州 云南 西藏
  '61', '62', '63', '64', '65', // 陕西 甘肃 青海 宁夏 新疆
  '71', '81', '82', '83', // 台湾 香港 澳门; 83 Taiwan residents' residence permits
]);

/** True for a 6-digit administrative division code whose province prefix exists. */
export function isDivisionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCES.has(code.slice(0, 2));
}
