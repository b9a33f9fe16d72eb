/**
 * @module @elicense/did
 *
 * DID resolution for elicense: expand `did:key` (v0.9, Multikey, with the X25519 key derived from
 * Ed25519) and `did:jwk`, fetch `did:web` documents with an injected `fetch` and a timeout, cache
 * documents with a TTL, keep an offline document store for verifiers without a network, and find the
 * public JWK a JWS `kid` names — checked against the verification relationship it is used for.
 * Also builds DIDs from JWKs and the did.json an issuing agency publishes. Runs in browsers: no
 * Node built-ins.
 */
export type { DIDDocument, VerificationMethod } from 'did-resolver';
export { didKeyFromJwk } from './did-key/create.js';
export { didJwkFromJwk } from './did-jwk/create.js';
export { didWebToUrl } from './did-web/url.js';
export { createDidWebDocument } from './did-web/create-document.js';
export { DidResolver } from './resolver.js';
export { didOfUrl } from './did-of-url.js';
export { getResolver } from './registry.js';
export type { DidResolverOptions, KeyPurpose, ResolvedVerificationKey } from './types.js';
