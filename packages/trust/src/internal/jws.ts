import {
  ElicenseError,
  algorithmForKey,
  calculateJwkThumbprint,
  decodeBase64url,
  decodeBase64urlToString,
  parseJsonObject,
  verifySignature,
  type JWK,
  type JsonObject,
  type JwsAlgorithm,
} from '@elicense/core';
import { didJwkFromJwk, didKeyFromJwk } from '@elicense/did';
import { ALGORITHMS, MAX_TOKEN_LENGTH } from './args.js';

/** A compact JWS split into its parts; header and payload decoded, the signature not yet. */
export interface SplitJws {
  header: JsonObject;
  payload: JsonObject;
  signingInput: string;
  /** The third part, as it came. */
  signature: string;
}

const THUMBPRINT_URN = 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:';

function malformed(message: string, details?: Record<string, unknown>): ElicenseError {
  return new ElicenseError('ERR_BUNDLE_MALFORMED', message, details === undefined ? {} : { details });
}

/**
 * Split a trust bundle or delta: at most 16 MiB, exactly three parts, header and payload base64url
 * JSON objects (else `ERR_BUNDLE_MALFORMED`). The signature part is checked later, so that a damaged
 * signature reads as `ERR_BUNDLE_SIGNATURE_INVALID`.
 */
export function splitJws(token: string, what: string): SplitJws {
  if (token.length > MAX_TOKEN_LENGTH) {
    throw malformed(`${what} is ${token.length} characters long; at most ${MAX_TOKEN_LENGTH} are accepted`);
  }
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed(`${what} must be a compact JWS of three dot-separated parts, got ${parts.length}`);
  const [h, p, s] = parts as [string, string, string];
  if (h.length === 0 || p.length === 0) throw malformed(`${what} has an empty header or payload`);
  const header = parseJsonObject(decodeBase64urlToString(h, 'ERR_BUNDLE_MALFORMED', `${what} header`), 'ERR_BUNDLE_MALFORMED', `${what} header`);
  const payload = parseJsonObject(decodeBase64urlToString(p, 'ERR_BUNDLE_MALFORMED', `${what} payload`), 'ERR_BUNDLE_MALFORMED', `${what} payload`);
  return { header, payload, signingInput: `${h}.${p}`, signature: s };
}

/** The header `typ`, lower-cased (RFC 7515 §4.1.9 compares it case-insensitively). */
export function typOf(header: JsonObject): string | undefined {
  return typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
}

/**
 * Whether a publisher JWK is the key a header `kid` names. A JWK with a `kid` member matches that
 * exact `kid`. A JWK without one matches its RFC 7638 thumbprint (`<thumbprint>`), a URI ending in
 * `#<thumbprint>` (a did:web key whose fragment is the thumbprint), the RFC 9278 thumbprint URI, or
 * the did:key / did:jwk key reference of the key itself.
 */
async function publisherMatches(jwk: JWK, kid: string): Promise<boolean> {
  if (typeof jwk.kid === 'string') return jwk.kid === kid;
  const thumbprint = await calculateJwkThumbprint(jwk);
  if (kid === thumbprint || kid.endsWith(`#${thumbprint}`) || kid === THUMBPRINT_URN + thumbprint) return true;
  const didKey = didKeyFromJwk(jwk);
  if (kid === `${didKey}#${didKey.slice('did:key:'.length)}`) return true;
  return kid === `${didJwkFromJwk(jwk)}#0`;
}

/**
 * Check a bundle's or delta's header and signature against the configured publisher keys: `alg`
 * ES256 or EdDSA and `kid` a string (else `ERR_BUNDLE_MALFORMED`); a publisher key that the `kid`
 * names and whose type fits `alg` (else `ERR_BUNDLE_UNTRUSTED`); a signature that verifies with it
 * (else `ERR_BUNDLE_SIGNATURE_INVALID`).
 */
export async function verifyPublisherSignature(jws: SplitJws, publishers: readonly JWK[], what: string): Promise<void> {
  const { header } = jws;
  if (typeof header.alg !== 'string') throw malformed(`${what} header has no "alg"`);
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw malformed(`${what} header has no "kid"`);
  if (header.crit !== undefined) throw malformed(`${what} has critical header parameters this implementation does not understand`);
  const alg = header.alg;
  const kid = header.kid;
  const keys: JWK[] = [];
  if (ALGORITHMS.includes(alg as JwsAlgorithm)) {
    for (const jwk of publishers) {
      if (algorithmForKey(jwk) === alg && (await publisherMatches(jwk, kid))) keys.push(jwk);
    }
  }
  if (keys.length === 0) {
    throw new ElicenseError('ERR_BUNDLE_UNTRUSTED', `${what} is signed with ${alg} by key ${JSON.stringify(kid)}, which is not a configured publisher key`, {
      details: { kid, alg },
    });
  }
  let signature: Uint8Array;
  try {
    signature = decodeBase64url(jws.signature, 'ERR_BUNDLE_SIGNATURE_INVALID', `${what} signature`);
  } catch (cause) {
    throw new ElicenseError('ERR_BUNDLE_SIGNATURE_INVALID', `${what} signature is not base64url`, { cause, details: { kid } });
  }
  const data = new TextEncoder().encode(jws.signingInput);
  for (const jwk of keys) {
    if (await verifySignature(jwk, alg as JwsAlgorithm, data, signature)) return;
  }
  throw new ElicenseError('ERR_BUNDLE_SIGNATURE_INVALID', `${what} signature does not verify with the publisher key ${JSON.stringify(kid)}`, {
    details: { kid },
  });
}
