/**
 * The wallet backup file: a versioned JSON text whose payload (the whole wallet, as the wallet
 * exports it) is one AES-256-GCM ciphertext under a key derived from the backup secret with
 * PBKDF2-HMAC-SHA-256. The additional data covers every header field, so editing `created_at`, the
 * KDF parameters or the key check makes the file fail to open. Browser-safe: WebCrypto only.
 *
 * ```json
 * { "format": "elicense-wallet-backup", "version": 1, "created_at": 1772323200,
 *   "kdf": { "name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": "…" },
 *   "key_check": { "iv": "…", "ct": "…" }, "iv": "…", "ciphertext": "…" }
 * ```
 */
import { ElicenseError, decodeBase64url, encodeBase64url, invalidArgument, isJsonObject } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { IV_LENGTH, TAG_LENGTH, additionalData, decryptAesGcm, encryptAesGcm, randomBytes, utf8Decode, utf8Encode } from './aes-gcm.js';
import {
  MAX_KDF_ITERATIONS,
  MIN_KDF_ITERATIONS,
  SALT_LENGTH,
  checkNewIterations,
  deriveKeyFromSecret,
  isAcceptedIterations,
  secretBytes,
} from './secret-key.js';
import { isBase64urlBytes } from './base64url-bytes.js';
import { checkVersion } from './check-version.js';

/** The backup format name. */
export const BACKUP_FORMAT = 'elicense-wallet-backup';
/** The backup version this code writes and reads. */
export const BACKUP_VERSION = 1;
/** The longest backup file accepted, in characters (64 MiB). */
export const MAX_BACKUP_LENGTH = 64 * 1024 * 1024;

const KEY_CHECK = 'elicense wallet backup key check';
const FIELDS = ['format', 'version', 'created_at', 'kdf', 'key_check', 'iv', 'ciphertext'];

interface BackupKdf {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  salt: string;
}

interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  created_at: number;
  kdf: BackupKdf;
  key_check: { iv: string; ct: string };
  iv: string;
  ciphertext: string;
}

/** Seal `payload` into a backup file (JSON text) under `secret`. */
export async function sealBackup(
  payload: JsonObject,
  secret: string | Uint8Array,
  options: { createdAt: number; kdfIterations?: number },
): Promise<string> {
  if (!isJsonObject(payload)) throw invalidArgument('payload', 'a JSON object', payload);
  const secretKey = secretBytes(secret, 'secret');
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object { createdAt, kdfIterations? }', options);
  const createdAt = options.createdAt;
  if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || createdAt < 0) {
    throw invalidArgument('options.createdAt', 'Unix seconds (a non-negative integer)', createdAt);
  }
  const iterations = checkNewIterations(options.kdfIterations, 'options.kdfIterations');
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'payload cannot be serialized as JSON', { cause });
  }
  if (typeof text !== 'string' || !text.startsWith('{')) throw invalidArgument('payload', 'a JSON object', payload);

  const salt = randomBytes(SALT_LENGTH);
  const kdf: BackupKdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: encodeBase64url(salt) };
  const key = await deriveKeyFromSecret(secretKey, salt, iterations);
  const checkIv = randomBytes(IV_LENGTH);
  const checkCt = await encryptAesGcm(key, checkIv, utf8Encode(KEY_CHECK), keyCheckAad(kdf));
  const head = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created_at: createdAt,
    kdf,
    key_check: { iv: encodeBase64url(checkIv), ct: encodeBase64url(checkCt) },
  } as const;
  const iv = randomBytes(IV_LENGTH);
  const ciphertext = await encryptAesGcm(key, iv, utf8Encode(text), payloadAad(head));
  const file: BackupFile = { ...head, iv: encodeBase64url(iv), ciphertext: encodeBase64url(ciphertext) };
  const out = `${JSON.stringify(file, null, 2)}\n`;
  if (out.length > MAX_BACKUP_LENGTH) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `payload is too large for a backup file (over ${MAX_BACKUP_LENGTH} characters sealed)`);
  }
  return out;
}

