/**
 * What a ledger stores and returns. Anchors carry only public metadata about a status list
 * publication — never personal data.
 */
import type { JsonObject } from '@elicense/core';

/**
 * One anchored publication of a status list.
 *
 * @example
 * ```ts
 * const record: AnchorRecord = { uri: 'https://gov.example/status/1', version: 3, digest: await digestStatusListToken(token), time: 1767225600 }
 * ```
 */
export interface AnchorRecord {
  /** The status list URI (the `sub` of the status list token). */
  uri: string;
  /** Publication number of this list: a positive integer, strictly increasing per `uri`. */
  version: number;
  /** base64url (no padding) SHA-256 of the status list token exactly as published (its ASCII bytes). */
  digest: string;
  /** When the token was published, Unix seconds. */
  time: number;
}

/**
 * Proof that a ledger holds an {@link AnchorRecord}. `ledger` names the ledger instance
 * (e.g. `file:<key thumbprint>` or `evm:<chainId>:<contract address>`); `proof` is adapter-specific
 * plain JSON, so receipts can be stored, shipped in trust bundles and checked later.
 */
export interface AnchorReceipt {
  /** Identifier of the ledger instance that issued the receipt. */
  ledger: string;
  /** The anchored record. */
  record: AnchorRecord;
  /** Adapter-specific evidence (hash-chain entry and signed checkpoint, or transaction and log). */
  proof: JsonObject;
}

/**
 * A ledger that makes the history of every status list tamper-evident. Narrow on purpose: one async
 * method per operation, so Fabric, FISCO BCOS or any other ledger can sit behind it.
 *
 * Rules every adapter follows (checked by the shared conformance suite):
 * - `anchor` of a record whose `version` is not greater than the latest for its `uri` fails with
 *   `ERR_LEDGER_CONFLICT` — except re-anchoring the identical record, which returns the existing
 *   receipt (so a retry after a crash is safe).
 * - An unreachable ledger fails with `ERR_LEDGER_UNAVAILABLE`; nothing half-written is reported as anchored.
 * - `verifyReceipt` resolves with the record when the receipt is genuine and rejects with
 *   `ERR_LEDGER_RECEIPT_INVALID` otherwise.
 */
export interface LedgerAdapter {
  /** Identifier of this ledger instance; equals the `ledger` field of its receipts. */
  readonly id: string;
  /** Append a record; resolves once it is durably on the ledger. */
  anchor(record: AnchorRecord): Promise<AnchorReceipt>;
  /** The receipt of the highest version anchored for `uri`, or `undefined` when none. */
  latest(uri: string): Promise<AnchorReceipt | undefined>;
  /** Every receipt anchored for `uri`, oldest first. */
  history(uri: string): Promise<AnchorReceipt[]>;
  /** Check a receipt (this ledger's or one stored elsewhere); resolves with its record. */
  verifyReceipt(receipt: AnchorReceipt): Promise<AnchorRecord>;
  /** Release files, connections and timers. */
  close(): Promise<void>;
}
