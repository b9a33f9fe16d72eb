import { describe, expect, it } from 'vitest';
import { createVerifiableCredentialJwt, verifyCredential } from 'did-jwt-vc';
import type { JwtCredentialPayload } from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import { createSigner, decodeBase64urlToString, encodeBase64url, generateKeyPair, type JWK } from '@elicense/core';
import { getResolver } from '@elicense/did';
import { DidResolver, Issuer, LICENCE_CLAIMS, NOW, Verifier, clock, expectFailedAt, resolver } from './helpers.js';
import vectors from '../../../test/vectors/did-jwt-vc/dif-well-known/vectors.json' with { type: 'json' };

const JWT_VC_CHECKS = ['format', 'issuer_trusted', 'issuer_key', 'signature', 'validity_period', 'credential_type', 'audience', 'status'];

async function holder(): Promise<JWK> {
  return (await generateKeyPair('ES256')).publicJwk;
}

/** An issuer whose raw key the test keeps, to sign VC JWTs that Issuer itself would not make. */
async function rawIssuer(alg: 'ES256' | 'EdDSA' = 'ES256') {
  const pair = await generateKeyPair(alg, { extractable: true });
  const issuer = await Issuer.create({ privateJwk: pair.privateJwk!, now: clock });
  const sign = createSigner(pair.privateKey, alg);
  const signer = async (data: string | Uint8Array) => encodeBase64url(await sign(typeof data === 'string' ? new TextEncoder().encode(data) : data));
  const make = (payload: Partial<JwtCredentialPayload>, header: Record<string, unknown> = { kid: issuer.kid }) =>
    createVerifiableCredentialJwt(
      {
        nbf: NOW,
        vc: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential', 'ResidentIdCard'], credentialSubject: { age_over_18: true } },
        ...payload,
      } as JwtCredentialPayload,
      { did: issuer.did, signer, alg },
      { header },
    );
  return { issuer, make };
}

