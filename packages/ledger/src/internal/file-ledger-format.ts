/**
 * The file ledger's entry format, shared by the writer (`@elicense/ledger/node`) and the offline
 * receipt check. Browser-safe.
 */
import {
  ElicenseError,
  encodeBase64url,
  getHasher,
  isJsonObject,
  verifyJwt,
  type JWK,
  type JsonObject,
} from '@elicense/core';
import type { AnchorRecord } from '../types.js';

/** `proof.type` of a file ledger receipt. */
export const FILE_LEDGER_PROOF_TYPE = 'elicense-file-ledger/v1';
/** `typ` header of a checkpoint. */
export const CHECKPOINT_TYP = 'elicense-checkpoint+jwt';
/** `prev` of the first entry (seq 0): 32 zero bytes, base64url. */
export const GENESIS_PREV = encodeBase64url(new Uint8Array(32));

/** One line of the ledger file. */
export interface FileLedgerEntry {
  seq: number;
  prev: string;
  record: AnchorRecord;
  hash: string;
  checkpoint: string;
}

const HASH = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** True for a 43-character canonical base64url SHA-256 digest. */
export function isDigest(v: unknown): v is string {
  return typeof v === 'string' && HASH.test(v);
}

/** True for a non-negative safe integer. */
export function isSeq(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** The canonical bytes an entry hash covers: `{"seq":…,"prev":…,"record":{"uri":…,"version":…,"digest":…,"time":…}}`. */
export function canonicalEntryBytes(seq: number, prev: string, record: AnchorRecord): Uint8Array {
  const text = JSON.stringify({
    seq,
    prev,
    record: { uri: record.uri, version: record.version, digest: record.digest, time: record.time },
  });
  return new TextEncoder().encode(text);
}

/** `hash` of an entry: base64url SHA-256 over its canonical encoding. */
export async function entryHash(seq: number, prev: string, record: AnchorRecord): Promise<string> {
  return encodeBase64url(await getHasher('sha-256')(canonicalEntryBytes(seq, prev, record)));
}

/** The line written to the file for an entry (fixed key order), without the newline. */
export function serializeEntry(e: FileLedgerEntry): string {
  return JSON.stringify({
    seq: e.seq,
    prev: e.prev,
    record: { uri: e.record.uri, version: e.record.version, digest: e.record.digest, time: e.record.time },
    hash: e.hash,
    checkpoint: e.checkpoint,
  });
}

/** The checkpoint payload for the head `hash` at `seq`. */
export function checkpointPayload(ledger: string, seq: number, head: string, iat: number): JsonObject {
  return { ledger, seq, head, iat };
}

/**
 * Verify a checkpoint: signed by `publicJwk` with `alg`, `typ` {@link CHECKPOINT_TYP}, payload exactly
 * `{ ledger, seq, head, iat }` matching the expected values. Throws with `code` on any mismatch.
 */
export async function verifyCheckpoint(
  checkpoint: unknown,
  expected: { publicJwk: JWK; alg: 'ES256' | 'EdDSA'; ledger: string; seq: number; head: string },
  code: 'ERR_LEDGER_RECEIPT_INVALID' | 'ERR_LEDGER_TAMPERED',
): Promise<void> {
  const details = { seq: expected.seq };
  if (typeof checkpoint !== 'string') throw new ElicenseError(code, `checkpoint at seq ${expected.seq} must be a compact JWS`, { details });
  let payload: JsonObject;
  try {
    ({ payload } = await verifyJwt(checkpoint, {
      key: expected.publicJwk,
      algorithms: [expected.alg],
      typ: CHECKPOINT_TYP,
      what: 'checkpoint',
      malformedCode: code,
      signatureCode: code,
    }));
  } catch (cause) {
    throw new ElicenseError(code, `checkpoint at seq ${expected.seq} does not verify with the ledger key`, { cause, details });
  }
  const keys = Object.keys(payload).sort().join(',');
  if (
    keys !== 'head,iat,ledger,seq' ||
    payload.ledger !== expected.ledger ||
    payload.seq !== expected.seq ||
    payload.head !== expected.head ||
    !isSeq(payload.iat)
  ) {
    throw new ElicenseError(code, `checkpoint at seq ${expected.seq} does not match the entry (ledger, seq, head)`, { details });
  }
}

/** Read `{ type, seq, prev, hash, checkpoint }` from a proof, or undefined when its shape is wrong. */
export function readProof(proof: unknown): { seq: number; prev: string; hash: string; checkpoint: string } | undefined {
  if (!isJsonObject(proof)) return undefined;
  if (Object.keys(proof).sort().join(',') !== 'checkpoint,hash,prev,seq,type') return undefined;
  const { type, seq, prev, hash, checkpoint } = proof;
  if (type !== FILE_LEDGER_PROOF_TYPE || !isSeq(seq) || !isDigest(prev) || !isDigest(hash) || typeof checkpoint !== 'string') return undefined;
  return { seq, prev, hash, checkpoint };
}
