/** A JSON Web Key (RFC 7517). Only the members elicense uses are typed; others pass through. */
export interface JWK {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  n?: string;
  e?: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  [member: string]: unknown;
}

/** The JWS algorithms elicense signs and verifies with. `none` and HMAC are never supported. */
export type JwsAlgorithm = 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519';

/** Every supported JWS algorithm. */
export const SUPPORTED_ALGORITHMS: readonly JwsAlgorithm[] = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Algorithms accepted by default when a verifier passes no allowlist. */
export const DEFAULT_ALGORITHMS: readonly JwsAlgorithm[] = ['ES256', 'EdDSA', 'Ed25519'];

/**
 * Signs the JWS signing input and returns the raw signature (R‖S for ECDSA, 64 bytes for Ed25519).
 * Pass one in to keep private keys in an HSM, a KMS or a platform key store.
 */
export type Signer = (data: Uint8Array) => Promise<Uint8Array>;

/** Checks a raw signature over the JWS signing input. Resolves `false` on a bad signature. */
export type Verifier = (data: Uint8Array, signature: Uint8Array) => Promise<boolean>;

/** Hashes bytes with one named algorithm (IANA hash name, e.g. `sha-256`). */
export type Hasher = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** A signer together with what a JWS header needs to say about it. */
export interface SigningKey {
  /** JWS `alg`. */
  alg: JwsAlgorithm;
  /** Produces the signature. */
  sign: Signer;
  /** `kid` for the JWS header (a DID URL for issuers). */
  kid?: string;
}
