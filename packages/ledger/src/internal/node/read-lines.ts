import type { FileHandle } from 'node:fs/promises';

/** One complete line of the file (without its newline) and where it starts. */
export interface FileLine {
  offset: number;
  bytes: Uint8Array;
}

const CHUNK = 1 << 20;

/**
 * Read a file line by line. Yields every newline-terminated line; returns the offset where the
 * complete lines end (a torn final line, if any, starts there).
 */
export async function* readLines(handle: FileHandle): AsyncGenerator<FileLine, number> {
  const buf = new Uint8Array(CHUNK);
  let pending: Uint8Array = new Uint8Array(0);
  let pendingOffset = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buf, 0, CHUNK, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    let data = buf.subarray(0, bytesRead);
    if (pending.length > 0) {
      const joined = new Uint8Array(pending.length + data.length);
      joined.set(pending);
      joined.set(data, pending.length);
      data = joined;
    }
    let start = 0;
    for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, start)) {
      yield { offset: pendingOffset + start, bytes: data.slice(start, i) };
      start = i + 1;
    }
    pendingOffset += start;
    pending = data.slice(start);
  }
  return pendingOffset;
}
