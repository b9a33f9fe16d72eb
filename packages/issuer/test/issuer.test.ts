import { describe, expect, it } from 'vitest';
import {
  ElicenseError,
  decodeJws,
  decodeSdJwt,
  generateKeyPair,
  createSigner,
  verifyJwt,
  verifySdJwtVc,
  type ErrorCode,
  type JWK,
} from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

const clock = () => NOW;

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(ElicenseError);
  await expect(p).rejects.toMatchObject({ code });
}

async function holderKey(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<JWK> {
  return (await generateKeyPair(alg)).publicJwk;
}

describe('Issuer.create', () => {
  it('defaults to did:key with a P-256 key whose kid is the did:key key reference', async () => {
    const issuer = await Issuer.create();
    expect(issuer.alg).toBe('ES256');
    expect(issuer.did).toMatch(/^did:key:zDn[1-9A-HJ-NP-Za-km-z]+$/);
    expect(issuer.kid).toBe(`${issuer.did}#${issuer.did.slice('did:key:'.length)}`);
    expect(issuer.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(issuer.publicJwk).not.toHaveProperty('d');
    const doc = await issuer.didDocument();
    expect(doc.id).toBe(issuer.did);
    const key = await new DidResolver().resolveKey(issuer.kid, 'assertionMethod');
    expect(key.publicJwk).toEqual(issuer.publicJwk);
  });

  it('makes EdDSA did:key issuers', async () => {
    const issuer = await Issuer.create({ alg: 'EdDSA' });
    expect(issuer.did).toMatch(/^did:key:z6Mk/);
    expect(issuer.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  it('makes did:web issuers with the document to publish', async () => {
    const issuer = await Issuer.create({ method: 'web', domain: 'licensing.gov.example', alg: 'EdDSA' });
    expect(issuer.did).toBe('did:web:licensing.gov.example');
    expect(issuer.kid).toBe('did:web:licensing.gov.example#key-1');
    const doc = await issuer.didDocument();
    expect(doc.id).toBe(issuer.did);
    expect(doc.assertionMethod).toContain(issuer.kid);
    const resolver = new DidResolver({ documents: { [issuer.did]: doc } });
    expect((await resolver.resolveKey(issuer.kid, 'assertionMethod')).publicJwk).toEqual(issuer.publicJwk);
  });

  it('names the did:web key with keyId, so a rotated key gets a kid of its own', async () => {
    const before = await Issuer.create({ method: 'web', domain: 'licensing.gov.example', keyId: 'key-2026' });
    const after = await Issuer.create({ method: 'web', domain: 'licensing.gov.example', keyId: 'key-2027' });
    expect(before.kid).toBe('did:web:licensing.gov.example#key-2026');
    expect(after.kid).toBe('did:web:licensing.gov.example#key-2027');
    expect((await after.didDocument()).assertionMethod).toEqual([after.kid]);
    const credential = (await after.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: (await generateKeyPair('ES256')).publicJwk })).credential;
    expect(decodeJws(credential.split('~')[0]!).header.kid).toBe(after.kid);
    await expect(Issuer.create({ method: 'web', domain: 'gov.example', keyId: 'no#hash' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(Issuer.create({ keyId: 'key-1' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it.each([
    ['gov.example:user:bureau', 'did:web:gov.example:user:bureau'],
    ['gov.example:8443', 'did:web:gov.example%3A8443'],
    ['gov.example%3A8443:bureau', 'did:web:gov.example%3A8443:bureau'],
    ['did:web:gov.example', 'did:web:gov.example'],
  ])('derives the did:web DID from domain %s', async (domain, did) => {
    expect((await Issuer.create({ method: 'web', domain })).did).toBe(did);
  });

  it('restores the same DID from an exported private JWK', async () => {
    const first = await Issuer.create({ alg: 'EdDSA', method: 'web', domain: 'gov.example' });
    const jwk = first.exportPrivateJwk();
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', d: expect.any(String) });
    const again = await Issuer.create({ privateJwk: jwk!, method: 'web', domain: 'gov.example' });
    expect(again.did).toBe(first.did);
    expect(again.publicJwk).toEqual(first.publicJwk);
    expect(again.alg).toBe('EdDSA');
    const keyAgain = await Issuer.create({ privateJwk: (await Issuer.create()).exportPrivateJwk()! });
    expect(keyAgain.did).toMatch(/^did:key:zDn/);
  });

  it('keeps a generated key inside WebCrypto when asked, and then cannot export it', async () => {
    const issuer = await Issuer.create({ extractable: false });
    expect(issuer.exportPrivateJwk()).toBeUndefined();
  });

  it('signs through an external signer (HSM / KMS)', async () => {
    const pair = await generateKeyPair('ES256');
    const calls: number[] = [];
    const sign = createSigner(pair.privateKey, 'ES256');
    const issuer = await Issuer.create({
      signer: { alg: 'ES256', publicJwk: pair.publicJwk, sign: async (d) => (calls.push(d.length), sign(d)) },
      now: clock,
    });
    expect(issuer.exportPrivateJwk()).toBeUndefined();
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: await holderKey() });
    expect(calls).toHaveLength(1);
    await verifySdJwtVc(issued.credential, { issuerKey: pair.publicJwk, now: NOW });
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    await rejectsWith(Issuer.create({ method: 'web' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Issuer.create({ method: 'web', domain: 'not a host' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Issuer.create({ method: 'web', domain: 'gov.example:99999' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Issuer.create({ domain: 'gov.example' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Issuer.create({ method: 'ethr' as 'key' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Issuer.create({ alg: 'RS256' as 'ES256' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Issuer.create({ defaultValidity: -5 }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Issuer.create({ now: 5 as unknown as () => number }), 'ERR_INVALID_ARGUMENT');
    const ed = await Issuer.create({ alg: 'EdDSA' });
    await rejectsWith(Issuer.create({ privateJwk: ed.exportPrivateJwk()!, alg: 'ES256' }), 'ERR_INVALID_ARGUMENT');
  });

  it('refuses a private JWK without its private part', async () => {
    const { publicJwk } = await generateKeyPair('ES256');
    await rejectsWith(Issuer.create({ privateJwk: publicJwk }), 'ERR_KEY_INVALID');
  });
});

describe('Issuer.issue', () => {
  it('issues an SD-JWT VC with the envelope in plaintext and every licence claim disclosable', async () => {
    const issuer = await Issuer.create({ now: clock });
    const holder = await holderKey();
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder, id: 'urn:uuid:0b0e6f4c-5d2a-4c1e-9a7b-3f2d1c0e9a8b' });
    expect(issued).toMatchObject({
      id: 'urn:uuid:0b0e6f4c-5d2a-4c1e-9a7b-3f2d1c0e9a8b',
      format: 'dc+sd-jwt',
      type: 'resident_id_card',
      vct: 'urn:elicense:vct:resident_id_card:1',
      issuedAt: NOW,
    });
    const { jwt, disclosures } = await decodeSdJwt(issued.credential);
    expect(jwt.header).toMatchObject({ typ: 'dc+sd-jwt', alg: 'ES256', kid: issuer.kid });
    expect(jwt.payload).toMatchObject({
      iss: issuer.did,
      vct: 'urn:elicense:vct:resident_id_card:1',
      iat: NOW,
      exp: issued.expiresAt,
      cnf: { jwk: holder },
      jti: issued.id,
    });
    expect(jwt.payload).not.toHaveProperty('nbf');
    // no licence claim is in the clear
    for (const name of Object.keys(LICENCE_CLAIMS.resident_id_card)) expect(jwt.payload).not.toHaveProperty(name);
    const names = disclosures.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining([...Object.keys(LICENCE_CLAIMS.resident_id_card), 'age_over_18']));

    const verified = await verifySdJwtVc(issued.credential, { issuerKey: issuer.publicJwk, now: NOW });
    expect(verified.payload.name).toBe('张伟');
    expect(verified.payload.age_over_60).toBe(false);
  });

  it('gives every credential a fresh urn:uuid id by default', async () => {
    const issuer = await Issuer.create({ now: clock });
    const holder = await holderKey();
    const a = await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    const b = await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    expect(a.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(a.id).not.toBe(b.id);
  });

  it('takes validFrom / validUntil as seconds or Dates', async () => {
    const issuer = await Issuer.create({ now: clock });
    const issued = await issuer.issue({
      type: 'business_licence',
      claims: LICENCE_CLAIMS.business_licence,
      holder: await holderKey('EdDSA'),
      validFrom: new Date((NOW + 3600) * 1000),
      validUntil: NOW + 86400,
    });
    const { jwt } = await decodeSdJwt(issued.credential);
    expect(jwt.payload.nbf).toBe(NOW + 3600);
    expect(jwt.payload.exp).toBe(NOW + 86400);
    expect(issued.expiresAt).toBe(NOW + 86400);
  });

  it('derives exp from the licence term, else from defaultValidity, else none', async () => {
    const holder = await holderKey();
    const plain = await Issuer.create({ now: clock });
    const withDefault = await Issuer.create({ now: clock, defaultValidity: 3600 });
    // driving licence: validity_period.to = 2030-07-01, valid through that day in China time
    expect((await plain.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder })).expiresAt).toBe(
      Date.UTC(2030, 6, 1, 16) / 1000,
    );
    expect((await withDefault.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder })).expiresAt).toBe(
      Date.UTC(2030, 6, 1, 16) / 1000,
    );
    // business licence with a long-term business_term, marriage certificate without a term
    expect((await plain.issue({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder })).expiresAt).toBeUndefined();
    expect((await withDefault.issue({ type: 'marriage_certificate', claims: LICENCE_CLAIMS.marriage_certificate, holder })).expiresAt).toBe(NOW + 3600);
    const dated = { ...LICENCE_CLAIMS.business_licence, business_term: { from: '2015-08-20', to: '2035-08-19' } };
    expect((await plain.issue({ type: 'business_licence', claims: dated, holder })).expiresAt).toBe(Date.UTC(2035, 7, 19, 16) / 1000);
  });

  it('accepts the vct instead of the licence type', async () => {
    const issuer = await Issuer.create({ now: clock });
    const issued = await issuer.issue({ type: 'urn:elicense:vct:marriage_certificate:1', claims: LICENCE_CLAIMS.marriage_certificate, holder: await holderKey() });
    expect(issued.type).toBe('marriage_certificate');
  });

  it('refuses holder keys that are not public P-256 / Ed25519 JWKs with ERR_KEY_INVALID', async () => {
    const issuer = await Issuer.create({ now: clock });
    const { publicJwk, privateJwk } = await generateKeyPair('ES256', { extractable: true });
    const req = (holder: unknown) => issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: holder as JWK });
    await rejectsWith(req(privateJwk), 'ERR_KEY_INVALID');
    await rejectsWith(req({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }), 'ERR_KEY_INVALID');
    await rejectsWith(req({ kty: 'EC', crv: 'P-384', x: publicJwk.x, y: publicJwk.y }), 'ERR_KEY_INVALID');
    await rejectsWith(req({ kty: 'EC', crv: 'P-256', x: publicJwk.x }), 'ERR_KEY_INVALID');
    await rejectsWith(req({ ...publicJwk, y: publicJwk.x }), 'ERR_KEY_INVALID'); // not on the curve
    await rejectsWith(req('did:key:zDn...'), 'ERR_KEY_INVALID');
    await rejectsWith(req(undefined), 'ERR_KEY_INVALID');
  });

  it('refuses invalid licence claims with ERR_INVALID_CLAIM and unknown types with ERR_TYPE_UNKNOWN', async () => {
    const issuer = await Issuer.create({ now: clock });
    const holder = await holderKey();
    const badId = { ...LICENCE_CLAIMS.resident_id_card, citizen_id_number: '110105199003071230' };
    await rejectsWith(issuer.issue({ type: 'resident_id_card', claims: badId, holder }), 'ERR_INVALID_CLAIM');
    await rejectsWith(issuer.issue({ type: 'resident_id_card', claims: { name: '张伟' }, holder }), 'ERR_INVALID_CLAIM');
    await rejectsWith(issuer.issue({ type: 'fishing_licence', claims: {}, holder }), 'ERR_TYPE_UNKNOWN');
  });

  it('refuses a validity window that ends before it starts', async () => {
    const issuer = await Issuer.create({ now: clock });
    const holder = await holderKey();
    const base = { type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder };
    await rejectsWith(issuer.issue({ ...base, validUntil: NOW - 1 }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(issuer.issue({ ...base, validFrom: NOW + 100, validUntil: NOW + 100 }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(issuer.issue({ ...base, validUntil: new Date('nonsense') }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(issuer.issue({ ...base, validFrom: -1 }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(issuer.issue({ ...base, id: '' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(issuer.issue(null as never), 'ERR_INVALID_ARGUMENT');
  });
});

describe('Issuer.issueJwtVc', () => {
  it('issues a VCDM 1.1 JWT signed with the issuer kid, subject = holder did:jwk', async () => {
    const issuer = await Issuer.create({ alg: 'EdDSA', now: clock, name: '上海市公安局交通警察总队' });
    const holder = await holderKey();
    const issued = await issuer.issueJwtVc({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    expect(issued.format).toBe('jwt_vc');
    const { header, payload } = await verifyJwt(issued.credential, { key: issuer.publicJwk, algorithms: ['EdDSA'] });
    expect(header).toMatchObject({ alg: 'EdDSA', kid: issuer.kid, typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: issuer.did,
      sub: expect.stringMatching(/^did:jwk:/),
      jti: issued.id,
      iat: NOW,
      nbf: NOW,
      exp: issued.expiresAt,
      issuer: { name: '上海市公安局交通警察总队' },
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'DrivingLicence'],
        credentialSubject: { name: '李娜', vehicle_classes: ['C1'], age_over_18: true },
      },
    });
  });
});
