import type { JWK, SigningKey } from '@elicense/core';
import type { DidResolver } from '@elicense/did';
import type { CredentialStore } from '../types.js';

/** What wallet operations share. */
export interface WalletContext {
  key: SigningKey;
  publicJwk: JWK;
  thumbprint: string;
  store: CredentialStore;
  resolver: DidResolver;
  trustedIssuers: ReadonlySet<string> | undefined;
  now: () => number;
}
