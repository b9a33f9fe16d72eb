import { ElicenseError } from '@elicense/core';
import { assertEpochSeconds, chinaDateOf, compareDates, completedYears, parseCalendarDate } from './internal/dates.js';

/**
 * Age in completed years on the calendar date in China (UTC+8) at Unix time `atEpochSeconds`. The age
 * goes up on the birthday; someone born on 29 February gets one year older on 1 March in common years.
 * Throws `ERR_INVALID_ARGUMENT` for a malformed date, a non-finite time, or a birth date after that day.
 *
 * @param dateOfBirth - `YYYY-MM-DD`.
 * @param atEpochSeconds - Unix time in seconds (e.g. the issuance time `now`).
 * @example
 * ```ts
 * computeAge('2000-02-29', Date.UTC(2018, 2, 1) / 1000) // 18 (1 March 2018, Beijing time)
 * ```
 * @see GB/T 7408.1-2023 (ISO 8601-1) calendar dates
 */
export function computeAge(dateOfBirth: string, atEpochSeconds: number): number {
  const birth = typeof dateOfBirth === 'string' ? parseCalendarDate(dateOfBirth) : undefined;
  if (birth === undefined) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'dateOfBirth must be a real calendar date written YYYY-MM-DD');
  }
  assertEpochSeconds(atEpochSeconds, 'atEpochSeconds');
  const on = chinaDateOf(atEpochSeconds);
  if (compareDates(on, birth) < 0) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'dateOfBirth lies after the day of atEpochSeconds (China time)');
  }
  return completedYears(birth, on);
}
