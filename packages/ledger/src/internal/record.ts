import { ElicenseError, invalidArgument } from '@elicense/core';
import type { AnchorRecord } from '../types.js';

/** The longest status list URI an anchor accepts, in UTF-16 code units. */
export const MAX_ANCHOR_URI_LENGTH = 2048;

const FIELDS = ['uri', 'version', 'digest', 'time'] as const;
/** 43 base64url characters; the last one carries 2 unused bits, which must be zero (canonical form). */
const DIGEST = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** `assertAnchorRecord` with the argument's name for messages (e.g. `receipt.record`). */
export function checkAnchorRecord(record: unknown, name: string): asserts record is AnchorRecord {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw invalidArgument(name, 'an object { uri, version, digest, time }', record);
  }
  const r = record as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra.length > 0) {
    throw new ElicenseError(
      'ERR_INVALID_ARGUMENT',
      `${name} has members an anchor must not carry: ${extra.map((k) => JSON.stringify(k)).join(', ')} (only uri, version, digest, time; never personal data)`,
      { details: { field: extra[0] } },
    );
  }
  for (const f of FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(r, f)) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}.${f} is missing`, { details: { field: f } });
    }
  }
  const { uri, version, digest, time } = r;
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_ANCHOR_URI_LENGTH) {
    throw invalidArgument(`${name}.uri`, `a non-empty string of at most ${MAX_ANCHOR_URI_LENGTH} characters`, uri);
  }
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw invalidArgument(`${name}.version`, 'a positive safe integer', version);
  }
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw invalidArgument(`${name}.digest`, 'a base64url SHA-256 digest (43 characters, no padding)', digest);
  }
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || time < 0) {
    throw invalidArgument(`${name}.time`, 'Unix seconds (a non-negative integer)', time);
  }
}

/** A fresh copy holding exactly the four members, in their fixed order. */
export function copyAnchorRecord(r: AnchorRecord): AnchorRecord {
  return { uri: r.uri, version: r.version, digest: r.digest, time: r.time };
}

/** True when two records are the same anchor. */
export function sameAnchorRecord(a: AnchorRecord, b: AnchorRecord): boolean {
  return a.uri === b.uri && a.version === b.version && a.digest === b.digest && a.time === b.time;
}
