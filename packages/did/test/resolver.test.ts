import { describe, expect, it } from 'vitest';
import { Resolver } from 'did-resolver';
import { calculateJwkThumbprint, generateKeyPair, type JWK } from '@elicense/core';
import { createDidWebDocument, DidResolver, didJwkFromJwk, didKeyFromJwk, didOfUrl, getResolver, type DIDDocument } from '@elicense/did';
import { codeOf, vector } from './helpers.js';

const spec = vector('did/did-key-spec/did-key-spec-examples.json');
const ED_DID: string = spec.example.did;
const ED_KID = `${ED_DID}#${ED_DID.slice('did:key:'.length)}`;

describe('DidResolver — unsupported methods and the offline store', () => {
  it('did:example:123 → ERR_DID_METHOD_UNSUPPORTED', async () => {
    const resolver = new DidResolver();
    expect(await codeOf(resolver.resolve('did:example:123'))).toBe('ERR_DID_METHOD_UNSUPPORTED');
    expect(await codeOf(resolver.resolveKey('did:example:123#key-1'))).toBe('ERR_DID_METHOD_UNSUPPORTED');
  });

  it('offline documents are used first, for any method, and relative ids are resolved against the DID', async () => {
    const { publicJwk } = await generateKeyPair('ES256');
    const doc: DIDDocument = {
      id: 'did:example:123',
      verificationMethod: [{ id: '#key-1', type: 'JsonWebKey2020', controller: 'did:example:123', publicKeyJwk: publicJwk as any }],
      assertionMethod: ['#key-1'],
    };
    const resolver = new DidResolver({ documents: { 'did:example:123': doc } });
    expect(await resolver.resolve('did:example:123')).toStrictEqual(doc);
    expect(await resolver.resolveKey('did:example:123#key-1', 'assertionMethod')).toEqual({
      id: 'did:example:123#key-1',
      controller: 'did:example:123',
      publicJwk,
    });
    expect(await codeOf(resolver.resolveKey('did:example:123#key-1', 'authentication'))).toBe('ERR_DID_KEY_NOT_FOUND');
  });

  it('an offline did:web document is used without any fetch', async () => {
    const { publicJwk } = await generateKeyPair('EdDSA');
    const did = 'did:web:licences.example.gov';
    const fetch: typeof globalThis.fetch = async () => {
      throw new Error('no network in this test');
    };
    const resolver = new DidResolver({ fetch });
    expect(await codeOf(resolver.resolve(did))).toBe('ERR_DID_RESOLUTION_FAILED');
    resolver.addDocument(createDidWebDocument(did, [{ publicJwk, id: 'key-1' }]));
    expect((await resolver.resolveKey(`${did}#key-1`, 'assertionMethod')).publicJwk).toEqual(publicJwk);
  });

  it('addDocument strips private key material', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const resolver = new DidResolver();
    resolver.addDocument({
      id: 'did:example:leaky',
      verificationMethod: [
        { id: 'did:example:leaky#k', type: 'JsonWebKey2020', controller: 'did:example:leaky', publicKeyJwk: pair.privateJwk as any, privateKeyJwk: pair.privateJwk } as any,
      ],
    });
    const doc = await resolver.resolve('did:example:leaky');
    expect(JSON.stringify(doc)).not.toContain(pair.privateJwk!.d!);
    expect((await resolver.resolveKey('did:example:leaky#k')).publicJwk).toEqual(pair.publicJwk);
  });

  it('misuse → ERR_INVALID_ARGUMENT', async () => {
    const resolver = new DidResolver();
    expect(await codeOf(() => resolver.addDocument(null as unknown as DIDDocument))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => resolver.addDocument({ id: 'not a did' }))).toBe('ERR_DID_INVALID');
    expect(await codeOf(() => new DidResolver({ documents: { 'did:example:a': { id: 'did:example:b' } } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => new DidResolver({ cacheTtl: -1 }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => new DidResolver({ timeoutMs: 0 }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => new DidResolver({ fetch: 'https://x' as unknown as typeof fetch }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(resolver.resolve(42 as unknown as string))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(resolver.resolveKey(ED_KID, 'keyAgreement' as 'authentication'))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('caches did:key results too (the clock is consulted)', async () => {
    let calls = 0;
    const resolver = new DidResolver({
      now: () => {
        calls++;
        return 1_800_000_000;
      },
    });
    await resolver.resolve(ED_DID);
    const afterFirst = calls;
    await resolver.resolve(ED_DID);
    expect(afterFirst).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(afterFirst);

    let uncachedCalls = 0;
    const uncached = new DidResolver({
      cacheTtl: 0,
      now: () => {
        uncachedCalls++;
        return 1_800_000_000;
      },
    });
    await uncached.resolve(ED_DID);
    await uncached.resolve(ED_DID);
    expect(uncachedCalls).toBe(0);
  });
});

describe('DidResolver.resolveKey — key references', () => {
  const resolver = new DidResolver();

  it.each([
    ['a kid without fragment', ED_DID],
    ['an empty fragment', `${ED_DID}#`],
    ['an unknown fragment', `${ED_DID}#key-1`],
    ['a fragment of another DID', `${ED_DID}#z6Mkf5rGMoatrSj1f4CyvuHBeXJELe9RPdzo2PKGNCKVtZxP`],
    ['a path', `${ED_DID}/path#${ED_DID.slice(8)}`],
    ['a query', `${ED_DID}?versionId=1#${ED_DID.slice(8)}`],
  ])('%s → ERR_DID_KEY_NOT_FOUND', async (_label, kid) => {
    expect(await codeOf(resolver.resolveKey(kid))).toBe('ERR_DID_KEY_NOT_FOUND');
  });

  it.each([
    ['empty', ''],
    ['no method', 'did:#x'],
    ['not a DID', 'https://example.com#key'],
  ])('%s → ERR_DID_INVALID', async (_label, kid) => {
    expect(await codeOf(resolver.resolveKey(kid))).toBe('ERR_DID_INVALID');
  });

  it('a method embedded in keyAgreement is found but not for assertionMethod', async () => {
    const doc = await resolver.resolve(ED_DID);
    const agreementId = (doc.keyAgreement?.[0] as { id: string }).id;
    expect((await resolver.resolveKey(agreementId)).publicJwk.crv).toBe('X25519');
    expect(await codeOf(resolver.resolveKey(agreementId, 'assertionMethod'))).toBe('ERR_DID_KEY_NOT_FOUND');
    expect(await codeOf(resolver.resolveKey(agreementId, 'authentication'))).toBe('ERR_DID_KEY_NOT_FOUND');
  });

  it('a method of another DID listed in a document is not accepted for it', async () => {
    const { publicJwk } = await generateKeyPair('ES256');
    const r = new DidResolver({
      documents: {
        'did:example:victim': {
          id: 'did:example:victim',
          verificationMethod: [{ id: 'did:example:attacker#k', type: 'JsonWebKey2020', controller: 'did:example:attacker', publicKeyJwk: publicJwk as any }],
          assertionMethod: ['did:example:attacker#k'],
        },
      },
    });
    expect(await codeOf(r.resolveKey('did:example:victim#k', 'assertionMethod'))).toBe('ERR_DID_KEY_NOT_FOUND');
  });

  it('unusable key material → ERR_KEY_INVALID', async () => {
    const vm = (fields: Record<string, unknown>) => ({ id: 'did:example:k#k', type: 'JsonWebKey2020', controller: 'did:example:k', ...fields });
    const cases: Record<string, unknown>[] = [
      {},
      { publicKeyJwk: 'not an object' },
      { publicKeyMultibase: 'zxyz' },
      { publicKeyMultibase: 'm6MkhaXgBZ' },
      { type: 'Ed25519VerificationKey2018', publicKeyBase58: 'abc' },
      { type: 'EcdsaSecp256k1VerificationKey2019', publicKeyBase58: '4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS' },
      { controller: undefined, publicKeyMultibase: ED_DID.slice(8) },
    ];
    for (const fields of cases) {
      const r = new DidResolver({ documents: { 'did:example:k': { id: 'did:example:k', verificationMethod: [vm(fields) as any] } } });
      expect({ fields, code: await codeOf(r.resolveKey('did:example:k#k')) }).toEqual({ fields, code: 'ERR_KEY_INVALID' });
    }
  });

  it('publicKeyMultibase in Multikey and Ed25519VerificationKey2020 methods becomes a JWK', async () => {
    const mb = ED_DID.slice(8);
    for (const type of ['Multikey', 'Ed25519VerificationKey2020']) {
      const r = new DidResolver({
        documents: { 'did:example:m': { id: 'did:example:m', verificationMethod: [{ id: 'did:example:m#k', type, controller: 'did:example:m', publicKeyMultibase: mb }] } },
      });
      expect((await r.resolveKey('did:example:m#k')).publicJwk).toEqual(spec.decoded_by_collector[ED_DID].publicKeyJwk);
    }
  });
});

describe('getResolver — did-resolver registry entries', () => {
  const resolver = new Resolver(getResolver());

  it('resolves did:key, did:jwk through did-resolver', async () => {
    const key = await resolver.resolve(ED_DID);
    expect(key.didDocument).toStrictEqual(spec.example.expected_did_document_multikey);
    const { publicJwk } = await generateKeyPair('ES256');
    const jwk = await resolver.resolve(`${didJwkFromJwk(publicJwk)}#0`);
    expect(jwk.didDocument?.verificationMethod?.[0]?.publicKeyJwk).toEqual(publicJwk);
  });

  it('reports failures in didResolutionMetadata', async () => {
    expect((await resolver.resolve('did:key:xyz')).didResolutionMetadata).toMatchObject({ error: 'invalidDid', code: 'ERR_DID_INVALID' });
    expect((await resolver.resolve('did:example:123')).didResolutionMetadata.error).toBe('unsupportedDidMethod');
    const fetch: typeof globalThis.fetch = async () => new Response('', { status: 404 });
    const web = await new Resolver(getResolver({ fetch })).resolve('did:web:example.com');
    expect(web.didResolutionMetadata).toMatchObject({ error: 'notFound', code: 'ERR_DID_RESOLUTION_FAILED' });
    expect(web.didDocument).toBeNull();
  });
});

describe('createDidWebDocument', () => {
  it('publishes JsonWebKey2020 methods in assertionMethod and authentication, thumbprint fragments by default', async () => {
    const ec = await generateKeyPair('ES256');
    const ed = await generateKeyPair('EdDSA');
    const did = 'did:web:licences.example.gov:transport';
    const doc = createDidWebDocument(did, [{ publicJwk: ec.publicJwk }, { publicJwk: { ...ed.publicJwk, alg: 'EdDSA' }, id: 'ed-2025' }]);
    const ecId = `${did}#${await calculateJwkThumbprint(ec.publicJwk)}`;
    const edId = `${did}#ed-2025`;
    expect(doc).toStrictEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: [
        { id: ecId, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ec.publicJwk },
        { id: edId, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { ...ed.publicJwk, alg: 'EdDSA' } },
      ],
      assertionMethod: [ecId, edId],
      authentication: [ecId, edId],
    });
    const resolver = new DidResolver({ documents: { [did]: doc } });
    expect((await resolver.resolveKey(ecId, 'assertionMethod')).publicJwk).toEqual(ec.publicJwk);
  });

  it('refuses bad input', async () => {
    const { publicJwk } = await generateKeyPair('ES256');
    const priv = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
    const did = 'did:web:licences.example.gov';
    expect(await codeOf(() => createDidWebDocument('did:key:z6Mk', [{ publicJwk }]))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => createDidWebDocument('did:web:10.0.0.1', [{ publicJwk }]))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => createDidWebDocument(did, []))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => createDidWebDocument(did, [{ publicJwk, id: 'a' }, { publicJwk, id: 'a' }]))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => createDidWebDocument(did, [{ publicJwk, id: '#a' }]))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => createDidWebDocument(did, [{ publicJwk, id: 'a b' }]))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => createDidWebDocument(did, [{ publicJwk: priv }]))).toBe('ERR_KEY_INVALID');
    const x25519: JWK = { kty: 'OKP', crv: 'X25519', x: '3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08' };
    expect(await codeOf(() => createDidWebDocument(did, [{ publicJwk: x25519 }]))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => createDidWebDocument(did, [{ publicJwk: { ...publicJwk, y: publicJwk.x! } }]))).toBe('ERR_KEY_INVALID');
  });

  it('did:key and did:jwk of the same key name the same JWK', async () => {
    const { publicJwk } = await generateKeyPair('ES256');
    const resolver = new DidResolver();
    const viaKey = didKeyFromJwk(publicJwk);
    const viaJwk = didJwkFromJwk(publicJwk);
    expect((await resolver.resolveKey(`${viaKey}#${viaKey.slice(8)}`)).publicJwk).toEqual((await resolver.resolveKey(`${viaJwk}#0`)).publicJwk);
  });
});

describe('didOfUrl', () => {
  it('gives the DID of a DID URL and undefined for anything else', () => {
    expect(didOfUrl('did:web:gov.example:bureau#key-1')).toBe('did:web:gov.example:bureau');
    expect(didOfUrl('did:web:example.com%3A3000:user:alice/path?x=1#k')).toBe('did:web:example.com%3A3000:user:alice');
    expect(didOfUrl('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')).toBe('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK');
    for (const bad of ['', '#key-1', 'https://example.com#k', 'did:', 'did:key', 42, null, `did:web:${'a'.repeat(10_000)}#k`]) {
      expect(didOfUrl(bad)).toBeUndefined();
    }
  });
});
