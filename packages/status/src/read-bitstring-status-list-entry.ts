import { ElicenseError, isJsonObject } from '@elicense/core';
import { isStatusBits, isUrl } from './internal/checks.js';

function malformed(reason: string): ElicenseError {
  return new ElicenseError('ERR_TOKEN_MALFORMED', `invalid BitstringStatusListEntry: ${reason} (MALFORMED_VALUE_ERROR)`);
}

/**
 * Read and check a `BitstringStatusListEntry` from a credential's `credentialStatus`: `type`,
 * `statusPurpose` (a string), `statusListIndex` (a base-10 string of digits), `statusListCredential`
 * (a URL, not equal to `id`), and `statusSize` (default 1; elicense supports 1, 2, 4 and 8) with its
 * `statusMessage` array of 2^statusSize `{ status, message }` entries when `statusSize` > 1.
 * Anything malformed throws `ERR_TOKEN_MALFORMED`.
 *
 * @example
 * ```ts
 * readBitstringStatusListEntry(vc.credentialStatus)
 * // { statusPurpose: 'revocation', index: 94567, uri: 'https://example.com/credentials/status/3', statusSize: 1 }
 * ```
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
 */
export function readBitstringStatusListEntry(entry: unknown): { statusPurpose: string; index: number; uri: string; statusSize: number } {
  if (!isJsonObject(entry)) throw malformed('it must be a JSON object');
  if (entry.type !== 'BitstringStatusListEntry') throw malformed(`type must be "BitstringStatusListEntry", got ${JSON.stringify(entry.type) ?? 'nothing'}`);
  const { id, statusPurpose, statusListIndex, statusListCredential, statusSize, statusMessage } = entry;
  if (typeof statusPurpose !== 'string' || statusPurpose.length === 0) throw malformed('statusPurpose must be a non-empty string');
  if (typeof statusListIndex !== 'string' || !/^[0-9]+$/.test(statusListIndex)) {
    throw malformed(`statusListIndex must be a base-10 integer in a string, got ${JSON.stringify(statusListIndex) ?? 'nothing'}`);
  }
  const index = Number(statusListIndex);
  if (!Number.isSafeInteger(index)) {
    throw new ElicenseError('ERR_STATUS_INDEX_OUT_OF_RANGE', `statusListIndex ${statusListIndex} is beyond any status list`);
  }
  if (!isUrl(statusListCredential)) throw malformed('statusListCredential must be a URL');
  if (id !== undefined && (typeof id !== 'string' || id === statusListCredential)) {
    throw malformed('id, when present, must be a URL other than statusListCredential');
  }
  let size = 1;
  if (statusSize !== undefined) {
    if (typeof statusSize !== 'number' || !Number.isSafeInteger(statusSize) || statusSize <= 0) throw malformed('statusSize must be a positive integer');
    if (!isStatusBits(statusSize)) throw malformed(`statusSize ${statusSize} is not supported (1, 2, 4 or 8)`);
    size = statusSize;
  }
  if (statusMessage !== undefined || size > 1) {
    if (!Array.isArray(statusMessage)) throw malformed('statusMessage must be an array (required when statusSize is greater than 1)');
    if (statusMessage.length !== 2 ** size) throw malformed(`statusMessage must have ${2 ** size} entries for statusSize ${size}`);
    for (const m of statusMessage) {
      if (!isJsonObject(m) || typeof m.status !== 'string' || !/^0x[0-9a-fA-F]+$/.test(m.status) || typeof m.message !== 'string') {
        throw malformed('each statusMessage entry must have a hexadecimal "status" (0x…) and a "message" string');
      }
    }
  }
  return { statusPurpose, index, uri: statusListCredential, statusSize: size };
}
