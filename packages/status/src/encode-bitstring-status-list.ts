import { encodeBase64url } from '@elicense/core';
import { gzipCompress } from '#compress';
import { toStatusList } from './internal/to-status-list.js';
import { packedBytes, type StatusList } from './status-list.js';
import type { StatusBits } from './status-type.js';

/**
 * Encode a W3C Bitstring Status List `encodedList`: the bitstring with index 0 at the left-most
 * (most significant) bit, GZIP-compressed, multibase base64url (`u` prefix, no padding). Each entry
 * takes `statusSize` bits (default 1, or the list's `bits`). Conforming lists have at least
 * {@link MIN_STATUS_LIST_SIZE} entries.
 *
 * @example
 * ```ts
 * encodeBitstringStatusList(new StatusList(MIN_STATUS_LIST_SIZE)) // 'uH4sIAAAAAAAA…'
 * ```
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-generation-algorithm
 */
export function encodeBitstringStatusList(list: StatusList | ArrayLike<number>, statusSize?: StatusBits): string {
  const packed = packedBytes(toStatusList(list, statusSize, 'statusSize'), true);
  return `u${encodeBase64url(gzipCompress(packed))}`;
}
