import type { JWK, JwsAlgorithm, SigningKey } from '@elicense/core';
import type { AnchorReceipt, LedgerAdapter } from '@elicense/ledger';
import type { Registry } from './internal/registry.js';
import type { CredentialStatus, IssuerStore, OutboxEntry } from './store/types.js';

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
  /**
   * The did:web verification method fragment of the signing key (the `kid` is `<did>#<keyId>`).
   * Default `key-1`. Give each key its own id — `key-2026`, then `key-2027` after a rotation — so
   * that verifiers keeping key history can tell them apart.
   */
  keyId?: string;
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
  /**
   * The revocation registry. With it, every credential gets a status list entry at a random,
   * never reused index, and the issuer can revoke, suspend, reinstate and publish status lists
   * anchored on the ledger. Without it, credentials carry no status and cannot be revoked.
   */
  status?: StatusRegistryOptions;
}

/**
 * Where the issuer keeps its registry and how it publishes it.
 *
 * @example
 * ```ts
 * import { FileIssuerStore } from '@elicense/issuer/node'
 * const status: StatusRegistryOptions = {
 *   store: await FileIssuerStore.open('/var/lib/bureau/registry'),
 *   ledger: await FileLedger.open({ path: '/var/lib/bureau/ledger.jsonl', signingKey }),
 *   baseUri: 'https://licensing.gov.example/status',
 * }
 * ```
 */
export interface StatusRegistryOptions {
  /** Durable issuer state: `FileIssuerStore` (embedded, `@elicense/issuer/node`), `PostgresIssuerStore` (`@elicense/issuer/postgres`), or {@link MemoryIssuerStore} for tests. */
  store: IssuerStore;
  /** The ledger every publication is anchored on. */
  ledger: LedgerAdapter;
  /**
   * Where the lists are served: list `n` is the status list token at `<baseUri>/<n>`, and its W3C
   * Bitstring Status List credentials at `<baseUri>/<n>/revocation` and `<baseUri>/<n>/suspension`.
   * An `https:` URL (`http:` only for localhost).
   */
  baseUri: string;
  /** Entries per list; at least (and by default) 131,072 so that every list hides each holder in a large crowd. */
  listSize?: number;
  /** Lifetime of a status list token (`exp - iat`), seconds. Default 86,400 (one day). */
  tokenValidity?: number;
  /** `ttl` of a status list token: how long verifiers may cache it, seconds. Default 3,600. */
  ttl?: number;
  /** First retry delay after a failed anchoring, seconds; doubles per attempt. Default 5. */
  retryDelay?: number;
  /** Longest retry delay, seconds. Default 3,600. */
  maxRetryDelay?: number;
  /** Source of permutation keys for new lists (32 random bytes). Default: `crypto.getRandomValues`. */
  random?: (length: number) => Uint8Array;
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
  /** Its status list entry, when the issuer has a registry. */
  status?: StatusEntry;
}

/**
 * Where a credential's status lives.
 *
 * @example
 * ```ts
 * const { uri, idx }: StatusEntry = issued.status!
 * ```
 */
export interface StatusEntry {
  /** Store id of the list. */
  listId: string;
  /** The status list URI (`status.status_list.uri`). */
  uri: string;
  /** The index in the list (`status.status_list.idx`). */
  idx: number;
}

/**
 * What {@link Issuer.publishStatusLists} did.
 *
 * @example
 * ```ts
 * const { published, pending } = await issuer.publishStatusLists()
 * ```
 */
export interface PublishResult {
  /** Lists signed anew in this call. */
  published: Array<{ listId: string; uri: string; version: number; token: string; digest: string }>;
  /** Publications anchored in this call (including earlier ones that were waiting). */
  anchored: AnchorReceipt[];
  /** Publications still waiting for the ledger (it was unreachable or refused); retried with backoff. */
  pending: OutboxEntry[];
}

/**
 * The registry at a glance: every list, and what still waits for the ledger.
 *
 * @example
 * ```ts
 * const report = await issuer.registryStatus()
 * if (report.pending.length > 0) alert(`${report.pending.length} publications not anchored yet`)
 * ```
 */
export interface RegistryStatus {
  /** One entry per status list. */
  lists: Array<{
    listId: string;
    uri: string;
    size: number;
    allocated: number;
    revision: number;
    /** Latest publication number (0 when never published). */
    publishedVersion: number;
    /** Whether status changes wait for the next publication. */
    unpublishedChanges: boolean;
    /** `exp` of the latest token. */
    tokenExpiresAt?: number;
    /** Highest anchored publication number (0 when none). */
    anchoredVersion: number;
  }>;
  /** Publications waiting for the ledger. */
  pending: OutboxEntry[];
}

/**
 * The outcome of a status change for one credential.
 *
 * @example
 * ```ts
 * const [{ id, status }] = await issuer.revokeMany([id])
 * ```
 */
export interface StatusChange {
  /** The credential id. */
  id: string;
  /** Its status now. */
  status: CredentialStatus;
  /** Its status list entry. */
  listId: string;
  idx: number;
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
  registry: Registry | undefined;
}
