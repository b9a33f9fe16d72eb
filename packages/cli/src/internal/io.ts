import { readFile, writeFile } from 'node:fs/promises';
import { ElicenseError, isJsonObject, parseJson, type JsonObject } from '@elicense/core';

/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function readText(path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `cannot read ${what} from ${JSON.stringify(path)}`, { cause });
  }
}

export async function readJsonObject(path: string, what: string): Promise<JsonObject> {
  const v = parseJson(await readText(path, what), 'ERR_INVALID_ARGUMENT', `${what} (${path})`);
  if (!isJsonObject(v)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${what} (${path}) must be a JSON object`);
  return v;
}

export async function writeText(path: string, text: string, mode?: number): Promise<void> {
  await writeFile(path, text.endsWith('\n') ? text : `${text}\n`, mode === undefined ? 'utf8' : { encoding: 'utf8', mode });
}
