import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  ElicenseError,
  assertFunction,
  assertObject,
  assertString,
  invalidArgument,
  isElicenseError,
  readClock,
  signJwt,
  signingKeyFromJwk,
  verifyJwt,
  type JWK,
  type SigningKey,
} from '@elicense/core';
import { fileLedgerId } from '../file-ledger/ledger-id.js';
import { verifyFileLedgerReceipt } from '../file-ledger/verify-receipt.js';
import {
  CHECKPOINT_TYP,
  FILE_LEDGER_PROOF_TYPE,
  GENESIS_PREV,
  checkpointPayload,
  entryHash,
  isDigest,
  isSeq,
  serializeEntry,
  verifyCheckpoint,
  type FileLedgerEntry,
} from '../internal/file-ledger-format.js';
import { checkLedgerKey, type LedgerKey } from '../internal/ledger-key.js';
import { acquireLock, type ReleaseLock } from '../internal/node/lock-file.js';
import { SerialQueue } from '../internal/node/queue.js';
import { readLines } from '../internal/node/read-lines.js';
import { checkAnchorRecord, copyAnchorRecord, sameAnchorRecord } from '../internal/record.js';
import type { AnchorReceipt, AnchorRecord, LedgerAdapter } from '../types.js';

/**
 * Options for {@link FileLedger.open}.
 *
 * @example
 * ```ts
 * const options: FileLedgerOptions = { path: './status.ledger', signingKey: ledgerPrivateJwk, now: () => 1767225600 }
 * ```
 */
export interface FileLedgerOptions {
  /** The ledger file (JSON Lines). Created, with its directory entry fsynced, when it does not exist. */
  path: string;
  /** The ledger's private key (EC P-256 for ES256 or OKP Ed25519 for EdDSA) that signs checkpoints. */
  signingKey: JWK;
  /** Clock for checkpoint `iat`, Unix seconds. Default: the system clock. */
  now?: () => number;
}

/** Where an entry sits in the file, and its receipt. */
interface Slot {
  offset: number;
  length: number;
  entry: FileLedgerEntry;
}

const MAX_LINE_BYTES = 64 * 1024;
const ENTRY_KEYS = 'checkpoint,hash,prev,record,seq';

function tampered(seq: number, message: string, cause?: unknown): ElicenseError {
  return new ElicenseError('ERR_LEDGER_TAMPERED', `ledger entry ${seq}: ${message}`, {
    details: { seq },
    ...(cause === undefined ? {} : { cause }),
  });
}

function unavailable(message: string, cause?: unknown): ElicenseError {
  return new ElicenseError('ERR_LEDGER_UNAVAILABLE', message, cause === undefined ? {} : { cause });
}

/** Rethrow our own errors; wrap I/O and other failures as `ERR_LEDGER_UNAVAILABLE`. */
function asLedgerError(e: unknown, message: string): ElicenseError {
  return isElicenseError(e) ? e : unavailable(message, e);
}

/**
 * The embedded ledger: a hash-chained, append-only JSON Lines file on the local disk. Each line is
 * `{ seq, prev, record, hash, checkpoint }`, where `hash` is the SHA-256 of `{seq, prev, record}`,
 * `prev` links to the previous line, and `checkpoint` is a JWS by the ledger key over the new head.
 * Appends are serialized and fsynced before `anchor` resolves; one process writes a file at a time
 * (`<path>.lock`); `open` replays and checks the whole file.
 *
 * @example
 * ```ts
 * const ledger = await FileLedger.open({ path: './status.ledger', signingKey: ledgerPrivateJwk })
 * const receipt = await ledger.anchor({ uri, version: 1, digest: await digestStatusListToken(token), time })
 * ```
 */
export class FileLedger implements LedgerAdapter {
  /** `file:` + RFC 7638 thumbprint of {@link FileLedger.publicJwk}. */
  readonly id: string;
  /** The public key that verifies this ledger's checkpoints and receipts offline. */
  readonly publicJwk: JWK;

  readonly #key: LedgerKey;
  readonly #signer: SigningKey;
  readonly #now: () => number;
  readonly #path: string;
  readonly #handle: FileHandle;
  readonly #release: ReleaseLock;
  readonly #queue = new SerialQueue();
  readonly #slots: Slot[] = [];
  readonly #byUri = new Map<string, number[]>();
  #size = 0;
  #closed = false;
  #broken: ElicenseError | undefined;

