/**
 * The Status Types of the IETF Token Status List: the value a Status List holds for a Referenced
 * Token. `0x03` and `0x0C`–`0x0F` are application specific; other values are reserved.
 *
 * @example
 * ```ts
 * if (list.get(idx) === StatusType.INVALID) console.log('revoked')
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-status-types-values
 */
export const StatusType = {
  /** 0x00 — valid, correct or legal. */
  VALID: 0,
  /** 0x01 — revoked, annulled, taken back, recalled or cancelled. */
  INVALID: 1,
  /** 0x02 — temporarily invalid (suspended). */
  SUSPENDED: 2,
} as const;

/**
 * Bits per Referenced Token in a Status List (IETF `bits`; W3C `statusSize` as elicense supports it).
 *
 * @example
 * ```ts
 * const bits: StatusBits = 2 // VALID, INVALID, SUSPENDED and one application-specific value
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-compressed-byte-array
 */
export type StatusBits = 1 | 2 | 4 | 8;

/**
 * The minimum number of entries of a W3C Bitstring Status List (`minimumNumberOfEntries`, 16 KiB of
 * 1-bit entries), below which the Validate algorithm raises STATUS_LIST_LENGTH_ERROR. Also the size
 * elicense recommends for IETF lists, so that a list hides how many tokens it covers.
 *
 * @example
 * ```ts
 * const list = new StatusList(MIN_STATUS_LIST_SIZE, 2)
 * ```
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
 */
export const MIN_STATUS_LIST_SIZE = 131072;
