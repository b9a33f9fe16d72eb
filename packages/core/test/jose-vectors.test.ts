/**
 * RFC 7515 / 7638 / 8037 vectors (test/vectors/jose/jose-rfc-vectors.json, INDEX.md group 6).
 * JWTs go through verifyJwt; JWS whose payload is not a JSON object (RFC 8037 A.4, RFC 7515 A.4) are not
 * JWTs, so verifyJwt refuses them as such and their signatures are checked with verifyDecodedJws.
 */
import { describe, expect, it } from 'vitest';
import {
  calculateJwkThumbprint,
  createSigner,
  decodeBase64url,
  encodeBase64url,
  verifyDecodedJws,
  verifyJwt,
  verifySdJwt,
  type DecodedJws,
  type JWK,
  type JwsAlgorithm,
} from '@elicense/core';
import { codeOf, loadJson } from './helpers.js';

interface Vector {
  id: string;
  compact?: string;
  key?: JWK;
  key_public?: JWK;
  key_private?: JWK;
  private_jwk?: JWK;
  public_jwk?: JWK;
  jwk?: JWK;
  thumbprint_sha256_b64url?: string;
  thumbprint_sha384_b64url?: string;
  thumbprint_sha512_b64url?: string;
  thumbprint_uri_rfc9278?: string;
}
const { vectors } = loadJson<{ vectors: Vector[] }>('jose/jose-rfc-vectors.json');
const byId = (id: string): Vector => {
  const v = vectors.find((x) => x.id === id);
  if (!v) throw new Error(`missing vector ${id}`);
  return v;
};
const publicOf = (jwk: JWK): JWK => {
  const { d: _d, ...pub } = jwk;
  return pub;
};

/** A compact JWS with a non-JSON payload, split for verifyDecodedJws (the payload is not part of the check). */
function splitRaw(compact: string): DecodedJws {
  const [h, p, s] = compact.split('.') as [string, string, string];
  return {
    header: JSON.parse(new TextDecoder().decode(decodeBase64url(h))) as DecodedJws['header'],
    payload: {},
    signingInput: `${h}.${p}`,
    signature: decodeBase64url(s),
  };
}

