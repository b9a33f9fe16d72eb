/**
 * Unsigned varints as multicodec headers use them (multiformats/unsigned-varint: LEB128, 7 bits
 * per byte, least significant group first). Values here are multicodec codes, so decoding stops at
 * 7 bytes (49 bits, well inside a safe integer).
 */

const MAX_BYTES = 7;

/**
 * The value and byte length of the varint at the start of `bytes`, or `undefined` when there is
 * none (empty, truncated, or longer than 7 bytes). `minimal` is false for padded encodings such as `ed 81 00`.
 */
export function decodeVarint(bytes: Uint8Array): { value: number; length: number; minimal: boolean } | undefined {
  let value = 0;
  for (let i = 0; i < MAX_BYTES && i < bytes.length; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { value, length: i + 1, minimal: i === 0 || byte !== 0 };
  }
  return undefined;
}

/** The minimal varint encoding of a non-negative safe integer. */
export function encodeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}
