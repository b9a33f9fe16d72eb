import { ElicenseError } from '@elicense/core';
import { Resolver, type DIDDocument, type DIDResolver, type ParsedDID } from 'did-resolver';
import { invalidArgument } from './internal/assert.js';
import { findVerificationMethod, isInRelationship, verificationMethodJwk } from './internal/document.js';
import { parseDid, parseDidUrl } from './internal/parse.js';
import { ResolutionCore, SUPPORTED_METHODS, type SupportedMethod } from './internal/resolution.js';
import type { DidResolverOptions, KeyPurpose, ResolvedVerificationKey } from './types.js';

/**
 * Resolves did:key, did:jwk and did:web DIDs (through did-resolver's method registry) and finds
 * the public key a JWS `kid` points to. Documents come from the offline store first, then from a
 * TTL cache, then from the method; did:web is fetched with the injected `fetch` and a timeout.
 *
 * @example
 * ```ts
 * const resolver = new DidResolver({ cacheTtl: 600 })
 * const { publicJwk } = await resolver.resolveKey(header.kid, 'assertionMethod')
 * await verifyJwt(jwt, { key: publicJwk, algorithms: ['ES256'] })
 * ```
 * @see https://www.w3.org/TR/did-core/#did-resolution
 */
export class DidResolver {
  readonly #core: ResolutionCore;
  readonly #resolver: Resolver;

  /** @param options fetch, cache TTL and clock, offline documents, did:web timeout. */
  constructor(options: DidResolverOptions = {}) {
    this.#core = new ResolutionCore(options);
    const registry: Record<string, DIDResolver> = {};
    for (const method of SUPPORTED_METHODS) {
      registry[method] = async (_did: string, parsed: ParsedDID) => ({
        didResolutionMetadata: { contentType: 'application/did+json' },
        didDocument: await this.#core.resolve(parsed.did, method as SupportedMethod),
        didDocumentMetadata: {},
      });
    }
    this.#resolver = new Resolver(registry, { cache: false });
  }

  /**
   * Resolve a DID to its DID document.
   * Errors: ERR_INVALID_ARGUMENT (not a string), ERR_INPUT_TOO_LARGE, ERR_DID_INVALID (malformed,
   * or a DID URL), ERR_DID_METHOD_UNSUPPORTED, ERR_DID_RESOLUTION_FAILED (did:web fetch, status,
   * JSON or `id` mismatch), ERR_KEY_INVALID (a did:jwk holding a private key).
   *
   * @example
   * ```ts
   * const doc = await resolver.resolve('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')
   * doc.assertionMethod // ['did:key:z6Mk…#z6Mk…']
   * ```
   * @see https://www.w3.org/TR/did-core/#did-resolution
   */
  async resolve(did: string): Promise<DIDDocument> {
    const parsed = parseDid(did, 'did');
    const offline = this.#core.offlineDocument(parsed.did);
    if (offline) return offline;
    if (!(SUPPORTED_METHODS as readonly string[]).includes(parsed.method)) {
      throw new ElicenseError(
        'ERR_DID_METHOD_UNSUPPORTED',
        `DID method "${parsed.method}" is not supported (supported: ${SUPPORTED_METHODS.join(', ')}); add its document to the offline store to use it`,
        { details: { method: parsed.method } },
      );
    }
    const result = await this.#resolver.resolve(parsed.did);
    const error = result.didResolutionMetadata.error;
    if (error !== undefined || result.didDocument === null) {
      const code = error === 'invalidDid' ? 'ERR_DID_INVALID' : error === 'unsupportedDidMethod' ? 'ERR_DID_METHOD_UNSUPPORTED' : 'ERR_DID_RESOLUTION_FAILED';
      throw new ElicenseError(code, `resolving ${parsed.did} failed: ${String(error ?? 'no document')}`);
    }
    return result.didDocument;
  }

  /**
   * Find the public key of the verification method a DID URL (a JWS `kid`) names. The method must
   * exist in the resolved document and, when `purpose` is given, be referenced from that verification
   * relationship. `publicKeyJwk`, `publicKeyMultibase` and `publicKeyBase58` all come back as a JWK;
   * private members are stripped.
   * Errors: as {@link DidResolver.resolve}, plus ERR_DID_KEY_NOT_FOUND (no fragment, unknown
   * fragment, not in `purpose`) and ERR_KEY_INVALID (unusable key material).
   *
   * @example
   * ```ts
   * const key = await resolver.resolveKey('did:web:agency.example.gov#key-1', 'assertionMethod')
   * key.publicJwk // { kty: 'EC', crv: 'P-256', x, y }
   * ```
   * @see https://www.w3.org/TR/did-core/#verification-methods
   */
  async resolveKey(didUrl: string, purpose?: KeyPurpose): Promise<ResolvedVerificationKey> {
    if (purpose !== undefined && purpose !== 'assertionMethod' && purpose !== 'authentication') {
      throw invalidArgument('purpose', '"assertionMethod" or "authentication"', purpose);
    }
    const parsed = parseDidUrl(didUrl, 'didUrl');
    if (parsed.fragment === undefined || parsed.fragment === '') {
      throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `${JSON.stringify(parsed.didUrl)} has no fragment; a key reference must be "<did>#<fragment>"`, {
        details: { didUrl: parsed.didUrl },
      });
    }
    if (parsed.path !== undefined || parsed.query !== undefined || parsed.params !== undefined) {
      throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `a key reference must be "<did>#<fragment>" without path, query or parameters`, {
        details: { didUrl: parsed.didUrl },
      });
    }
    const doc = await this.resolve(parsed.did);
    const id = `${parsed.did}#${parsed.fragment}`;
    const vm = findVerificationMethod(doc, id);
    if (!vm) {
      throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `the DID document of ${parsed.did} has no verification method ${JSON.stringify(id)}`, {
        details: { did: parsed.did, id },
      });
    }
    if (purpose !== undefined && !isInRelationship(doc, purpose, id)) {
      throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `verification method ${JSON.stringify(id)} is not listed in ${purpose} of ${parsed.did}`, {
        details: { did: parsed.did, id, purpose },
      });
    }
    const what = `verification method ${JSON.stringify(id)}`;
    if (typeof vm.controller !== 'string' || vm.controller === '') {
      throw new ElicenseError('ERR_KEY_INVALID', `${what} has no "controller"`);
    }
    return { id, controller: vm.controller, publicJwk: verificationMethodJwk(vm, what) };
  }

  /**
   * Put a DID document into the offline store; it is used before any network or cache, for any DID
   * method. Private key material in it is dropped. Errors: ERR_INVALID_ARGUMENT, ERR_DID_INVALID.
   *
   * @example
   * ```ts
   * resolver.addDocument(trustBundle.issuers[0].didDocument)
   * ```
   */
  addDocument(doc: DIDDocument): void {
    this.#core.addDocument(doc, 'doc');
  }
}
