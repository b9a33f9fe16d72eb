import { ElicenseError, invalidArgument } from '@elicense/core';
import { assertAnchorRecord } from '@elicense/ledger';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import type { CredentialFormat, CredentialRecord, CredentialStatus, ListPublication, NewStatusList } from '../types.js';

/**
 * Argument checks shared by every store backend, so that each rejects the same misuse with the same
 * code. Every check returns a fresh copy holding only the known members (deep copy in).
 */

/** The credential formats a record may carry. */
export const FORMATS: Readonly<Record<CredentialFormat, true>> = { 'dc+sd-jwt': true, jwt_vc: true };

/** The credential statuses. */
export const STATUSES: Readonly<Record<CredentialStatus, true>> = { valid: true, revoked: true, suspended: true };

/** Bits per status list entry the stores accept. */
const BITS = new Set([1, 2, 4, 8]);

/** The largest list a store accepts (positions and indices must fit a 32-bit signed integer). */
export const MAX_LIST_SIZE = 2 ** 31 - 1;

/** The longest id, type, URI or key a store accepts, in UTF-16 code units. */
export const MAX_STRING_LENGTH = 2048;

/** The longest failure message kept in the outbox; longer ones are cut. */
export const MAX_ERROR_LENGTH = 2000;

const has = Object.prototype.hasOwnProperty;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string of at most {@link MAX_STRING_LENGTH} characters, without NUL (which no database text column holds). */
export function checkText(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_STRING_LENGTH || v.includes('\u0000')) {
    throw invalidArgument(name, `a non-empty string of at most ${MAX_STRING_LENGTH} characters, without NUL`, v);
  }
  return v;
}

/** Unix seconds: a non-negative safe integer. */
export function checkSeconds(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw invalidArgument(name, 'Unix seconds (a non-negative integer)', v);
  }
  return v;
}

/** The number of positions to allocate. */
export function checkCount(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > MAX_LIST_SIZE) {
    throw invalidArgument('count', `a whole number from 0 to ${MAX_LIST_SIZE}`, v);
  }
  return v;
}

/** The `open` callback of `allocate`. */
export function checkOpen(v: unknown): (listNumber: number) => NewStatusList {
  if (typeof v !== 'function') throw invalidArgument('open', 'a function (listNumber) => NewStatusList', v);
  return v as (listNumber: number) => NewStatusList;
}

/** What `open(listNumber)` returned. */
export function checkNewList(v: unknown): NewStatusList {
  const name = 'open(listNumber)';
  if (!isObject(v)) throw invalidArgument(name, 'an object { uri, size, bits, key, createdAt }', v);
  const size = v['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1 || size > MAX_LIST_SIZE) {
    throw invalidArgument(`${name}.size`, `a whole number from 1 to ${MAX_LIST_SIZE}`, size);
  }
  const bits = v['bits'];
  if (typeof bits !== 'number' || !BITS.has(bits)) throw invalidArgument(`${name}.bits`, '1, 2, 4 or 8', bits);
  return {
    uri: checkText(v['uri'], `${name}.uri`),
    size,
    bits: bits as NewStatusList['bits'],
    key: checkText(v['key'], `${name}.key`),
    createdAt: checkSeconds(v['createdAt'], `${name}.createdAt`),
  };
}

/** One credential record. */
export function checkRecord(v: unknown, name: string): CredentialRecord {
  if (!isObject(v)) throw invalidArgument(name, 'a CredentialRecord object', v);
  const format = v['format'];
  if (typeof format !== 'string' || !has.call(FORMATS, format)) {
    throw invalidArgument(`${name}.format`, `one of ${Object.keys(FORMATS).join(', ')}`, format);
  }
  const idx = v['idx'];
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0 || idx >= MAX_LIST_SIZE) {
    throw invalidArgument(`${name}.idx`, 'a non-negative whole number', idx);
  }
  const record: CredentialRecord = {
    id: checkText(v['id'], `${name}.id`),
    type: checkText(v['type'], `${name}.type`),
    format: format as CredentialFormat,
    listId: checkText(v['listId'], `${name}.listId`),
    idx,
    status: checkStatus(v['status'], `${name}.status`),
    issuedAt: checkSeconds(v['issuedAt'], `${name}.issuedAt`),
    updatedAt: checkSeconds(v['updatedAt'], `${name}.updatedAt`),
  };
  if (v['expiresAt'] !== undefined) record.expiresAt = checkSeconds(v['expiresAt'], `${name}.expiresAt`);
  return record;
}

/** The records of `saveCredentials`. */
export function checkRecords(v: unknown): CredentialRecord[] {
  if (!Array.isArray(v)) throw invalidArgument('records', 'an array of CredentialRecord', v);
  const out = new Array<CredentialRecord>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = checkRecord(v[i], `records[${i}]`);
  return out;
}

