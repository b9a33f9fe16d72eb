import { algorithmForKey, ElicenseError, publicJwkOf, type JWK } from '@elicense/core';
import type { DIDDocument, JsonWebKey, VerificationMethod } from 'did-resolver';
import { assertObject, invalidArgument } from '../internal/assert.js';
import { DID_CONTEXT_V1, JWS_2020_CONTEXT } from '../internal/document.js';
import { assertPublicJwk } from '../internal/jwk.js';
import { jwkThumbprintSync } from '../internal/thumbprint.js';
import { parseDid } from '../internal/parse.js';
import { didWebLocation } from './url.js';

/** RFC 3986 fragment characters (percent-encoding excluded). */
const FRAGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?]+$/;

/**
 * The DID document an agency publishes at its did:web URL: one `JsonWebKey2020` verification method
 * per signing key (P-256, P-384, P-521 or Ed25519), each listed in `assertionMethod` (credential
 * issuance) and `authentication`. A key's fragment defaults to its RFC 7638 thumbprint, so the JWS
 * `kid` is `<did>#<thumbprint>`. Errors: ERR_INVALID_ARGUMENT (bad DID, no keys, duplicate or bad
 * fragment), ERR_KEY_INVALID (private or unsupported key).
 *
 * @example
 * ```ts
 * const doc = createDidWebDocument('did:web:licences.example.gov', [{ publicJwk, id: 'key-2025' }])
 * // serve JSON.stringify(doc) at https://licences.example.gov/.well-known/did.json
 * // and sign with kid 'did:web:licences.example.gov#key-2025'
 * ```
 * @see https://w3c-ccg.github.io/did-method-web/#create-register
 */
export function createDidWebDocument(did: string, keys: { publicJwk: JWK; id?: string }[]): DIDDocument {
  if (typeof did !== 'string' || !did.startsWith('did:web:')) throw invalidArgument('did', 'a did:web DID', did);
  try {
    // localhost / 127.0.0.1 are accepted here so that development servers can publish documents too
    parseDid(did, 'did');
    didWebLocation(did, true);
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `did must be a valid did:web DID: ${(cause as Error).message}`, { cause });
  }
  if (!Array.isArray(keys) || keys.length === 0) throw invalidArgument('keys', 'a non-empty array of { publicJwk, id? }', keys);
  const methods: VerificationMethod[] = [];
  keys.forEach((key, i) => {
    assertObject(key, `keys[${i}]`);
    assertObject(key.publicJwk, `keys[${i}].publicJwk`);
    assertPublicJwk(key.publicJwk, 'ERR_KEY_INVALID', `keys[${i}].publicJwk`);
    algorithmForKey(key.publicJwk);
    const publicKeyJwk: JWK = publicJwkOf(key.publicJwk);
    if (typeof key.publicJwk.alg === 'string') publicKeyJwk.alg = key.publicJwk.alg;
    let fragment: string;
    if (key.id === undefined) fragment = jwkThumbprintSync(publicKeyJwk);
    else if (typeof key.id === 'string' && FRAGMENT.test(key.id)) fragment = key.id;
    else throw invalidArgument(`keys[${i}].id`, 'a fragment without "#" (RFC 3986 fragment characters)', key.id);
    const id = `${did}#${fragment}`;
    if (methods.some((m) => m.id === id)) throw invalidArgument(`keys[${i}].id`, 'unique within the document', fragment);
    methods.push({ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: publicKeyJwk as JsonWebKey });
  });
  const ids = methods.map((m) => m.id);
  return {
    '@context': [DID_CONTEXT_V1, JWS_2020_CONTEXT],
    id: did,
    verificationMethod: methods,
    assertionMethod: [...ids],
    authentication: [...ids],
  };
}
