import type { SigningKey } from '@elicense/core';
import type { DidResolver } from '@elicense/did';
import type { Vault } from './vault.js';

/** What wallet operations share. */
export interface WalletContext {
  vault: Vault;
  /** Algorithm of generated holder keys. */
  alg: 'ES256' | 'EdDSA';
  /** A new key per credential (`true`) or one wallet key. */
  perCredential: boolean;
  /** Whether new private keys are extractable (then kept as encrypted JWKs). */
  extractable: boolean;
  /** The resolver the wallet was given; `undefined` until `resolverOf` makes the default one. */
  resolver: DidResolver | undefined;
  trustedIssuers: ReadonlySet<string> | undefined;
  /** The status list fetcher the wallet was given; `undefined`: the platform `fetch`. */
  fetchStatusList: ((uri: string) => Promise<string>) | undefined;
  now: () => number;
  /** Signers by holder key id, built once per key. */
  signers: Map<string, Promise<SigningKey>>;
  /** Run `fn` after every earlier write of this wallet, so read-modify-write steps do not interleave. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}
