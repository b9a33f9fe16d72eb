/**
 * The encryption layer between a wallet and its {@link WalletBackend}: every record is sealed with
 * AES-256-GCM under the wallet key before it reaches the backend, and opened (tag checked) after it
 * comes back. The backend sees only ciphertext, the header, and record ids.
 *
 * The header (JSON bytes) names the format, its version, a random `wallet_id`, how the key is had
 * (`PBKDF2` from the wallet secret, an `external` platform key, or an `ephemeral` key that lives as
 * long as the {@link Vault} object) and a key check: a constant sealed under the key with the
 * header's own fields as additional data. A wrong secret, or an altered header, fails the key check.
 *
 * Record AAD = (wallet id, record id): a record moved to another id or copied from another wallet
 * does not open. Browser-safe: WebCrypto only.
 */
import { ElicenseError, decodeBase64url, encodeBase64url, invalidArgument, isJsonObject } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import type { SealedRecord, WalletBackend } from '../storage/types.js';
import {
  IV_LENGTH,
  TAG_LENGTH,
  additionalData,
  decryptAesGcm,
  encryptAesGcm,
  generateAesKey,
  isAes256GcmKey,
  randomBytes,
  utf8Decode,
  utf8Encode,
} from './aes-gcm.js';
import { SALT_LENGTH, checkNewIterations, deriveKeyFromSecret, isAcceptedIterations, secretBytes } from './secret-key.js';
import { isBase64urlBytes } from './base64url-bytes.js';
import { checkVersion } from './check-version.js';

/** How to get the key of a wallet. */
export interface VaultKeyOptions {
  /** The wallet secret (passphrase or bytes): key from PBKDF2-HMAC-SHA-256, random 16-byte salt in the header. */
  secret?: string | Uint8Array;
  /** Instead of a secret: an AES-GCM 256-bit CryptoKey from the platform keystore (usages encrypt+decrypt). */
  encryptionKey?: CryptoKey;
  /** PBKDF2 iterations for a NEW wallet (default 600_000, OWASP 2023; minimum 10_000 → else ERR_INVALID_ARGUMENT). An existing wallet uses the count in its header. */
  kdfIterations?: number;
}

/** One decrypted record, with the CryptoKey kept next to it (if any). */
export interface VaultEntry {
  value: JsonObject;
  cryptoKey?: CryptoKey;
}

/** The header format name. */
export const WALLET_HEADER_FORMAT = 'elicense-wallet';
/** The header version this code writes and reads. */
export const WALLET_HEADER_VERSION = 1;

const WALLET_ID_LENGTH = 16;
const MAX_HEADER_LENGTH = 16 * 1024;
const KEY_CHECK = 'elicense wallet key check';
const HEADER_FIELDS = ['format', 'version', 'wallet_id', 'kdf', 'key_check'];

type Kdf =
  | { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string }
  | { name: 'external' }
  | { name: 'ephemeral' };

interface Header {
  format: typeof WALLET_HEADER_FORMAT;
  version: typeof WALLET_HEADER_VERSION;
  wallet_id: string;
  kdf: Kdf;
  key_check: { iv: string; ct: string };
}

/** An opened, encrypted wallet store. */
export class Vault {
  /** Where the sealed records live. */
  readonly backend: WalletBackend;
  readonly #key: CryptoKey;
  readonly #walletId: string;

  private constructor(backend: WalletBackend, key: CryptoKey, walletId: string) {
    this.backend = backend;
    this.#key = key;
    this.#walletId = walletId;
  }

  /** Open the wallet in `backend`, writing a header for a new one. Neither secret nor encryptionKey: allowed only for a non-persistent backend (a random non-extractable key, the wallet lives as long as the object). */
  static async open(backend: WalletBackend, options: VaultKeyOptions): Promise<Vault> {
    checkBackend(backend);
    if (!isJsonObject(options)) throw invalidArgument('options', 'an object', options);
    const { secret, encryptionKey } = options;
    if (secret !== undefined && encryptionKey !== undefined) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', 'pass either options.secret or options.encryptionKey, not both');
    }
    const secretKey = secret === undefined ? undefined : secretBytes(secret, 'options.secret');
    if (encryptionKey !== undefined && !isAes256GcmKey(encryptionKey)) {
      throw invalidArgument('options.encryptionKey', 'an AES-GCM 256-bit CryptoKey with usages encrypt and decrypt', encryptionKey);
    }
    const iterations = checkNewIterations(options.kdfIterations, 'options.kdfIterations');
    if (secretKey === undefined && encryptionKey === undefined && backend.persistent) {
      throw new ElicenseError(
        'ERR_INVALID_ARGUMENT',
        'a persistent backend needs options.secret or options.encryptionKey: records outlive the process',
      );
    }

