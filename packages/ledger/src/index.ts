/**
 * @module @elicense/ledger
 *
 * Anchoring of status list publications on a ledger. An anchor ({@link AnchorRecord}) carries only
 * public metadata — the list URI, its version, the SHA-256 digest of the status list token and the
 * publication time — so a verifier can tell that the list it holds is the latest anchored one and an
 * issuer cannot quietly rewrite an old list. {@link LedgerAdapter} is the narrow interface every
 * ledger implements; this entry point is browser-safe and checks records and file ledger receipts
 * offline. The embedded file ledger itself lives in `@elicense/ledger/node`.
 */
export type { AnchorRecord, AnchorReceipt, LedgerAdapter } from './types.js';
export { digestStatusListToken } from './digest-status-list-token.js';
export { assertAnchorRecord } from './assert-anchor-record.js';
export { verifyFileLedgerReceipt } from './file-ledger/verify-receipt.js';
export { fileLedgerId } from './file-ledger/ledger-id.js';
