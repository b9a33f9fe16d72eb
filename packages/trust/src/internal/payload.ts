import { ElicenseError, isJsonObject, type ErrorCode, type JWK, type JsonObject } from '@elicense/core';
import { assertAnchorRecord, type AnchorReceipt } from '@elicense/ledger';
import type { DIDDocument } from '@elicense/did';
import type { BundleIssuer, BundleLedger, BundleStatusList, KeyHistoryEntry, TrustBundlePayload } from '../types.js';
import { isDid, isKeyReference, isSeconds, publicKeyProblem } from './args.js';
import { canonicalJson } from './canonical-json.js';

/** The members of a bundle payload that are maps keyed by a stable id (what a delta sets and removes). */
export const MAP_FIELDS = ['issuers', 'accreditations', 'revocations', 'types', 'statusLists', 'ledgers'] as const;
/** One of {@link MAP_FIELDS}. */
export type MapField = (typeof MAP_FIELDS)[number];

const PAYLOAD_MEMBERS = new Set(['iss', 'version', 'iat', 'exp', 'roots', ...MAP_FIELDS]);
const KEY_STATES = new Set(['active', 'retired', 'compromised']);

/** Reads a bundle payload, throwing `code` with the path of the first thing wrong. */
class Reader {
  constructor(
    readonly code: ErrorCode,
    readonly what: string,
  ) {}

  fail(path: string, problem: string, details?: Record<string, unknown>): never {
    throw new ElicenseError(this.code, `${this.what}: ${path} ${problem}`, { details: { path, ...details } });
  }

  object(v: unknown, path: string): JsonObject {
    if (!isJsonObject(v)) this.fail(path, 'must be a JSON object');
    return v;
  }

  only(v: JsonObject, path: string, allowed: ReadonlySet<string>): void {
    for (const k of Object.keys(v)) if (!allowed.has(k)) this.fail(`${path}.${k}`, 'is not a member this format has');
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string' || v.length === 0) this.fail(path, 'must be a non-empty string');
    return v;
  }

  seconds(v: unknown, path: string): number {
    if (!isSeconds(v)) this.fail(path, 'must be Unix seconds (a non-negative integer)');
    return v;
  }

  map(v: unknown, path: string): [string, unknown][] {
    const entries = Object.entries(this.object(v, path));
    for (const [k] of entries) if (k === '__proto__' || k.length === 0) this.fail(path, `has a forbidden key ${JSON.stringify(k)}`);
    return entries;
  }

  /** Plain JSON data, copied (depth and types checked by the canonical encoder). */
  json<T>(v: unknown, path: string): T {
    canonicalJson(v, this.code, `${this.what}: ${path}`);
    return structuredClone(v) as T;
  }

  publicJwk(v: unknown, path: string): JWK {
    const problem = publicKeyProblem(v);
    if (problem !== undefined) this.fail(path, `must be a public EC or Ed25519 JWK: ${problem}`);
    return this.json<JWK>(v, path);
  }
}

function readKeyEntry(r: Reader, v: unknown, path: string, did: string): KeyHistoryEntry {
  const o = r.object(v, path);
  r.only(o, path, new Set(['kid', 'publicJwk', 'state', 'validFrom', 'validUntil']));
  if (!isKeyReference(o.kid, did)) r.fail(`${path}.kid`, `must be a key reference "${did}#<fragment>"`);
  const state = o.state;
  if (typeof state !== 'string' || !KEY_STATES.has(state)) r.fail(`${path}.state`, 'must be "active", "retired" or "compromised"');
  const entry: KeyHistoryEntry = { kid: o.kid, publicJwk: r.publicJwk(o.publicJwk, `${path}.publicJwk`), state: state as KeyHistoryEntry['state'] };
  if (o.validFrom !== undefined) entry.validFrom = r.seconds(o.validFrom, `${path}.validFrom`);
  if (o.validUntil !== undefined) entry.validUntil = r.seconds(o.validUntil, `${path}.validUntil`);
  if (entry.validFrom !== undefined && entry.validUntil !== undefined && entry.validFrom >= entry.validUntil) {
    r.fail(path, 'has validFrom at or after validUntil');
  }
  if (state !== 'active' && entry.validUntil === undefined) r.fail(`${path}.validUntil`, `is required for a ${state} key`);
  return entry;
}