    const stored = await callBackend('readHeader', () => backend.readHeader());
    if (stored !== undefined) return Vault.#openExisting(backend, stored, secretKey, encryptionKey);

    const existing = await callBackend('ids', () => backend.ids());
    if (!Array.isArray(existing)) throw new ElicenseError('ERR_STORE_FAILED', 'backend.ids() did not return an array');
    if (existing.length > 0) {
      throw new ElicenseError('ERR_WALLET_CORRUPT', `the backend holds ${existing.length} record(s) but no wallet header`);
    }

    let kdf: Kdf;
    let key: CryptoKey;
    if (secretKey !== undefined) {
      const salt = randomBytes(SALT_LENGTH);
      kdf = { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: encodeBase64url(salt) };
      key = await deriveKeyFromSecret(secretKey, salt, iterations);
    } else if (encryptionKey !== undefined) {
      kdf = { name: 'external' };
      key = encryptionKey;
    } else {
      kdf = { name: 'ephemeral' };
      key = await generateAesKey();
    }
    const walletId = encodeBase64url(randomBytes(WALLET_ID_LENGTH));
    const partial = { format: WALLET_HEADER_FORMAT, version: WALLET_HEADER_VERSION, wallet_id: walletId, kdf } as const;
    const iv = randomBytes(IV_LENGTH);
    const ct = await encryptAesGcm(key, iv, utf8Encode(KEY_CHECK), headerAad(partial));
    const header: Header = { ...partial, key_check: { iv: encodeBase64url(iv), ct: encodeBase64url(ct) } };
    try {
      await callBackend('writeHeader', () => backend.writeHeader(utf8Encode(JSON.stringify(header))));
    } catch (e) {
      // Another opener created the wallet first: open theirs.
      if (!(e instanceof ElicenseError && e.code === 'ERR_STORE_CONFLICT')) throw e;
      const theirs = await callBackend('readHeader', () => backend.readHeader());
      if (theirs === undefined) throw e;
      return Vault.#openExisting(backend, theirs, secretKey, encryptionKey);
    }
    return new Vault(backend, key, walletId);
  }

  static async #openExisting(
    backend: WalletBackend,
    bytes: unknown,
    secretKey: Uint8Array | undefined,
    encryptionKey: CryptoKey | undefined,
  ): Promise<Vault> {
    const header = parseHeader(bytes);
    let key: CryptoKey;
    switch (header.kdf.name) {
      case 'PBKDF2':
        if (secretKey === undefined) {
          throw new ElicenseError('ERR_WALLET_SECRET_INVALID', 'this wallet is protected by a secret: pass options.secret');
        }
        key = await deriveKeyFromSecret(secretKey, decodeBase64url(header.kdf.salt), header.kdf.iterations);
        break;
      case 'external':
        if (encryptionKey === undefined) {
          throw new ElicenseError('ERR_WALLET_SECRET_INVALID', 'this wallet is protected by a platform key: pass options.encryptionKey');
        }
        key = encryptionKey;
        break;
      case 'ephemeral':
        throw new ElicenseError(
          'ERR_WALLET_SECRET_INVALID',
          'this wallet was created without a secret; its key lived only in the object that created it',
        );
    }
    const check = await decryptAesGcm(
      key,
      decodeBase64url(header.key_check.iv),
      decodeBase64url(header.key_check.ct),
      headerAad(header),
    );
    if (check === undefined || utf8Decode(check) !== KEY_CHECK) {
      throw new ElicenseError('ERR_WALLET_SECRET_INVALID', 'the wallet secret or key is wrong (or the wallet header was altered)');
    }
    return new Vault(backend, key, header.wallet_id);
  }

  /** The decrypted record with this id, or `undefined`. Throws `ERR_WALLET_CORRUPT` for a record that does not open. */
  async get(id: string): Promise<VaultEntry | undefined> {
    if (typeof id !== 'string' || id.length === 0) throw invalidArgument('id', 'a non-empty string', id);
    const record: unknown = await callBackend('get', () => this.backend.get(id));
    if (record === undefined) return undefined;
    if (!isSealedRecord(record)) throw corrupt(id, 'its envelope is malformed');
    const plain = await decryptAesGcm(this.#key, record.iv, record.ct, recordAad(this.#walletId, id));
    if (plain === undefined) throw corrupt(id, 'its authentication tag does not match (altered, truncated or moved)');
    const text = utf8Decode(plain);
    let value: unknown;
    try {
      value = text === undefined ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (!isJsonObject(value)) throw corrupt(id, 'its content is not a JSON object');
    return record.cryptoKey === undefined ? { value } : { value, cryptoKey: record.cryptoKey };
  }

  /** Every record id, sorted. */
  async ids(): Promise<string[]> {
    const ids: unknown = await callBackend('ids', () => this.backend.ids());
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
      throw new ElicenseError('ERR_STORE_FAILED', 'backend.ids() did not return an array of strings');
    }
    return ids as string[];
  }

  /** Seal and apply puts and deletes, all together or not at all. */
  async commit(changes: { put?: ReadonlyArray<readonly [string, VaultEntry]>; delete?: readonly string[] }): Promise<void> {
    if (!isJsonObject(changes)) throw invalidArgument('changes', 'an object { put?, delete? }', changes);
    const puts = changes.put ?? [];
    const deletes = changes.delete ?? [];
    if (!Array.isArray(puts)) throw invalidArgument('changes.put', 'an array of [id, entry] pairs', puts);
    if (!Array.isArray(deletes)) throw invalidArgument('changes.delete', 'an array of record ids', deletes);
    const seen = new Set<string>();
    const plain: Array<readonly [string, Uint8Array, CryptoKey | undefined]> = [];
    puts.forEach((pair: unknown, i) => {
      const name = `changes.put[${i}]`;
      if (!Array.isArray(pair) || pair.length !== 2) throw invalidArgument(name, 'an [id, entry] pair', pair);
      const [id, entry] = pair as [unknown, unknown];
      if (typeof id !== 'string' || id.length === 0) throw invalidArgument(`${name}[0]`, 'a non-empty record id', id);
      if (seen.has(id)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}: record id ${JSON.stringify(id)} appears twice in one commit`);
      seen.add(id);
      if (!isJsonObject(entry) || !isJsonObject(entry.value)) throw invalidArgument(`${name}[1]`, 'an entry { value: JSON object, cryptoKey? }', entry);
      const cryptoKey = entry.cryptoKey;
      if (cryptoKey !== undefined) {
        if (typeof CryptoKey === 'undefined' || !(cryptoKey instanceof CryptoKey)) {
          throw invalidArgument(`${name}[1].cryptoKey`, 'a CryptoKey', cryptoKey);
        }
        if (!this.backend.keepsCryptoKeys) {
          throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}[1].cryptoKey: this backend cannot keep CryptoKey objects`);
        }
      }
      let text: string | undefined;
      try {
        text = JSON.stringify(entry.value);
      } catch (cause) {
        throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}[1].value cannot be serialized as JSON`, { cause });
      }
      if (typeof text !== 'string' || !text.startsWith('{')) throw invalidArgument(`${name}[1].value`, 'a JSON object', entry.value);
      plain.push([id, utf8Encode(text), cryptoKey as CryptoKey | undefined]);
    });
    deletes.forEach((id: unknown, i) => {
      if (typeof id !== 'string' || id.length === 0) throw invalidArgument(`changes.delete[${i}]`, 'a non-empty record id', id);
      if (seen.has(id)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `changes.delete[${i}]: record id ${JSON.stringify(id)} is also put (or deleted twice)`);
      seen.add(id);
    });
    if (plain.length === 0 && deletes.length === 0) return;
    const sealed = await Promise.all(
      plain.map(async ([id, bytes, cryptoKey]): Promise<readonly [string, SealedRecord]> => {
        const iv = randomBytes(IV_LENGTH);
        const ct = await encryptAesGcm(this.#key, iv, bytes, recordAad(this.#walletId, id));
        return [id, cryptoKey === undefined ? { v: 1, iv, ct } : { v: 1, iv, ct, cryptoKey }];
      }),
    );
    await callBackend('commit', () => this.backend.commit({ put: sealed, delete: [...deletes] as string[] }));
  }
}

/** A {@link WalletBackend}, or `ERR_INVALID_ARGUMENT` naming `name`. */
export function checkBackend(b: unknown, name = 'backend'): asserts b is WalletBackend {
  const x = b as Record<string, unknown> | null;
  if (
    typeof x !== 'object' ||
    x === null ||
    typeof x.persistent !== 'boolean' ||
    typeof x.keepsCryptoKeys !== 'boolean' ||
    !['readHeader', 'writeHeader', 'get', 'ids', 'commit'].every((m) => typeof x[m] === 'function')
  ) {
    throw invalidArgument(name, 'a WalletBackend (persistent, keepsCryptoKeys, readHeader, writeHeader, get, ids, commit)', b);
  }
}

/** Run a backend call: its ElicenseErrors pass through, anything else becomes `ERR_STORE_FAILED`. */
async function callBackend<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (cause) {
    if (cause instanceof ElicenseError) throw cause;
    throw new ElicenseError('ERR_STORE_FAILED', `the wallet backend failed in ${what}()`, { cause });
  }
}

function corrupt(id: string, why: string): ElicenseError {
  return new ElicenseError('ERR_WALLET_CORRUPT', `wallet record ${JSON.stringify(id)} does not open: ${why}`, { details: { id } });
}

function isSealedRecord(r: unknown): r is SealedRecord {
  if (!isJsonObject(r)) return false;
  return (
    r.v === 1 &&
    r.iv instanceof Uint8Array &&
    r.iv.length === IV_LENGTH &&
    r.ct instanceof Uint8Array &&
    r.ct.length >= TAG_LENGTH &&
    (r.cryptoKey === undefined || (typeof CryptoKey !== 'undefined' && r.cryptoKey instanceof CryptoKey))
  );
}

function headerAad(h: Omit<Header, 'key_check'>): Uint8Array {
  const kdf: Array<string | number> =
    h.kdf.name === 'PBKDF2' ? [h.kdf.name, h.kdf.hash, h.kdf.iterations, h.kdf.salt] : [h.kdf.name];
  return additionalData(['elicense-wallet-header', h.format, h.version, h.wallet_id, ...kdf]);
}

function recordAad(walletId: string, id: string): Uint8Array {
  return additionalData(['elicense-wallet-record', 1, walletId, id]);
}

function headerCorrupt(why: string): ElicenseError {
  return new ElicenseError('ERR_WALLET_CORRUPT', `the wallet header is malformed: ${why}`);
}

function parseHeader(bytes: unknown): Header {
  if (!(bytes instanceof Uint8Array)) throw new ElicenseError('ERR_STORE_FAILED', 'backend.readHeader() did not return bytes');
  if (bytes.length > MAX_HEADER_LENGTH) throw headerCorrupt(`it is ${bytes.length} bytes long`);
  const text = utf8Decode(bytes);
  let h: unknown;
  try {
    h = text === undefined ? undefined : JSON.parse(text);
  } catch {
    h = undefined;
  }
  if (!isJsonObject(h)) throw headerCorrupt('not a JSON object');
  if (h.format !== WALLET_HEADER_FORMAT) throw headerCorrupt(`format is not "${WALLET_HEADER_FORMAT}"`);
  checkVersion(h.version, WALLET_HEADER_VERSION, 'the wallet was written', headerCorrupt);
  const extra = Object.keys(h).filter((k) => !HEADER_FIELDS.includes(k));
  if (extra.length > 0) throw headerCorrupt(`unknown field ${JSON.stringify(extra[0])}`);
  if (!isBase64urlBytes(h.wallet_id, { length: WALLET_ID_LENGTH })) throw headerCorrupt('wallet_id is not 16 base64url bytes');
  const kc = h.key_check;
  if (!isJsonObject(kc) || Object.keys(kc).length !== 2 || !isBase64urlBytes(kc.iv, { length: IV_LENGTH }) || !isBase64urlBytes(kc.ct, { min: TAG_LENGTH })) {
    throw headerCorrupt('key_check is not { iv, ct }');
  }
  const kdf = h.kdf;
  if (!isJsonObject(kdf)) throw headerCorrupt('kdf is not an object');
  if (kdf.name === 'PBKDF2') {
    if (Object.keys(kdf).length !== 4 || kdf.hash !== 'SHA-256' || !isAcceptedIterations(kdf.iterations) || !isBase64urlBytes(kdf.salt, { length: SALT_LENGTH })) {
      throw headerCorrupt('kdf is not { name: "PBKDF2", hash: "SHA-256", iterations (10,000 to 10,000,000), salt (16 bytes) }');
    }
  } else if (kdf.name === 'external' || kdf.name === 'ephemeral') {
    if (Object.keys(kdf).length !== 1) throw headerCorrupt(`kdf "${kdf.name}" has unknown fields`);
  } else {
    throw headerCorrupt('kdf.name is not "PBKDF2", "external" or "ephemeral"');
  }
  return h as unknown as Header;
}
