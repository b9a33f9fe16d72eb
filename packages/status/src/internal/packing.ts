/**
 * The two bit orders of a packed status list. IETF Token Status List packs entries from the least
 * significant bit of each byte; W3C Bitstring Status List from the most significant (index 0 is the
 * left-most bit). Both keep a multi-bit value's own bits in natural order, so converting one to the
 * other reverses the order of the `bits`-wide groups within every byte.
 */
import type { StatusBits } from '../status-type.js';

const TABLES = new Map<StatusBits, Uint8Array>();

function table(bits: StatusBits): Uint8Array {
  let t = TABLES.get(bits);
  if (t === undefined) {
    t = new Uint8Array(256);
    const per = 8 / bits;
    const mask = (1 << bits) - 1;
    for (let b = 0; b < 256; b++) {
      let r = 0;
      for (let k = 0; k < per; k++) r |= ((b >> (k * bits)) & mask) << ((per - 1 - k) * bits);
      t[b] = r;
    }
    TABLES.set(bits, t);
  }
  return t;
}

/** A copy of `bytes` in the other bit order (the conversion is its own inverse). */
export function reorder(bytes: Uint8Array, bits: StatusBits): Uint8Array {
  if (bits === 8) return bytes.slice();
  const t = table(bits);
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = t[bytes[i]!]!;
  return out;
}
