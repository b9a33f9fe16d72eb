import { checkAnchorRecord } from './internal/record.js';
import type { AnchorRecord } from './types.js';

/**
 * Check that a value is an {@link AnchorRecord} and nothing more: exactly `uri` (a non-empty string of
 * at most 2048 characters), `version` (a positive safe integer), `digest` (43-character base64url, a
 * SHA-256 digest) and `time` (Unix seconds, a non-negative integer). Any other member — such as
 * personal data slipped into an anchor — is refused. Throws `ERR_INVALID_ARGUMENT` naming the field.
 *
 * @example
 * ```ts
 * assertAnchorRecord({ uri: 'https://gov.example/status/1', version: 1, digest, time: 1767225600 })
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#section-5.1
 */
export function assertAnchorRecord(record: unknown): asserts record is AnchorRecord {
  checkAnchorRecord(record, 'record');
}
