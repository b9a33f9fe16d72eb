/**
 * Argument checks shared by every {@link WalletBackend}: a commit is checked whole, and copied,
 * before a backend changes anything, so a malformed record never leaves a half-applied commit.
 */
import { ElicenseError, invalidArgument, isJsonObject } from '@elicense/core';
import type { SealedRecord, WalletBackend } from '../storage/types.js';
import { IV_LENGTH, TAG_LENGTH } from './aes-gcm.js';

/** A checked commit: copies of the records, ids in order. */
export interface CheckedCommit {
  put: Array<[string, SealedRecord]>;
  delete: string[];
}

/** A non-empty string id. Throws `ERR_INVALID_ARGUMENT`. */
export function checkRecordId(id: unknown, name: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) throw invalidArgument(name, 'a non-empty record id', id);
}

/** Header bytes to write. Throws `ERR_INVALID_ARGUMENT`. */
export function checkHeader(header: unknown): Uint8Array {
  if (!(header instanceof Uint8Array) || header.length === 0) throw invalidArgument('header', 'non-empty bytes (Uint8Array)', header);
  return header.slice();
}

/** A copy of a record (the bytes copied, a CryptoKey shared: it is immutable). */
export function copyRecord(r: SealedRecord): SealedRecord {
  return r.cryptoKey === undefined ? { v: 1, iv: r.iv.slice(), ct: r.ct.slice() } : { v: 1, iv: r.iv.slice(), ct: r.ct.slice(), cryptoKey: r.cryptoKey };
}

/** Check a whole commit and copy it. Throws `ERR_INVALID_ARGUMENT` naming the first bad part. */
export function checkCommit(changes: unknown, backend: Pick<WalletBackend, 'keepsCryptoKeys'>): CheckedCommit {
  if (!isJsonObject(changes)) throw invalidArgument('changes', 'an object { put?, delete? }', changes);
  const puts = changes.put ?? [];
  const deletes = changes.delete ?? [];
  if (!Array.isArray(puts)) throw invalidArgument('changes.put', 'an array of [id, record] pairs', puts);
  if (!Array.isArray(deletes)) throw invalidArgument('changes.delete', 'an array of record ids', deletes);
  const seen = new Set<string>();
  const out: CheckedCommit = { put: [], delete: [] };
  puts.forEach((pair: unknown, i) => {
    const name = `changes.put[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) throw invalidArgument(name, 'an [id, record] pair', pair);
    const [id, r] = pair as [unknown, unknown];
    checkRecordId(id, `${name}[0]`);
    if (seen.has(id)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}: record id ${JSON.stringify(id)} appears twice in one commit`);
    seen.add(id);
    if (
      !isJsonObject(r) ||
      r.v !== 1 ||
      !(r.iv instanceof Uint8Array) ||
      r.iv.length !== IV_LENGTH ||
      !(r.ct instanceof Uint8Array) ||
      r.ct.length < TAG_LENGTH
    ) {
      throw invalidArgument(`${name}[1]`, `a SealedRecord { v: 1, iv: ${IV_LENGTH} bytes, ct: at least ${TAG_LENGTH} bytes }`, r);
    }
    if (r.cryptoKey !== undefined) {
      if (typeof CryptoKey === 'undefined' || !(r.cryptoKey instanceof CryptoKey)) {
        throw invalidArgument(`${name}[1].cryptoKey`, 'a CryptoKey', r.cryptoKey);
      }
      if (!backend.keepsCryptoKeys) {
        throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}[1].cryptoKey: this backend cannot keep CryptoKey objects (keepsCryptoKeys is false)`);
      }
    }
    out.put.push([id, copyRecord(r as unknown as SealedRecord)]);
  });
  deletes.forEach((id: unknown, i) => {
    checkRecordId(id, `changes.delete[${i}]`);
    if (seen.has(id)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `changes.delete[${i}]: record id ${JSON.stringify(id)} is also put (or deleted twice)`);
    seen.add(id);
    out.delete.push(id);
  });
  return out;
}
