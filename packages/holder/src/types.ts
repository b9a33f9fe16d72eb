import type { ClaimPath, JWK, JsonObject } from '@elicense/core';
import type { DidResolver } from '@elicense/did';

/**
 * A credential in the wallet, checked on receipt.
 *
 * @example
 * ```ts
 * const stored: StoredCredential = await wallet.receive(credential)
 * stored.claims.name // '张三'
 * ```
 */
export interface StoredCredential {
  /** The credential's id: its `jti`, or `sha-256:<digest of the issuer-signed JWT>` when it has none. */
  id: string;
  /** Only SD-JWT VCs are held. */
  format: 'dc+sd-jwt';
  /** The licence type, e.g. `resident_id_card`. */
  type: string;
  /** The credential type identifier (`vct`). */
  vct: string;
  /** The issuer DID (`iss`). */
  issuer: string;
  /** The SD-JWT as issued, with every disclosure. */
  credential: string;
  /**
   * Every licence claim as issued, disclosures applied (RFC 9901 §7.1 processed payload), without the
   * envelope claims (`iss`, `vct`, `iat`, `nbf`, `exp`, `cnf`, `status`, `jti`, `_sd_alg`).
   */
  claims: JsonObject;
  /** When the wallet received it, Unix seconds. */
  receivedAt: number;
  /** `exp`, Unix seconds. */
  expiresAt?: number;
}

/**
 * Where a wallet keeps its credentials. One async method per operation; implement it over
 * IndexedDB, a phone's secure storage, or a file (`@elicense/holder/node`).
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create({ store: new MemoryCredentialStore() })
 * ```
 */
export interface CredentialStore {
  /** The credential with this id, or `undefined`. */
  get(id: string): Promise<StoredCredential | undefined>;
  /** Insert or replace the credential with `c.id`. */
  put(c: StoredCredential): Promise<void>;
  /** Remove a credential; `true` when it was there. */
  delete(id: string): Promise<boolean>;
  /** Every credential, in insertion order. */
  list(): Promise<StoredCredential[]>;
}

/**
 * Options for {@link Wallet.create}.
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create({ trustedIssuers: ['did:web:gov.example'], resolver })
 * ```
 */
export interface WalletOptions {
  /** The credential store. Default: a {@link MemoryCredentialStore}. */
  store?: CredentialStore;
  /** The holder key. Default: a new non-extractable WebCrypto key pair. */
  key?: { privateKey: CryptoKey | JWK; publicJwk: JWK };
  /** Algorithm of a generated key (or the expected one of `key`): `ES256` (default) or `EdDSA`. */
  alg?: 'ES256' | 'EdDSA';
  /** Resolves issuer DIDs to their keys. Default: a `DidResolver` with the platform `fetch`. */
  resolver?: DidResolver;
  /** Accept credentials only from these issuer DIDs. Default: any issuer whose signature checks out. */
  trustedIssuers?: string[];
  /** The clock, in Unix seconds. Default: the system clock. */
  now?: () => number;
}

/**
 * Which credentials {@link Wallet.list} returns.
 *
 * @example
 * ```ts
 * await wallet.list({ type: 'driving_licence' })
 * ```
 */
export interface CredentialFilter {
  /** A licence type or a `vct`. */
  type?: string;
  /** An issuer DID. */
  issuer?: string;
}

/**
 * Options for {@link Wallet.present}.
 *
 * @example
 * ```ts
 * await wallet.present(id, { reveal: ['age_over_18'], nonce, aud: 'https://hotel.example' })
 * ```
 */
export interface PresentOptions {
  /** The claims to disclose: claim paths or dotted strings (`address.street`). */
  reveal: (ClaimPath | string)[];
  /** The verifier's challenge, copied into the KB-JWT. */
  nonce: string;
  /** The verifier's identifier, the KB-JWT `aud`. */
  aud: string;
  /** KB-JWT `iat`, Unix seconds. Default: the wallet's clock. */
  now?: number;
}
