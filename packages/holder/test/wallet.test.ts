import { describe, expect, it } from 'vitest';
import { generateKeyPair, issueSdJwtVc, verifySdJwtVc, decodeSdJwt } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { MemoryCredentialStore, Wallet } from '@elicense/holder';
import { LICENCE_CLAIMS, NOW, clock, issuerWithKey, rejectsWith, resolver, tamperSignature } from './helpers.js';

async function setup(walletOptions: Parameters<typeof Wallet.create>[0] = {}) {
  const issuer = await Issuer.create({ now: clock });
  const wallet = await Wallet.create({ resolver, now: clock, ...walletOptions });
  const issue = (type: keyof typeof LICENCE_CLAIMS, holder = wallet.publicJwk) => issuer.issue({ type, claims: LICENCE_CLAIMS[type], holder });
  return { issuer, wallet, issue };
}

describe('Wallet.create', () => {
  it('generates a non-extractable ES256 key by default, EdDSA on request', async () => {
    expect((await Wallet.create()).publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const ed = await Wallet.create({ alg: 'EdDSA' });
    expect(ed.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(ed.publicJwk).not.toHaveProperty('d');
  });

  it('uses a given key pair (CryptoKey or private JWK)', async () => {
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    const a = await Wallet.create({ key: { privateKey: pair.privateKey, publicJwk: pair.publicJwk } });
    const b = await Wallet.create({ key: { privateKey: pair.privateJwk!, publicJwk: pair.publicJwk } });
    expect(a.publicJwk).toEqual(pair.publicJwk);
    expect(b.publicJwk).toEqual(pair.publicJwk);
  });

  it('refuses a key pair that does not fit together, and other misuse', async () => {
    const one = await generateKeyPair('ES256');
    const two = await generateKeyPair('ES256');
    await rejectsWith(Wallet.create({ key: { privateKey: one.privateKey, publicJwk: two.publicJwk } }), 'ERR_KEY_INVALID');
    await rejectsWith(Wallet.create({ key: { privateKey: one.privateKey, publicJwk: one.publicJwk }, alg: 'EdDSA' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ alg: 'HS256' as 'ES256' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ store: {} as MemoryCredentialStore }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ trustedIssuers: ['https://gov.example'] }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('Wallet.receive', () => {
  it('checks and stores a credential with its claims', async () => {
    const { issuer, wallet, issue } = await setup();
    const issued = await issue('driving_licence');
    const stored = await wallet.receive(issued.credential);
    expect(stored).toMatchObject({
      id: issued.id,
      format: 'dc+sd-jwt',
      type: 'driving_licence',
      vct: 'urn:elicense:vct:driving_licence:1',
      issuer: issuer.did,
      credential: issued.credential,
      receivedAt: NOW,
      expiresAt: issued.expiresAt,
    });
    expect(stored.claims).toMatchObject({ name: '李娜', vehicle_classes: ['C1'], age_over_18: true });
    for (const envelope of ['iss', 'vct', 'iat', 'exp', 'cnf', 'jti', '_sd_alg']) expect(stored.claims).not.toHaveProperty(envelope);
    expect(await wallet.get(issued.id)).toEqual(stored);
  });

  it('is idempotent for the same credential', async () => {
    const store = new MemoryCredentialStore();
    const key = await generateKeyPair('ES256');
    const { issuer } = await setup();
    const wallet = await Wallet.create({ resolver, now: clock, store, key });
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: wallet.publicJwk });
    const first = await wallet.receive(issued.credential);
    expect(await wallet.receive(issued.credential)).toEqual(first);
    // a minute later, through another wallet on the same store and key: still the first entry
    const later = await Wallet.create({ resolver, now: () => NOW + 60, store, key });
    expect(await later.receive(issued.credential)).toEqual(first);
    expect(await wallet.list()).toHaveLength(1);
  });

  it('refuses a credential bound to another holder key (ERR_HOLDER_BINDING_MISMATCH)', async () => {
    const { wallet, issue } = await setup();
    const other = await generateKeyPair('ES256');
    const issued = await issue('resident_id_card', other.publicJwk);
    await rejectsWith(wallet.receive(issued.credential), 'ERR_HOLDER_BINDING_MISMATCH');
    expect(await wallet.list()).toHaveLength(0);
  });

  it('compares holder keys by RFC 7638 thumbprint, not by JSON', async () => {
    const { wallet, issuer } = await setup();
    const withExtras = { ...wallet.publicJwk, kid: 'holder-1', use: 'sig' };
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: withExtras });
    await expect(wallet.receive(issued.credential)).resolves.toMatchObject({ type: 'resident_id_card' });
  });

  it('refuses a tampered issuer signature (ERR_SIGNATURE_INVALID)', async () => {
    const { wallet, issue } = await setup();
    const issued = await issue('marriage_certificate');
    await rejectsWith(wallet.receive(tamperSignature(issued.credential)), 'ERR_SIGNATURE_INVALID');
  });

  it('refuses an unknown credential type (ERR_TYPE_UNKNOWN)', async () => {
    const { issuer, key } = await issuerWithKey();
    const wallet = await Wallet.create({ resolver, now: clock });
    const credential = await issueSdJwtVc(
      { iss: issuer.did, vct: 'urn:example:vct:fishing_licence:1', iat: NOW, cnf: { jwk: wallet.publicJwk }, name: '张伟' },
      { signer: key, frame: { _sd: ['name'] } },
    );
    await rejectsWith(wallet.receive(credential), 'ERR_TYPE_UNKNOWN');
  });

  it('refuses issuers outside the allowlist (ERR_ISSUER_UNTRUSTED)', async () => {
    const trusted = await Issuer.create({ now: clock });
    const { wallet, issue } = await setup({ trustedIssuers: [trusted.did] });
    await rejectsWith(wallet.receive((await issue('resident_id_card')).credential), 'ERR_ISSUER_UNTRUSTED');
    const fromTrusted = await trusted.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: wallet.publicJwk });
    await expect(wallet.receive(fromTrusted.credential)).resolves.toMatchObject({ issuer: trusted.did });
  });

  it('refuses an expired credential (ERR_CREDENTIAL_EXPIRED)', async () => {
    const issuer = await Issuer.create({ now: () => NOW - 7200 });
    const wallet = await Wallet.create({ resolver, now: clock });
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: wallet.publicJwk, validUntil: NOW - 3600 });
    await rejectsWith(wallet.receive(issued.credential), 'ERR_CREDENTIAL_EXPIRED');
  });

  it('refuses a kid that names another DID than iss (ERR_DID_KEY_NOT_FOUND)', async () => {
    const { issuer, privateJwk } = await issuerWithKey();
    const other = await Issuer.create();
    const wallet = await Wallet.create({ resolver, now: clock });
    const { signingKeyFromJwk } = await import('@elicense/core');
    const credential = await issueSdJwtVc(
      { iss: other.did, vct: 'urn:elicense:vct:resident_id_card:1', iat: NOW, cnf: { jwk: wallet.publicJwk } },
      { signer: signingKeyFromJwk(privateJwk, issuer.kid) },
    );
    await rejectsWith(wallet.receive(credential), 'ERR_DID_KEY_NOT_FOUND');
  });

  it('refuses a kid that is not in the issuer DID document (ERR_DID_KEY_NOT_FOUND)', async () => {
    const web = await Issuer.create({ method: 'web', domain: 'gov.example', now: clock, extractable: true });
    const documents = { [web.did]: await web.didDocument() };
    const wallet = await Wallet.create({ resolver: new DidResolver({ documents }), now: clock });
    const { signingKeyFromJwk } = await import('@elicense/core');
    const credential = await issueSdJwtVc(
      { iss: web.did, vct: 'urn:elicense:vct:resident_id_card:1', iat: NOW, cnf: { jwk: wallet.publicJwk } },
      { signer: signingKeyFromJwk(web.exportPrivateJwk()!, `${web.did}#key-2`) },
    );
    await rejectsWith(wallet.receive(credential), 'ERR_DID_KEY_NOT_FOUND');
  });

  it('refuses a presentation, or garbage, as a credential', async () => {
    const { wallet, issue } = await setup();
    const stored = await wallet.receive((await issue('resident_id_card')).credential);
    const vp = await wallet.present(stored.id, { reveal: ['name'], nonce: 'n', aud: 'a' });
    await rejectsWith(wallet.receive(vp), 'ERR_TOKEN_MALFORMED');
    await rejectsWith(wallet.receive('not.a~credential~'), 'ERR_TOKEN_MALFORMED');
    await rejectsWith(wallet.receive(42 as unknown as string), 'ERR_INVALID_ARGUMENT');
  });
});

