import { isElicenseError } from '@elicense/core';
import type { DIDResolutionResult, DIDResolver, ParsedDID } from 'did-resolver';
import { ResolutionCore, SUPPORTED_METHODS } from './internal/resolution.js';
import type { DidResolverOptions } from './types.js';

function errorResult(e: unknown): DIDResolutionResult {
  const code = isElicenseError(e) ? e.code : undefined;
  const error = code === 'ERR_DID_RESOLUTION_FAILED' ? 'notFound' : code === 'ERR_DID_METHOD_UNSUPPORTED' ? 'unsupportedDidMethod' : 'invalidDid';
  return {
    didResolutionMetadata: { error, message: e instanceof Error ? e.message : String(e), ...(code ? { code } : {}) },
    didDocument: null,
    didDocumentMetadata: {},
  };
}

/**
 * did-resolver method registry entries for `key`, `jwk` and `web`, sharing one offline store and
 * cache. Failures are reported the did-resolver way: `didResolutionMetadata.error` is `invalidDid`
 * or `notFound`, with the elicense error `code` and `message` alongside.
 *
 * @example
 * ```ts
 * import { Resolver } from 'did-resolver'
 * const resolver = new Resolver({ ...getResolver({ fetch }), ...otherMethods })
 * const { didDocument } = await resolver.resolve('did:web:agency.example.gov')
 * ```
 * @see https://w3c-ccg.github.io/did-resolution/#resolving
 */
export function getResolver(options: DidResolverOptions = {}): Record<string, DIDResolver> {
  const core = new ResolutionCore(options);
  const registry: Record<string, DIDResolver> = {};
  for (const method of SUPPORTED_METHODS) {
    registry[method] = async (_did: string, parsed: ParsedDID): Promise<DIDResolutionResult> => {
      try {
        const didDocument = await core.resolve(parsed.did, method);
        return { didResolutionMetadata: { contentType: 'application/did+json' }, didDocument, didDocumentMetadata: {} };
      } catch (e) {
        return errorResult(e);
      }
    };
  }
  return registry;
}
