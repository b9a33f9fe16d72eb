import { ElicenseError } from '@elicense/core';
import type { DIDDocument } from 'did-resolver';
import { resolveDidJwkDocument } from '../did-jwk/resolve.js';
import { resolveDidKeyDocument } from '../did-key/resolve.js';
import { resolveDidWebDocument } from '../did-web/resolve.js';
import type { DidResolverOptions } from '../types.js';
import { assertObject, invalidArgument } from './assert.js';
import { sanitizeDocument } from './document.js';
import { MAX_CACHE_ENTRIES, MAX_DID_LENGTH } from './limits.js';
import { parseDid } from './parse.js';

/** The DID methods elicense resolves. */
export const SUPPORTED_METHODS = ['key', 'jwk', 'web'] as const;
export type SupportedMethod = (typeof SUPPORTED_METHODS)[number];

interface Settings {
  fetch: typeof globalThis.fetch | undefined;
  cacheTtl: number;
  now: () => number;
  timeoutMs: number;
  allowHttpLocalhost: boolean;
}

function settingsFrom(options: unknown): Settings {
  if (options === undefined) options = {};
  assertObject(options, 'options');
  const o = options as DidResolverOptions;
  if (o.fetch !== undefined && typeof o.fetch !== 'function') throw invalidArgument('options.fetch', 'a fetch function', o.fetch);
  if (o.now !== undefined && typeof o.now !== 'function') throw invalidArgument('options.now', 'a function returning Unix seconds', o.now);
  const cacheTtl = o.cacheTtl ?? 300;
  if (typeof cacheTtl !== 'number' || !Number.isFinite(cacheTtl) || cacheTtl < 0) {
    throw invalidArgument('options.cacheTtl', 'a non-negative number of seconds', cacheTtl);
  }
  const timeoutMs = o.timeoutMs ?? 5000;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw invalidArgument('options.timeoutMs', 'a positive number of milliseconds', timeoutMs);
  }
  if (o.allowHttpLocalhost !== undefined && typeof o.allowHttpLocalhost !== 'boolean') {
    throw invalidArgument('options.allowHttpLocalhost', 'a boolean', o.allowHttpLocalhost);
  }
  return {
    fetch: o.fetch,
    cacheTtl,
    now: o.now ?? (() => Date.now() / 1000),
    timeoutMs,
    allowHttpLocalhost: o.allowHttpLocalhost ?? false,
  };
}

/**
 * What {@link DidResolver} and {@link getResolver} share: the offline document store, the TTL cache
 * (successful documents only, bounded size), de-duplication of concurrent resolutions, and the
 * method implementations.
 */
export class ResolutionCore {
  private readonly settings: Settings;
  private readonly offline = new Map<string, DIDDocument>();
  private readonly cache = new Map<string, { doc: DIDDocument; expiresAt: number }>();
  private readonly inflight = new Map<string, Promise<DIDDocument>>();

  constructor(options: unknown) {
    this.settings = settingsFrom(options);
    const documents = (options as DidResolverOptions | undefined)?.documents;
    if (documents !== undefined) {
      assertObject(documents, 'options.documents');
      for (const [did, doc] of Object.entries(documents)) {
        assertObject(doc, `options.documents[${JSON.stringify(did)}]`);
        if (doc.id !== did) {
          throw invalidArgument(`options.documents[${JSON.stringify(did)}].id`, `the DID it is stored under (${JSON.stringify(did)})`, doc.id);
        }
        this.addDocument(doc, `options.documents[${JSON.stringify(did)}]`);
      }
    }
  }

  /** Put a document into the offline store (validated, private key material removed). */
  addDocument(doc: unknown, name: string): void {
    assertObject(doc, name);
    parseDid(doc.id, `${name}.id`);
    this.offline.set(doc.id as string, sanitizeDocument(doc, undefined, 'ERR_INVALID_ARGUMENT', name));
  }

  /** A copy of the offline document for `did`, if there is one. */
  offlineDocument(did: string): DIDDocument | undefined {
    const doc = this.offline.get(did);
    return doc === undefined ? undefined : structuredClone(doc);
  }

  /** Resolve `did` with a supported method: offline store, then cache, then the method itself. */
  async resolve(did: string, method: SupportedMethod): Promise<DIDDocument> {
    if (did.length > MAX_DID_LENGTH) {
      throw new ElicenseError('ERR_INPUT_TOO_LARGE', `DID is ${did.length} characters long; at most ${MAX_DID_LENGTH} are accepted`);
    }
    const offline = this.offlineDocument(did);
    if (offline) return offline;
    const ttl = this.settings.cacheTtl;
    if (ttl > 0) {
      const hit = this.cache.get(did);
      if (hit && hit.expiresAt > this.settings.now()) return structuredClone(hit.doc);
      if (hit) this.cache.delete(did);
    }
    let pending = this.inflight.get(did);
    if (!pending) {
      pending = this.run(did, method).finally(() => this.inflight.delete(did));
      this.inflight.set(did, pending);
    }
    const doc = await pending;
    return structuredClone(doc);
  }

  private async run(did: string, method: SupportedMethod): Promise<DIDDocument> {
    const s = this.settings;
    let doc: DIDDocument;
    if (method === 'key') doc = resolveDidKeyDocument(did);
    else if (method === 'jwk') doc = resolveDidJwkDocument(did);
    else if (method === 'web') doc = await resolveDidWebDocument(did, { fetch: s.fetch, timeoutMs: s.timeoutMs, allowHttpLocalhost: s.allowHttpLocalhost });
    else throw new ElicenseError('ERR_DID_METHOD_UNSUPPORTED', `DID method ${JSON.stringify(method)} is not supported`);
    if (s.cacheTtl > 0) {
      if (this.cache.size >= MAX_CACHE_ENTRIES) {
        const oldest = this.cache.keys().next();
        if (!oldest.done) this.cache.delete(oldest.value);
      }
      this.cache.set(did, { doc, expiresAt: s.now() + s.cacheTtl });
    }
    return doc;
  }
}
