/**
 * The 56 nationalities of GB/T 3304 (中国各民族名称的罗马字母拼写法和代码), in code order: the 2-digit
 * code is the index + 1.
 */
export const ETHNICITY_NAMES = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
] as const;

/** Input → canonical name: the name, the name without 族 (as printed on ID cards: 汉), or the 2-digit code. */
export const ETHNICITY_LOOKUP: ReadonlyMap<string, string> = new Map(
  ETHNICITY_NAMES.flatMap((name, i) => [
    [name, name],
    [name.slice(0, -1), name],
    [String(i + 1).padStart(2, '0'), name],
  ]),
);
