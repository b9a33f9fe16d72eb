/**
 * @module @elicense/holder/node
 *
 * Node-only parts of the wallet: {@link FileBackend}, an encrypted wallet in one file with atomic
 * writes, and {@link openFileWallet} to open (or create) such a wallet in one call. Browser and
 * phone apps use the main entry with `IndexedDbBackend` or their own `WalletBackend`.
 */
import { assertObject, invalidArgument } from '@elicense/core';
import { FileBackend } from './storage/file-backend.js';
import type { WalletOptions } from './types.js';
import { Wallet } from './wallet.js';

export { FileBackend } from './storage/file-backend.js';

/**
 * Open the encrypted wallet kept in the file at `path`, creating it on first use. `secret` (or
 * `encryptionKey`) is required: every credential and holder key in the file is encrypted with
 * AES-256-GCM under a key derived from it. Holder keys are extractable private JWKs, encrypted in
 * the file, so the wallet can be backed up whole.
 *
 * @example
 * ```ts
 * import { openFileWallet } from '@elicense/holder/node'
 * const wallet = await openFileWallet('./alice.wallet', { secret: process.env.WALLET_SECRET! })
 * const key = await wallet.createHolderKey()     // persisted, encrypted
 * ```
 */
export async function openFileWallet(path: string, options: Omit<WalletOptions, 'backend'>): Promise<Wallet> {
  assertObject(options, 'options');
  if (options.secret === undefined && options.encryptionKey === undefined) {
    throw invalidArgument('options.secret', 'the wallet secret (or options.encryptionKey)', undefined);
  }
  return Wallet.create({ ...options, backend: await FileBackend.open(path) });
}
