/**
 * Framing shared by both compression backends: the ZLIB (RFC 1950) and GZIP (RFC 1952) wrappers
 * around DEFLATE, their checksums, and the errors a corrupt or oversized stream raises. Both
 * backends run these same checks, so they accept and reject exactly the same inputs.
 */
import { ElicenseError } from '@elicense/core';

/** A compressed status list that cannot be decompressed (`ERR_STATUS_LIST_INVALID`). */
export function corrupt(what: string, reason: string, cause?: unknown): ElicenseError {
  return new ElicenseError('ERR_STATUS_LIST_INVALID', `${what} is not a valid compressed status list: ${reason}`, cause === undefined ? {} : { cause });
}

/** A compressed status list that expands beyond the allowed size (`ERR_INPUT_TOO_LARGE`). */
export function tooLarge(what: string, maxBytes: number): ElicenseError {
  return new ElicenseError('ERR_INPUT_TOO_LARGE', `${what} decompresses to more than ${maxBytes} bytes (raise maxBytes to accept larger lists)`, {
    details: { maxBytes },
  });
}

/** Check the two header bytes of a ZLIB stream (DEFLATE, 32 KiB window, FCHECK, no preset dictionary); returns the header length. */
export function checkZlibHeader(data: Uint8Array, what: string): number {
  if (data.length < 2 + 2 + 4) throw corrupt(what, 'too short for a ZLIB stream');
  const cmf = data[0]!;
  const flg = data[1]!;
  if ((cmf & 0x0f) !== 8) throw corrupt(what, 'not a ZLIB stream (RFC 1950) with DEFLATE compression');
  // RFC 1950 allows smaller windows, but every encoder in use writes 7 (32 KiB), and a smaller one
  // would make the result depend on how the decoder buffers its output
  if (cmf >> 4 !== 7) throw corrupt(what, 'the ZLIB window size must be 32 KiB (CINFO 7)');
  if (((cmf << 8) | flg) % 31 !== 0) throw corrupt(what, 'the ZLIB header check bits are wrong');
  if ((flg & 0x20) !== 0) throw corrupt(what, 'the ZLIB stream needs a preset dictionary');
  return 2;
}

/** Length of a GZIP member header (RFC 1952 §2.3), after checking it. */
export function gzipHeaderLength(data: Uint8Array, what: string): number {
  if (data.length < 10 + 2 + 8) throw corrupt(what, 'too short for a GZIP stream');
  if (data[0] !== 0x1f || data[1] !== 0x8b) throw corrupt(what, 'not a GZIP stream (RFC 1952): wrong magic bytes');
  if (data[2] !== 8) throw corrupt(what, 'the GZIP stream does not use DEFLATE');
  const flg = data[3]!;
  if ((flg & 0xe0) !== 0) throw corrupt(what, 'the GZIP header has reserved flags set');
  let off = 10;
  if ((flg & 0x04) !== 0) {
    if (off + 2 > data.length) throw corrupt(what, 'the GZIP extra field is truncated');
    off += 2 + (data[off]! | (data[off + 1]! << 8));
  }
  for (const flag of [0x08, 0x10]) {
    if ((flg & flag) === 0) continue;
    while (off < data.length && data[off] !== 0) off++;
    off++;
  }
  if ((flg & 0x02) !== 0) {
    if (off + 2 > data.length) throw corrupt(what, 'the GZIP header CRC is truncated');
    const want = data[off]! | (data[off + 1]! << 8);
    if ((crc32(data.subarray(0, off)) & 0xffff) !== want) throw corrupt(what, 'the GZIP header CRC does not match');
    off += 2;
  }
  if (off + 8 > data.length) throw corrupt(what, 'the GZIP header is truncated');
  return off;
}

/** Read a big-endian unsigned 32-bit integer. */
export function readUint32BE(data: Uint8Array, off: number): number {
  return ((data[off]! << 24) | (data[off + 1]! << 16) | (data[off + 2]! << 8) | data[off + 3]!) >>> 0;
}

/** Read a little-endian unsigned 32-bit integer. */
export function readUint32LE(data: Uint8Array, off: number): number {
  return (data[off]! | (data[off + 1]! << 8) | (data[off + 2]! << 16) | (data[off + 3]! << 24)) >>> 0;
}

/** Adler-32 (RFC 1950 §8.2). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = data.length;
  for (let i = 0; i < n; ) {
    const end = Math.min(i + 3800, n);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

let CRC_TABLE: Int32Array | undefined;

/** CRC-32 (ISO 3309, as used by GZIP). */
export function crc32(data: Uint8Array): number {
  let table = CRC_TABLE;
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
    CRC_TABLE = table;
  }
  let c = -1;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
