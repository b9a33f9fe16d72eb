import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ElicenseError, generateKeyPair, isElicenseError, isJsonObject, parseJson, type JWK } from '@elicense/core';
import { FileIssuerStore } from '@elicense/issuer/node';
import type { StatusRegistryOptions } from '@elicense/issuer';
import { FileLedger } from '@elicense/ledger/node';

/** Default base URI of the status lists of a registry made by the CLI. */
export const DEFAULT_STATUS_BASE_URI = 'https://status.licensing.gov.example/lists';

/**
 * An issuer registry on the local disk, as the CLI keeps it in one directory:
 * `store/` (the crash-safe issuer store), `ledger.jsonl` (the embedded hash-chained ledger),
 * `ledger-key.json` (the ledger's checkpoint key, mode 0600) and `registry.json` (the lists' base URI).
 */
export interface OpenRegistry {
  status: StatusRegistryOptions;
  ledger: FileLedger;
  store: FileIssuerStore;
  close(): Promise<void>;
}

/** How {@link openRegistry} treats a directory that holds no registry yet. */
export interface OpenRegistryOptions {
  /** Create the registry when the directory holds none (default `true`); `false` refuses with `ERR_INVALID_ARGUMENT`. */
  create?: boolean;
}

/** Registry directories open in this process: a second command on one of them is refused at once. */
const openDirs = new Set<string>();

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw new ElicenseError('ERR_STORE_FAILED', `cannot read ${path}`, { cause: e });
  }
}

async function readJsonFile(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw new ElicenseError('ERR_STORE_FAILED', `cannot read ${path}`, { cause: e });
  }
  const v = parseJson(text, 'ERR_STORE_CORRUPT', path);
  if (!isJsonObject(v)) throw new ElicenseError('ERR_STORE_CORRUPT', `${path} must hold a JSON object`);
  return v;
}

/** Write a file whole or not at all: a fresh temporary file, flushed, renamed into place. */
async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const h = await open(tmp, 'w', mode);
    try {
      await h.writeFile(text);
      await h.sync();
    } finally {
      await h.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new ElicenseError('ERR_STORE_FAILED', `cannot write ${path}`, { cause: e });
  }
}

/** The base URI of the registry's lists, from `registry.json` (written on first use). */
async function loadBaseUri(dir: string, store: FileIssuerStore, baseUri: string | undefined): Promise<string> {
  const configPath = join(dir, 'registry.json');
  const config = await readJsonFile(configPath);
  if (config === undefined) {
    if ((await store.lists()).length > 0) {
      throw new ElicenseError('ERR_STORE_CORRUPT', `${configPath} is missing, but the registry in ${dir} holds status lists`);
    }
    const uri = baseUri ?? DEFAULT_STATUS_BASE_URI;
    await writeFileAtomic(configPath, `${JSON.stringify({ baseUri: uri }, null, 2)}\n`, 0o644);
    return uri;
  }
  if (typeof config.baseUri !== 'string' || config.baseUri.length === 0) throw new ElicenseError('ERR_STORE_CORRUPT', `${configPath} has no baseUri`);
  if (baseUri !== undefined && baseUri !== config.baseUri) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `the registry in ${dir} publishes under ${config.baseUri}, not ${baseUri}: --status-base-uri cannot change it`);
  }
  return config.baseUri;
}

/** The ledger's checkpoint key from `ledger-key.json` (generated, mode 0600, with a new ledger). */
async function loadLedgerKey(dir: string): Promise<JWK> {
  const keyPath = join(dir, 'ledger-key.json');
  const key = await readJsonFile(keyPath);
  if (key !== undefined) return key as JWK;
  if (await exists(join(dir, 'ledger.jsonl'))) {
    throw new ElicenseError('ERR_STORE_CORRUPT', `${keyPath} is missing, but ${join(dir, 'ledger.jsonl')} exists: without its key the ledger cannot be checked or extended`);
  }
  const generated = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  await writeFileAtomic(keyPath, `${JSON.stringify(generated)}\n`, 0o600);
  return generated;
}

/**
 * Open the registry in `dir`, creating it on first use (unless `options.create` is `false`).
 * The issuer store's lock is taken before anything is read or written, so two commands on one
 * registry never interleave: the second fails with `ERR_STORE_LOCKED` (or `ERR_LEDGER_LOCKED`).
 * A `baseUri` other than the registry's own is refused (`ERR_INVALID_ARGUMENT`); damaged
 * registry files fail with `ERR_STORE_CORRUPT`, a damaged ledger with `ERR_LEDGER_TAMPERED`.
 */
export async function openRegistry(dir: string, baseUri?: string, options: OpenRegistryOptions = {}): Promise<OpenRegistry> {
  const path = resolve(dir);
  if (openDirs.has(path)) {
    throw new ElicenseError('ERR_STORE_LOCKED', `the registry in ${dir} is in use by another command; try again when it has finished`, { details: { registry: path } });
  }
  openDirs.add(path);
  let store: FileIssuerStore | undefined;
  let ledger: FileLedger;
  let uri: string;
  try {
    if (options.create === false && !(await exists(join(path, 'registry.json'))) && !(await exists(join(path, 'store')))) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `there is no registry in ${dir}: "elicense issue --registry ${dir}" creates one`);
    }
    try {
      await mkdir(path, { recursive: true });
    } catch (e) {
      throw new ElicenseError('ERR_STORE_FAILED', `cannot create the registry directory ${dir}`, { cause: e });
    }
    store = await FileIssuerStore.open(join(path, 'store'));
    uri = await loadBaseUri(path, store, baseUri);
    const key = await loadLedgerKey(path);
    try {
      ledger = await FileLedger.open({ path: join(path, 'ledger.jsonl'), signingKey: key });
    } catch (e) {
      if (isElicenseError(e) && e.code === 'ERR_INVALID_ARGUMENT') {
        throw new ElicenseError('ERR_STORE_CORRUPT', `${join(path, 'ledger-key.json')} does not hold a usable ledger key: ${e.message}`, { cause: e });
      }
      throw e;
    }
  } catch (e) {
    await store?.close().catch(() => undefined);
    openDirs.delete(path);
    throw e;
  }
  const opened = { store, ledger };
  let closed = false;
  return {
    status: { store, ledger, baseUri: uri },
    ledger,
    store,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await Promise.allSettled([opened.store.close(), opened.ledger.close()]);
      } finally {
        openDirs.delete(path);
      }
    },
  };
}
