import { ElicenseError, type JWK } from '@elicense/core';
import { assertObject } from '../internal/assert.js';
import { hasPrivateJwkMembers } from '../internal/document.js';
import { encodeMultikey } from '../internal/multikey.js';

/**
 * The did:key for a public JWK: `did:key:z` + base58btc(multicodec varint ‖ raw key). Ed25519
 * (`0xed01`, `z6Mk…`) and P-256 (`0x8024`, compressed point, `zDna…`); also P-384, P-521 and X25519.
 * Private JWKs are refused (ERR_KEY_INVALID) so a secret never ends up in an identifier by mistake.
 *
 * @example
 * ```ts
 * const { publicJwk } = await generateKeyPair('EdDSA')
 * const did = didKeyFromJwk(publicJwk) // 'did:key:z6Mk…'
 * const kid = `${did}#${did.slice('did:key:'.length)}`
 * ```
 * @see https://w3c-ccg.github.io/did-key-spec/#format
 */
export function didKeyFromJwk(publicJwk: JWK): string {
  assertObject(publicJwk, 'publicJwk');
  if (hasPrivateJwkMembers(publicJwk)) {
    throw new ElicenseError('ERR_KEY_INVALID', 'publicJwk contains private key material ("d"); pass the public key only');
  }
  return `did:key:${encodeMultikey(publicJwk)}`;
}
