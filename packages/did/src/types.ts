import type { JWK } from '@elicense/core';
import type { DIDDocument } from 'did-resolver';

/** Options of {@link DidResolver} and {@link getResolver}. */
export interface DidResolverOptions {
  /** The fetch used by did:web only. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** How long a resolved document is reused, in seconds. Default 300; `0` disables the cache. */
  cacheTtl?: number;
  /** The cache clock, in Unix seconds. Default: the system clock. */
  now?: () => number;
  /** Offline DID documents keyed by DID, consulted first for any DID method (e.g. from a trust bundle). */
  documents?: Record<string, DIDDocument>;
  /** did:web fetch timeout in milliseconds. Default 5000. */
  timeoutMs?: number;
  /**
   * Resolve did:web DIDs on `localhost` / `127.0.0.1` over plain HTTP (development and tests only).
   * Default `false`: did:web is HTTPS only and IP addresses are refused, as the did:web spec requires.
   */
  allowHttpLocalhost?: boolean;
}

/** A verification relationship a key can be required to be in when looked up by `kid`. */
export type KeyPurpose = 'assertionMethod' | 'authentication';

/** A public key found in a DID document, ready for JWS verification. */
export interface ResolvedVerificationKey {
  /** Absolute DID URL of the verification method. */
  id: string;
  /** The method's `controller` DID. */
  controller: string;
  /** The public key as a JWK; private members are never included. */
  publicJwk: JWK;
}