function readIssuer(r: Reader, v: unknown, path: string, did: string): BundleIssuer {
  if (!isDid(did)) r.fail(path, 'is keyed by something that is not a DID');
  const o = r.object(v, path);
  r.only(o, path, new Set(['did', 'document', 'resolvedAt', 'keys']));
  if (o.did !== did) r.fail(`${path}.did`, 'must equal its key');
  const document = r.object(o.document, `${path}.document`);
  if (document.id !== did) r.fail(`${path}.document.id`, 'must equal the DID');
  if (!Array.isArray(o.keys)) r.fail(`${path}.keys`, 'must be an array');
  const keys = o.keys.map((k, i) => readKeyEntry(r, k, `${path}.keys[${i}]`, did));
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) r.fail(`${path}.keys`, 'lists a kid twice');
  return { did, document: r.json<DIDDocument>(document, `${path}.document`), resolvedAt: r.seconds(o.resolvedAt, `${path}.resolvedAt`), keys };
}

function readAnchor(r: Reader, v: unknown, path: string): AnchorReceipt {
  const o = r.object(v, path);
  r.only(o, path, new Set(['ledger', 'record', 'proof']));
  const ledger = r.string(o.ledger, `${path}.ledger`);
  try {
    assertAnchorRecord(o.record);
  } catch (cause) {
    throw new ElicenseError(r.code, `${r.what}: ${path}.record is not an anchor record { uri, version, digest, time }`, { cause, details: { path: `${path}.record` } });
  }
  return { ledger, record: r.json(o.record, `${path}.record`), proof: r.json(r.object(o.proof, `${path}.proof`), `${path}.proof`) };
}

function readStatusList(r: Reader, v: unknown, path: string, uri: string): BundleStatusList {
  const o = r.object(v, path);
  r.only(o, path, new Set(['uri', 'token', 'anchor']));
  if (o.uri !== uri) r.fail(`${path}.uri`, 'must equal its key');
  const entry: BundleStatusList = { uri, token: r.string(o.token, `${path}.token`) };
  if (o.anchor !== undefined) entry.anchor = readAnchor(r, o.anchor, `${path}.anchor`);
  return entry;
}

function readLedger(r: Reader, v: unknown, path: string, id: string): BundleLedger {
  const o = r.object(v, path);
  r.only(o, path, new Set(['id', 'publicJwk']));
  if (o.id !== id) r.fail(`${path}.id`, 'must equal its key');
  return { id, publicJwk: r.publicJwk(o.publicJwk, `${path}.publicJwk`) };
}

function readJwtMap(r: Reader, v: unknown, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, jwt] of r.map(v, field)) out[id] = r.string(jwt, `${field}[${JSON.stringify(id)}]`);
  return out;
}

/**
 * Check that `value` has the shape of a {@link TrustBundlePayload} and return a normalised deep copy.
 * Anything missing, ill-typed or unknown throws `code` naming the path. Signatures, chains and
 * anchors are checked elsewhere.
 */
export function parseBundlePayload(value: unknown, code: ErrorCode, what: string): TrustBundlePayload {
  const r: Reader = new Reader(code, what);
  const o = r.object(value, 'payload');
  r.only(o, 'payload', PAYLOAD_MEMBERS);
  const iss = r.string(o.iss, 'iss');
  const version = o.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) r.fail('version', 'must be a positive integer');
  const iat = r.seconds(o.iat, 'iat');
  const exp = r.seconds(o.exp, 'exp');
  if (exp <= iat) r.fail('exp', 'must be after iat');
  if (!Array.isArray(o.roots) || o.roots.length === 0) r.fail('roots', 'must be a non-empty array of DIDs');
  const roots = o.roots.map((d, i) => {
    if (!isDid(d)) r.fail(`roots[${i}]`, 'must be a DID');
    return d;
  });
  if (new Set(roots).size !== roots.length) r.fail('roots', 'lists a DID twice');

  const issuers: Record<string, BundleIssuer> = {};
  for (const [did, v] of r.map(o.issuers, 'issuers')) issuers[did] = readIssuer(r, v, `issuers[${JSON.stringify(did)}]`, did);
  const accreditations = readJwtMap(r, o.accreditations, 'accreditations');
  const revocations = readJwtMap(r, o.revocations, 'revocations');
  const types: Record<string, JsonObject> = {};
  for (const [vct, v] of r.map(o.types, 'types')) types[vct] = r.json(r.object(v, `types[${JSON.stringify(vct)}]`), `types[${JSON.stringify(vct)}]`);
  const statusLists: Record<string, BundleStatusList> = {};
  for (const [uri, v] of r.map(o.statusLists, 'statusLists')) statusLists[uri] = readStatusList(r, v, `statusLists[${JSON.stringify(uri)}]`, uri);
  const ledgers: Record<string, BundleLedger> = {};
  for (const [id, v] of r.map(o.ledgers, 'ledgers')) ledgers[id] = readLedger(r, v, `ledgers[${JSON.stringify(id)}]`, id);
  return { iss, version, iat, exp, roots, issuers, accreditations, revocations, types, statusLists, ledgers };
}
