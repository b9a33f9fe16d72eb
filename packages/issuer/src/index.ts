/**
 * @module @elicense/issuer
 *
 * The government side of elicense. An {@link Issuer} is a licensing authority with a DID
 * (`did:key`, or `did:web` under its own domain) and a signing key (generated, restored from a JWK,
 * or held in an HSM/KMS behind a signer). It checks licence claims against the catalogue of
 * `@elicense/credentials`, and issues each licence as an SD-JWT VC bound to the holder's key, with
 * the profile's selectively disclosable claims — or as a W3C VC JWT for verifiers that need one.
 */
export { Issuer } from './issuer.js';
export type { IssuerOptions, IssueRequest, IssuedCredential } from './types.js';
export * from './store/index.js';
