import { describe, expect, it } from 'vitest';
import {
  decodeBase64urlToString,
  decodeDisclosure,
  encodeBase64url,
  generateKeyPair,
  createSigner,
  issueSdJwt,
  issueSdJwtVc,
  presentSdJwt,
  signingKeyFromJwk,
} from '@elicense/core';
import { AUD, DidResolver, Issuer, LICENCE_CLAIMS, NONCE, NOW, Verifier, Wallet, clock, expectFailedAt, passed, resolver, scenario, throwsWith } from './helpers.js';
import specExamples from '../../../test/vectors/sd-jwt-vc/spec-examples.extracted.json' with { type: 'json' };

const ALL_CHECKS = ['format', 'issuer_trusted', 'issuer_key', 'signature', 'disclosures', 'validity_period', 'credential_type', 'holder_binding', 'nonce', 'audience', 'status'];

/** Split a presentation into issuer JWT, disclosures and KB-JWT. */
function parts(vp: string): { jwt: string; disclosures: string[]; kb: string } {
  const p = vp.split('~');
  return { jwt: p[0]!, disclosures: p.slice(1, -1), kb: p[p.length - 1]! };
}
function join(jwt: string, disclosures: string[], kb: string): string {
  return [jwt, ...disclosures, kb].join('~');
}