/** Open a backup file made by {@link sealBackup}: its payload and when it was made. */
export async function openBackup(file: string, secret: string | Uint8Array): Promise<{ payload: JsonObject; createdAt: number }> {
  if (typeof file !== 'string') throw invalidArgument('file', 'the backup file text (a string)', file);
  const secretKey = secretBytes(secret, 'secret');
  const b = parseBackup(file);
  const key = await deriveKeyFromSecret(secretKey, decodeBase64url(b.kdf.salt), b.kdf.iterations);
  const check = await decryptAesGcm(key, decodeBase64url(b.key_check.iv), decodeBase64url(b.key_check.ct), keyCheckAad(b.kdf));
  if (check === undefined || utf8Decode(check) !== KEY_CHECK) {
    throw new ElicenseError('ERR_WALLET_SECRET_INVALID', 'the backup secret is wrong (or the backup KDF parameters were altered)');
  }
  const plain = await decryptAesGcm(key, decodeBase64url(b.iv), decodeBase64url(b.ciphertext), payloadAad(b));
  if (plain === undefined) {
    throw new ElicenseError('ERR_BACKUP_INVALID', 'the backup does not open: its ciphertext or header was altered or truncated');
  }
  const text = utf8Decode(plain);
  let payload: unknown;
  try {
    payload = text === undefined ? undefined : JSON.parse(text);
  } catch {
    payload = undefined;
  }
  if (!isJsonObject(payload)) throw new ElicenseError('ERR_BACKUP_INVALID', 'the backup payload is not a JSON object');
  return { payload, createdAt: b.created_at };
}

function keyCheckAad(kdf: BackupKdf): Uint8Array {
  return additionalData(['elicense-wallet-backup-key-check', BACKUP_FORMAT, BACKUP_VERSION, kdf.name, kdf.hash, kdf.iterations, kdf.salt]);
}

function payloadAad(h: Omit<BackupFile, 'iv' | 'ciphertext'>): Uint8Array {
  return additionalData([
    'elicense-wallet-backup',
    h.format,
    h.version,
    h.created_at,
    h.kdf.name,
    h.kdf.hash,
    h.kdf.iterations,
    h.kdf.salt,
    h.key_check.iv,
    h.key_check.ct,
  ]);
}

function invalid(why: string): ElicenseError {
  return new ElicenseError('ERR_BACKUP_INVALID', `not an elicense wallet backup: ${why}`);
}

function parseBackup(text: string): BackupFile {
  if (text.length > MAX_BACKUP_LENGTH) throw invalid(`it is ${text.length} characters long (at most ${MAX_BACKUP_LENGTH})`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw invalid('it is not JSON');
  }
  if (!isJsonObject(v)) throw invalid('it is not a JSON object');
  if (v.format !== BACKUP_FORMAT) throw invalid(`format is not "${BACKUP_FORMAT}"`);
  checkVersion(v.version, BACKUP_VERSION, 'the backup was made', invalid);
  const extra = Object.keys(v).filter((k) => !FIELDS.includes(k));
  if (extra.length > 0) throw invalid(`unknown field ${JSON.stringify(extra[0])}`);
  if (typeof v.created_at !== 'number' || !Number.isSafeInteger(v.created_at) || v.created_at < 0) {
    throw invalid('created_at is not Unix seconds');
  }
  const kdf = v.kdf;
  if (!isJsonObject(kdf) || Object.keys(kdf).length !== 4 || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256' || !isBase64urlBytes(kdf.salt, { length: SALT_LENGTH })) {
    throw invalid('kdf is not { name: "PBKDF2", hash: "SHA-256", iterations, salt (16 bytes) }');
  }
  if (!isAcceptedIterations(kdf.iterations)) {
    throw invalid(`kdf.iterations is not an integer from ${MIN_KDF_ITERATIONS} to ${MAX_KDF_ITERATIONS}`);
  }
  const kc = v.key_check;
  if (!isJsonObject(kc) || Object.keys(kc).length !== 2 || !isBase64urlBytes(kc.iv, { length: IV_LENGTH }) || !isBase64urlBytes(kc.ct, { min: TAG_LENGTH })) {
    throw invalid('key_check is not { iv, ct }');
  }
  if (!isBase64urlBytes(v.iv, { length: IV_LENGTH })) throw invalid('iv is not 12 base64url bytes');
  if (!isBase64urlBytes(v.ciphertext, { min: TAG_LENGTH })) throw invalid('ciphertext is not base64url of at least 16 bytes');
  return v as unknown as BackupFile;
}