describe('Wallet list / get / remove', () => {
  it('finds credentials by type (name or vct) and issuer, and removes them', async () => {
    const { issuer, wallet, issue } = await setup();
    const otherIssuer = await Issuer.create({ now: clock });
    const id1 = (await wallet.receive((await issue('resident_id_card')).credential)).id;
    const id2 = (await wallet.receive((await issue('driving_licence')).credential)).id;
    const id3 = (
      await wallet.receive((await otherIssuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: wallet.publicJwk })).credential)
    ).id;

    expect((await wallet.list()).map((c) => c.id)).toEqual([id1, id2, id3]);
    expect((await wallet.list({ type: 'driving_licence' })).map((c) => c.id)).toEqual([id2, id3]);
    expect((await wallet.list({ type: 'urn:elicense:vct:driving_licence:1' })).map((c) => c.id)).toEqual([id2, id3]);
    expect((await wallet.list({ issuer: issuer.did })).map((c) => c.id)).toEqual([id1, id2]);
    expect((await wallet.list({ type: 'driving_licence', issuer: otherIssuer.did })).map((c) => c.id)).toEqual([id3]);
    expect(await wallet.list({ type: 'marriage_certificate' })).toEqual([]);

    await wallet.remove(id2);
    expect((await wallet.list()).map((c) => c.id)).toEqual([id1, id3]);
    await rejectsWith(wallet.get(id2), 'ERR_CREDENTIAL_NOT_FOUND');
    await rejectsWith(wallet.remove(id2), 'ERR_CREDENTIAL_NOT_FOUND');
    await rejectsWith(wallet.present(id2, { reveal: [], nonce: 'n', aud: 'a' }), 'ERR_CREDENTIAL_NOT_FOUND');
    await rejectsWith(wallet.get(''), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.list({ type: 7 as unknown as string }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('Wallet.present', () => {
  it('discloses only what is asked, with a KB-JWT over nonce and aud', async () => {
    const { issuer, wallet, issue } = await setup();
    const { id } = await wallet.receive((await issue('marriage_certificate')).credential);
    const vp = await wallet.present(id, { reveal: ['registration_date', ['spouse_b', 'name']], nonce: 'n-1', aud: 'https://housing.example', now: NOW + 5 });
    const decoded = await decodeSdJwt(vp);
    expect(decoded.kbJwt?.payload).toMatchObject({ nonce: 'n-1', aud: 'https://housing.example', iat: NOW + 5 });
    const verified = await verifySdJwtVc(vp, { issuerKey: issuer.publicJwk, nonce: 'n-1', aud: 'https://housing.example', now: NOW + 10 });
    expect(verified.payload).toMatchObject({ registration_date: '2019-05-20', spouse_b: { name: '李娜' } });
    expect(verified.payload).not.toHaveProperty('spouse_a');
    expect(verified.payload).not.toHaveProperty('certificate_number');
    expect(verified.payload.spouse_b).toEqual({ name: '李娜' });
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    const { wallet, issue } = await setup();
    const { id } = await wallet.receive((await issue('resident_id_card')).credential);
    await rejectsWith(wallet.present(id, { reveal: ['name'], nonce: '', aud: 'a' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.present(id, { reveal: ['name'], nonce: 'n', aud: undefined as unknown as string }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.present(id, { reveal: 'name' as unknown as string[], nonce: 'n', aud: 'a' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.present(id, { reveal: ['name'], nonce: 'n', aud: 'a', now: 1.5 }), 'ERR_INVALID_ARGUMENT');
  });

  it('refuses to reveal a claim the credential does not have', async () => {
    const { wallet, issue } = await setup();
    const { id } = await wallet.receive((await issue('resident_id_card')).credential);
    await expect(wallet.present(id, { reveal: ['favourite_colour'], nonce: 'n', aud: 'a' })).rejects.toMatchObject({ code: 'ERR_CLAIM_PATH_NOT_FOUND' });
  });
});
