import { ElicenseError } from '@elicense/core';
import type { DIDDocument, VerificationMethod } from 'did-resolver';
import { DID_CONTEXT_V1_1 } from '../internal/document.js';
import { decodeMultikey, ed25519ToX25519, encodeX25519Multikey } from '../internal/multikey.js';

/**
 * Expand a did:key into its DID document (did:key v0.9, `Multikey` verification methods, context
 * DID v1.1). Ed25519 keys get the derived X25519 `keyAgreement` method embedded; NIST curve keys
 * are listed in `keyAgreement` themselves (ECDH); X25519 keys have `keyAgreement` only.
 * Errors: ERR_DID_INVALID (bad multibase, unknown multicodec, wrong length, not on the curve).
 *
 * @see https://w3c-ccg.github.io/did-key-spec/#document-creation-algorithm
 */
export function resolveDidKeyDocument(did: string): DIDDocument {
  if (!did.startsWith('did:key:')) throw new ElicenseError('ERR_DID_INVALID', `expected a did:key DID, got ${JSON.stringify(did.slice(0, 40))}`);
  const multibaseValue = did.slice('did:key:'.length);
  if (multibaseValue.includes(':')) {
    throw new ElicenseError('ERR_DID_INVALID', 'did:key with a version component ("did:key:<version>:<multibase>") is not supported');
  }
  if (!multibaseValue.startsWith('z')) {
    throw new ElicenseError('ERR_DID_INVALID', `did:key multibase value must start with "z" (base58btc), got ${JSON.stringify(multibaseValue.slice(0, 8))}`);
  }
  const { codec, raw } = decodeMultikey(multibaseValue, 'ERR_DID_INVALID', 'did:key multibase value');
  const vmId = `${did}#${multibaseValue}`;
  const signing: VerificationMethod = { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: multibaseValue };
  if (codec === 'x25519-pub') {
    return { '@context': [DID_CONTEXT_V1_1], id: did, verificationMethod: [signing], keyAgreement: [vmId] };
  }
  const doc: DIDDocument = {
    '@context': [DID_CONTEXT_V1_1],
    id: did,
    verificationMethod: [signing],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityDelegation: [vmId],
    capabilityInvocation: [vmId],
  };
  if (codec === 'ed25519-pub') {
    const encryption = encodeX25519Multikey(ed25519ToX25519(raw, 'ERR_DID_INVALID', 'did:key multibase value'));
    doc.keyAgreement = [{ id: `${did}#${encryption}`, type: 'Multikey', controller: did, publicKeyMultibase: encryption }];
  } else {
    doc.keyAgreement = [vmId];
  }
  return doc;
}
