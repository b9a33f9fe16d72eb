/**
 * AES-256-GCM on WebCrypto, as the encrypted wallet and the backup file use it: 96-bit nonces,
 * 128-bit tags, additional authenticated data built from named parts so that no two contexts
 * (header, record, backup) can share one. Browser-safe: only `globalThis.crypto`.
 */

/** AES-GCM nonce length in bytes (96 bits, NIST SP 800-38D §8.2). */
export const IV_LENGTH = 12;
/** AES-GCM tag length in bytes (128 bits). */
export const TAG_LENGTH = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/** `n` bytes from the platform's cryptographic random source. */
export function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** UTF-8 bytes of a string. */
export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** The string of UTF-8 bytes, or `undefined` when they are not valid UTF-8. */
export function utf8Decode(b: Uint8Array): string | undefined {
  try {
    return decoder.decode(b);
  } catch {
    return undefined;
  }
}

/**
 * Additional authenticated data from an ordered list of values: the UTF-8 of their JSON array, so
 * that the boundaries between parts cannot shift (`["ab","c"]` ≠ `["a","bc"]`).
 */
export function additionalData(parts: ReadonlyArray<string | number>): Uint8Array {
  return utf8Encode(JSON.stringify(parts));
}

/** A new non-extractable AES-256-GCM key (encrypt + decrypt). */
export async function generateAesKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** True for an AES-GCM 256-bit secret key usable to encrypt and decrypt. */
export function isAes256GcmKey(key: unknown): key is CryptoKey {
  if (typeof CryptoKey === 'undefined' || !(key instanceof CryptoKey)) return false;
  const alg = key.algorithm as { name?: unknown; length?: unknown };
  return (
    key.type === 'secret' &&
    alg.name === 'AES-GCM' &&
    alg.length === 256 &&
    key.usages.includes('encrypt') &&
    key.usages.includes('decrypt')
  );
}

/** Encrypt `plaintext`; the result is the ciphertext followed by the 16-byte tag. */
export async function encryptAesGcm(key: CryptoKey, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const ct = await subtle().encrypt(
    { name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad as Uint8Array<ArrayBuffer>, tagLength: TAG_LENGTH * 8 },
    key,
    plaintext as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(ct);
}

/** Decrypt and check the tag; `undefined` when the tag (or anything the tag covers) does not match. */
export async function decryptAesGcm(key: CryptoKey, iv: Uint8Array, ct: Uint8Array, aad: Uint8Array): Promise<Uint8Array | undefined> {
  if (iv.length !== IV_LENGTH || ct.length < TAG_LENGTH) return undefined;
  try {
    const pt = await subtle().decrypt(
      { name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad as Uint8Array<ArrayBuffer>, tagLength: TAG_LENGTH * 8 },
      key,
      ct as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(pt);
  } catch {
    return undefined;
  }
}
