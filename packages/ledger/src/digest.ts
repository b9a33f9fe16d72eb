/**
 * @module @elicense/ledger/digest
 *
 * What a verifier needs to hold a status list token against its anchor: the anchored digest of a
 * token, and the anchor types. The same as the main entry's; a browser verifier that imports them
 * from here does not bundle the file ledger's receipt verification.
 */
export type { AnchorRecord, AnchorReceipt } from './types.js';
export { digestStatusListToken } from './digest-status-list-token.js';