describe('JOSE RFC vectors', () => {
  it('RFC 7515 A.3 (ES256 JWT, raw R||S) verifies with verifyJwt', async () => {
    const v = byId('rfc7515-A.3');
    const out = await verifyJwt(v.compact!, { key: publicOf(v.key!), algorithms: ['ES256'] });
    expect(out.payload).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
    expect(out.signature).toHaveLength(64);
    // as an SD-JWT without Disclosures it is a valid signature on a credential that expired in 2011
    expect(await codeOf(verifySdJwt(`${v.compact!}~`, { issuerKey: publicOf(v.key!), now: 1_700_000_000 }))).toBe('ERR_CREDENTIAL_EXPIRED');
    expect((await verifySdJwt(`${v.compact!}~`, { issuerKey: publicOf(v.key!), now: 1300819379 })).payload.iss).toBe('joe');
  });

  it('RFC 7515 A.4 (ES512, 132-byte signature) verifies; verifyJwt refuses its non-JSON payload', async () => {
    const v = byId('rfc7515-A.4');
    const decoded = splitRaw(v.compact!);
    expect(decoded.signature).toHaveLength(132);
    await verifyDecodedJws(decoded, { key: publicOf(v.key!), algorithms: ['ES512'] });
    expect(await codeOf(verifyJwt(v.compact!, { key: publicOf(v.key!), algorithms: ['ES512'] }))).toBe('ERR_TOKEN_MALFORMED');
    const tampered = { ...decoded, signingInput: decoded.signingInput.replace('UGF5bG9hZA', 'UGF5bG9hZB') };
    expect(await codeOf(verifyDecodedJws(tampered, { key: publicOf(v.key!), algorithms: ['ES512'] }))).toBe('ERR_SIGNATURE_INVALID');
    // ES512 is not in the default allowlist
    expect(await codeOf(verifyDecodedJws(decoded, { key: publicOf(v.key!) }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
  });

  it('RFC 7515 A.5 (alg none) is rejected with ERR_ALGORITHM_NOT_ALLOWED, as a JWT and as an SD-JWT', async () => {
    const v = byId('rfc7515-A.5-unsecured');
    const key = publicOf(byId('rfc7515-A.3').key!);
    expect(await codeOf(verifyJwt(v.compact!, { key }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verifyJwt(v.compact!, { key, algorithms: ['none' as JwsAlgorithm] }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verifySdJwt(`${v.compact!}~`, { issuerKey: key, now: 1 }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
  });

  it('RFC 8037 A.4/A.5 (EdDSA) verifies, and re-signing with the A.1 key is byte-identical', async () => {
    const v = byId('rfc8037-A.4-A.5');
    const decoded = splitRaw(v.compact!);
    await verifyDecodedJws(decoded, { key: v.key_public!, algorithms: ['EdDSA'] });
    expect(await codeOf(verifyJwt(v.compact!, { key: v.key_public! }))).toBe('ERR_TOKEN_MALFORMED'); // payload is text, not a JWT
    const signature = await createSigner(v.key_private!, 'EdDSA')(new TextEncoder().encode(decoded.signingInput));
    expect(`${decoded.signingInput}.${encodeBase64url(signature)}`).toBe(v.compact);
    const flipped = new Uint8Array(decoded.signature);
    flipped[0] = flipped[0]! ^ 1;
    expect(await codeOf(verifyDecodedJws({ ...decoded, signature: flipped }, { key: v.key_public! }))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('RFC 8037 A.1/A.2: the public key belongs to the private key', async () => {
    const v = byId('rfc8037-A.1-A.2');
    expect(publicOf(v.private_jwk!)).toEqual(v.public_jwk);
    const input = 'eyJhbGciOiJFZERTQSJ9.e30';
    const sig = await createSigner(v.private_jwk!, 'EdDSA')(new TextEncoder().encode(input));
    await verifyJwt(`${input}.${encodeBase64url(sig)}`, { key: v.public_jwk!, algorithms: ['EdDSA'] });
  });

  it('draft-00 alg "Ed25519": refused by an EdDSA-only allowlist, accepted as the RFC 9864 fully-specified name when allowed', async () => {
    const v = byId('rfc8037-draft00-A.4-legacy-alg-Ed25519');
    const decoded = splitRaw(v.compact!);
    expect(decoded.header.alg).toBe('Ed25519');
    expect(await codeOf(verifyDecodedJws(decoded, { key: v.key_public!, algorithms: ['EdDSA'] }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verifyDecodedJws(decoded, { key: v.key_public!, algorithms: ['Ed25519'] }))).toBeUndefined();
  });

  it('RFC 8037 A.3 and RFC 7638 §3.1 thumbprints (other members ignored)', async () => {
    const okp = byId('rfc8037-A.3');
    expect(await calculateJwkThumbprint(okp.jwk!)).toBe(okp.thumbprint_sha256_b64url);
    expect(await calculateJwkThumbprint({ ...okp.jwk!, kid: 'x', use: 'sig' })).toBe(okp.thumbprint_sha256_b64url);
    const rsa = byId('rfc7638-3.1');
    expect(await calculateJwkThumbprint(rsa.jwk!)).toBe(rsa.thumbprint_sha256_b64url);
    expect(await calculateJwkThumbprint(rsa.jwk!, 'sha-384')).toBe(rsa.thumbprint_sha384_b64url);
    expect(await calculateJwkThumbprint(rsa.jwk!, 'sha-512')).toBe(rsa.thumbprint_sha512_b64url);
    expect(`urn:ietf:params:oauth:jwk-thumbprint:sha-256:${await calculateJwkThumbprint(rsa.jwk!)}`).toBe(rsa.thumbprint_uri_rfc9278);
  });
});
