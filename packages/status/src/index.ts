/**
 * @module @elicense/status
 *
 * Status lists for e-licences. IETF Token Status List: packed 1/2/4/8-bit lists, `lst` encoding
 * (ZLIB, LSB-first), signed Status List Tokens (`statuslist+jwt`) and the `status.status_list`
 * reference of a Referenced Token. W3C Bitstring Status List: `encodedList` (GZIP, MSB-first,
 * multibase), BitstringStatusListEntry and BitstringStatusListCredential as a JWT. And index
 * allocation that leaks nothing: a keyed pseudo-random permutation of list positions. Runs in
 * browsers; on Node, compression uses node:zlib.
 */
export { StatusType, MIN_STATUS_LIST_SIZE } from './status-type.js';
export type { StatusBits } from './status-type.js';
export { StatusList } from './status-list.js';
export { encodeStatusList } from './encode-status-list.js';
export { decodeStatusList } from './decode-status-list.js';
export type { DecodeStatusListOptions } from './decode-status-list.js';
export { encodeBitstringStatusList } from './encode-bitstring-status-list.js';
export { decodeBitstringStatusList } from './decode-bitstring-status-list.js';
export type { DecodeBitstringStatusListOptions } from './decode-bitstring-status-list.js';
export { createStatusListToken } from './create-status-list-token.js';
export type { CreateStatusListTokenOptions } from './create-status-list-token.js';
export { decodeStatusListToken } from './decode-status-list-token.js';
export { verifyStatusListToken } from './verify-status-list-token.js';
export type { VerifiedStatusListToken, VerifyStatusListTokenOptions } from './verify-status-list-token.js';
export { readStatusReference } from './read-status-reference.js';
export { createBitstringStatusListCredentialJwt } from './create-bitstring-status-list-credential.js';
export type { CreateBitstringStatusListCredentialJwtOptions } from './create-bitstring-status-list-credential.js';
export { verifyBitstringStatusListCredentialJwt } from './verify-bitstring-status-list-credential.js';
export type {
  VerifiedBitstringStatusListCredential,
  VerifyBitstringStatusListCredentialJwtOptions,
} from './verify-bitstring-status-list-credential.js';
export { createBitstringStatusListEntry } from './create-bitstring-status-list-entry.js';
export type { CreateBitstringStatusListEntryOptions } from './create-bitstring-status-list-entry.js';
export { readBitstringStatusListEntry } from './read-bitstring-status-list-entry.js';
export { IndexPermutation } from './index-permutation.js';
export { generatePermutationKey } from './generate-permutation-key.js';
