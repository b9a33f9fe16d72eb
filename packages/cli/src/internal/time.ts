import { ElicenseError } from '@elicense/core';

/** Parse `--now`-style times: Unix seconds or an ISO 8601 date/time. Returns seconds. */
export function parseTime(v: string, flag: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${flag} must be Unix seconds or an ISO date, got ${JSON.stringify(v)}`);
  return Math.floor(ms / 1000);
}