  private constructor(init: {
    id: string;
    key: LedgerKey;
    signer: SigningKey;
    now: () => number;
    path: string;
    handle: FileHandle;
    release: ReleaseLock;
  }) {
    this.id = init.id;
    this.publicJwk = { ...init.key.publicJwk };
    this.#key = init.key;
    this.#signer = init.signer;
    this.#now = init.now;
    this.#path = init.path;
    this.#handle = init.handle;
    this.#release = init.release;
  }

  /**
   * Open (or create) a file ledger, taking its writer lock and checking every entry. A torn final
   * line from a crash mid-append is truncated away; any other damage fails with
   * `ERR_LEDGER_TAMPERED` (`details.seq`). A ledger open in another live process fails with
   * `ERR_LEDGER_LOCKED`; I/O failures with `ERR_LEDGER_UNAVAILABLE`.
   *
   * @example
   * ```ts
   * const ledger = await FileLedger.open({ path: '/var/lib/elicense/status.ledger', signingKey })
   * ```
   */
  static async open(options: FileLedgerOptions): Promise<FileLedger> {
    assertObject(options, 'options');
    assertString(options.path, 'options.path');
    if (options.path.includes('\0')) throw invalidArgument('options.path', 'a file path', options.path);
    if (options.now !== undefined) assertFunction(options.now, 'options.now');
    const key = checkLedgerKey(options.signingKey, 'options.signingKey', 'private');
    const signer = signingKeyFromJwk(options.signingKey);
    await checkKeyPair(signer, key);
    const id = await fileLedgerId(key.publicJwk);
    const now = options.now ?? (() => Date.now() / 1000);
    const path = resolve(options.path);

    const release = await acquireLock(`${path}.lock`);
    let handle: FileHandle | undefined;
    try {
      handle = await openOrCreate(path);
      const ledger = new FileLedger({ id, key, signer, now, path, handle, release });
      await ledger.#replay();
      return ledger;
    } catch (e) {
      await handle?.close().catch(() => undefined);
      await release().catch(() => undefined);
      throw asLedgerError(e, `cannot open the ledger file ${path}`);
    }
  }

