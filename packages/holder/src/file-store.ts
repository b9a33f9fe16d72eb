import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ElicenseError, isJsonObject } from '@elicense/core';
import type { JWK } from '@elicense/core';
import type { CredentialStore, StoredCredential } from './types.js';

/**
 * The holder key as a file wallet keeps it.
 *
 * @example
 * ```ts
 * const key: StoredHolderKey = { alg: 'ES256', publicJwk, privateJwk }
 * ```
 */
export interface StoredHolderKey {
  /** `ES256` or `EdDSA`. */
  alg: 'ES256' | 'EdDSA';
  /** The public key. */
  publicJwk: JWK;
  /** The private key, in the clear. */
  privateJwk: JWK;
}

interface WalletFile {
  format: 'elicense-wallet';
  version: 1;
  holderKey: StoredHolderKey | null;
  credentials: StoredCredential[];
}

const EMPTY: WalletFile = { format: 'elicense-wallet', version: 1, holderKey: null, credentials: [] };

/**
 * A {@link CredentialStore} in one JSON file per wallet, which also keeps the holder key so that a
 * wallet survives restarts (see `openFileWallet`). Node only.
 *
 * Every change rewrites the file atomically: the new content goes to `<path>.tmp` (mode 0600),
 * is flushed to disk, then renamed over `<path>`; a crash leaves either the old or the new file,
 * never a torn one. Changes within one process are serialized; two processes must not share a file.
 *
 * The file holds the holder's private JWK **in the clear**, protected only by its 0600 mode.
 * Encrypted storage is planned; until then keep wallet files on an encrypted disk.
 *
 * @example
 * ```ts
 * const store = await FileCredentialStore.open('./wallet.json')
 * const wallet = await Wallet.create({ store })
 * ```
 */
export class FileCredentialStore implements CredentialStore {
  /** The wallet file. */
  readonly path: string;
  #state: WalletFile;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(path: string, state: WalletFile) {
    this.path = path;
    this.#state = state;
  }

  /**
   * Open (or prepare to create) the wallet file at `path`. A missing file is an empty wallet; it is
   * written at the first change. A leftover `<path>.tmp` from an interrupted write is discarded.
   * Throws `ERR_STORE_FAILED` when the file exists but is not a wallet file.
   *
   * @example
   * ```ts
   * const store = await FileCredentialStore.open('/var/lib/wallet/alice.json')
   * ```
   */
  static async open(path: string): Promise<FileCredentialStore> {
    if (typeof path !== 'string' || path.length === 0) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `path must be a non-empty file path, got ${typeof path}`);
    }
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ElicenseError('ERR_STORE_FAILED', `cannot read wallet file ${path}`, { cause });
      }
    }
    await unlink(`${path}.tmp`).catch(() => undefined);
    const state = text === undefined ? structuredClone(EMPTY) : parseWalletFile(text, path);
    return new FileCredentialStore(path, state);
  }

  /** The credential with this id, or `undefined`. */
  async get(id: string): Promise<StoredCredential | undefined> {
    await this.#queue;
    const c = this.#state.credentials.find((x) => x.id === id);
    return c === undefined ? undefined : structuredClone(c);
  }

  /** Insert or replace the credential with `c.id`, and write the file. */
  async put(c: StoredCredential): Promise<void> {
    if (!isJsonObject(c) || typeof c.id !== 'string' || c.id.length === 0) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', 'put() needs a StoredCredential with a non-empty id');
    }
    const copy = structuredClone(c);
    await this.#update((s) => {
      const i = s.credentials.findIndex((x) => x.id === copy.id);
      if (i < 0) s.credentials.push(copy);
      else s.credentials[i] = copy;
      return true;
    });
  }

  /** Remove a credential and write the file; `true` when it was there. */
  async delete(id: string): Promise<boolean> {
    return this.#update((s) => {
      const i = s.credentials.findIndex((x) => x.id === id);
      if (i < 0) return false;
      s.credentials.splice(i, 1);
      return true;
    });
  }

  /** Every credential, in insertion order. */
  async list(): Promise<StoredCredential[]> {
    await this.#queue;
    return structuredClone(this.#state.credentials);
  }

  /**
   * The holder key kept in the file, or `undefined` for a new wallet.
   *
   * @example
   * ```ts
   * const key = await store.getHolderKey()
   * ```
   */
  async getHolderKey(): Promise<StoredHolderKey | undefined> {
    await this.#queue;
    const k = this.#state.holderKey;
    return k === null ? undefined : structuredClone(k);
  }

  /**
   * Keep the holder key in the file (replacing any earlier one: the credentials bound to the old key
   * can then no longer be presented).
   *
   * @example
   * ```ts
   * await store.setHolderKey({ alg: 'ES256', publicJwk, privateJwk })
   * ```
   */
  async setHolderKey(key: StoredHolderKey): Promise<void> {
    if (!isJsonObject(key) || !isJsonObject(key.publicJwk) || !isJsonObject(key.privateJwk) || typeof key.privateJwk.d !== 'string') {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', 'setHolderKey() needs { alg, publicJwk, privateJwk } with a private JWK');
    }
    const copy = structuredClone(key);
    await this.#update((s) => {
      s.holderKey = copy;
      return true;
    });
  }

  /** Apply `change` to a copy of the state, write it, then make it current. Serialized. */
  #update(change: (s: WalletFile) => boolean): Promise<boolean> {
    const run = this.#queue.then(async () => {
      const next = structuredClone(this.#state);
      if (!change(next)) return false;
      await writeAtomically(this.path, `${JSON.stringify(next, null, 2)}\n`);
      this.#state = next;
      return true;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.chmod(0o600);
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    await chmod(path, 0o600);
  } catch (cause) {
    await unlink(tmp).catch(() => undefined);
    throw new ElicenseError('ERR_STORE_FAILED', `cannot write wallet file ${path}`, { cause });
  }
  // Make the rename itself durable; not every platform can open a directory, so best effort.
  try {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    /* best effort */
  }
}

function parseWalletFile(text: string, path: string): WalletFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (cause) {
    throw new ElicenseError('ERR_STORE_FAILED', `wallet file ${path} is not valid JSON`, { cause });
  }
  if (!isJsonObject(v) || v.format !== 'elicense-wallet' || v.version !== 1 || !Array.isArray(v.credentials)) {
    throw new ElicenseError('ERR_STORE_FAILED', `${path} is not an elicense wallet file (version 1)`);
  }
  const holderKey = v.holderKey;
  if (holderKey !== null && holderKey !== undefined && (!isJsonObject(holderKey) || !isJsonObject(holderKey.privateJwk))) {
    throw new ElicenseError('ERR_STORE_FAILED', `wallet file ${path} has a malformed holderKey`);
  }
  for (const c of v.credentials) {
    if (!isJsonObject(c) || typeof c.id !== 'string' || typeof c.credential !== 'string') {
      throw new ElicenseError('ERR_STORE_FAILED', `wallet file ${path} has a malformed credential entry`);
    }
  }
  return {
    format: 'elicense-wallet',
    version: 1,
    holderKey: (holderKey ?? null) as StoredHolderKey | null,
    credentials: v.credentials as StoredCredential[],
  };
}

