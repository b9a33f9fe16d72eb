import type { FileHandle } from 'node:fs/promises';
import { ElicenseError } from '@elicense/core';
import { crc32Hex } from './crc32.js';
import { storeCorrupt, storeFailed } from './fs-errors.js';
import { readLines } from './lines.js';
import type { Op } from './state.js';

/**
 * The journal: an append-only file of checksummed lines, `<crc32 hex> <seq> <op json>\n`, one per
 * operation, the CRC covering `<seq> <op json>`. Writes are group-committed: operations arriving
 * while a write and flush are in flight go out together in the next single write and flush.
 */

export const JOURNAL_FILE = 'journal';

/** The bytes of one journal line. */
export function encodeJournalLine(seq: number, op: Op): Buffer {
  const line = Buffer.from(`00000000 ${seq} ${JSON.stringify(op)}\n`);
  line.write(crc32Hex(line, 9, line.length - 1), 0, 'latin1');
  return line;
}

/** A line's sequence number and op, or undefined when it is torn or damaged. */
function decodeJournalLine(b: Buffer): { seq: number; op: Op } | undefined {
  if (b.length < 12 || b[8] !== 0x20 || b.toString('latin1', 0, 8) !== crc32Hex(b, 9)) return undefined;
  const space = b.indexOf(0x20, 9);
  if (space === -1) return undefined;
  const seq = Number(b.toString('latin1', 9, space));
  if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
  try {
    return { seq, op: JSON.parse(b.toString('utf8', space + 1)) as Op };
  } catch {
    return undefined;
  }
}

/** What replaying a journal found. */
export interface Replay {
  /** The last sequence number applied (or the snapshot's). */
  seq: number;
  /** Bytes of intact lines; a torn tail beyond this is to be cut off. */
  validEnd: number;
  /** The file's size as read. */
  size: number;
}

/**
 * Replay a journal over a state loaded from a snapshot at `snapshotSeq`: lines at or below it are
 * already in the snapshot and skipped; the rest must follow on without a gap. A damaged last line
 * is a write cut short by a crash (never acknowledged) and is dropped; a damaged line followed by
 * others is corruption.
 */
export async function replayJournal(fh: FileHandle, path: string, snapshotSeq: number, apply: (op: Op) => void): Promise<Replay> {
  let seq = snapshotSeq;
  let validEnd = 0;
  let size = 0;
  let torn: number | undefined;
  let n = 0;
  for await (const line of readLines(fh)) {
    n++;
    size = line.offset + line.bytes.length + (line.terminated ? 1 : 0);
    if (torn !== undefined) throw storeCorrupt(path, `at line ${torn} (a damaged line followed by others)`);
    const decoded = line.terminated ? decodeJournalLine(line.bytes) : undefined;
    if (decoded === undefined) {
      torn = n;
      continue;
    }
    if (decoded.seq <= snapshotSeq) {
      if (seq !== snapshotSeq) throw storeCorrupt(path, `at line ${n} (sequence ${decoded.seq} out of order)`);
    } else {
      if (decoded.seq !== seq + 1) throw storeCorrupt(path, `at line ${n} (sequence ${decoded.seq} where ${seq + 1} was due)`);
      try {
        apply(decoded.op);
      } catch (e) {
        throw storeCorrupt(path, `at line ${n} (an operation that does not fit the state)`, e);
      }
      seq = decoded.seq;
    }
    validEnd = size;
  }
  return { seq, validEnd, size };
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

/** Options of {@link JournalWriter}. */
export interface JournalWriterOptions {
  /** Flush every write to disk before acknowledging it. */
  sync: boolean;
  /** Bytes in the journal at open. */
  size: number;
  /** Bytes of the current snapshot. */
  snapshotBytes: number;
  /** Compact once the journal holds this many bytes and more than the snapshot. */
  compactAfterBytes: number;
  /**
   * Write a snapshot of the state as of now (serialized before its first `await`, covering every
   * operation appended so far); resolves with its size.
   */
  snapshot(): Promise<number>;
}

/** Appends to the journal with group commit, and compacts it into a snapshot when it grows. */
export class JournalWriter {
  readonly #fh: FileHandle;
  readonly #options: JournalWriterOptions;
  #size: number;
  #snapshotBytes: number;
  #queue: Array<{ bytes: Buffer; waiter: Waiter }> = [];
  #compactions: Waiter[] = [];
  #running: Promise<void> | undefined;
  #failure: ElicenseError | undefined;
  #tail: Promise<void> = Promise.resolve();

  constructor(fh: FileHandle, options: JournalWriterOptions) {
    this.#fh = fh;
    this.#options = options;
    this.#size = options.size;
    this.#snapshotBytes = options.snapshotBytes;
  }

  /** The failure that stopped the journal, if any. */
  get failure(): ElicenseError | undefined {
    return this.#failure;
  }

  /** Append an operation; resolves once it is durable. */
  append(seq: number, op: Op): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const bytes = encodeJournalLine(seq, op);
    const p = new Promise<void>((resolve, reject) => this.#queue.push({ bytes, waiter: { resolve, reject } }));
    this.#tail = p;
    this.#kick();
    return p;
  }

  /** Resolves once every operation appended so far is durable. */
  barrier(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return this.#tail;
  }

  /** Compact now: write a snapshot and empty the journal. */
  compact(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const p = new Promise<void>((resolve, reject) => this.#compactions.push({ resolve, reject }));
    this.#tail = p;
    this.#kick();
    return p;
  }

  /** Wait for pending writes, then close the file. */
  async close(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
    await this.#fh.close();
  }

  #kick(): void {
    if (this.#running !== undefined) return;
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
    });
  }

  #fail(e: unknown, waiters: Waiter[]): void {
    this.#failure = storeFailed('writing the store journal failed; nothing after the last acknowledged operation was kept, reopen the store', e);
    const all = [...waiters, ...this.#queue.map((q) => q.waiter), ...this.#compactions];
    this.#queue = [];
    this.#compactions = [];
    for (const w of all) w.reject(this.#failure);
  }

  async #run(): Promise<void> {
    while (this.#failure === undefined && (this.#queue.length > 0 || this.#compactions.length > 0)) {
      const o = this.#options;
      if (this.#compactions.length > 0 || this.#size >= Math.max(o.compactAfterBytes, this.#snapshotBytes)) {
        const waiters = [...this.#compactions, ...this.#queue.map((q) => q.waiter)];
        this.#compactions = [];
        this.#queue = [];
        try {
          // o.snapshot() serializes the state synchronously: it covers exactly the operations just taken off the queue.
          this.#snapshotBytes = await o.snapshot();
          await this.#fh.truncate(0);
          if (o.sync) await this.#fh.sync();
          this.#size = 0;
        } catch (e) {
          this.#fail(e, waiters);
          return;
        }
        for (const w of waiters) w.resolve();
        continue;
      }
      const batch = this.#queue;
      this.#queue = [];
      const bytes = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((b) => b.bytes));
      try {
        let off = 0;
        while (off < bytes.length) off += (await this.#fh.write(bytes, off, bytes.length - off)).bytesWritten;
        if (o.sync) await this.#fh.datasync();
      } catch (e) {
        this.#fail(e, batch.map((b) => b.waiter));
        return;
      }
      this.#size += bytes.length;
      for (const b of batch) b.waiter.resolve();
    }
  }
}
