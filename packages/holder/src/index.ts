/**
 * @module @elicense/holder
 *
 * The citizen side of elicense, for browsers, phones and Node alike. A {@link Wallet} keeps SD-JWT VC
 * licences and holder keys encrypted at rest (AES-256-GCM, key from the wallet secret through
 * PBKDF2) in a pluggable {@link WalletBackend} — {@link MemoryBackend}, {@link IndexedDbBackend}, or
 * a file through `@elicense/holder/node`. It makes one holder key per credential (non-extractable
 * where the platform allows), checks each credential on receipt, answers OpenID4VP DCQL queries
 * with the least it must reveal, presents with a key-binding JWT, refreshes status, and backs the
 * whole wallet up into an encrypted, versioned file.
 */
export { Wallet } from './wallet.js';
export type {
  StoredCredential,
  CredentialState,
  CredentialStatusCheck,
  HolderKey,
  WalletOptions,
  CredentialFilter,
  PresentOptions,
  StatusRefresh,
  BackupOptions,
  WalletBackup,
  RestoreResult,
} from './types.js';
export type { RespondOptions, DcqlResponse } from './respond.js';
export type { SealedRecord, WalletCommit, WalletBackend } from './storage/types.js';
export { MemoryBackend } from './storage/memory-backend.js';
export { IndexedDbBackend } from './storage/indexeddb-backend.js';
export type { IndexedDbBackendOptions } from './storage/indexeddb-backend.js';
export { parseDcqlQuery } from './dcql/parse-dcql-query.js';
export { matchDcqlQuery } from './dcql/match-dcql-query.js';
export { selectDcqlPresentations } from './dcql/select-dcql-presentations.js';
export { DCQL_LIMITS } from './dcql/constants.js';
export type {
  DcqlQuery,
  DcqlCredentialQuery,
  DcqlClaimsQuery,
  DcqlClaimValue,
  DcqlCredentialSetQuery,
  DcqlTrustedAuthoritiesQuery,
  DcqlMeta,
  DcqlMatch,
  DcqlCredentialMatch,
  DcqlCredentialSetMatch,
  DcqlCandidate,
  DcqlClaimOption,
  DcqlDisclosedClaim,
  DcqlUnusableReason,
  DcqlChoice,
  DcqlCredentialChoice,
  DcqlSelection,
  DcqlTrustedAuthorityMatcher,
  MatchDcqlOptions,
} from './dcql/types.js';
