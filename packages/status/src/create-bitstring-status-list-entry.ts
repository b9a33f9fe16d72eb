import { assertObject, invalidArgument } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { isUrl } from './internal/checks.js';

/** Options for {@link createBitstringStatusListEntry}. */
export interface CreateBitstringStatusListEntryOptions {
  /** URL of the BitstringStatusListCredential (`statusListCredential`). */
  uri: string;
  /** The credential's index in the list. */
  index: number;
  /** `revocation` or `suspension`. */
  statusPurpose: 'revocation' | 'suspension';
}

/**
 * A `BitstringStatusListEntry` for a credential's `credentialStatus`: `id` is `<uri>#<index>`,
 * `statusListIndex` the index as a base-10 string.
 *
 * @example
 * ```ts
 * createBitstringStatusListEntry({ uri: 'https://example.com/credentials/status/3', index: 94567, statusPurpose: 'revocation' })
 * // { id: 'https://example.com/credentials/status/3#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
 * //   statusListIndex: '94567', statusListCredential: 'https://example.com/credentials/status/3' }
 * ```
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
 */
export function createBitstringStatusListEntry(options: CreateBitstringStatusListEntryOptions): JsonObject {
  assertObject(options, 'options');
  const { uri, index, statusPurpose } = options;
  if (!isUrl(uri)) throw invalidArgument('options.uri', 'a URL', uri);
  if (uri.includes('#')) throw invalidArgument('options.uri', 'a URL without a fragment', uri);
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) throw invalidArgument('options.index', 'a non-negative integer', index);
  if (statusPurpose !== 'revocation' && statusPurpose !== 'suspension') {
    throw invalidArgument('options.statusPurpose', '"revocation" or "suspension"', statusPurpose);
  }
  return {
    id: `${uri}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose,
    statusListIndex: String(index),
    statusListCredential: uri,
  };
}
