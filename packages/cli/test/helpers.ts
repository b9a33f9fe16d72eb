import { runCli } from '@elicense/cli';

/** Run the CLI in-process and capture what it prints. */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** A business licence record (the numbers pass the national check rules). */
export const claims = {
  unified_social_credit_code: '91440300MA5FUTH27C',
  enterprise_name: '深圳市星河科技有限公司',
  enterprise_type: '有限责任公司',
  legal_representative: '张伟',
  registered_capital: { amount: '1000000.00', currency: 'CNY' },
  date_of_establishment: '2019-06-18',
  business_term: { from: '2019-06-18', to: null },
  business_scope: '软件开发；信息技术咨询服务',
  domicile: '深圳市南山区粤海街道科技园路1号',
  registration_authority: '深圳市市场监督管理局',
};
