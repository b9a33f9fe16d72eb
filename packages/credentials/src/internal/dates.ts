import { ElicenseError } from '@elicense/core';

/** A proleptic Gregorian calendar date. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Earliest and latest years accepted in licence dates. */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2200;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CHINA_OFFSET_SECONDS = 8 * 3600;
/** ECMAScript Date range, in seconds. */
const MAX_EPOCH_SECONDS = 8.64e12 - CHINA_OFFSET_SECONDS;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parse `YYYY-MM-DD` into a real calendar date within [MIN_YEAR, MAX_YEAR]; `undefined` if it is none. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const m = DATE_RE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Build `YYYY-MM-DD` from the 8 digits `YYYYMMDD` (as in a citizen ID number); `undefined` if not a real date. */
export function dateFromCompact(digits: string): string | undefined {
  const text = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  return parseCalendarDate(text) === undefined ? undefined : text;
}

/** Throw ERR_INVALID_ARGUMENT unless `now` is a usable Unix time in seconds. */
export function assertEpochSeconds(now: unknown, name: string): asserts now is number {
  if (typeof now !== 'number' || !Number.isFinite(now) || Math.abs(now) > MAX_EPOCH_SECONDS) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be a finite Unix time in seconds, got ${describe(now)}`);
  }
}

/** The calendar date in China (UTC+8, no daylight saving time) at Unix time `epochSeconds`. */
export function chinaDateOf(epochSeconds: number): CalendarDate {
  const d = new Date(Math.floor(epochSeconds + CHINA_OFFSET_SECONDS) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Compare two dates: negative, zero or positive. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * Completed years between `birth` and `on`. The age goes up on the birthday; someone born on 29 February
 * gets one year older on 1 March in common years. `on` must not lie before `birth`.
 */
export function completedYears(birth: CalendarDate, on: CalendarDate): number {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}

/**
 * The `years`-th anniversary of `from`, as `YYYY-MM-DD` strings: one date, or for a 29 February start
 * in a common target year both 28 February and 1 March (authorities print either).
 */
export function anniversaries(from: CalendarDate, years: number): string[] {
  const year = from.year + years;
  if (from.month === 2 && from.day === 29 && !isLeapYear(year)) {
    return [formatCalendarDate({ year, month: 2, day: 28 }), formatCalendarDate({ year, month: 3, day: 1 })];
  }
  return [formatCalendarDate({ year, month: from.month, day: from.day })];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  return typeof v;
}