/** A credential status. */
export function checkStatus(v: unknown, name = 'status'): CredentialStatus {
  if (typeof v !== 'string' || !has.call(STATUSES, v)) throw invalidArgument(name, 'valid, revoked or suspended', v);
  return v as CredentialStatus;
}

/** The ids of `updateStatus`. */
export function checkIds(v: unknown): string[] {
  if (!Array.isArray(v)) throw invalidArgument('ids', 'an array of credential ids', v);
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = checkText(v[i], `ids[${i}]`);
  return out;
}

/** A list publication. */
export function checkPublication(v: unknown): ListPublication {
  const name = 'publication';
  if (!isObject(v)) throw invalidArgument(name, 'an object { version, revision, token, iat, exp }', v);
  const version = v['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw invalidArgument(`${name}.version`, 'a positive whole number', version);
  }
  const revision = v['revision'];
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    throw invalidArgument(`${name}.revision`, 'a non-negative whole number', revision);
  }
  const token = v['token'];
  if (typeof token !== 'string' || token.length === 0 || token.includes('\u0000')) {
    throw invalidArgument(`${name}.token`, 'a non-empty string (a signed status list token)', token);
  }
  const iat = checkSeconds(v['iat'], `${name}.iat`);
  const exp = checkSeconds(v['exp'], `${name}.exp`);
  if (exp <= iat) throw invalidArgument(`${name}.exp`, `later than publication.iat (${iat})`, exp);
  return { version, revision, token, iat, exp };
}

/** The anchor of a publication, which must name the same list and version. */
export function checkPublicationAnchor(v: unknown, publication: ListPublication): AnchorRecord {
  assertAnchorRecord(v);
  if (v.version !== publication.version) {
    throw invalidArgument('anchor.version', `the publication version (${publication.version})`, v.version);
  }
  return { uri: v.uri, version: v.version, digest: v.digest, time: v.time };
}

/** The anchor's URI must be the list's. */
export function assertAnchorUri(anchor: AnchorRecord, listUri: string): void {
  if (anchor.uri !== listUri) throw invalidArgument('anchor.uri', `the list URI ${JSON.stringify(listUri)}`, anchor.uri);
}

/**
 * A ledger receipt: a JSON copy. Its record must be the outbox entry's (same list URI, version and
 * digest), or it is the receipt of another anchor.
 */
export function checkReceipt(v: unknown, expected: AnchorRecord): AnchorReceipt {
  if (!isObject(v)) throw invalidArgument('receipt', 'an AnchorReceipt object { ledger, record, proof }', v);
  checkText(v['ledger'], 'receipt.ledger');
  if (!isObject(v['proof'])) throw invalidArgument('receipt.proof', 'an object', v['proof']);
  const record = v['record'];
  if (!isObject(record)) throw invalidArgument('receipt.record', 'an AnchorRecord object', record);
  if (record['uri'] !== expected.uri || record['version'] !== expected.version || record['digest'] !== expected.digest) {
    throw new ElicenseError('ERR_ANCHOR_MISMATCH', 'receipt.record is not the anchor of this outbox entry (uri, version or digest differ)', {
      details: { uri: expected.uri, version: expected.version },
    });
  }
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(v));
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'receipt must be plain JSON', { cause });
  }
  return copy as AnchorReceipt;
}

/** The failure message of an anchoring attempt, cut to {@link MAX_ERROR_LENGTH}. */
export function checkErrorMessage(v: unknown): string {
  if (typeof v !== 'string') throw invalidArgument('error', 'a string', v);
  const text = v.replaceAll('\u0000', '\uFFFD');
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH) : text;
}

/** An outbox entry id, `<listId>:<version>`. */
export function checkEntryId(v: unknown): string {
  return checkText(v, 'entryId');
}

/** A publication version. */
export function checkVersion(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw invalidArgument('version', 'a positive whole number', v);
  return v;
}

/** The error for an id naming no list. */
export function unknownList(id: string): ElicenseError {
  return new ElicenseError('ERR_STATUS_LIST_INVALID', `no status list with id ${JSON.stringify(id)} in this store`, { details: { listId: id } });
}

/** The error for an outbox entry id naming no entry. */
export function unknownEntry(id: string): ElicenseError {
  return new ElicenseError('ERR_INVALID_ARGUMENT', `entryId ${JSON.stringify(id)} names no outbox entry`, { details: { entryId: id } });
}

/** The error for a store used after `close()`. */
export function closedStore(): ElicenseError {
  return new ElicenseError('ERR_STORE_FAILED', 'the store is closed');
}
