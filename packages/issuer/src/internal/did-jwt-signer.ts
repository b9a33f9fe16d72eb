import { encodeBase64url } from '@elicense/core';
import type { SigningKey } from '@elicense/core';
import type { Signer as DidJwtSigner } from 'did-jwt';

/** Adapt our {@link SigningKey} to did-jwt's `Signer`: same raw signature, returned as base64url. */
export function toDidJwtSigner(key: SigningKey): DidJwtSigner {
  const encoder = new TextEncoder();
  return async (data) => {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    return encodeBase64url(await key.sign(bytes));
  };
}
