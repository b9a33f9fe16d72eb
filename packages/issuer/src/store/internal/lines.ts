import type { FileHandle } from 'node:fs/promises';

/** One line of a file: its bytes (without the newline), where it starts, and whether a newline ended it. */
export interface Line {
  bytes: Buffer;
  offset: number;
  terminated: boolean;
}

const CHUNK = 1 << 20;

/** The lines of an open file, read a chunk at a time (lines may be far longer than a chunk). */
export async function* readLines(fh: FileHandle): AsyncGenerator<Line> {
  const buf = Buffer.allocUnsafe(CHUNK);
  let pending: Buffer[] = [];
  let pendingStart = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, CHUNK, position);
    if (bytesRead === 0) break;
    const chunk = buf.subarray(0, bytesRead);
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl === -1) break;
      const piece = chunk.subarray(from, nl);
      const bytes = pending.length === 0 ? Buffer.from(piece) : Buffer.concat([...pending, piece]);
      const offset = pending.length === 0 ? position + from : pendingStart;
      pending = [];
      yield { bytes, offset, terminated: true };
      from = nl + 1;
    }
    if (from < bytesRead) {
      if (pending.length === 0) pendingStart = position + from;
      pending.push(Buffer.from(chunk.subarray(from)));
    }
    position += bytesRead;
  }
  if (pending.length > 0) yield { bytes: Buffer.concat(pending), offset: pendingStart, terminated: false };
}
