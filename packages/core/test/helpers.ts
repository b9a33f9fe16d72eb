import { isJsonObject, type JsonObject } from '@elicense/core';

export { loadJson, readVector } from '../../../test/helpers/vectors.js';
export { outcomeOf as codeOf } from '../../../test/helpers/errors.js';

/** Value at a dotted path (`a.0.b`), or `undefined`. */
export function at(root: unknown, dotted: string): unknown {
  let node: unknown = root;
  for (const seg of dotted.split('.')) {
    if (Array.isArray(node)) node = (node as unknown[])[Number(seg)];
    else if (isJsonObject(node) && Object.hasOwn(node, seg)) node = node[seg];
    else return undefined;
  }
  return node;
}

/** True when the dotted path exists in `root`. */
export function has(root: unknown, dotted: string): boolean {
  let node: unknown = root;
  for (const seg of dotted.split('.')) {
    if (Array.isArray(node)) {
      const i = Number(seg);
      if (!Number.isInteger(i) || i < 0 || i >= node.length) return false;
      node = (node as unknown[])[i];
    } else if (isJsonObject(node) && Object.hasOwn(node, seg)) node = node[seg];
    else return false;
  }
  return true;
}

/** Base64url-encode a UTF-8 string (independent of the library under test). */
export function b64u(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Decode the payload of a compact JWS without the library under test. */
export function jwsPayload(jws: string): JsonObject {
  return JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as JsonObject;
}
