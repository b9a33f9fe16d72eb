import type { ClaimPath, JWK, JsonObject } from '@elicense/core';
import type { DidResolver } from '@elicense/did';
import type { WalletBackend } from './storage/types.js';

/**
 * Where a stored credential stands, worked out each time it is read: from its validity period and
 * the wallet's clock, and from the last status check ({@link Wallet.refreshStatus}).
 *
 * @example
 * ```ts
 * const usable = (await wallet.list()).filter((c) => c.state === 'valid')
 * ```
 */
export type CredentialState = 'valid' | 'expired' | 'not_yet_valid' | 'revoked' | 'suspended';

/**
 * The result of the last status check of a credential.
 *
 * @example
 * ```ts
 * stored.status // { value: 1, checkedAt: 1772323200, listIssuedAt: 1772320000 }
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-status-types
 */
export interface CredentialStatusCheck {
  /** The status value at the credential's index: 0 valid, 1 invalid (revoked), 2 suspended, others application-specific. */
  value: number;
  /** When the wallet checked, Unix seconds. */
  checkedAt: number;
  /** `iat` of the status list token the value was read from. */
  listIssuedAt: number;
}

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
  /** `iat`, Unix seconds. */
  issuedAt?: number;
  /** `nbf`, Unix seconds. */
  validFrom?: number;
  /** `exp`, Unix seconds. */
  expiresAt?: number;
  /** The holder key the credential is bound to (`cnf.jwk`), by RFC 7638 thumbprint: a {@link HolderKey} id. */
  holderKeyId: string;
  /** The credential's entry in its issuer's status list (`status.status_list`), when it has one. */
  statusReference?: { uri: string; idx: number };
  /** The last status check, when there was one. */
  status?: CredentialStatusCheck;
  /** Where the credential stands now (not stored: worked out when read). */
  state: CredentialState;
  /**
   * Whether the wallet holds the credential's private holder key, so it can present it. `false` only
   * after restoring a backup that could not carry a non-extractable key.
   */
  presentable: boolean;
}

/**
 * A holder key of the wallet. The private part never leaves the wallet: it is a non-extractable
 * WebCrypto key where the backend can keep one, otherwise a private JWK encrypted at rest.
 *
 * @example
 * ```ts
 * const key: HolderKey = await wallet.createHolderKey()
 * await issuer.issue({ type: 'driving_licence', claims, holder: key.publicJwk })
 * ```
 */
export interface HolderKey {
  /** RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  id: string;
  /** `ES256` or `EdDSA`. */
  alg: 'ES256' | 'EdDSA';
  /** The public key, for an issuer's `cnf.jwk`. */
  publicJwk: JWK;
  /** Whether the private key can be exported, and so carried by a backup. */
  extractable: boolean;
  /** When the wallet made or imported it, Unix seconds. */
  createdAt: number;
  /** The stored credentials bound to this key. */
  credentialIds: string[];
}

/**
 * Options for {@link Wallet.create}.
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create({ backend: await IndexedDbBackend.open('wallet'), secret: passphrase })
 * ```
 */
export interface WalletOptions {
  /** Where the encrypted records live. Default: a new {@link MemoryBackend}. */
  backend?: WalletBackend;
  /**
   * The wallet secret (a passphrase or random bytes from the platform keystore). The encryption key
   * is derived from it with PBKDF2-HMAC-SHA-256. Required for a persistent backend unless
   * `encryptionKey` is given.
   */
  secret?: string | Uint8Array;
  /** Instead of `secret`: an AES-GCM 256-bit `CryptoKey` (encrypt, decrypt) held by the platform. */
  encryptionKey?: CryptoKey;
  /** PBKDF2 iterations when a new wallet is created from `secret`. Default 600,000; at least 10,000. */
  kdfIterations?: number;
  /** Algorithm of generated holder keys: `ES256` (default) or `EdDSA`. */
  alg?: 'ES256' | 'EdDSA';
  /**
   * Holder keys. `perCredential` (default `true`): every {@link Wallet.createHolderKey} call makes a
   * new key, so two verifiers cannot link presentations by key; `false`: one wallet key for all.
   * `extractable` (default: `false` where the backend keeps `CryptoKey`s, else `true`): whether new
   * private keys can be exported, encrypted, into a backup.
   */
  keys?: { perCredential?: boolean; extractable?: boolean };
  /** Resolves issuer DIDs to their keys. Default: a `DidResolver` with the platform `fetch`. */
  resolver?: DidResolver;
  /** Accept credentials only from these issuer DIDs. Default: any issuer whose signature checks out. */
  trustedIssuers?: string[];
  /**
   * Fetches a status list token by its URI for {@link Wallet.refreshStatus}. Default: the platform
   * `fetch` with `Accept: application/statuslist+jwt`.
   */
  fetchStatusList?: (uri: string) => Promise<string>;
  /** The clock, in Unix seconds. Default: the system clock. */
  now?: () => number;
}

/**
 * Which credentials {@link Wallet.list} returns.
 *
 * @example
 * ```ts
 * await wallet.list({ type: 'driving_licence', state: 'valid' })
 * ```
 */
export interface CredentialFilter {
  /** A licence type or a `vct`. */
  type?: string;
  /** An issuer DID. */
  issuer?: string;
  /** Only credentials in this state. */
  state?: CredentialState;
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

/**
 * What {@link Wallet.refreshStatus} found for one credential.
 *
 * @example
 * ```ts
 * for (const r of await wallet.refreshStatus()) if (r.error) console.log(r.id, r.error.code)
 * ```
 */
export interface StatusRefresh {
  /** The credential id. */
  id: string;
  /** The credential's state after the refresh (unchanged when the check failed). */
  state: CredentialState;
  /** Whether a status list was read (`false` for a credential without a status entry or when the check failed). */
  checked: boolean;
  /** Why the check failed (`ERR_STATUS_UNAVAILABLE`, `ERR_SIGNATURE_INVALID`, …); the last known status is kept. */
  error?: { code: string; message: string };
}

/**
 * Options for {@link Wallet.backup}.
 *
 * @example
 * ```ts
 * const { file } = await wallet.backup({ secret: 'correct horse battery staple' })
 * ```
 */
export interface BackupOptions {
  /** The backup secret; the backup key is derived from it with PBKDF2-HMAC-SHA-256. */
  secret: string | Uint8Array;
  /** PBKDF2 iterations. Default 600,000; at least 10,000. */
  kdfIterations?: number;
}

/**
 * A wallet backup and what it could not carry.
 *
 * @example
 * ```ts
 * const { file, keysOmitted } = await wallet.backup({ secret })
 * if (keysOmitted.length > 0) warn('some licences will need re-issuing on the new phone')
 * ```
 */
export interface WalletBackup {
  /** The encrypted, versioned backup: JSON text, safe to store anywhere. */
  file: string;
  /** Ids of the credentials in the backup. */
  credentials: string[];
  /** Ids of the holder keys in the backup. */
  keys: string[];
  /**
   * Holder keys that are not extractable and so are not in the backup, with the credentials bound to
   * them: those credentials are restored, but cannot be presented until re-issued to a new key.
   */
  keysOmitted: { keyId: string; credentialIds: string[] }[];
}

/**
 * What {@link Wallet.restore} put into the wallet.
 *
 * @example
 * ```ts
 * const { credentials } = await fresh.restore(file, { secret })
 * ```
 */
export interface RestoreResult {
  /** Ids of the restored credentials. */
  credentials: string[];
  /** Ids of the restored holder keys. */
  keys: string[];
  /** Ids of credentials whose holder key was not in the backup (they cannot be presented). */
  notPresentable: string[];
}
