import { isJsonObject } from '@elicense/core';
import type { JsonObject } from '@elicense/core';

/** Licence claims that state the licence's own term as `{ from, to }` dates (`to: null` = long-term). */
const TERM_CLAIMS = ['validity_period', 'business_term'] as const;

/** Offset of China Standard Time (UTC+8), in which licence dates are written. */
const CHINA_OFFSET_SECONDS = 8 * 3600;

/**
 * `exp` when the request gives no `validUntil`: the end (China time) of the last day of the
 * licence's own term (`validity_period.to`, `business_term.to`); for a long-term licence or one
 * without a term, `iat + defaultValidity` when the issuer has one; otherwise none.
 */
export function defaultExpiry(claims: JsonObject, iat: number, defaultValidity: number | undefined): number | undefined {
  for (const name of TERM_CLAIMS) {
    const term = claims[name];
    if (isJsonObject(term) && typeof term.to === 'string') {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(term.to);
      if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1) / 1000 - CHINA_OFFSET_SECONDS;
    }
  }
  return defaultValidity === undefined ? undefined : iat + defaultValidity;
}
