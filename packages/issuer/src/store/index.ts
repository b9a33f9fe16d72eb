export type {
  Allocation,
  CredentialFormat,
  CredentialRecord,
  CredentialStatus,
  IssuerStore,
  ListPublication,
  NewStatusList,
  OutboxEntry,
  StatusListSnapshot,
  StatusListState,
} from './types.js';
export { MemoryIssuerStore } from './memory-issuer-store.js';
