import { ElicenseError, InvalidClaimError } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { parseCalendarDate } from './dates.js';

/** The path of the whole claims object in error reports. */
export const ROOT = '$';

/** Path of `key` below `path` (`spouse_a.name`, `vehicle_classes[1]`). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return path === ROOT ? shown : `${path}.${shown}`;
}

/** Throw ERR_INVALID_ARGUMENT unless `field` is a non-empty string (the optional field-name argument). */
export function assertFieldName(field: unknown): asserts field is string {
  if (typeof field !== 'string' || field.length === 0 || field.length > 256) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'field must be a non-empty string of at most 256 characters');
  }
}

/** True for a plain JSON-like object: not null, not an array, not a class instance. */
function isPlainObject(v: unknown): v is JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Read a claims object with a closed set of members: refuses non-objects, members not in `required`
 * or `optional` (a government credential must not smuggle data), and missing required members.
 */
export function readObject(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): JsonObject {
  if (!isPlainObject(value)) throw new InvalidClaimError(path, `must be a JSON object, got ${typeName(value)}`);
  const known = new Set([...required, ...optional]);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new InvalidClaimError(childPath(path, key), 'is not a claim of this licence type; unknown claims are refused');
  }
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(value, key) || value[key] === undefined) {
      throw new InvalidClaimError(childPath(path, key), 'is required');
    }
  }
  return value;
}

/** True when the optional member `key` is present (not undefined). */
export function isPresent(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
}

/** Require a string no longer than `maxUnits` UTF-16 code units (checked before any other work). */
export function readString(value: unknown, path: string, maxUnits: number): string {
  if (typeof value !== 'string') throw new InvalidClaimError(path, `must be a string, got ${typeName(value)}`);
  if (value.length > maxUnits) throw new InvalidClaimError(path, `is too long (at most ${maxUnits} characters)`);
  return value;
}

// C0/C1 controls, line/paragraph separators, zero-width and bidirectional formatting characters, BOM.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** True when `s` holds an unpaired UTF-16 surrogate (not well-formed Unicode). */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

/**
 * Free text (names, addresses, authorities): a string, NFC-normalised and trimmed, non-empty, at most
 * `maxChars` characters (code points), without control, invisible or bidirectional-override characters.
 */
export function readText(value: unknown, path: string, maxChars: number): string {
  const raw = readString(value, path, maxChars * 2 + 64);
  if (hasLoneSurrogate(raw)) throw new InvalidClaimError(path, 'is not well-formed Unicode');
  const text = raw.normalize('NFC').trim();
  if (text.length === 0) throw new InvalidClaimError(path, 'must not be empty');
  if (FORBIDDEN_CHARS.test(text)) throw new InvalidClaimError(path, 'contains control, invisible or bidirectional formatting characters');
  let count = 0;
  for (const _ of text) count++;
  if (count > maxChars) throw new InvalidClaimError(path, `is too long (at most ${maxChars} characters)`);
  return text;
}

/** A real calendar date written `YYYY-MM-DD`. */
export function readDate(value: unknown, path: string): string {
  const text = readString(value, path, 10);
  if (parseCalendarDate(text) === undefined) {
    throw new InvalidClaimError(path, 'must be a real calendar date written YYYY-MM-DD (years 1800-2200)');
  }
  return text;
}

/** A period `{ from, to }`; `to` may be `null` (长期, long-term) when `openEnded`; `to` must follow `from`. */
export function readPeriod(value: unknown, path: string, openEnded: boolean): { from: string; to: string | null } {
  const o = readObject(value, path, ['from', 'to']);
  const from = readDate(o.from, childPath(path, 'from'));
  if (o.to === null) {
    if (!openEnded) throw new InvalidClaimError(childPath(path, 'to'), 'must be a date');
    return { from, to: null };
  }
  const to = readDate(o.to, childPath(path, 'to'));
  if (to <= from) throw new InvalidClaimError(childPath(path, 'to'), 'must be later than from');
  return { from, to };
}

/** Look a code or label up in `table` (input → canonical value, input trimmed); refuse anything else. */
export function readEnumeration(value: unknown, path: string, table: ReadonlyMap<string, string>, what: string): string {
  const text = readString(value, path, 64).trim();
  const hit = table.get(text);
  if (hit === undefined) throw new InvalidClaimError(path, `is not a known ${what}`);
  return hit;
}
