/** Longest DID or DID URL accepted (characters). Real did:key/did:jwk/did:web values are far shorter. */
export const MAX_DID_LENGTH = 4096;

/** Longest did:key multibase value accepted (a P-521 key is about 95 characters). */
export const MAX_MULTIBASE_LENGTH = 256;

/** Largest did:web document body accepted (bytes / UTF-16 code units). */
export const MAX_DOCUMENT_SIZE = 1024 * 1024;

/** Most documents kept in a resolver's cache; the oldest entry is evicted first. */
export const MAX_CACHE_ENTRIES = 1000;
