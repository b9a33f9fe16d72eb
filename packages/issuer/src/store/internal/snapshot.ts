import { closeSync, fsync, openSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32Hex } from './crc32.js';
import { storeCorrupt, storeFailed } from './fs-errors.js';
import { readLines } from './lines.js';
import type { RecordTuple, StateHeader, StoreState } from './state.js';

/**
 * The snapshot file: the whole state as of one journal sequence number, written to a temporary file,
 * flushed, and renamed into place (then the directory flushed), so a snapshot is either the old one
 * or the new one, whole. Each line is `<crc32 hex> <json>`: a header (format, seq, lists, outbox,
 * number of credentials), then the credential records as arrays of tuples.
 */

export const SNAPSHOT_FILE = 'snapshot';
const FORMAT = 'elicense-issuer-store';
const VERSION = 1;
const RECORDS_PER_LINE = 2000;
const BUFFER = 1 << 20;

const fsyncFd = promisify(fsync);

function encodeLine(json: string): Buffer {
  const line = Buffer.from(`00000000 ${json}\n`);
  line.write(crc32Hex(line, 9, line.length - 1), 0, 'latin1');
  return line;
}

/** Flush a directory's entries (a rename or a new file in it) to disk. */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Write a snapshot of `state` at `seq`. The state is serialized synchronously, before this function
 * first yields, so later changes cannot leak into it; flushing and renaming happen after. Resolves
 * with the snapshot's size in bytes.
 */
export async function writeSnapshot(dir: string, seq: number, state: StoreState, sync: boolean): Promise<number> {
  const tmp = join(dir, `${SNAPSHOT_FILE}.tmp`);
  let fd: number;
  let size = 0;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw storeFailed(`cannot write ${tmp}`, e);
  }
  try {
    const out = Buffer.allocUnsafe(BUFFER);
    let used = 0;
    const put = (line: Buffer): void => {
      if (used + line.length > BUFFER) {
        writeAll(fd, out.subarray(0, used));
        used = 0;
      }
      if (line.length > BUFFER) writeAll(fd, line);
      else used += line.copy(out, used);
      size += line.length;
    };
    put(encodeLine(JSON.stringify({ format: FORMAT, version: VERSION, seq, ...state.header() })));
    for (const chunk of state.recordChunks(RECORDS_PER_LINE)) put(encodeLine(JSON.stringify(chunk)));
    writeAll(fd, out.subarray(0, used));
  } catch (e) {
    closeSync(fd);
    throw storeFailed(`cannot write ${tmp}`, e);
  }
  try {
    if (sync) await fsyncFd(fd);
  } catch (e) {
    throw storeFailed(`cannot flush ${tmp}`, e);
  } finally {
    closeSync(fd);
  }
  try {
    await rename(tmp, join(dir, SNAPSHOT_FILE));
    if (sync) await syncDirectory(dir);
  } catch (e) {
    throw storeFailed(`cannot move the snapshot into place in ${dir}`, e);
  }
  return size;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Load the snapshot into an empty state; resolves with its sequence number and size (0, 0 when there is none). */
export async function readSnapshot(dir: string, state: StoreState): Promise<{ seq: number; bytes: number }> {
  const path = join(dir, SNAPSHOT_FILE);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, bytes: 0 };
    throw storeFailed(`cannot read ${path}`, e);
  }
  try {
    let seq = -1;
    let expected = 0;
    let loaded = 0;
    let bytes = 0;
    let n = 0;
    try {
      for await (const line of readLines(fh)) {
        n++;
        bytes += line.bytes.length + 1;
        const b = line.bytes;
        if (!line.terminated || b.length < 10 || b[8] !== 0x20 || b.toString('latin1', 0, 8) !== crc32Hex(b, 9)) {
          throw storeCorrupt(path, `at line ${n} (checksum mismatch or cut short)`);
        }
        const value: unknown = JSON.parse(b.toString('utf8', 9));
        if (seq === -1) {
          const h = value as StateHeader & { format: unknown; version: unknown; seq: unknown };
          if (h.format !== FORMAT || h.version !== VERSION || typeof h.seq !== 'number' || !Number.isSafeInteger(h.seq) || h.seq < 0) {
            throw storeCorrupt(path, 'in its header (not an issuer store snapshot of a known version)');
          }
          state.loadHeader(h);
          seq = h.seq;
          expected = h.credentials;
        } else {
          const tuples = value as RecordTuple[];
          state.loadRecords(tuples);
          loaded += tuples.length;
        }
      }
    } catch (e) {
      if (e instanceof Error && 'code' in e && (e as { code: unknown }).code === 'ERR_STORE_CORRUPT') throw e;
      if ((e as NodeJS.ErrnoException).syscall !== undefined) throw storeFailed(`cannot read ${path}`, e);
      throw storeCorrupt(path, `at line ${n}`, e);
    }
    if (seq === -1 || loaded !== expected) throw storeCorrupt(path, '(records missing)');
    return { seq, bytes };
  } finally {
    await fh.close();
  }
}
