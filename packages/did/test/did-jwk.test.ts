import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeBase64url, generateKeyPair, type JWK } from '@elicense/core';
import { DidResolver, didJwkFromJwk } from '@elicense/did';
import { codeOf, vector } from './helpers.js';

const examples = vector('did/did-jwk/did-jwk-examples.json');
const resolver = new DidResolver();
const RELATIONSHIPS = ['assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'];

function byName(name: string): any {
  return examples.examples.find((e: any) => e.name === name);
}

/** The published document with its known typo (a stray "$" in authentication) corrected. */
function corrected(doc: any): any {
  const fixed = structuredClone(doc);
  if (fixed.authentication) fixed.authentication = fixed.authentication.map((id: string) => id.replace('did:jwk:$', 'did:jwk:'));
  return fixed;
}

describe('did:jwk — spec examples', () => {
  it('P-256 (no "use"): the published document, all five relationships', async () => {
    const ex = byName('P-256');
    expect(ex.expected_did_document.authentication[0]).toContain('did:jwk:$'); // the published typo is still there
    const doc = await resolver.resolve(ex.did);
    expect(doc).toStrictEqual(corrected(ex.expected_did_document));
    for (const r of RELATIONSHIPS) expect(doc[r as 'keyAgreement']).toEqual([ex.did_url]);
    expect(doc.verificationMethod?.[0]?.publicKeyJwk).toEqual(JSON.parse(ex.decoded_jwk_json_text));
  });

  it('X25519 (use "enc"): keyAgreement only', async () => {
    const ex = byName('X25519');
    const doc = await resolver.resolve(ex.did);
    expect(doc).toStrictEqual(ex.expected_did_document);
    expect(Object.keys(doc).filter((k) => RELATIONSHIPS.includes(k))).toEqual(['keyAgreement']);
    const key = await resolver.resolveKey(ex.did_url);
    expect(key.publicJwk).toEqual(JSON.parse(ex.decoded_jwk_json_text));
    expect(await codeOf(resolver.resolveKey(ex.did_url, 'assertionMethod'))).toBe('ERR_DID_KEY_NOT_FOUND');
  });

  it('the DID URL fragment is always #0', async () => {
    const ex = byName('P-256');
    const key = await resolver.resolveKey(ex.did_url, 'assertionMethod');
    expect(key).toEqual({ id: ex.did_url, controller: ex.did, publicJwk: JSON.parse(ex.decoded_jwk_json_text) });
    expect(await codeOf(resolver.resolveKey(`${ex.did}#1`))).toBe('ERR_DID_KEY_NOT_FOUND');
  });

  it('didJwkFromJwk reproduces the P-256 example DID (members in lexicographic order)', () => {
    const ex = byName('P-256');
    const jwk = JSON.parse(ex.decoded_jwk_json_text);
    expect(didJwkFromJwk(jwk)).toBe(ex.did);
    expect(didJwkFromJwk({ y: jwk.y, x: jwk.x, kty: jwk.kty, crv: jwk.crv })).toBe(ex.did);
  });

  it('use "sig" drops keyAgreement', async () => {
    const { publicJwk } = await generateKeyPair('EdDSA');
    const doc = await resolver.resolve(didJwkFromJwk({ ...publicJwk, use: 'sig' }));
    expect(Object.keys(doc).filter((k) => RELATIONSHIPS.includes(k)).sort()).toEqual(RELATIONSHIPS.filter((r) => r !== 'keyAgreement').sort());
  });
});

describe('did:jwk — private and malformed keys', () => {
  it('a did:jwk holding a private key is rejected with ERR_KEY_INVALID', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const did = `did:jwk:${encodeBase64url(JSON.stringify(pair.privateJwk))}`;
    expect(await codeOf(resolver.resolve(did))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(resolver.resolveKey(`${did}#0`))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didJwkFromJwk(pair.privateJwk!))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didJwkFromJwk({ kty: 'oct', k: 'c2VjcmV0' }))).toBe('ERR_KEY_INVALID');
  });

  const p256 = JSON.parse(byName('P-256').decoded_jwk_json_text);
  const enc = (v: unknown) => `did:jwk:${encodeBase64url(typeof v === 'string' ? v : JSON.stringify(v))}`;

  it.each([
    ['not base64url', 'did:jwk:eyJ!'],
    ['percent-encoded characters', 'did:jwk:ey%41'],
    ['padding-like dot', 'did:jwk:eyJ.eyJ'],
    ['not JSON', enc('not json')],
    ['a JSON array', enc([1, 2])],
    ['no kty', enc({ crv: 'P-256', x: p256.x, y: p256.y })],
    ['unknown kty', enc({ kty: 'XYZ' })],
    ['unknown curve', enc({ ...p256, crv: 'P-999' })],
    ['missing y', enc({ kty: 'EC', crv: 'P-256', x: p256.x })],
    ['short x', enc({ ...p256, x: 'AAAA' })],
    ['off-curve point', enc({ ...p256, y: p256.x })],
    ['bad use', enc({ ...p256, use: 'both' })],
    ['invalid UTF-8', `did:jwk:${encodeBase64url(new Uint8Array([0xff, 0xfe, 0xfd]))}`],
  ])('%s → ERR_DID_INVALID', async (_label, did) => {
    expect(await codeOf(resolver.resolve(did))).toBe('ERR_DID_INVALID');
  });

  it('huge did:jwk → ERR_INPUT_TOO_LARGE', async () => {
    expect(await codeOf(resolver.resolve(`did:jwk:${'A'.repeat(50_000)}`))).toBe('ERR_INPUT_TOO_LARGE');
  });

  it('didJwkFromJwk misuse → ERR_INVALID_ARGUMENT', async () => {
    expect(await codeOf(() => didJwkFromJwk('{}' as unknown as JWK))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('did:jwk — property: round trip for random keys', () => {
  it('resolveKey(didJwkFromJwk(jwk) + "#0") returns the JWK', async () => {
    const keys: JWK[] = [];
    for (let i = 0; i < 8; i++) keys.push((await generateKeyPair('EdDSA')).publicJwk, (await generateKeyPair('ES256')).publicJwk);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), async (jwk) => {
        const did = didJwkFromJwk(jwk);
        const key = await resolver.resolveKey(`${did}#0`, 'assertionMethod');
        expect(key.publicJwk).toEqual(jwk);
      }),
      { numRuns: 30 },
    );
  });
});
