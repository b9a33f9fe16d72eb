import { encodeBase64url } from '@elicense/core';
import { zlibCompress } from '#compress';
import { toStatusList } from './internal/to-status-list.js';
import { packedBytes, type StatusList } from './status-list.js';
import type { StatusBits } from './status-type.js';

/**
 * Encode a Status List as the IETF `lst`: the LSB-first byte array, compressed with DEFLATE in the
 * ZLIB format at the highest level, base64url without padding. Pass a {@link StatusList}, or an
 * array of status values with their `bits` (default 1).
 *
 * @example
 * ```ts
 * encodeStatusList([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]) // 'eNrbuRgAAhcBXQ'
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-status-list-in-json-format
 */
export function encodeStatusList(list: StatusList | ArrayLike<number>, bits?: StatusBits): string {
  const packed = packedBytes(toStatusList(list, bits, 'bits'), false);
  return encodeBase64url(zlibCompress(packed));
}
