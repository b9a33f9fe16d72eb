import { ElicenseError, decodeBase64url, invalidArgument } from '@elicense/core';
import { gzipDecompress } from '#compress';
import { checkBits, checkMaxBytes, checkOptions } from './internal/checks.js';
import { adoptPacked, type StatusList } from './status-list.js';
import { MIN_STATUS_LIST_SIZE, type StatusBits } from './status-type.js';

/** Options for {@link decodeBitstringStatusList}. */
export interface DecodeBitstringStatusListOptions {
  /** Bits per entry (`statusSize` of the entry). Default 1. */
  statusSize?: StatusBits;
  /** Fewest entries accepted (`minimumNumberOfEntries`). Default 131072; lower it only when an ecosystem says so. */
  minEntries?: number;
  /** Also accept a StatusList2021 `encodedList` (no multibase `u` prefix). Default false. */
  allowStatusList2021?: boolean;
  /** Largest decompressed bitstring accepted, in bytes (against zip bombs). Default 16 MiB. */
  maxBytes?: number;
}

/**
 * Decode a W3C Bitstring Status List `encodedList` (Bitstring Expansion Algorithm): strip the
 * multibase `u`, base64url-decode, GUNZIP, and read entries of `statusSize` bits from the left-most
 * (most significant) bit. A list of fewer than `minEntries` entries throws `ERR_STATUS_LIST_LENGTH`
 * (STATUS_LIST_LENGTH_ERROR); a malformed one `ERR_STATUS_LIST_INVALID`; one larger than `maxBytes`
 * `ERR_INPUT_TOO_LARGE`. StatusList2021 strings are refused unless `allowStatusList2021` is set.
 *
 * @example
 * ```ts
 * decodeBitstringStatusList('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA').get(94567) // 0
 * ```
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-expansion-algorithm
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
 */
export function decodeBitstringStatusList(encodedList: string, options?: DecodeBitstringStatusListOptions): StatusList {
  const o = checkOptions(options);
  const statusSize = o.statusSize === undefined ? 1 : checkBits(o.statusSize, 'options.statusSize');
  const minEntries = o.minEntries ?? MIN_STATUS_LIST_SIZE;
  if (typeof minEntries !== 'number' || !Number.isSafeInteger(minEntries) || minEntries < 0) {
    throw invalidArgument('options.minEntries', 'a non-negative integer', o.minEntries);
  }
  if (o.allowStatusList2021 !== undefined && typeof o.allowStatusList2021 !== 'boolean') {
    throw invalidArgument('options.allowStatusList2021', 'a boolean', o.allowStatusList2021);
  }
  const maxBytes = checkMaxBytes(o.maxBytes);
  if (typeof encodedList !== 'string' || encodedList.length === 0) {
    throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'encodedList must be a non-empty string');
  }
  let encoded: string;
  if (encodedList.startsWith('u')) encoded = encodedList.slice(1);
  else if (o.allowStatusList2021 === true) encoded = encodedList;
  else {
    throw new ElicenseError(
      'ERR_STATUS_LIST_INVALID',
      'encodedList must start with the multibase prefix "u" (base64url); a StatusList2021 list needs allowStatusList2021',
    );
  }
  const compressed = decodeBase64url(encoded, 'ERR_STATUS_LIST_INVALID', 'encodedList');
  const bytes = gzipDecompress(compressed, maxBytes, 'encodedList');
  if (bytes.length === 0) throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'encodedList decompresses to an empty bitstring');
  const entries = (bytes.length * 8) / statusSize;
  if (entries < minEntries) {
    throw new ElicenseError(
      'ERR_STATUS_LIST_LENGTH',
      `the status list has ${entries} entries, fewer than the ${minEntries} required for herd privacy (STATUS_LIST_LENGTH_ERROR)`,
      { details: { entries, minEntries } },
    );
  }
  return adoptPacked(bytes, statusSize, true);
}