describe('Verifier.verifyPresentation — accepted', () => {
  it('reports every check, in order, and only the disclosed claims', async () => {
    const { verifier, present, issuer, issued } = await scenario();
    const report = await verifier.verifyPresentation(await present(['name', 'age_over_18']), { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual(ALL_CHECKS);
    expect(report.checks.every((c) => c.ok && c.code === undefined)).toBe(true);
    expect(report.claims).toEqual({ name: '张伟', age_over_18: true });
    expect(report.disclosed.sort()).toEqual(['age_over_18', 'name']);
    expect(report).toMatchObject({
      type: 'resident_id_card',
      vct: 'urn:elicense:vct:resident_id_card:1',
      issuer: issuer.did,
      issuedAt: NOW,
      expiresAt: issued.expiresAt,
    });
  });

  it('discloses nothing when nothing is revealed, and still proves the holder', async () => {
    const { verifier, present } = await scenario();
    const report = await verifier.verifyPresentation(await present([]), { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(true);
    expect(report.claims).toEqual({});
  });

  it('accepts an issuer trusted for this type, and allowed types given as vct', async () => {
    const { issuer, present } = await scenario();
    const verifier = new Verifier({
      trustedIssuers: ['did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169', { did: issuer.did, types: ['urn:elicense:vct:resident_id_card:1', 'driving_licence'] }],
      allowedTypes: ['resident_id_card', 'urn:elicense:vct:business_licence:1'],
      resolver,
      now: clock,
    });
    expect((await verifier.verifyPresentation(await present(), { nonce: NONCE, aud: AUD })).verified).toBe(true);
  });

  it('tolerates clock skew up to clockTolerance', async () => {
    const { issuer, present } = await scenario({ issuerNow: () => NOW - 100, validUntil: NOW - 30 });
    const vp = await present(['name'], NONCE, AUD, NOW);
    const withTolerance = (clockTolerance: number) => new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock, clockTolerance });
    expect((await withTolerance(60).verifyPresentation(vp, { nonce: NONCE, aud: AUD })).verified).toBe(true);
    expectFailedAt(await withTolerance(0).verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'validity_period', 'ERR_CREDENTIAL_EXPIRED');
  });
});

describe('Verifier.verifyPresentation — key binding', () => {
  it('wrong nonce → nonce / ERR_NONCE_MISMATCH', async () => {
    const { verifier, present } = await scenario();
    const report = await verifier.verifyPresentation(await present(), { nonce: 'another-nonce', aud: AUD });
    expectFailedAt(report, 'nonce', 'ERR_NONCE_MISMATCH');
    expect(passed(report, 'holder_binding')).toBe(true);
    expect(passed(report, 'audience')).toBe(true);
  });

  it('wrong aud → audience / ERR_AUDIENCE_MISMATCH', async () => {
    const { verifier, present } = await scenario();
    const report = await verifier.verifyPresentation(await present(), { nonce: NONCE, aud: 'https://other.example' });
    expectFailedAt(report, 'audience', 'ERR_AUDIENCE_MISMATCH');
    expect(passed(report, 'nonce')).toBe(true);
  });

  it('a presentation made for a bank and replayed to a hotel fails nonce and audience', async () => {
    const { verifier, present } = await scenario();
    const forBank = await present(['name'], 'bank-nonce', 'https://bank.example');
    const report = await verifier.verifyPresentation(forBank, { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => c.check === 'holder_binding')).toMatchObject({ ok: true });
    expect(report.checks.find((c) => c.check === 'nonce')).toMatchObject({ ok: false, code: 'ERR_NONCE_MISMATCH' });
    expect(report.checks.find((c) => c.check === 'audience')).toMatchObject({ ok: false, code: 'ERR_AUDIENCE_MISMATCH' });
    expect(report.claims).toEqual({});
  });

  it('a credential without KB-JWT → holder_binding / ERR_KEY_BINDING_MISSING', async () => {
    const { verifier, issued } = await scenario();
    expectFailedAt(await verifier.verifyPresentation(issued.credential, { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_KEY_BINDING_MISSING');
  });

  it('an altered KB-JWT → holder_binding / ERR_KEY_BINDING_INVALID', async () => {
    const { verifier, present } = await scenario();
    const { jwt, disclosures, kb } = parts(await present(['name'], 'the-old-nonce'));
    const [h, p, s] = kb.split('.');
    const payload = JSON.parse(decodeBase64urlToString(p!));
    payload.nonce = NONCE; // made to look like an answer to this verifier's challenge
    const forged = `${h}.${encodeBase64url(JSON.stringify(payload))}.${s}`;
    expectFailedAt(await verifier.verifyPresentation(join(jwt, disclosures, forged), { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_KEY_BINDING_INVALID');
  });

  it('a KB-JWT signed by another key than cnf.jwk → holder_binding / ERR_KEY_BINDING_INVALID', async () => {
    const { verifier, issued } = await scenario();
    const thief = await generateKeyPair('ES256');
    const vp = await presentSdJwt(issued.credential, {
      reveal: ['name'],
      keyBinding: { signer: { alg: 'ES256', sign: createSigner(thief.privateKey, 'ES256') }, nonce: NONCE, aud: AUD, iat: NOW },
    });
    expectFailedAt(await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_KEY_BINDING_INVALID');
  });

  it('a stale KB-JWT → holder_binding / ERR_IAT_INVALID', async () => {
    const { verifier, present } = await scenario({ verifier: { kbMaxAge: 120 } });
    expectFailedAt(await verifier.verifyPresentation(await present(['name'], NONCE, AUD, NOW - 121), { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_IAT_INVALID');
  });
});

describe('Verifier.verifyPresentation — disclosures', () => {
  it('a dropped disclosure → holder_binding / ERR_SD_HASH_MISMATCH', async () => {
    const { verifier, present } = await scenario();
    const { jwt, disclosures, kb } = parts(await present(['name', 'age_over_18']));
    expect(disclosures).toHaveLength(2);
    expectFailedAt(await verifier.verifyPresentation(join(jwt, disclosures.slice(1), kb), { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_SD_HASH_MISMATCH');
  });

  it('an added genuine disclosure → holder_binding / ERR_SD_HASH_MISMATCH', async () => {
    const { verifier, present, issued } = await scenario();
    const { jwt, disclosures, kb } = parts(await present(['age_over_18']));
    const all = issued.credential.split('~').slice(1, -1);
    const address = [];
    for (const d of all) if ((await decodeDisclosure(d)).name === 'address') address.push(d);
    expect(address).toHaveLength(1);
    expectFailedAt(await verifier.verifyPresentation(join(jwt, [...disclosures, ...address], kb), { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_SD_HASH_MISMATCH');
  });

  it('an added forged disclosure → disclosures / ERR_DISCLOSURE_UNREFERENCED', async () => {
    const { verifier, present } = await scenario();
    const { jwt, disclosures, kb } = parts(await present(['age_over_18']));
    const forged = encodeBase64url(JSON.stringify(['c2FsdHNhbHRzYWx0', 'is_police_officer', true]));
    expectFailedAt(await verifier.verifyPresentation(join(jwt, [...disclosures, forged], kb), { nonce: NONCE, aud: AUD }), 'disclosures', 'ERR_DISCLOSURE_UNREFERENCED');
  });

  it('an altered disclosure → disclosures / ERR_DISCLOSURE_UNREFERENCED', async () => {
    const { verifier, present } = await scenario();
    const { jwt, disclosures, kb } = parts(await present(['age_over_18']));
    const d = await decodeDisclosure(disclosures[0]!);
    const altered = encodeBase64url(JSON.stringify([d.salt, 'age_over_18', !d.value]));
    expectFailedAt(await verifier.verifyPresentation(join(jwt, [altered], kb), { nonce: NONCE, aud: AUD }), 'disclosures', 'ERR_DISCLOSURE_UNREFERENCED');
  });

  it('a duplicated disclosure → disclosures', async () => {
    const { verifier, present } = await scenario();
    const { jwt, disclosures, kb } = parts(await present(['age_over_18']));
    const report = await verifier.verifyPresentation(join(jwt, [disclosures[0]!, disclosures[0]!], kb), { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => !c.ok)).toMatchObject({ check: 'disclosures', ok: false });
  });
});

describe('Verifier.verifyPresentation — issuer, key and signature', () => {
  it('an untrusted issuer → issuer_trusted / ERR_ISSUER_UNTRUSTED, and the issuer is not even resolved', async () => {
    const { present } = await scenario();
    let resolved = 0;
    const counting = new DidResolver({ fetch: async () => ((resolved += 1), new Response('{}')) });
    const other = await Issuer.create();
    const verifier = new Verifier({ trustedIssuers: [other.did], resolver: counting, now: clock });
    const report = await verifier.verifyPresentation(await present(), { nonce: NONCE, aud: AUD });
    expectFailedAt(report, 'issuer_trusted', 'ERR_ISSUER_UNTRUSTED');
    expect(report.checks.filter((c) => c.skipped).map((c) => c.check)).toEqual(ALL_CHECKS.slice(2));
    expect(resolved).toBe(0);
  });

  it('an issuer trusted only for other types → issuer_trusted / ERR_ISSUER_UNTRUSTED', async () => {
    const { issuer, present } = await scenario();
    const verifier = new Verifier({ trustedIssuers: [{ did: issuer.did, types: ['driving_licence'] }], resolver, now: clock });
    expectFailedAt(await verifier.verifyPresentation(await present(), { nonce: NONCE, aud: AUD }), 'issuer_trusted', 'ERR_ISSUER_UNTRUSTED');
  });

  it('a type the verifier does not accept → credential_type / ERR_TYPE_NOT_ALLOWED', async () => {
    const { verifier, present } = await scenario({ verifier: { allowedTypes: ['driving_licence'] } });
    const report = await verifier.verifyPresentation(await present(), { nonce: NONCE, aud: AUD });
    expectFailedAt(report, 'credential_type', 'ERR_TYPE_NOT_ALLOWED');
    // the key binding was checked all the same
    expect(passed(report, 'holder_binding')).toBe(true);
  });

  it('an unknown type from a trusted issuer → credential_type / ERR_TYPE_UNKNOWN', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const issuer = await Issuer.create({ privateJwk: pair.privateJwk! });
    const holder = await generateKeyPair('ES256');
    const credential = await issueSdJwtVc(
      { iss: issuer.did, vct: 'urn:example:vct:fishing_licence:1', iat: NOW, cnf: { jwk: holder.publicJwk }, name: '张伟' },
      { signer: signingKeyFromJwk(pair.privateJwk!, issuer.kid), frame: { _sd: ['name'] } },
    );
    const vp = await presentSdJwt(credential, { reveal: ['name'], keyBinding: { signer: { alg: 'ES256', sign: createSigner(holder.privateKey, 'ES256') }, nonce: NONCE, aud: AUD, iat: NOW } });
    const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    expectFailedAt(await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'credential_type', 'ERR_TYPE_UNKNOWN');
  });

  it('a kid of another DID → issuer_key / ERR_DID_KEY_NOT_FOUND', async () => {
    const mallory = await generateKeyPair('ES256', { extractable: true });
    const malloryIssuer = await Issuer.create({ privateJwk: mallory.privateJwk! });
    const police = await Issuer.create();
    const holder = await generateKeyPair('ES256');
    const credential = await issueSdJwtVc(
      { iss: police.did, vct: 'urn:elicense:vct:resident_id_card:1', iat: NOW, cnf: { jwk: holder.publicJwk }, age_over_18: true },
      { signer: signingKeyFromJwk(mallory.privateJwk!, malloryIssuer.kid), frame: { _sd: ['age_over_18'] } },
    );
    const vp = await presentSdJwt(credential, { reveal: ['age_over_18'], keyBinding: { signer: { alg: 'ES256', sign: createSigner(holder.privateKey, 'ES256') }, nonce: NONCE, aud: AUD, iat: NOW } });
    const verifier = new Verifier({ trustedIssuers: [police.did], resolver, now: clock });
    expectFailedAt(await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'issuer_key', 'ERR_DID_KEY_NOT_FOUND');
  });

  it('an issuer key that is not in the DID document → issuer_key / ERR_DID_KEY_NOT_FOUND', async () => {
    const agency = await Issuer.create({ method: 'web', domain: 'police.gov.example' });
    const documents = { [agency.did]: await agency.didDocument() };
    const offline = new DidResolver({ documents });
    const holder = await generateKeyPair('ES256');
    const credential = await issueSdJwtVc(
      { iss: agency.did, vct: 'urn:elicense:vct:resident_id_card:1', iat: NOW, cnf: { jwk: holder.publicJwk }, age_over_18: true },
      { signer: signingKeyFromJwk(agency.exportPrivateJwk()!, `${agency.did}#key-2`), frame: { _sd: ['age_over_18'] } },
    );
    const vp = await presentSdJwt(credential, { reveal: ['age_over_18'], keyBinding: { signer: { alg: 'ES256', sign: createSigner(holder.privateKey, 'ES256') }, nonce: NONCE, aud: AUD, iat: NOW } });
    const verifier = new Verifier({ trustedIssuers: [agency.did], resolver: offline, now: clock });
    expectFailedAt(await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'issuer_key', 'ERR_DID_KEY_NOT_FOUND');
  });

  it('a did:web issuer that cannot be resolved → issuer_key / ERR_DID_RESOLUTION_FAILED', async () => {
    const agency = await Issuer.create({ method: 'web', domain: 'police.gov.example', now: clock });
    const documents = { [agency.did]: await agency.didDocument() };
    const wallet = await Wallet.create({ resolver: new DidResolver({ documents }), now: clock });
    const issued = await agency.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: (await wallet.createHolderKey()).publicJwk });
    const vp = await wallet.present((await wallet.receive(issued.credential)).id, { reveal: ['name'], nonce: NONCE, aud: AUD });
    const unreachable = new DidResolver({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const verifier = new Verifier({ trustedIssuers: [agency.did], resolver: unreachable, now: clock });
    expectFailedAt(await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'issuer_key', 'ERR_DID_RESOLUTION_FAILED');
  });

  it('a rotated key (same kid, other key in the document) → signature / ERR_SIGNATURE_INVALID', async () => {
    const old = await Issuer.create({ method: 'web', domain: 'police.gov.example', now: clock });
    const rotated = await Issuer.create({ method: 'web', domain: 'police.gov.example', now: clock });
    const wallet = await Wallet.create({ resolver: new DidResolver({ documents: { [old.did]: await old.didDocument() } }), now: clock });
    const issued = await old.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: (await wallet.createHolderKey()).publicJwk });
    const vp = await wallet.present((await wallet.receive(issued.credential)).id, { reveal: ['name'], nonce: NONCE, aud: AUD });
    const verifier = new Verifier({ trustedIssuers: [old.did], resolver: new DidResolver({ documents: { [old.did]: await rotated.didDocument() } }), now: clock });
    expectFailedAt(await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'signature', 'ERR_SIGNATURE_INVALID');
  });

  it('a tampered issuer payload → signature / ERR_SIGNATURE_INVALID', async () => {
    const { verifier, present } = await scenario();
    const { jwt, disclosures, kb } = parts(await present(['name']));
    const [h, p, s] = jwt.split('.');
    const payload = JSON.parse(decodeBase64urlToString(p!));
    payload.exp = payload.exp + 10 * 365 * 86400;
    const forged = `${h}.${encodeBase64url(JSON.stringify(payload))}.${s}`;
    expectFailedAt(await verifier.verifyPresentation(join(forged, disclosures, kb), { nonce: NONCE, aud: AUD }), 'signature', 'ERR_SIGNATURE_INVALID');
  });

  it('an algorithm outside the allowlist → signature / ERR_ALGORITHM_NOT_ALLOWED', async () => {
    const { verifier, present } = await scenario({ verifier: { algorithms: ['EdDSA'] } });
    expectFailedAt(await verifier.verifyPresentation(await present(), { nonce: NONCE, aud: AUD }), 'signature', 'ERR_ALGORITHM_NOT_ALLOWED');
  });
});

describe('Verifier.verifyPresentation — validity period', () => {
  it('an expired credential → validity_period / ERR_CREDENTIAL_EXPIRED', async () => {
    const { verifier, present, issued } = await scenario();
    const vp = await present();
    const report = await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD, now: issued.expiresAt! + 1 });
    expectFailedAt(report, 'validity_period', 'ERR_CREDENTIAL_EXPIRED');
    expect(passed(report, 'credential_type')).toBe(true);
    expect(report.checks.filter((c) => c.skipped).map((c) => c.check)).toEqual(['holder_binding', 'nonce', 'audience', 'status']);
  });

  it('a credential not yet valid → validity_period / ERR_CREDENTIAL_NOT_YET_VALID', async () => {
    // issued at NOW, valid from NOW + 1 h; the wallet received it then and presents it early
    const wallet = await Wallet.create({ resolver, now: () => NOW + 3600 });
    const issuer = await Issuer.create({ now: clock });
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: (await wallet.createHolderKey()).publicJwk, validFrom: NOW + 3600 });
    const { id } = await wallet.receive(issued.credential);
    const vp = await wallet.present(id, { reveal: ['name'], nonce: NONCE, aud: AUD, now: NOW });
    const early = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    expectFailedAt(await early.verifyPresentation(vp, { nonce: NONCE, aud: AUD }), 'validity_period', 'ERR_CREDENTIAL_NOT_YET_VALID');
  });
});

describe('Verifier.verifyPresentation — malformed input never throws', () => {
  it.each([
    ['garbage', 'not a presentation'],
    ['empty', ''],
    ['three dots', 'a.b.c~'],
    ['bad base64', '!!!.???.***~'],
  ])('%s → format', async (_name, input) => {
    const { verifier } = await scenario();
    const report = await verifier.verifyPresentation(input, { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(false);
    expect(report.checks[0]).toMatchObject({ check: 'format', ok: false });
    expect(report.checks[0]!.code).toBeDefined();
    expect(report.checks.slice(1).every((c) => !c.ok && c.skipped)).toBe(true);
  });

  it('a non-string → format, no throw', async () => {
    const { verifier } = await scenario();
    const report = await verifier.verifyPresentation({ vp: 1 } as unknown as string, { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(false);
    expect(report.checks[0]).toMatchObject({ check: 'format', ok: false });
  });

  it('an SD-JWT with another typ → format / ERR_TYP_INVALID', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const issuer = await Issuer.create({ privateJwk: pair.privateJwk! });
    const holder = await generateKeyPair('ES256');
    const token = await issueSdJwt(
      { iss: issuer.did, vct: 'urn:elicense:vct:resident_id_card:1', iat: NOW, cnf: { jwk: holder.publicJwk } },
      { signer: signingKeyFromJwk(pair.privateJwk!, issuer.kid), header: { typ: 'example+sd-jwt' } },
    );
    const verifier = new Verifier({ trustedIssuers: [issuer.did], resolver, now: clock });
    expectFailedAt(await verifier.verifyPresentation(token, { nonce: NONCE, aud: AUD }), 'format', 'ERR_TYP_INVALID');
  });

  it('the SD-JWT VC spec presentation (issuer not a DID) is refused as untrusted', async () => {
    const vectors = specExamples as {
      sections: { section: string; compact_serializations: { value: string; check: { kb_payload?: { nonce: string; aud: string; iat: number } } }[] }[];
    };
    const withKb = vectors.sections.find((s) => s.section === '2.3.2')!.compact_serializations.find((c) => c.check.kb_payload)!;
    const { nonce, aud, iat } = withKb.check.kb_payload!;
    const police = await Issuer.create();
    const verifier = new Verifier({ trustedIssuers: [police.did], resolver, now: () => iat });
    const report = await verifier.verifyPresentation(withKb.value, { nonce, aud });
    expectFailedAt(report, 'issuer_trusted', 'ERR_ISSUER_UNTRUSTED');
    expect(report.issuer).toBe('https://example.com/issuer');
  });
});

describe('Verifier — misuse throws ERR_INVALID_ARGUMENT', () => {
  it('in the constructor', async () => {
    const bad: unknown[] = [
      undefined,
      {},
      { trustedIssuers: 'did:web:gov.example' },
      { trustedIssuers: ['https://gov.example'] },
      { trustedIssuers: [{ did: 'did:web:gov.example', types: ['fishing_licence'] }] },
      { trustedIssuers: [], allowedTypes: ['fishing_licence'] },
      { trustedIssuers: [], algorithms: ['none'] },
      { trustedIssuers: [], algorithms: ['HS256'] },
      { trustedIssuers: [], algorithms: [] },
      { trustedIssuers: [], clockTolerance: -1 },
      { trustedIssuers: [], kbMaxAge: 0 },
      { trustedIssuers: [], now: 'tomorrow' },
    ];
    for (const options of bad) await throwsWith(() => new Verifier(options as never), 'ERR_INVALID_ARGUMENT');
  });

  it('in verifyPresentation options', async () => {
    const { verifier, present } = await scenario();
    const vp = await present();
    await throwsWith(() => verifier.verifyPresentation(vp, { nonce: '', aud: AUD }), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => verifier.verifyPresentation(vp, { nonce: NONCE } as never), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => verifier.verifyPresentation(vp, undefined as never), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD, now: -5 }), 'ERR_INVALID_ARGUMENT');
  });
});

