import { InvalidClaimError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { CURRENCY_NAMES, isCurrencyCode } from './codes/currencies.js';
import { childPath, readObject, readString } from './fields.js';

/** A registered capital, normalised: amount in major units with exactly two decimals, ISO 4217 currency. */
export interface RegisteredCapital extends JsonObject {
  amount: string;
  currency: string;
}

const AMOUNT_RE = /^(0|[1-9]\d{0,14})(?:\.(\d{1,2}))?$/;
const TEXT_RE = /^(0|[1-9]\d{0,14})(?:\.(\d{1,8}))?(万|亿)?(.+)$/;
const MAX_INTEGER_DIGITS = 15;

/** Unit suffixes after the number (and after 万/亿) → ISO 4217. */
const SUFFIXES: ReadonlyMap<string, string> = new Map([
  ['元', 'CNY'],
  ['元人民币', 'CNY'],
  ['人民币元', 'CNY'],
  ...[...CURRENCY_NAMES],
]);

/**
 * Read a registered capital (注册资本 / 出资额). Either `{ amount: "1000000.00", currency: "CNY" }`
 * (amount a decimal string with at most two decimals, currency ISO 4217) or the licence wording with
 * Arabic numerals: `100万元人民币`, `人民币100万元`, `100万元`, `1000000元`, `50万美元`, `1.5亿元`, an optional
 * trailing 整. The amount must be above zero and is normalised to two decimals in major units.
 */
export function readRegisteredCapital(value: unknown, path: string): RegisteredCapital {
  if (typeof value === 'string') return parseCapitalText(value, path);
  const o = readObject(value, path, ['amount', 'currency']);
  const amountPath = childPath(path, 'amount');
  const amount = readString(o.amount, amountPath, 32);
  const m = AMOUNT_RE.exec(amount);
  if (m === null) throw new InvalidClaimError(amountPath, 'must be a decimal string with at most 15 integer digits and 2 decimals, e.g. "1000000.00"');
  const currencyPath = childPath(path, 'currency');
  const currency = readString(o.currency, currencyPath, 8).trim().toUpperCase();
  if (!isCurrencyCode(currency)) throw new InvalidClaimError(currencyPath, 'must be an ISO 4217 currency code such as CNY');
  return { amount: normalise(m[1] ?? '0', m[2] ?? '', 0, amountPath), currency };
}

function parseCapitalText(value: string, path: string): RegisteredCapital {
  let text = readString(value, path, 64).trim();
  let prefixed = false;
  if (text.startsWith('人民币')) {
    prefixed = true;
    text = text.slice(3);
  }
  if (text.endsWith('整')) text = text.slice(0, -1);
  const m = TEXT_RE.exec(text);
  const unit = m?.[4];
  const currency = unit === undefined ? undefined : prefixed ? (unit === '元' ? 'CNY' : undefined) : SUFFIXES.get(unit);
  if (m === null || currency === undefined) {
    throw new InvalidClaimError(path, 'must be { amount, currency } or licence wording such as 100万元人民币 (Arabic numerals)');
  }
  const scale = m[3] === '亿' ? 8 : m[3] === '万' ? 4 : 0;
  return { amount: normalise(m[1] ?? '0', m[2] ?? '', scale, path), currency };
}

/** Multiply `int.frac` by 10^scale exactly and write it with two decimals; refuse zero and sub-cent amounts. */
function normalise(int: string, frac: string, scale: number, path: string): string {
  const digits = int + frac.padEnd(scale, '0');
  const point = int.length + scale;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point).replace(/0+$/, '');
  if (fraction.length > 2) throw new InvalidClaimError(path, 'must not be more precise than one cent (two decimals in major units)');
  if (whole.length > MAX_INTEGER_DIGITS) throw new InvalidClaimError(path, 'is too large');
  if (/^0*$/.test(whole) && /^0*$/.test(fraction)) throw new InvalidClaimError(path, 'must be greater than zero');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
