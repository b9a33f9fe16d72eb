/**
 * @module @elicense/holder
 *
 * The citizen side of elicense, for browsers, phones and Node alike. A {@link Wallet} holds one
 * holder key (WebCrypto, non-extractable where the platform allows), receives SD-JWT VC licences
 * after checking the issuer's signature against its DID document, expiry, the licence type and the
 * binding to its own key, keeps them in a pluggable {@link CredentialStore}, and presents only the
 * claims a verifier needs, with a key-binding JWT over the verifier's nonce and audience.
 * The file store for Node lives in `@elicense/holder/node`.
 */
export { Wallet } from './wallet.js';
export { MemoryCredentialStore } from './memory-store.js';
export type { StoredCredential, CredentialStore, WalletOptions, CredentialFilter, PresentOptions } from './types.js';
