/**
 * @module @elicense/issuer
 *
 * The government side of elicense. An {@link Issuer} is a licensing authority with a DID
 * (`did:key`, or `did:web` under its own domain) and a signing key (generated, restored from a JWK,
 * or held in an HSM/KMS behind a signer). It checks licence claims against the catalogue of
 * `@elicense/credentials`, and issues each licence as an SD-JWT VC bound to the holder's key, with
 * the profile's selectively disclosable claims — or as a W3C VC JWT for verifiers that need one.
 *
 * With a revocation registry (`options.status`), every credential gets an entry at a random, never
 * reused index of a status list; the issuer revokes, suspends and reinstates credentials, publishes
 * signed status list tokens (IETF Token Status List, and W3C Bitstring Status List credentials for
 * W3C VC JWTs), and anchors every publication on a ledger through a durable outbox. Its state lives
 * in an {@link IssuerStore}: the embedded, crash-safe `FileIssuerStore` from `@elicense/issuer/node`,
 * or PostgreSQL through `@elicense/issuer/postgres` when several issuer instances share one
 * registry. This entry reaches no Node built-in, so it runs in browsers too (with a
 * {@link MemoryIssuerStore} or a store of your own).
 */
export { Issuer } from './issuer.js';
export type {
  IssuerOptions,
  IssueRequest,
  IssuedCredential,
  StatusRegistryOptions,
  StatusEntry,
  StatusChange,
  PublishResult,
  RegistryStatus,
} from './types.js';
export type { IssueBatchOptions } from './issue-batch.js';
export { readRegistryStatus } from './registry-status.js';
export * from './store/index.js';
