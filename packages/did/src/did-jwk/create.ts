import { encodeBase64url, type JWK } from '@elicense/core';
import { assertObject } from '../internal/assert.js';
import { assertPublicJwk, sortedJson } from '../internal/jwk.js';

/**
 * The did:jwk for a public JWK: `did:jwk:` + base64url(UTF-8 JSON of the JWK). Members are
 * serialized in lexicographic order so the same JWK always gives the same DID. Private JWKs are
 * refused with ERR_KEY_INVALID (did:jwk Security Considerations), malformed keys likewise.
 *
 * @example
 * ```ts
 * const { publicJwk } = await generateKeyPair('ES256')
 * const did = didJwkFromJwk(publicJwk) // 'did:jwk:eyJjcnYiOiJQLTI1NiIs…'
 * const kid = `${did}#0`
 * ```
 * @see https://github.com/quartzjer/did-jwk/blob/main/spec.md#create
 */
export function didJwkFromJwk(publicJwk: JWK): string {
  assertObject(publicJwk, 'publicJwk');
  assertPublicJwk(publicJwk, 'ERR_KEY_INVALID', 'publicJwk');
  return `did:jwk:${encodeBase64url(sortedJson(publicJwk))}`;
}
