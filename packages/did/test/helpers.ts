import { readFileSync } from 'node:fs';

export { codeOf } from '../../../test/helpers/errors.js';

/** Read a checked-in vector file from `test/vectors/`. */
export function vectorText(path: string): string {
  return readFileSync(new URL(`../../../test/vectors/${path}`, import.meta.url), 'utf8');
}

/** Parse a checked-in JSON vector file from `test/vectors/`. */
export function vector<T = any>(path: string): T {
  return JSON.parse(vectorText(path)) as T;
}

