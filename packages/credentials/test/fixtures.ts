/** Valid, fictional licences of each type (raw input as an issuing clerk would submit it). */

export const businessLicence = {
  unified_social_credit_code: '91350100M000100Y43',
  enterprise_name: '福州示例科技有限公司',
  enterprise_type: '1130',
  legal_representative: '张三',
  registered_capital: '100万元人民币',
  date_of_establishment: '2016-03-08',
  business_term: { from: '2016-03-08', to: null },
  business_scope: '软件开发；信息技术咨询服务。',
  domicile: '福建省福州市鼓楼区示例路1号',
  registration_authority: '福州市鼓楼区市场监督管理局',
};

export const individualBusinessLicence = {
  unified_social_credit_code: '92350102MA00AB124F',
  enterprise_name: '福州市鼓楼区示例小吃店',
  enterprise_type: '个体工商户',
  legal_representative: '李四',
  date_of_establishment: '2019-11-11',
  business_scope: '餐饮服务。',
  domicile: '福建省福州市鼓楼区示例街2号',
  registration_authority: '福州市鼓楼区市场监督管理局',
};

export const residentIdCard = {
  citizen_id_number: '440306199003071232',
  name: '王小明',
  sex: 'male',
  ethnicity: '汉',
  date_of_birth: '1990-03-07',
  address: '广东省深圳市宝安区示例路100号',
  issuing_authority: '深圳市公安局宝安分局',
  validity_period: { from: '2016-05-20', to: '2036-05-20' },
};

export const drivingLicence = {
  licence_number: '320102198506154576',
  name: '赵六',
  sex: '1',
  nationality: 'chn',
  date_of_birth: '1985-06-15',
  address: '江苏省南京市玄武区示例大道8号',
  date_of_first_issue: '2005-08-01',
  vehicle_classes: ['c1', 'A2'],
  validity_period: { from: '2015-08-01', to: '2025-08-01' },
  issuing_authority: '江苏省南京市公安局交通管理局',
};

export const marriageCertificate = {
  certificate_number: 'J110101-2020-000123',
  registration_date: '2020-05-20',
  spouse_a: { name: '陈大文', id_number: '110101199201010511', nationality: 'CHN', date_of_birth: '1992-01-01' },
  spouse_b: { name: '林小美', id_number: '110101199403150627', nationality: 'CHN', date_of_birth: '1994-03-15' },
  registration_authority: '北京市东城区民政局',
};
