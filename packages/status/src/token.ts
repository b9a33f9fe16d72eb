/**
 * @module @elicense/status/token
 *
 * The reading side of the IETF Token Status List alone: verify a Status List Token, read a
 * Referenced Token's `status.status_list`, and look statuses up in the decoded list. The same
 * functions as the main entry; a browser verifier that imports them from here does not bundle the
 * W3C Bitstring Status List, the encoders or index allocation.
 */
export { StatusType } from './status-type.js';
export type { StatusBits } from './status-type.js';
export { StatusList } from './status-list.js';
export { decodeStatusList } from './decode-status-list.js';
export type { DecodeStatusListOptions } from './decode-status-list.js';
export { decodeStatusListToken } from './decode-status-list-token.js';
export { verifyStatusListToken } from './verify-status-list-token.js';
export type { VerifiedStatusListToken, VerifyStatusListTokenOptions } from './verify-status-list-token.js';
export { readStatusReference } from './read-status-reference.js';
