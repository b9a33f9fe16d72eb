import { ElicenseError, assertString } from '@elicense/core';
import { assertAnchorRecord } from '@elicense/ledger';
import type { AnchorRecord } from '@elicense/ledger';

/** A lone UTF-16 surrogate: such a string has no UTF-8 form, so the chain would store another URI. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `assertAnchorRecord`, plus what the chain needs: a URI that encodes to UTF-8 unchanged. Returns a
 * copy holding exactly the four members.
 */
export function checkRecord(record: unknown): AnchorRecord {
  assertAnchorRecord(record);
  checkUri(record.uri, 'record.uri');
  return { uri: record.uri, version: record.version, digest: record.digest, time: record.time };
}

/** True when two records are the same anchor. */
export function sameRecord(a: AnchorRecord, b: AnchorRecord): boolean {
  return a.uri === b.uri && a.version === b.version && a.digest === b.digest && a.time === b.time;
}

/** A non-empty string that encodes to UTF-8 unchanged (the contract keys lists by its UTF-8 bytes). */
export function checkUri(uri: unknown, name: string): asserts uri is string {
  assertString(uri, name);
  if (LONE_SURROGATE.test(uri)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name} must be well-formed Unicode (it has a lone surrogate, which has no UTF-8 form)`, {
      details: { field: name },
    });
  }
}
