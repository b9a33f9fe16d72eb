import { decodeBase64url, encodeBase64url } from '@elicense/core';

/** The bytes32 hex of a base64url SHA-256 digest (the record was validated: 32 bytes). */
export function digestToBytes32(digest: string): `0x${string}` {
  let hex = '0x';
  for (const b of decodeBase64url(digest)) hex += b.toString(16).padStart(2, '0');
  return hex as `0x${string}`;
}

/** The base64url digest of a bytes32 hex value as read from the chain. */
export function bytes32ToDigest(value: `0x${string}`): string {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(value.slice(2 + 2 * i, 4 + 2 * i), 16);
  return encodeBase64url(bytes);
}
