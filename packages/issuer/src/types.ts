import type { JWK, JwsAlgorithm, SigningKey } from '@elicense/core';

/**
 * Options for {@link Issuer.create}.
 *
 * @example
 * ```ts
 * const options: IssuerOptions = { alg: 'EdDSA', method: 'web', domain: 'licensing.gov.example', name: '北京市公安局' }
 * ```
 */
export interface IssuerOptions {
  /** Signing algorithm for a generated key: `ES256` (P-256, the default) or `EdDSA` (Ed25519). */
  alg?: 'ES256' | 'EdDSA';
  /** DID method of the issuer: `key` (default, self-contained) or `web` (needs {@link IssuerOptions.domain}). */
  method?: 'key' | 'web';
  /**
   * The did:web host and path, as it appears after `did:web:`: `licensing.gov.example`,
   * `gov.example:user:bureau`, or with a port `127.0.0.1:8443` / `127.0.0.1%3A8443`.
   * A first segment after the host that is all digits is taken as the port.
   */
  domain?: string;
  /** Restore a persisted issuer key (a private JWK, P-256 or Ed25519). */
  privateJwk?: JWK;
  /** Sign with an external key (HSM, KMS): a {@link SigningKey} and its public JWK. */
  signer?: SigningKey & { publicJwk: JWK };
  /**
   * Generate the key extractable so that {@link Issuer.exportPrivateJwk} can persist it.
   * Default `true`; pass `false` to keep a generated key inside WebCrypto for the life of the process.
   */
  extractable?: boolean;
  /** Display name of the issuing authority (used in W3C VCs as `issuer.name`). */
  name?: string;
  /** The clock, in Unix seconds. Default: the system clock. */
  now?: () => number;
  /** Salt source for disclosures (RFC 9901 §4.2.1). Default: 128 random bits, base64url. */
  saltGenerator?: () => string;
  /** Validity in seconds when a request gives no `validUntil` and the licence has no expiry date of its own. */
  defaultValidity?: number;
}

/**
 * What to issue: one licence to one holder.
 *
 * @example
 * ```ts
 * const req: IssueRequest = { type: 'driving_licence', claims, holder: wallet.publicJwk, validUntil: new Date('2030-07-02') }
 * ```
 */
export interface IssueRequest {
  /** A licence type (`resident_id_card` …) or its `vct`. */
  type: string;
  /** The licence claims, checked by the licence profile. */
  claims: unknown;
  /** The holder's public key (P-256 or Ed25519 JWK) the credential is bound to (`cnf.jwk`). */
  holder: JWK;
  /** Start of validity (`nbf`), Unix seconds or a Date. Default: the issuance time, without an `nbf` claim. */
  validFrom?: number | Date;
  /** End of validity (`exp`), Unix seconds or a Date. */
  validUntil?: number | Date;
  /** The credential id (`jti`). Default: a fresh `urn:uuid:`. */
  id?: string;
}

/**
 * An issued credential, ready to hand to the holder.
 *
 * @example
 * ```ts
 * const { id, credential, expiresAt }: IssuedCredential = await issuer.issue(req)
 * await registry.save(id, expiresAt) // keep the id to revoke later
 * ```
 */
export interface IssuedCredential {
  /** The credential id, also its `jti` (a `urn:uuid:`). Keep it to revoke or re-issue later. */
  id: string;
  /** `dc+sd-jwt` for an SD-JWT VC, `jwt_vc` for a W3C VC as JWT. */
  format: 'dc+sd-jwt' | 'jwt_vc';
  /** The licence type, e.g. `driving_licence`. */
  type: string;
  /** The credential type identifier (`vct`). */
  vct: string;
  /** The credential itself: an SD-JWT with all disclosures, or a compact JWT. */
  credential: string;
  /** `iat`, Unix seconds. */
  issuedAt: number;
  /** `exp`, Unix seconds, when the credential expires. */
  expiresAt?: number;
}

/** @internal What issuing operations need from an {@link Issuer}. */
export interface IssuerContext {
  did: string;
  kid: string;
  alg: JwsAlgorithm;
  signingKey: SigningKey;
  name: string | undefined;
  now: () => number;
  saltGenerator: (() => string) | undefined;
  defaultValidity: number | undefined;
}
