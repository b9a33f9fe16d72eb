import { ElicenseError, type ErrorCode, type JWK } from '@elicense/core';
import type { DIDDocument, VerificationMethod } from 'did-resolver';
import { isObject } from './assert.js';
import { decodeBase58, decodeMultikey, okpJwk } from './multikey.js';

/** DID Core v1.1 context (did:key v0.9 documents). */
export const DID_CONTEXT_V1_1 = 'https://www.w3.org/ns/did/v1.1';
/** DID Core v1.0 context. */
export const DID_CONTEXT_V1 = 'https://www.w3.org/ns/did/v1';
/** JsonWebKey2020 suite context. */
export const JWS_2020_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1';

/** The five verification relationships of DID Core §5.3. */
export const VERIFICATION_RELATIONSHIPS = [
  'authentication',
  'assertionMethod',
  'keyAgreement',
  'capabilityInvocation',
  'capabilityDelegation',
] as const;

const PRIVATE_VM_MEMBERS = ['privateKeyJwk', 'privateKeyBase58', 'privateKeyMultibase', 'privateKeyHex', 'privateKeyPem', 'privateKeyBase64'];
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Copy of a JWK without private members (`d`, RSA CRT values, symmetric `k`). */
export function stripPrivateJwkMembers(jwk: Record<string, unknown>): JWK {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(jwk)) if (!PRIVATE_JWK_MEMBERS.includes(k)) out[k] = v;
  return out as JWK;
}

/** True when a JWK carries private key material. */
export function hasPrivateJwkMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_JWK_MEMBERS.some((m) => jwk[m] !== undefined);
}

function sanitizeMethod(vm: Record<string, unknown>): void {
  for (const m of PRIVATE_VM_MEMBERS) delete vm[m];
  if (isObject(vm.publicKeyJwk)) vm.publicKeyJwk = stripPrivateJwkMembers(vm.publicKeyJwk);
}

/**
 * Check that `value` is a DID document object for `did` and return a deep copy with every piece of
 * private key material removed (`privateKey*` members, `d` inside `publicKeyJwk`).
 */
export function sanitizeDocument(value: unknown, did: string | undefined, code: ErrorCode, what: string): DIDDocument {
  if (!isObject(value)) throw new ElicenseError(code, `${what} must be a JSON object`);
  if (typeof value.id !== 'string') throw new ElicenseError(code, `${what} has no string "id"`);
  if (did !== undefined && value.id !== did) {
    throw new ElicenseError(code, `${what} has id ${JSON.stringify(value.id)} but ${JSON.stringify(did)} was requested`, {
      details: { did, id: value.id },
    });
  }
  let doc: Record<string, unknown>;
  try {
    doc = structuredClone(value);
  } catch (cause) {
    throw new ElicenseError(code, `${what} is not plain JSON data`, { cause });
  }
  for (const list of ['verificationMethod', 'publicKey', ...VERIFICATION_RELATIONSHIPS]) {
    const entries = doc[list];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) throw new ElicenseError(code, `${what} member "${list}" must be an array`);
    for (const entry of entries) if (isObject(entry)) sanitizeMethod(entry);
  }
  return doc as DIDDocument;
}

/** Resolve a relative DID URL (`#key-1`) against the document's DID. */
export function absoluteId(ref: string, did: string): string {
  return ref.startsWith('#') ? did + ref : ref;
}

/** The verification method with absolute id `id`: in `verificationMethod`, legacy `publicKey`, or embedded in a relationship. */
export function findVerificationMethod(doc: DIDDocument, id: string): VerificationMethod | undefined {
  const lists: unknown[] = [doc.verificationMethod, doc.publicKey, ...VERIFICATION_RELATIONSHIPS.map((r) => doc[r])];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (isObject(entry) && typeof entry.id === 'string' && absoluteId(entry.id, doc.id) === id) {
        return entry as unknown as VerificationMethod;
      }
    }
  }
  return undefined;
}

/** True when the relationship lists the method with absolute id `id` (by reference or embedded). */
export function isInRelationship(doc: DIDDocument, relationship: (typeof VERIFICATION_RELATIONSHIPS)[number], id: string): boolean {
  const list: unknown = doc[relationship];
  if (!Array.isArray(list)) return false;
  return list.some((entry) => {
    const ref = typeof entry === 'string' ? entry : isObject(entry) && typeof entry.id === 'string' ? entry.id : undefined;
    return ref !== undefined && absoluteId(ref, doc.id) === id;
  });
}

/**
 * The public JWK of a verification method: `publicKeyJwk` (private members stripped),
 * `publicKeyMultibase` (Multikey, Ed25519VerificationKey2020, X25519KeyAgreementKey2020) or
 * `publicKeyBase58` (Ed25519VerificationKey2018, X25519KeyAgreementKey2019).
 */
export function verificationMethodJwk(vm: VerificationMethod, what: string): JWK {
  const code: ErrorCode = 'ERR_KEY_INVALID';
  if (vm.publicKeyJwk !== undefined) {
    const jwk: unknown = vm.publicKeyJwk;
    if (!isObject(jwk) || typeof jwk.kty !== 'string') throw new ElicenseError(code, `${what} publicKeyJwk must be a JWK object with "kty"`);
    return stripPrivateJwkMembers(jwk);
  }
  if (vm.publicKeyMultibase !== undefined) {
    if (typeof vm.publicKeyMultibase !== 'string') throw new ElicenseError(code, `${what} publicKeyMultibase must be a string`);
    return decodeMultikey(vm.publicKeyMultibase, code, `${what} publicKeyMultibase`, true).jwk;
  }
  if (vm.publicKeyBase58 !== undefined) {
    if (typeof vm.publicKeyBase58 !== 'string') throw new ElicenseError(code, `${what} publicKeyBase58 must be a string`);
    const raw = decodeBase58(vm.publicKeyBase58, code, `${what} publicKeyBase58`);
    if (vm.type === 'Ed25519VerificationKey2018') return okpJwk('Ed25519', raw, code, `${what} publicKeyBase58`);
    if (vm.type === 'X25519KeyAgreementKey2019') return okpJwk('X25519', raw, code, `${what} publicKeyBase58`);
    throw new ElicenseError(code, `${what} has publicKeyBase58 but type ${JSON.stringify(vm.type)}; expected Ed25519VerificationKey2018 or X25519KeyAgreementKey2019`);
  }
  throw new ElicenseError(code, `${what} has no public key (publicKeyJwk, publicKeyMultibase or publicKeyBase58)`);
}
