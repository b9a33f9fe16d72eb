import { ElicenseError, decodeBase64url } from '@elicense/core';
import { zlibDecompress } from '#compress';
import { checkMaxBytes, checkOptions, isStatusBits } from './internal/checks.js';
import { adoptPacked, type StatusList } from './status-list.js';
import type { StatusBits } from './status-type.js';

/** Options for {@link decodeStatusList}. */
export interface DecodeStatusListOptions {
  /** Largest decompressed list accepted, in bytes (against zip bombs). Default 16 MiB. */
  maxBytes?: number;
}

/**
 * Decode an IETF `lst` (base64url of a ZLIB-compressed, LSB-first byte array) with its `bits`. The
 * list keeps the decompressed bytes as they are: decoding costs one inflate, whatever the size.
 * A corrupt or truncated `lst`, or `bits` outside 1/2/4/8, throws `ERR_STATUS_LIST_INVALID`; a list
 * larger than `maxBytes` throws `ERR_INPUT_TOO_LARGE`.
 *
 * @example
 * ```ts
 * decodeStatusList('eNrbuRgAAhcBXQ', 1).get(0) // 1 (INVALID)
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-validation-rules
 */
export function decodeStatusList(lst: string, bits: StatusBits, options?: DecodeStatusListOptions): StatusList {
  const maxBytes = checkMaxBytes(checkOptions(options).maxBytes);
  if (!isStatusBits(bits)) {
    throw new ElicenseError('ERR_STATUS_LIST_INVALID', `status list bits must be 1, 2, 4 or 8, got ${JSON.stringify(bits) ?? typeof bits}`);
  }
  if (typeof lst !== 'string' || lst.length === 0) throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'status list lst must be a non-empty string');
  const compressed = decodeBase64url(lst, 'ERR_STATUS_LIST_INVALID', 'status list lst');
  const bytes = zlibDecompress(compressed, maxBytes, 'status list lst');
  if (bytes.length === 0) throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'status list lst decompresses to an empty list');
  return adoptPacked(bytes, bits, false);
}
