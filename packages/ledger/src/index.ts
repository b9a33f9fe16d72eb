/**
 * @module @elicense/ledger
 *
 * Anchoring of status list publications on a ledger.
 */
export type { AnchorRecord, AnchorReceipt, LedgerAdapter } from './types.js';
