/**
 * @module @elicense/holder/node
 *
 * Node-only parts of the wallet: {@link FileCredentialStore}, a one-file-per-wallet store that also
 * keeps the holder key, and {@link openFileWallet} to open (or create) such a wallet in one call.
 * Browser and phone apps use the main entry with their own {@link CredentialStore}.
 */
import { ElicenseError, generateKeyPair } from '@elicense/core';
import { FileCredentialStore } from './file-store.js';
import type { StoredHolderKey } from './file-store.js';
import type { WalletOptions } from './types.js';
import { Wallet } from './wallet.js';

export { FileCredentialStore } from './file-store.js';
export type { StoredHolderKey } from './file-store.js';

/**
 * Open the wallet kept in the file at `path`, creating it with a new holder key (ES256 unless
 * `alg` says otherwise) when the file does not exist yet. The same file always gives the same
 * holder key and credentials. The private key is kept in the file in the clear (mode 0600); see
 * {@link FileCredentialStore}.
 *
 * @example
 * ```ts
 * import { openFileWallet } from '@elicense/holder/node'
 * const wallet = await openFileWallet('./alice.wallet.json')
 * await wallet.receive(credential)            // persisted
 * const again = await openFileWallet('./alice.wallet.json')
 * again.publicJwk                              // the same key as wallet.publicJwk
 * ```
 */
export async function openFileWallet(path: string, options: Omit<WalletOptions, 'store' | 'key'> = {}): Promise<Wallet> {
  const store = await FileCredentialStore.open(path);
  let key = await store.getHolderKey();
  if (key === undefined) {
    const alg = options.alg ?? 'ES256';
    if (alg !== 'ES256' && alg !== 'EdDSA') {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `options.alg must be "ES256" or "EdDSA", got ${JSON.stringify(alg)}`);
    }
    const pair = await generateKeyPair(alg, { extractable: true });
    const fresh: StoredHolderKey = { alg, publicJwk: pair.publicJwk, privateJwk: pair.privateJwk! };
    await store.setHolderKey(fresh);
    key = fresh;
  }
  return Wallet.create({ ...options, store, key: { privateKey: key.privateJwk, publicJwk: key.publicJwk } });
}

