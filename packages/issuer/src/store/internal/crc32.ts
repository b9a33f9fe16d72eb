/** CRC-32 (IEEE 802.3, the zlib/PNG polynomial), to detect torn and damaged lines of the store's files. */

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of `bytes[start, end)` as 8 lowercase hex digits. */
export function crc32Hex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let c = -1;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ((c ^ -1) >>> 0).toString(16).padStart(8, '0');
}
