import type { ClaimPath } from '@elicense/core';

/** A claim a claims path pointer selected: where it is (concrete: keys and indices) and its value. */
export interface SelectedClaim {
  path: (string | number)[];
  value: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Process a claims path pointer against a JSON credential exactly as OpenID4VP 1.0 §7.1 says: a string
 * selects that key of every selected object, `null` every element of every selected array, an integer
 * that index. A string against a non-object, or `null` or an index against a non-array, is an error;
 * so is an empty result. Errors return `undefined`: the claim is treated as absent.
 */
export function processClaimsPath(root: Record<string, unknown>, pointer: ClaimPath): SelectedClaim[] | undefined {
  let current: SelectedClaim[] = [{ path: [], value: root }];
  for (const c of pointer) {
    const next: SelectedClaim[] = [];
    for (const { path, value } of current) {
      if (typeof c === 'string') {
        if (!isObject(value)) return undefined;
        if (Object.hasOwn(value, c)) next.push({ path: [...path, c], value: value[c] });
      } else {
        if (!Array.isArray(value)) return undefined;
        const items = value as unknown[];
        if (c === null) items.forEach((v, i) => next.push({ path: [...path, i], value: v }));
        else if (c < items.length) next.push({ path: [...path, c], value: items[c] });
      }
    }
    current = next;
  }
  return current.length === 0 ? undefined : current;
}
