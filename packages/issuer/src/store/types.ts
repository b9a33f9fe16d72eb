/**
 * The issuer's durable state: which credential holds which status list index, the state of every
 * status list, and the outbox of publications waiting to be anchored on the ledger. Records hold no
 * personal data — only ids, types, list positions, validity and status.
 */
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';

/** Lifecycle status of an issued credential. `revoked` is final. */
export type CredentialStatus = 'valid' | 'revoked' | 'suspended';

/** Format of an issued credential. */
export type CredentialFormat = 'dc+sd-jwt' | 'jwt_vc';

/** What the issuer keeps about one issued credential. */
export interface CredentialRecord {
  /** The credential id (`jti`, a `urn:uuid:`). */
  id: string;
  /** Licence type key, e.g. `driving_licence`. */
  type: string;
  /** Format it was issued in. */
  format: CredentialFormat;
  /** Id of the status list holding its entry. */
  listId: string;
  /** Index in that list. */
  idx: number;
  /** Current status. */
  status: CredentialStatus;
  /** Issuance time, Unix seconds. */
  issuedAt: number;
  /** Expiry, Unix seconds, when the credential has one. */
  expiresAt?: number;
  /** Time of the last status change (or issuance), Unix seconds. */
  updatedAt: number;
}

/** The last signed publication of a status list. */
export interface ListPublication {
  /** Publication number, 1, 2, 3 … per list (the ledger anchor's `version`). */
  version: number;
  /** The list `revision` the token reflects. */
  revision: number;
  /** The signed status list token (`statuslist+jwt`). */
  token: string;
  /** Token `iat`, Unix seconds. */
  iat: number;
  /** Token `exp`, Unix seconds. */
  exp: number;
}

/** What the issuer supplies when the store opens a new status list. */
export interface NewStatusList {
  /** Public URI of the list (the token `sub`, referenced by credentials). */
  uri: string;
  /** Number of entries (≥ 131,072). */
  size: number;
  /** Bits per entry (2: VALID, INVALID, SUSPENDED). */
  bits: 1 | 2 | 4 | 8;
  /** Secret key (base64url, 32 bytes) of the list's index permutation. Never published. */
  key: string;
  /** Creation time, Unix seconds. */
  createdAt: number;
}

/** State of one status list. */
export interface StatusListState extends NewStatusList {
  /** Store-assigned id: the list number as a decimal string ("1", "2", …). */
  id: string;
  /** Positions handed out so far (the next position is `allocated`); the list is full at `size`. */
  allocated: number;
  /** Bumped by every status change of a credential in this list. */
  revision: number;
  /** The latest publication, if the list was ever published. */
  published?: ListPublication;
}

/** One position handed out by {@link IssuerStore.allocate}. */
export interface Allocation {
  /** The list it belongs to (with its permutation key). */
  list: StatusListState;
  /** The position (0-based, never handed out again); the issuer maps it to an index with the list key. */
  position: number;
}

/** A status list publication waiting for (or done with) its ledger anchor. */
export interface OutboxEntry {
  /** `<listId>:<version>`. */
  id: string;
  /** The list. */
  listId: string;
  /** What to anchor. */
  record: AnchorRecord;
  /** Anchoring attempts so far. */
  attempts: number;
  /** Earliest time of the next attempt, Unix seconds. */
  nextAttemptAt: number;
  /** Message of the last failure. */
  lastError?: string;
  /** Enqueue time, Unix seconds. */
  createdAt: number;
  /** Set once anchored. */
  anchoredAt?: number;
  /** The ledger receipt, once anchored. */
  receipt?: AnchorReceipt;
}

/** A list with every non-`valid` entry, read consistently (revision and entries from one snapshot). */
export interface StatusListSnapshot {
  /** The list state at the snapshot. */
  list: StatusListState;
  /** Every entry whose status is not `valid`. */
  entries: Array<{ idx: number; status: Exclude<CredentialStatus, 'valid'> }>;
}

/**
 * Durable issuer state. Every method is atomic: it either happens completely and durably before its
 * promise resolves, or not at all. Failures of the backend reject with `ERR_STORE_FAILED`.
 * Implementations: {@link MemoryIssuerStore} (tests), `FileIssuerStore` from `@elicense/issuer/node`
 * (embedded default, crash-safe, no server), `PostgresIssuerStore` from `@elicense/issuer/postgres`
 * (several issuer instances sharing one database).
 */
export interface IssuerStore {
  /**
   * Hand out `count` fresh positions from the list open for allocation, opening new lists (through
   * `open(listNumber)`, list numbers 1, 2, 3 …) whenever none is open or the open one is full.
   * No position of a list is ever handed out twice, across processes, crashes and instances.
   */
  allocate(count: number, open: (listNumber: number) => NewStatusList): Promise<Allocation[]>;
  /**
   * Record issued credentials, all or none. A duplicate `id`, or a `(listId, idx)` already used,
   * rejects with `ERR_STORE_CONFLICT` and records nothing; for a duplicate id, `details.id` names it
   * (so that a streamed issuance can point at the request that reused it).
   */
  saveCredentials(records: readonly CredentialRecord[]): Promise<void>;
  /** The record of a credential, or `undefined`. */
  getCredential(id: string): Promise<CredentialRecord | undefined>;
  /**
   * Set the status of credentials, all or none: an unknown id rejects with `ERR_CREDENTIAL_NOT_FOUND`,
   * a change away from `revoked` with `ERR_STATUS_TRANSITION_INVALID`, and nothing changes.
   * Bumps the `revision` of each list where a status actually changed. Resolves with the records
   * as they are now.
   */
  updateStatus(ids: readonly string[], status: CredentialStatus, at: number): Promise<CredentialRecord[]>;
  /** One list's state, or `undefined`. */
  getList(id: string): Promise<StatusListState | undefined>;
  /** Every list, by list number. */
  lists(): Promise<StatusListState[]>;
  /** A consistent snapshot of a list for publishing. Unknown id: `ERR_STATUS_LIST_INVALID`. */
  snapshotList(id: string): Promise<StatusListSnapshot>;
  /**
   * Store a new publication of a list and enqueue its anchor, in one step. Compare-and-set: succeeds
   * (resolves `true`) only if `publication.version` is exactly one more than the stored publication's
   * version (or 1 when never published); otherwise another instance got there first, nothing is
   * written and it resolves `false`.
   */
  recordPublication(listId: string, publication: ListPublication, anchor: AnchorRecord, at: number): Promise<boolean>;
  /** Outbox entries not yet anchored, oldest first. */
  pendingAnchors(): Promise<OutboxEntry[]>;
  /** Mark an outbox entry anchored (idempotent). */
  markAnchored(entryId: string, receipt: AnchorReceipt, at: number): Promise<void>;
  /** Record a failed anchoring attempt and when to try next. */
  markAnchorFailed(entryId: string, error: string, nextAttemptAt: number): Promise<void>;
  /** The receipt of an anchored outbox entry for a list and version, if any. */
  getAnchorReceipt(listId: string, version: number): Promise<AnchorReceipt | undefined>;
  /** Flush and release files or connections. */
  close(): Promise<void>;
}
