/**
 * Node backend of the status list compression: node:zlib (native, the fast path). Selected through
 * the package's `#compress` import for the `node` condition; behaves exactly like the web backend.
 */
import * as zlib from 'node:zlib';
import { checkZlibHeader, corrupt, crc32, gzipHeaderLength, readUint32LE, tooLarge } from './frame.js';

/** Which backend this is. */
export const backend = 'node';

type InflateInfo = { buffer: Buffer; engine: { bytesWritten: number } };
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

function bytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function inflateWith(run: () => InflateInfo, what: string, maxBytes: number): InflateInfo {
  try {
    return run();
  } catch (cause) {
    if ((cause as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(what, maxBytes);
    throw corrupt(what, cause instanceof Error ? cause.message : 'DEFLATE data is corrupt', cause);
  }
}

/** ZLIB-compress (RFC 1950) at the highest level. */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return bytes(zlib.deflateSync(data, { level: 9 }));
}

/** GZIP-compress (RFC 1952) at the highest level, with MTIME 0. */
export function gzipCompress(data: Uint8Array): Uint8Array {
  return bytes(zlib.gzipSync(data, { level: 9 }));
}

/** Decompress exactly one ZLIB stream (checksum verified, nothing after it) of at most `maxBytes`. */
export function zlibDecompress(data: Uint8Array, maxBytes: number, what: string): Uint8Array {
  checkZlibHeader(data, what);
  const out = inflateWith(() => zlib.inflateSync(data, { info: true, maxOutputLength: maxBytes }) as unknown as InflateInfo, what, maxBytes);
  if (out.engine.bytesWritten !== data.length) throw corrupt(what, 'unexpected bytes after the end of the ZLIB stream');
  return bytes(out.buffer);
}

/** Decompress exactly one GZIP member (CRC and size verified, nothing after it) of at most `maxBytes`. */
export function gzipDecompress(data: Uint8Array, maxBytes: number, what: string): Uint8Array {
  const start = gzipHeaderLength(data, what);
  const body = data.subarray(start);
  const out = inflateWith(() => zlib.inflateRawSync(body, { info: true, maxOutputLength: maxBytes }) as unknown as InflateInfo, what, maxBytes);
  const end = start + out.engine.bytesWritten;
  if (end + 8 > data.length) throw corrupt(what, 'the GZIP trailer is truncated');
  if (end + 8 < data.length) throw corrupt(what, 'unexpected bytes after the end of the GZIP member');
  const result = bytes(out.buffer);
  const crc = nativeCrc32 === undefined ? crc32(result) : nativeCrc32(result) >>> 0;
  if (crc !== readUint32LE(data, end)) throw corrupt(what, 'the GZIP CRC-32 does not match the data');
  if ((result.length >>> 0) !== readUint32LE(data, end + 4)) throw corrupt(what, 'the GZIP size does not match the data');
  return result;
}
