/**
 * The demo's fictional people and records. Every number passes the real field rules: citizen ID
 * numbers carry a valid GB 11643 check digit, the credit code a valid GB 32100 check character.
 */
export const citizen = {
  name: '张伟',
  citizen_id_number: '440305199003071236',
  sex: 'male',
  date_of_birth: '1990-03-07',
};

export const spouse = {
  name: '李娜',
  citizen_id_number: '44030519920815246X',
  date_of_birth: '1992-08-15',
};

export const demoClaims = {
  business_licence: {
    unified_social_credit_code: '91440300MA5FUTH27C',
    enterprise_name: '深圳市星河科技有限公司',
    enterprise_type: '有限责任公司',
    legal_representative: citizen.name,
    registered_capital: { amount: '1000000.00', currency: 'CNY' },
    date_of_establishment: '2019-06-18',
    business_term: { from: '2019-06-18', to: null },
    business_scope: '软件开发；信息技术咨询服务',
    domicile: '深圳市南山区粤海街道科技园路1号',
    registration_authority: '深圳市市场监督管理局',
  },
  resident_id_card: {
    citizen_id_number: citizen.citizen_id_number,
    name: citizen.name,
    sex: citizen.sex,
    ethnicity: '汉族',
    date_of_birth: citizen.date_of_birth,
    address: '广东省深圳市南山区科技园路1号',
    issuing_authority: '深圳市公安局南山分局',
    validity_period: { from: '2016-05-10', to: '2036-05-10' },
  },
  driving_licence: {
    licence_number: citizen.citizen_id_number,
    name: citizen.name,
    sex: citizen.sex,
    nationality: 'CHN',
    date_of_birth: citizen.date_of_birth,
    address: '广东省深圳市南山区科技园路1号',
    date_of_first_issue: '2010-09-01',
    vehicle_classes: ['C1'],
    validity_period: { from: '2020-09-01', to: '2030-09-01' },
    issuing_authority: '深圳市公安局交通警察支队',
  },
  marriage_certificate: {
    certificate_number: 'J440305-2021-000321',
    registration_date: '2021-05-20',
    spouse_a: { name: citizen.name, id_number: citizen.citizen_id_number, nationality: 'CHN', date_of_birth: citizen.date_of_birth },
    spouse_b: { name: spouse.name, id_number: spouse.citizen_id_number, nationality: 'CHN', date_of_birth: spouse.date_of_birth },
    registration_authority: '深圳市南山区民政局',
  },
} as const;

export const typeNames: Record<keyof typeof demoClaims, string> = {
  business_licence: 'business licence (营业执照)',
  resident_id_card: 'resident ID card (居民身份证)',
  driving_licence: 'driving licence (机动车驾驶证)',
  marriage_certificate: 'marriage certificate (结婚证)',
};
