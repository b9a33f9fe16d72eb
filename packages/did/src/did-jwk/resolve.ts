import { decodeBase64urlToString, ElicenseError, parseJsonObject } from '@elicense/core';
import type { DIDDocument, JsonWebKey } from 'did-resolver';
import { DID_CONTEXT_V1, JWS_2020_CONTEXT } from '../internal/document.js';
import { assertPublicJwk } from '../internal/jwk.js';

const BASE64URL_VALUE = /^[A-Za-z0-9_-]+$/;

/**
 * Expand a did:jwk into its DID document: one `JsonWebKey2020` method `#0`; `use: "sig"` → every
 * relationship but `keyAgreement`, `use: "enc"` → `keyAgreement` only, no `use` → all five.
 * Errors: ERR_DID_INVALID (not base64url JSON, malformed key), ERR_KEY_INVALID (private key).
 *
 * @see https://github.com/quartzjer/did-jwk/blob/main/spec.md#read
 */
export function resolveDidJwkDocument(did: string): DIDDocument {
  if (!did.startsWith('did:jwk:')) throw new ElicenseError('ERR_DID_INVALID', `expected a did:jwk DID, got ${JSON.stringify(did.slice(0, 40))}`);
  const value = did.slice('did:jwk:'.length);
  if (!BASE64URL_VALUE.test(value)) throw new ElicenseError('ERR_DID_INVALID', 'did:jwk method-specific id must be base64url ([A-Za-z0-9_-]+)');
  const text = decodeBase64urlToString(value, 'ERR_DID_INVALID', 'did:jwk method-specific id');
  const jwk = parseJsonObject(text, 'ERR_DID_INVALID', 'did:jwk JWK');
  assertPublicJwk(jwk, 'ERR_DID_INVALID', 'did:jwk JWK');
  const vmId = `${did}#0`;
  const doc: DIDDocument = {
    '@context': [DID_CONTEXT_V1, JWS_2020_CONTEXT],
    id: did,
    verificationMethod: [{ id: vmId, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk as JsonWebKey }],
  };
  if (jwk.use !== 'enc') {
    doc.assertionMethod = [vmId];
    doc.authentication = [vmId];
    doc.capabilityInvocation = [vmId];
    doc.capabilityDelegation = [vmId];
  }
  if (jwk.use !== 'sig') doc.keyAgreement = [vmId];
  return doc;
}