describe('Verifier.verifyJwtVc', () => {
  it('verifies a VC JWT from Issuer.issueJwtVc (did:key, ES256)', async () => {
    const issuer = await Issuer.create({ now: clock });
    const issued = await issuer.issueJwtVc({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: await holder() });
    const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    const report = await verifier.verifyJwtVc(issued.credential);
    expect(report.verified).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual(JWT_VC_CHECKS);
    expect(report.claims).toMatchObject({ name: '张伟', citizen_id_number: LICENCE_CLAIMS.resident_id_card.citizen_id_number, age_over_18: true });
    expect(report.claims).not.toHaveProperty('id');
    expect(report).toMatchObject({ type: 'resident_id_card', vct: 'urn:elicense:vct:resident_id_card:1', issuer: issuer.did, issuedAt: NOW, expiresAt: issued.expiresAt });
  });

  it('verifies a VC JWT from a did:web EdDSA issuer held offline', async () => {
    const issuer = await Issuer.create({ alg: 'EdDSA', method: 'web', domain: 'police.gov.example', now: clock });
    const issued = await issuer.issueJwtVc({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: await holder() });
    const offline = new DidResolver({ documents: { [issuer.did]: await issuer.didDocument() } });
    const verifier = new Verifier({ trustedIssuers: [{ did: issuer.did, types: ['driving_licence'] }], allowedTypes: ['driving_licence'], resolver: offline, now: clock });
    const report = await verifier.verifyJwtVc(issued.credential);
    expect(report.verified).toBe(true);
    expect(report.claims.vehicle_classes).toEqual(['C1']);
  });

  it('interop: did-jwt-vc verifyCredential accepts what issueJwtVc makes (ES256 and EdDSA, did:key and did:web)', async () => {
    const es = await Issuer.create({ now: clock });
    const ed = await Issuer.create({ alg: 'EdDSA', method: 'web', domain: 'samr.gov.example', now: clock });
    const didResolver = new Resolver(getResolver({ documents: { [ed.did]: await ed.didDocument() } }));
    for (const issuer of [es, ed]) {
      const issued = await issuer.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder: await holder() });
      const result = await verifyCredential(issued.credential, didResolver, { policies: { now: NOW + 60 } });
      expect(result.verified).toBe(true);
      expect(result.issuer).toBe(issuer.did);
      expect(result.verifiableCredential.type).toEqual(['VerifiableCredential', 'BusinessLicence']);
      expect(result.verifiableCredential.credentialSubject).toMatchObject({ enterprise_name: '北京星河科技有限公司', id: expect.stringMatching(/^did:jwk:/) });
      expect(result.verifiableCredential.id).toBe(issued.id);
    }
  });

  it('refuses what did-jwt-vc refuses: a tampered signature', async () => {
    const issuer = await Issuer.create({ now: clock });
    const issued = await issuer.issueJwtVc({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: await holder() });
    const [h, p, s] = issued.credential.split('.');
    const tampered = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    await expect(verifyCredential(tampered, new Resolver(getResolver()), { policies: { now: NOW } })).rejects.toThrow();
    const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    expectFailedAt(await verifier.verifyJwtVc(tampered), 'signature', 'ERR_SIGNATURE_INVALID');
  });

  it('expired → validity_period / ERR_CREDENTIAL_EXPIRED; early → ERR_CREDENTIAL_NOT_YET_VALID', async () => {
    const issuer = await Issuer.create({ now: clock });
    const issued = await issuer.issueJwtVc({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: await holder(), validFrom: NOW + 60, validUntil: NOW + 3600 });
    const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    expectFailedAt(await verifier.verifyJwtVc(issued.credential, { now: NOW + 3600 }), 'validity_period', 'ERR_CREDENTIAL_EXPIRED');
    expectFailedAt(await verifier.verifyJwtVc(issued.credential, { now: NOW }), 'validity_period', 'ERR_CREDENTIAL_NOT_YET_VALID');
    expect((await verifier.verifyJwtVc(issued.credential, { now: NOW + 60 })).verified).toBe(true);
  });

  it('checks trust, type and the issuer key like for SD-JWT VCs', async () => {
    const issuer = await Issuer.create({ now: clock });
    const issued = await issuer.issueJwtVc({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: await holder() });
    const stranger = await Issuer.create();
    expectFailedAt(await new Verifier({ trustedIssuers: [stranger.did], resolver, now: clock }).verifyJwtVc(issued.credential), 'issuer_trusted', 'ERR_ISSUER_UNTRUSTED');
    expectFailedAt(
      await new Verifier({ trustedIssuers: [{ did: issuer.did, types: ['business_licence'] }], resolver, now: clock }).verifyJwtVc(issued.credential),
      'issuer_trusted',
      'ERR_ISSUER_UNTRUSTED',
    );
    expectFailedAt(
      await new Verifier({ trustedIssuers: [issuer.did], allowedTypes: ['driving_licence'], resolver, now: clock }).verifyJwtVc(issued.credential),
      'credential_type',
      'ERR_TYPE_NOT_ALLOWED',
    );
    // signed by a trusted issuer's DID, but naming another DID's key
    const raw = await rawIssuer();
    const foreignKid = await raw.make({}, { kid: stranger.kid });
    expectFailedAt(await new Verifier({ trustedIssuers: [raw.issuer.did], resolver, now: clock }).verifyJwtVc(foreignKid), 'issuer_key', 'ERR_DID_KEY_NOT_FOUND');
  });

  it('without kid, tries the assertion keys of the issuer DID document', async () => {
    const { issuer, make } = await rawIssuer('EdDSA');
    const jwt = await make({}, {});
    expect(JSON.parse(decodeBase64urlToString(jwt.split('.')[0]!))).not.toHaveProperty('kid');
    const report = await new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock }).verifyJwtVc(jwt);
    expect(report.verified).toBe(true);
    expect(report.claims).toEqual({ age_over_18: true });
  });

  it('checks aud when the VC JWT has one', async () => {
    const { issuer, make } = await rawIssuer();
    const jwt = await make({ aud: 'https://bank.example' });
    const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    expect((await verifier.verifyJwtVc(jwt, { aud: 'https://bank.example' })).verified).toBe(true);
    expectFailedAt(await verifier.verifyJwtVc(jwt, { aud: 'https://hotel.example' }), 'audience', 'ERR_AUDIENCE_MISMATCH');
    expectFailedAt(await verifier.verifyJwtVc(jwt), 'audience', 'ERR_AUDIENCE_MISMATCH');
    expect((await verifier.verifyJwtVc(await make({}), { aud: 'https://bank.example' })).verified).toBe(false);
  });

  it('refuses tokens that are not VC JWTs at format, without throwing', async () => {
    const issuer = await Issuer.create({ now: clock });
    const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    const sdJwt = (await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: await holder() })).credential;
    const plainJwt = `${encodeBase64url(JSON.stringify({ alg: 'ES256' }))}.${encodeBase64url(JSON.stringify({ iss: issuer.did, claim: 'legacy attestation' }))}.${encodeBase64url(new Uint8Array(64))}`;
    const noContext = `${encodeBase64url(JSON.stringify({ alg: 'ES256' }))}.${encodeBase64url(JSON.stringify({ iss: issuer.did, vc: { type: ['VerifiableCredential'], credentialSubject: { a: 1 } } }))}.${encodeBase64url(new Uint8Array(64))}`;
    for (const bad of [sdJwt, plainJwt, noContext, 'garbage', '']) {
      const report = await verifier.verifyJwtVc(bad);
      expect(report.verified).toBe(false);
      expect(report.checks[0]).toMatchObject({ check: 'format', ok: false, code: expect.any(String) });
    }
  });

  it('published vector: the Sphereon did:key EdDSA VC JWT verifies until its exp, but is no licence', async () => {
    const c = vectors.cases.find((x) => x.id === 'sphereon-didkey-vcjwt-with-kid')!;
    const verifier = new Verifier({ trustedIssuers: [c.issuer], resolver, now: () => 1_700_000_000 });
    const before = await verifier.verifyJwtVc(c.jwt!);
    expectFailedAt(before, 'credential_type', 'ERR_TYPE_UNKNOWN');
    expect(before.checks.filter((x) => x.ok).map((x) => x.check)).toEqual(['format', 'issuer_trusted', 'issuer_key', 'signature', 'validity_period']);
    expectFailedAt(await verifier.verifyJwtVc(c.jwt!, { now: 1_764_879_139 }), 'validity_period', 'ERR_CREDENTIAL_EXPIRED');
  });
});
