import { ElicenseError } from '../errors.js';
import type { ClaimPath } from './types.js';

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * Normalize a claim path: an array is checked (strings, `null`, non-negative integers; not empty), a
 * dotted string is split on `.` with all-digit segments read as array indices
 * (`'nationalities.0'` → `['nationalities', 0]`). Keys that contain a dot need the array form.
 * Bad input throws `ERR_INVALID_ARGUMENT`.
 *
 * When a path is matched, an index against an object selects the key of the same digits
 * (`'age_equal_or_over.18'`), and an all-digit string against an array selects that index.
 *
 * @example
 * ```ts
 * parseClaimPath('address.street_address') // ['address', 'street_address']
 * parseClaimPath(['degrees', null, 'type'])  // unchanged
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-5.6.1
 */
export function parseClaimPath(path: ClaimPath | string): ClaimPath {
  if (typeof path === 'string') {
    if (path.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'claim path must not be an empty string');
    const segments = path.split('.');
    return segments.map((s, i) => {
      if (s.length === 0) {
        throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim path ${JSON.stringify(path)} has an empty segment at position ${i}; use the array form for keys that contain "."`);
      }
      return INDEX.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s;
    });
  }
  if (!Array.isArray(path)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim path must be an array or a dotted string, got ${path === null ? 'null' : typeof path}`);
  }
  if (path.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'claim path must not be empty');
  for (let i = 0; i < path.length; i++) {
    const c: unknown = path[i];
    const ok = c === null || typeof c === 'string' || (typeof c === 'number' && Number.isSafeInteger(c) && c >= 0);
    if (!ok) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `claim path component ${i} must be a string, null or a non-negative integer, got ${JSON.stringify(c) ?? typeof c}`);
    }
  }
  return [...(path as ClaimPath)];
}

/**
 * Format a concrete claim path for messages and as a dotted string (`['nationalities', 0]` → `nationalities.0`).
 *
 * @example
 * ```ts
 * formatClaimPath(['address', 'country']) // 'address.country'
 * ```
 */
export function formatClaimPath(path: ClaimPath): string {
  return path.map((c) => (c === null ? '*' : String(c))).join('.');
}
