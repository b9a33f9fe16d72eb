import { ElicenseError } from '@elicense/core';

/** Parse `--now`-style times: Unix seconds or an ISO 8601 date/time. Returns seconds. */
export function parseTime(v: string, flag: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${flag} must be Unix seconds or an ISO date, got ${JSON.stringify(v)}`);
  return Math.floor(ms / 1000);
}

/** Parse a duration: seconds, or a number with a unit `s`, `m`, `h` or `d` (`90m`, `7d`). Returns seconds. */
export function parseDuration(v: string, flag: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(v);
  if (m === null || Number(m[1]) <= 0) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${flag} must be a positive duration such as 3600, 90m, 12h or 7d, got ${JSON.stringify(v)}`);
  }
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}
