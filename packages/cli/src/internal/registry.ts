import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ElicenseError, generateKeyPair, isJsonObject, parseJson, type JWK } from '@elicense/core';
import { FileIssuerStore } from '@elicense/issuer';
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

async function readJsonFile(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ElicenseError('ERR_STORE_FAILED', `cannot read ${path}`, { cause: e });
  }
  const v = parseJson(text, 'ERR_STORE_CORRUPT', path);
  if (!isJsonObject(v)) throw new ElicenseError('ERR_STORE_CORRUPT', `${path} must hold a JSON object`);
  return v;
}

/** Open (creating on first use) the registry in `dir`. */
export async function openRegistry(dir: string, baseUri?: string): Promise<OpenRegistry> {
  await mkdir(dir, { recursive: true });
  const configPath = join(dir, 'registry.json');
  const config = await readJsonFile(configPath);
  let uri: string;
  if (config === undefined) {
    uri = baseUri ?? DEFAULT_STATUS_BASE_URI;
    await writeFile(configPath, `${JSON.stringify({ baseUri: uri }, null, 2)}\n`);
  } else {
    if (typeof config.baseUri !== 'string') throw new ElicenseError('ERR_STORE_CORRUPT', `${configPath} has no baseUri`);
    uri = config.baseUri;
    if (baseUri !== undefined && baseUri !== uri) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `the registry in ${dir} publishes under ${uri}, not ${baseUri}`);
    }
  }
  const keyPath = join(dir, 'ledger-key.json');
  let key = (await readJsonFile(keyPath)) as JWK | undefined;
  if (key === undefined) {
    key = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
    await writeFile(keyPath, `${JSON.stringify(key)}\n`, { mode: 0o600 });
  }
  const store = await FileIssuerStore.open(join(dir, 'store'));
  let ledger: FileLedger;
  try {
    ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: key });
  } catch (e) {
    await store.close();
    throw e;
  }
  return {
    status: { store, ledger, baseUri: uri },
    ledger,
    store,
    async close() {
      await Promise.allSettled([store.close(), ledger.close()]);
    },
  };
}
