/**
 * Sample licence claims for the demo issuing desk: fictional people and a fictional company, with
 * check characters that pass the real validators (GB 11643 citizen ID numbers, GB 32100 unified
 * social credit codes).
 */
export const DEMO_CLAIMS = {
  resident_id_card: {
    citizen_id_number: '110105199003071239',
    name: '张伟',
    sex: 'male',
    ethnicity: '汉族',
    date_of_birth: '1990-03-07',
    address: '北京市朝阳区建国路88号',
    issuing_authority: '北京市公安局朝阳分局',
    validity_period: { from: '2020-05-10', to: '2040-05-10' },
  },
  driving_licence: {
    licence_number: '310104199211212463',
    name: '李娜',
    sex: 'female',
    nationality: 'CHN',
    date_of_birth: '1992-11-21',
    address: '上海市徐汇区漕溪北路100号',
    date_of_first_issue: '2014-07-01',
    vehicle_classes: ['C1'],
    validity_period: { from: '2020-07-01', to: '2030-07-01' },
    issuing_authority: '上海市公安局交通警察总队',
  },
  business_licence: {
    unified_social_credit_code: '91110105MA01ABCD5F',
    enterprise_name: '北京星河科技有限公司',
    enterprise_type: '有限责任公司',
    legal_representative: '张伟',
    registered_capital: { amount: '10000000.00', currency: 'CNY' },
    date_of_establishment: '2015-08-20',
    business_term: { from: '2015-08-20', to: null },
    business_scope: '技术开发、技术咨询、技术服务；软件开发。',
    domicile: '北京市朝阳区建国路88号9层',
    registration_authority: '北京市朝阳区市场监督管理局',
  },
} as const;

export type DemoLicenceType = keyof typeof DEMO_CLAIMS;
