import { ElicenseError, isJsonObject, type ErrorCode } from '@elicense/core';
import type { TrustBundleDeltaPayload, TrustBundlePayload } from '../types.js';
import { isSeconds } from './args.js';
import { canonicalJson } from './canonical-json.js';
import { MAP_FIELDS, type MapField } from './payload.js';

const DELTA_MEMBERS = new Set(['iss', 'iat', 'from', 'to', 'roots', 'set', 'remove']);
const DIGEST = /^[A-Za-z0-9_-]{43}$/;

function fail(code: ErrorCode, what: string, path: string, problem: string): never {
  throw new ElicenseError(code, `${what}: ${path} ${problem}`, { details: { path } });
}

function version(v: unknown, code: ErrorCode, what: string, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) fail(code, what, path, 'must be a positive integer');
  return v;
}

function digest(v: unknown, code: ErrorCode, what: string, path: string): string {
  if (typeof v !== 'string' || !DIGEST.test(v)) fail(code, what, path, 'must be a base64url SHA-256 digest');
  return v;
}

function seconds(v: unknown, code: ErrorCode, what: string, path: string): number {
  if (!isSeconds(v)) fail(code, what, path, 'must be Unix seconds');
  return v;
}

/**
 * Check the shape of a delta payload (not the shape of the entries it sets: the bundle it yields is
 * checked as a whole). Anything wrong throws `code` naming the path.
 */
export function parseDeltaPayload(value: unknown, code: ErrorCode, what: string): TrustBundleDeltaPayload {
  if (!isJsonObject(value)) fail(code, what, 'payload', 'must be a JSON object');
  for (const k of Object.keys(value)) if (!DELTA_MEMBERS.has(k)) fail(code, what, k, 'is not a member of a delta');
  if (typeof value.iss !== 'string' || value.iss.length === 0) fail(code, what, 'iss', 'must be a non-empty string');
  const from = value.from;
  const to = value.to;
  if (!isJsonObject(from)) fail(code, what, 'from', 'must be an object { version, digest }');
  if (!isJsonObject(to)) fail(code, what, 'to', 'must be an object { version, digest, iat, exp }');
  const delta: TrustBundleDeltaPayload = {
    iss: value.iss,
    iat: seconds(value.iat, code, what, 'iat'),
    from: { version: version(from.version, code, what, 'from.version'), digest: digest(from.digest, code, what, 'from.digest') },
    to: {
      version: version(to.version, code, what, 'to.version'),
      digest: digest(to.digest, code, what, 'to.digest'),
      iat: seconds(to.iat, code, what, 'to.iat'),
      exp: seconds(to.exp, code, what, 'to.exp'),
    },
    set: {},
    remove: {},
  };
  if (Object.keys(from).length !== 2) fail(code, what, 'from', 'must have exactly version and digest');
  if (Object.keys(to).length !== 4) fail(code, what, 'to', 'must have exactly version, digest, iat and exp');
  if (delta.to.exp <= delta.to.iat) fail(code, what, 'to.exp', 'must be after to.iat');
  if (value.roots !== undefined) {
    if (!Array.isArray(value.roots) || !value.roots.every((r): r is string => typeof r === 'string')) fail(code, what, 'roots', 'must be an array of DIDs');
    delta.roots = [...value.roots];
  }
  const set = value.set;
  const remove = value.remove;
  if (!isJsonObject(set)) fail(code, what, 'set', 'must be an object');
  if (!isJsonObject(remove)) fail(code, what, 'remove', 'must be an object');
  for (const k of Object.keys(set)) if (!(MAP_FIELDS as readonly string[]).includes(k)) fail(code, what, `set.${k}`, 'is not a map of a bundle');
  for (const k of Object.keys(remove)) if (!(MAP_FIELDS as readonly string[]).includes(k)) fail(code, what, `remove.${k}`, 'is not a map of a bundle');
  for (const field of MAP_FIELDS) {
    const s = set[field];
    const r = remove[field];
    if (s !== undefined) {
      if (!isJsonObject(s)) fail(code, what, `set.${field}`, 'must be an object');
      for (const k of Object.keys(s)) if (k === '__proto__' || k.length === 0) fail(code, what, `set.${field}`, `has a forbidden key ${JSON.stringify(k)}`);
      canonicalJson(s, code, `${what}: set.${field}`);
      (delta.set as Record<string, unknown>)[field] = structuredClone(s);
    }
    if (r !== undefined) {
      if (!Array.isArray(r) || !r.every((k): k is string => typeof k === 'string' && k.length > 0 && k !== '__proto__')) {
        fail(code, what, `remove.${field}`, 'must be an array of ids');
      }
      if (new Set(r).size !== r.length) fail(code, what, `remove.${field}`, 'lists an id twice');
      if (s !== undefined && r.some((k) => Object.prototype.hasOwnProperty.call(s, k))) fail(code, what, `remove.${field}`, 'removes an id it also sets');
      (delta.remove as Record<string, unknown>)[field] = [...r];
    }
  }
  return delta;
}

/** What changed from one bundle payload to another: roots (when changed), entries set, ids removed. */
export function diffPayloads(from: TrustBundlePayload, to: TrustBundlePayload): Pick<TrustBundleDeltaPayload, 'roots' | 'set' | 'remove'> {
  const out: Pick<TrustBundleDeltaPayload, 'roots' | 'set' | 'remove'> = { set: {}, remove: {} };
  if (canonicalJson(from.roots) !== canonicalJson(to.roots)) out.roots = [...to.roots];
  for (const field of MAP_FIELDS) {
    const a = from[field] as Record<string, unknown>;
    const b = to[field] as Record<string, unknown>;
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(b)) {
      if (!Object.prototype.hasOwnProperty.call(a, k) || canonicalJson(a[k]) !== canonicalJson(v)) set[k] = structuredClone(v);
    }
    const removed = Object.keys(a).filter((k) => !Object.prototype.hasOwnProperty.call(b, k));
    if (Object.keys(set).length > 0) (out.set as Record<MapField, unknown>)[field] = set;
    if (removed.length > 0) out.remove[field] = removed;
  }
  return out;
}

/**
 * The payload a delta yields from `base`: its version, `iat`, `exp` and roots, entries set and
 * removed. Removing an id `base` does not have means the delta was made for another bundle
 * (`ERR_BUNDLE_DELTA_MISMATCH`). The result is not yet checked.
 */
export function applyDeltaPayload(base: TrustBundlePayload, delta: TrustBundleDeltaPayload): Record<string, unknown> {
  const next: Record<string, unknown> = {
    iss: base.iss,
    version: delta.to.version,
    iat: delta.to.iat,
    exp: delta.to.exp,
    roots: structuredClone(delta.roots ?? base.roots),
  };
  for (const field of MAP_FIELDS) {
    const map: Record<string, unknown> = structuredClone(base[field] as Record<string, unknown>);
    for (const id of delta.remove[field] ?? []) {
      if (!Object.prototype.hasOwnProperty.call(map, id)) {
        throw new ElicenseError('ERR_BUNDLE_DELTA_MISMATCH', `the delta removes ${field} entry ${JSON.stringify(id)}, which the current bundle does not have`, {
          details: { field, id },
        });
      }
      delete map[id];
    }
    Object.assign(map, structuredClone(delta.set[field] ?? {}));
    next[field] = map;
  }
  return next;
}
