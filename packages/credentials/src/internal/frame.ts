import type { DisclosureFrame, JsonObject } from '@elicense/core';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Frame making every member (object) or element (array) of `value` disclosable, recursively. */
function recursiveFrame(value: unknown): DisclosureFrame | undefined {
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : isObject(value)
      ? Object.entries(value)
      : [];
  if (entries.length === 0) return undefined;
  const frame: DisclosureFrame = { _sd: entries.map(([k]) => k) };
  for (const [k, v] of entries) {
    const nested = recursiveFrame(v);
    if (nested !== undefined) frame[String(k)] = nested;
  }
  return frame;
}

/**
 * The disclosure frame for a licence: every claim named in `disclosable` goes into `_sd`, and the
 * members or elements of its object or array value are disclosable too, recursively.
 */
export function buildDisclosureFrame(claims: JsonObject, disclosable: readonly string[]): DisclosureFrame {
  const allowed = new Set(disclosable);
  const names = Object.keys(claims).filter((k) => allowed.has(k));
  const frame: DisclosureFrame = { _sd: names };
  for (const name of names) {
    const nested = recursiveFrame(claims[name]);
    if (nested !== undefined) frame[name] = nested;
  }
  return frame;
}
