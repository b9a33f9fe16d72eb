/**
 * @module @elicense/ledger/node
 *
 * The embedded file ledger for Node: a hash-chained, append-only JSON Lines file with signed
 * checkpoints, crash-safe appends and a single-writer lock. Its receipts verify offline with
 * `verifyFileLedgerReceipt` from `@elicense/ledger` (browser-safe).
 */
export { FileLedger } from './node/file-ledger.js';
export type { FileLedgerOptions } from './node/file-ledger.js';
