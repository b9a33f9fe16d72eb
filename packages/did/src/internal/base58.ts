/**
 * base58btc (the Bitcoin alphabet), as multibase uses it for did:key values and
 * `publicKeyMultibase` / `publicKeyBase58`: each leading `1` is a zero byte, the rest is a
 * big-endian base-58 number. Inputs are short (multikeys: at most a few hundred characters), so
 * BigInt arithmetic is plenty.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bytes of a base58btc string without multibase prefix; `undefined` on a character outside the alphabet. */
export function decodeBase58btc(s: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < s.length && s[zeros] === '1') zeros++;
  let n = 0n;
  for (let i = zeros; i < s.length; i++) {
    const digit = ALPHABET.indexOf(s[i]!);
    if (digit < 0) return undefined;
    n = n * 58n + BigInt(digit);
  }
  const tail: number[] = [];
  for (; n > 0n; n >>= 8n) tail.push(Number(n & 0xffn));
  const out = new Uint8Array(zeros + tail.length);
  out.set(tail.reverse(), zeros);
  return out;
}

/** The base58btc string of some bytes, without multibase prefix. */
export function encodeBase58btc(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (let i = zeros; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes[i]!);
  let s = '';
  for (; n > 0n; n /= 58n) s = ALPHABET[Number(n % 58n)]! + s;
  return '1'.repeat(zeros) + s;
}