  /**
   * Append a record; resolves once the entry is written and fsynced. Re-anchoring an identical
   * record returns its existing receipt; any other record whose version is not above the latest for
   * its `uri` fails with `ERR_LEDGER_CONFLICT`.
   *
   * @example
   * ```ts
   * const receipt = await ledger.anchor({ uri, version: 2, digest, time: 1767225600 })
   * ```
   */
  async anchor(record: AnchorRecord): Promise<AnchorReceipt> {
    this.#assertOpen();
    checkAnchorRecord(record, 'record');
    const r = copyAnchorRecord(record);
    return this.#queue.run(async () => {
      this.#assertOpen(true);
      const seqs = this.#byUri.get(r.uri);
      const latest = seqs === undefined ? undefined : this.#slots[seqs[seqs.length - 1]!]!.entry.record;
      if (latest !== undefined && r.version <= latest.version) {
        const same = seqs!.map((s) => this.#slots[s]!.entry).find((e) => e.record.version === r.version);
        if (same !== undefined && sameAnchorRecord(same.record, r)) return this.#receipt(same);
        throw new ElicenseError(
          'ERR_LEDGER_CONFLICT',
          `${r.uri} is anchored up to version ${latest.version}; version ${r.version} ${same ? 'is already anchored with another digest or time' : 'is not above it'}`,
          { details: { uri: r.uri, version: r.version, latestVersion: latest.version } },
        );
      }
      return this.#receipt(await this.#append(r));
    });
  }

  /**
   * The receipt of the highest version anchored for `uri`, or `undefined`.
   *
   * @example
   * ```ts
   * const current = await ledger.latest('https://gov.example/status/1')
   * ```
   */
  async latest(uri: string): Promise<AnchorReceipt | undefined> {
    this.#assertOpen();
    if (typeof uri !== 'string') throw invalidArgument('uri', 'a string', uri);
    const seqs = this.#byUri.get(uri);
    return seqs === undefined ? undefined : this.#receipt(this.#slots[seqs[seqs.length - 1]!]!.entry);
  }

  /**
   * Every receipt anchored for `uri`, oldest first (`[]` when none).
   *
   * @example
   * ```ts
   * for (const r of await ledger.history(uri)) console.log(r.record.version, r.record.digest)
   * ```
   */
  async history(uri: string): Promise<AnchorReceipt[]> {
    this.#assertOpen();
    if (typeof uri !== 'string') throw invalidArgument('uri', 'a string', uri);
    return (this.#byUri.get(uri) ?? []).map((s) => this.#receipt(this.#slots[s]!.entry));
  }

  /**
   * Check a receipt: offline with this ledger's key (as {@link verifyFileLedgerReceipt}), and that
   * the entry is in this ledger's file at its `seq`, unchanged. Resolves with the record; rejects with
   * `ERR_LEDGER_RECEIPT_INVALID`, or `ERR_LEDGER_TAMPERED` when the file no longer holds what it held.
   *
   * @example
   * ```ts
   * const record = await ledger.verifyReceipt(receipt)
   * ```
   */
  async verifyReceipt(receipt: AnchorReceipt): Promise<AnchorRecord> {
    this.#assertOpen();
    const record = await verifyFileLedgerReceipt(receipt, this.#key.publicJwk);
    const proof = receipt.proof as { seq: number; prev: string; hash: string; checkpoint: string };
    const slot = this.#slots[proof.seq];
    if (
      slot === undefined ||
      slot.entry.prev !== proof.prev ||
      slot.entry.hash !== proof.hash ||
      slot.entry.checkpoint !== proof.checkpoint ||
      !sameAnchorRecord(slot.entry.record, record)
    ) {
      throw new ElicenseError('ERR_LEDGER_RECEIPT_INVALID', `receipt entry ${proof.seq} is not in this ledger`, { details: { seq: proof.seq } });
    }
    const expected = Buffer.from(`${serializeEntry(slot.entry)}\n`, 'utf8');
    const onDisk = Buffer.alloc(expected.length);
    try {
      const { bytesRead } = await this.#handle.read(onDisk, 0, onDisk.length, slot.offset);
      if (bytesRead !== onDisk.length || !onDisk.equals(expected)) throw tampered(proof.seq, 'the file no longer holds this entry');
    } catch (e) {
      throw asLedgerError(e, `cannot read the ledger file ${this.#path}`);
    }
    return record;
  }

  /**
   * Finish queued anchors, close the file and release the lock. Later calls fail with
   * `ERR_LEDGER_UNAVAILABLE`. Closing twice is harmless.
   *
   * @example
   * ```ts
   * await ledger.close()
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.drain();
    try {
      await this.#handle.close();
    } catch (e) {
      await this.#release().catch(() => undefined);
      throw unavailable(`cannot close the ledger file ${this.#path}`, e);
    }
    try {
      await this.#release();
    } catch (e) {
      throw unavailable(`cannot release the lock of ${this.#path}`, e);
    }
  }

  #assertOpen(inQueue = false): void {
    if (this.#broken) throw this.#broken;
    // calls queued before close still run; new calls after close are refused
    if (this.#closed && !inQueue) throw unavailable(`the ledger ${this.#path} is closed`);
  }

  #receipt(e: FileLedgerEntry): AnchorReceipt {
    return {
      ledger: this.id,
      record: copyAnchorRecord(e.record),
      proof: { type: FILE_LEDGER_PROOF_TYPE, seq: e.seq, prev: e.prev, hash: e.hash, checkpoint: e.checkpoint },
    };
  }

  #index(slot: Slot): void {
    this.#slots.push(slot);
    const seqs = this.#byUri.get(slot.entry.record.uri);
    if (seqs) seqs.push(slot.entry.seq);
    else this.#byUri.set(slot.entry.record.uri, [slot.entry.seq]);
  }

  async #append(record: AnchorRecord): Promise<FileLedgerEntry> {
    const seq = this.#slots.length;
    const prev = seq === 0 ? GENESIS_PREV : this.#slots[seq - 1]!.entry.hash;
    const hash = await entryHash(seq, prev, record);
    const iat = readClock(this.#now);
    const checkpoint = await signJwt({ typ: CHECKPOINT_TYP }, checkpointPayload(this.id, seq, hash, iat), this.#signer);
    const entry: FileLedgerEntry = { seq, prev, record, hash, checkpoint };
    const line = Buffer.from(`${serializeEntry(entry)}\n`, 'utf8');
    const offset = this.#size;
    try {
      let written = 0;
      while (written < line.length) {
        const { bytesWritten } = await this.#handle.write(line, written, line.length - written, offset + written);
        if (bytesWritten <= 0) throw new Error('the file system accepted no bytes');
        written += bytesWritten;
      }
      await this.#handle.datasync();
    } catch (cause) {
      // take back a partial line so the file stays a valid chain; if that fails too, stop writing
      try {
        await this.#handle.truncate(offset);
        await this.#handle.datasync();
      } catch (again) {
        this.#broken = unavailable(`the ledger file ${this.#path} could not be restored after a failed write; reopen it`, again);
      }
      throw unavailable(`cannot append to the ledger file ${this.#path}`, cause);
    }
    this.#size = offset + line.length;
    this.#index({ offset, length: line.length, entry });
    return entry;
  }

  async #replay(): Promise<void> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const lines = readLines(this.#handle);
    let step = await lines.next();
    while (!step.done) {
      const { offset, bytes } = step.value;
      const seq = this.#slots.length;
      if (bytes.length > MAX_LINE_BYTES) throw tampered(seq, `line is longer than ${MAX_LINE_BYTES} bytes`);
      let text: string;
      let parsed: unknown;
      try {
        text = decoder.decode(bytes);
        parsed = JSON.parse(text);
      } catch (cause) {
        throw tampered(seq, 'line is not valid JSON', cause);
      }
      const entry = await this.#checkEntry(parsed, seq);
      if (serializeEntry(entry) !== text) throw tampered(seq, 'line is not in the canonical form the ledger writes');
      this.#index({ offset, length: bytes.length + 1, entry });
      step = await lines.next();
    }
    const end = step.value;
    const stat = await this.#handle.stat();
    if (stat.size > end) {
      // a torn final line: an append that never completed (and was never acknowledged)
      await this.#handle.truncate(end);
      await this.#handle.datasync();
    }
    this.#size = end;
  }

  async #checkEntry(v: unknown, seq: number): Promise<FileLedgerEntry> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw tampered(seq, 'line is not a JSON object');
    const o = v as Record<string, unknown>;
    if (Object.keys(o).sort().join(',') !== ENTRY_KEYS) throw tampered(seq, 'entry must have exactly seq, prev, record, hash, checkpoint');
    if (!isSeq(o.seq) || o.seq !== seq) throw tampered(seq, `expected seq ${seq}, found ${JSON.stringify(o.seq)}`);
    const prev = seq === 0 ? GENESIS_PREV : this.#slots[seq - 1]!.entry.hash;
    if (!isDigest(o.prev) || o.prev !== prev) throw tampered(seq, 'prev does not link to the previous entry');
    try {
      checkAnchorRecord(o.record, `entry ${seq} record`);
    } catch (cause) {
      throw tampered(seq, 'record is not a valid anchor record', cause);
    }
    const record = copyAnchorRecord(o.record);
    if (!isDigest(o.hash) || (await entryHash(seq, prev, record)) !== o.hash) throw tampered(seq, 'hash does not match seq, prev and record');
    await verifyCheckpoint(o.checkpoint, { ...this.#key, ledger: this.id, seq, head: o.hash }, 'ERR_LEDGER_TAMPERED');
    const seqs = this.#byUri.get(record.uri);
    const latest = seqs === undefined ? undefined : this.#slots[seqs[seqs.length - 1]!]!.entry.record;
    if (latest !== undefined && record.version <= latest.version) {
      throw tampered(seq, `version ${record.version} of ${record.uri} is not above version ${latest.version} anchored before it`);
    }
    return { seq, prev, record, hash: o.hash, checkpoint: o.checkpoint as string };
  }
}

/** Open the ledger file read-write, creating it (and fsyncing its directory) when missing. */
async function openOrCreate(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const handle = await open(path, 'wx+', 0o644);
  try {
    await handle.sync();
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
  return handle;
}

/** Sign a probe and verify it with the public key: catches a private key that does not match its `x`/`y`. */
async function checkKeyPair(signer: SigningKey, key: LedgerKey): Promise<void> {
  try {
    const probe = await signJwt({ typ: CHECKPOINT_TYP }, { probe: true }, signer);
    await verifyJwt(probe, { key: key.publicJwk, algorithms: [key.alg] });
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'options.signingKey is not a usable private key (its private and public parts must match)', { cause });
  }
}
