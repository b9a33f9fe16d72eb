import { readFileSync } from 'node:fs';

const VECTORS = new URL('../vectors/', import.meta.url);

/** Text of a checked-in vector file (path relative to `test/vectors/`). */
export function readVector(path: string): string {
  return readFileSync(new URL(path, VECTORS), 'utf8');
}

/** A checked-in JSON vector file. */
export function loadJson<T = unknown>(path: string): T {
  return JSON.parse(readVector(path)) as T;
}
