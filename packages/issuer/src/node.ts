/**
 * @module @elicense/issuer/node
 *
 * Node-only parts of the issuer: {@link FileIssuerStore}, the embedded issuer store — a directory on
 * the local disk, crash-safe, no server. The main entry `@elicense/issuer` reaches no Node built-in;
 * PostgreSQL lives in `@elicense/issuer/postgres`.
 */
export { FileIssuerStore } from './store/file-issuer-store.js';
export type { FileIssuerStoreOptions } from './store/file-issuer-store.js';
