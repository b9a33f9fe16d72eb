/**
 * Portable backend of the status list compression, for browsers and phone JS engines: fflate (pure
 * JS) compresses; a strict inflater decompresses. Selected through the package's `#compress` import
 * when the `node` condition does not apply. It behaves exactly like the node:zlib backend: the same
 * framing checks, the same DEFLATE rules as zlib, checksums verified, nothing accepted after the
 * stream, and the same `maxBytes` outcome.
 */
import { gzipSync, zlibSync } from 'fflate';
import { adler32, checkZlibHeader, corrupt, crc32, gzipHeaderLength, readUint32BE, readUint32LE, tooLarge } from './frame.js';
import { inflateRaw } from './inflate.js';

/** Which backend this is. */
export const backend = 'web';

/** ZLIB-compress (RFC 1950) at the highest level. */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 9 });
}

/** GZIP-compress (RFC 1952) at the highest level, with MTIME 0. */
export function gzipCompress(data: Uint8Array): Uint8Array {
  return gzipSync(data, { level: 9, mtime: 0 });
}

/** Decompress exactly one ZLIB stream (checksum verified, nothing after it) of at most `maxBytes`. */
export function zlibDecompress(data: Uint8Array, maxBytes: number, what: string): Uint8Array {
  const { out, end, limitAtEnd } = inflateRaw(data, checkZlibHeader(data, what), maxBytes, what);
  if (end + 4 > data.length) throw limitAtEnd ? tooLarge(what, maxBytes) : corrupt(what, 'unexpected end of file');
  if (adler32(out) !== readUint32BE(data, end)) throw corrupt(what, 'incorrect data check');
  if (out.length > maxBytes) throw tooLarge(what, maxBytes);
  if (end + 4 !== data.length) throw corrupt(what, 'unexpected bytes after the end of the ZLIB stream');
  return out;
}

/** Decompress exactly one GZIP member (CRC and size verified, nothing after it) of at most `maxBytes`. */
export function gzipDecompress(data: Uint8Array, maxBytes: number, what: string): Uint8Array {
  const { out, end } = inflateRaw(data, gzipHeaderLength(data, what), maxBytes, what);
  if (out.length > maxBytes) throw tooLarge(what, maxBytes);
  if (end + 8 > data.length) throw corrupt(what, 'the GZIP trailer is truncated');
  if (end + 8 < data.length) throw corrupt(what, 'unexpected bytes after the end of the GZIP member');
  if (crc32(out) !== readUint32LE(data, end)) throw corrupt(what, 'the GZIP CRC-32 does not match the data');
  if ((out.length >>> 0) !== readUint32LE(data, end + 4)) throw corrupt(what, 'the GZIP size does not match the data');
  return out;
}
