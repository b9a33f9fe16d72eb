import { ElicenseError, isJsonObject, type JWK } from '@elicense/core';
import { checkAnchorRecord, copyAnchorRecord } from '../internal/record.js';
import { GENESIS_PREV, entryHash, readProof, verifyCheckpoint } from '../internal/file-ledger-format.js';
import { checkLedgerKey } from '../internal/ledger-key.js';
import type { AnchorReceipt, AnchorRecord } from '../types.js';
import { fileLedgerId } from './ledger-id.js';

function invalid(message: string, cause?: unknown, details?: Record<string, unknown>): ElicenseError {
  return new ElicenseError('ERR_LEDGER_RECEIPT_INVALID', message, {
    ...(cause === undefined ? {} : { cause }),
    ...(details === undefined ? {} : { details }),
  });
}

/**
 * Check a file ledger receipt offline, with only the ledger's public key: the receipt names this
 * ledger (`file:<thumbprint>`), the entry hash recomputes from `seq`, `prev` and the record, and the
 * checkpoint is signed by the key over that ledger, `seq` and head. Resolves with the record; anything
 * else rejects with `ERR_LEDGER_RECEIPT_INVALID`. A bad `publicJwk` is `ERR_INVALID_ARGUMENT`.
 *
 * It proves the ledger key signed this entry; that the entry is still in the file is what
 * `FileLedger.verifyReceipt` adds.
 *
 * @example
 * ```ts
 * const record = await verifyFileLedgerReceipt(receipt, ledgerPublicJwk)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function verifyFileLedgerReceipt(receipt: AnchorReceipt, publicJwk: JWK): Promise<AnchorRecord> {
  const key = checkLedgerKey(publicJwk, 'publicJwk', 'public');
  const id = await fileLedgerId(key.publicJwk);
  if (!isJsonObject(receipt)) throw invalid('receipt must be an object { ledger, record, proof }');
  if (Object.keys(receipt).sort().join(',') !== 'ledger,proof,record') {
    throw invalid('receipt must have exactly the members ledger, record and proof');
  }
  if (receipt.ledger !== id) throw invalid(`receipt is for ledger ${JSON.stringify(receipt.ledger)}, not ${id}`);
  try {
    checkAnchorRecord(receipt.record, 'receipt.record');
  } catch (cause) {
    throw invalid('receipt.record is not a valid anchor record', cause);
  }
  const record = copyAnchorRecord(receipt.record);
  const proof = readProof(receipt.proof);
  if (!proof) throw invalid(`receipt.proof must be { type: "elicense-file-ledger/v1", seq, prev, hash, checkpoint }`);
  const details = { seq: proof.seq };
  if (proof.seq === 0 && proof.prev !== GENESIS_PREV) throw invalid('receipt.proof.prev of the first entry must be the genesis value', undefined, details);
  if (proof.seq > 0 && proof.prev === GENESIS_PREV) throw invalid('receipt.proof.prev is the genesis value but seq is not 0', undefined, details);
  if ((await entryHash(proof.seq, proof.prev, record)) !== proof.hash) {
    throw invalid('receipt.proof.hash does not match the record, seq and prev', undefined, details);
  }
  await verifyCheckpoint(proof.checkpoint, { ...key, ledger: id, seq: proof.seq, head: proof.hash }, 'ERR_LEDGER_RECEIPT_INVALID');
  return record;
}
