/**
 * Keys from wallet secrets: PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2) into a non-extractable
 * AES-256-GCM key. Shared by the wallet vault and the backup file. Browser-safe.
 */
import { ElicenseError, invalidArgument } from '@elicense/core';
import { utf8Encode } from './aes-gcm.js';

/** PBKDF2 iterations for new wallets and backups (OWASP Password Storage Cheat Sheet, 2023). */
export const DEFAULT_KDF_ITERATIONS = 600_000;
/** The fewest iterations accepted. */
export const MIN_KDF_ITERATIONS = 10_000;
/** The most iterations accepted: more would hang a phone for minutes. */
export const MAX_KDF_ITERATIONS = 10_000_000;
/** Salt length in bytes. */
export const SALT_LENGTH = 16;

/**
 * The bytes of a wallet secret: a passphrase (Unicode NFC, then UTF-8, so that a composed and a
 * decomposed "é" are the same secret) or raw bytes (copied). Throws `ERR_INVALID_ARGUMENT`.
 */
export function secretBytes(secret: unknown, name: string): Uint8Array {
  if (typeof secret === 'string') {
    if (secret.length === 0) throw invalidArgument(name, 'a non-empty passphrase or non-empty bytes', secret);
    return utf8Encode(secret.normalize('NFC'));
  }
  if (secret instanceof Uint8Array) {
    if (secret.length === 0) throw invalidArgument(name, 'a non-empty passphrase or non-empty bytes', secret);
    return secret.slice();
  }
  throw invalidArgument(name, 'a passphrase (string) or bytes (Uint8Array)', secret);
}

/** Check the iteration count asked for a new wallet or backup. Throws `ERR_INVALID_ARGUMENT`. */
export function checkNewIterations(v: unknown, name: string): number {
  if (v === undefined) return DEFAULT_KDF_ITERATIONS;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < MIN_KDF_ITERATIONS || v > MAX_KDF_ITERATIONS) {
    throw new ElicenseError(
      'ERR_INVALID_ARGUMENT',
      `${name} must be an integer from ${MIN_KDF_ITERATIONS} to ${MAX_KDF_ITERATIONS}, got ${String(v)}`,
    );
  }
  return v;
}

/** True for an iteration count read from a stored header that this version will run. */
export function isAcceptedIterations(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= MIN_KDF_ITERATIONS && v <= MAX_KDF_ITERATIONS;
}

/** Derive a non-extractable AES-256-GCM key (encrypt + decrypt) from secret bytes. */
export async function deriveKeyFromSecret(secret: Uint8Array, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
