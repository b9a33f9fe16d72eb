import { decodeBase64url } from '@elicense/core';

/** True for strict base64url whose bytes have exactly `length` bytes, or at least `min`. */
export function isBase64urlBytes(v: unknown, size: { length?: number; min?: number }): v is string {
  if (typeof v !== 'string') return false;
  try {
    const b = decodeBase64url(v);
    return (size.length === undefined || b.length === size.length) && (size.min === undefined || b.length >= size.min);
  } catch {
    return false;
  }
}
