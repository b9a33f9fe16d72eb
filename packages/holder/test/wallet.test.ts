import { describe, expect, it } from 'vitest';
import { decodeSdJwt, generateKeyPair, issueSdJwtVc, signingKeyFromJwk, verifySdJwtVc } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { MemoryBackend, Wallet } from '@elicense/holder';
import { LICENCE_CLAIMS, NOW, clock, issuerWithKey, rejectsWith, resolver, setup, tamperSignature } from './helpers.js';

describe('Wallet.create', () => {
  it('opens an in-memory wallet with no secret, and refuses misuse', async () => {
    const wallet = await Wallet.create();
    expect(await wallet.list()).toEqual([]);
    expect(await wallet.holderKeys()).toEqual([]);
    await rejectsWith(Wallet.create({ alg: 'HS256' as 'ES256' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ backend: {} as MemoryBackend }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ trustedIssuers: ['https://gov.example'] }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ keys: { perCredential: 'yes' as unknown as boolean } }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ now: 5 as unknown as () => number }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('holder keys', () => {
  it('makes a new non-extractable ES256 key for every credential by default', async () => {
    const wallet = await Wallet.create({ now: clock });
    const a = await wallet.createHolderKey();
    const b = await wallet.createHolderKey();
    expect(a.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(a.publicJwk).not.toHaveProperty('d');
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({ alg: 'ES256', extractable: false, createdAt: NOW, credentialIds: [] });
    expect((await wallet.holderKeys()).map((k) => k.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('makes EdDSA keys on request, per wallet or per call', async () => {
    const wallet = await Wallet.create({ alg: 'EdDSA' });
    expect((await wallet.createHolderKey()).publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect((await wallet.createHolderKey({ alg: 'ES256' })).publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    await rejectsWith(wallet.createHolderKey({ alg: 'RS256' as 'ES256' }), 'ERR_INVALID_ARGUMENT');
  });

  it('keeps one wallet key with perCredential: false', async () => {
    const wallet = await Wallet.create({ keys: { perCredential: false } });
    const a = await wallet.createHolderKey();
    expect((await wallet.createHolderKey()).id).toBe(a.id);
    expect(await wallet.holderKeys()).toHaveLength(1);
  });

  it('makes extractable keys on request', async () => {
    const wallet = await Wallet.create({ keys: { extractable: true } });
    expect((await wallet.createHolderKey()).extractable).toBe(true);
  });

  it('imports a key pair (CryptoKey or private JWK), once, and refuses one that does not fit', async () => {
    const wallet = await Wallet.create();
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    const a = await wallet.importHolderKey({ privateKey: pair.privateKey, publicJwk: pair.publicJwk });
    const b = await wallet.importHolderKey({ privateKey: pair.privateJwk!, publicJwk: pair.publicJwk });
    expect(b.id).toBe(a.id);
    expect(await wallet.holderKeys()).toHaveLength(1);
    const nonExtractable = await generateKeyPair('ES256');
    await expect(wallet.importHolderKey({ privateKey: nonExtractable.privateKey, publicJwk: nonExtractable.publicJwk })).resolves.toMatchObject({ extractable: false });
    const other = await generateKeyPair('ES256');
    await rejectsWith(wallet.importHolderKey({ privateKey: nonExtractable.privateKey, publicJwk: other.publicJwk }), 'ERR_KEY_INVALID');
    await rejectsWith(wallet.importHolderKey({ privateKey: 'secret' as unknown as CryptoKey, publicJwk: other.publicJwk }), 'ERR_INVALID_ARGUMENT');
    expect(await wallet.holderKeys()).toHaveLength(2);
  });
});

describe('Wallet.receive', () => {
  it('checks and stores a credential with its claims, bound to one of its keys', async () => {
    const { issuer, wallet, issue } = await setup();
    const key = await wallet.createHolderKey();
    const issued = await issue('driving_licence', key.publicJwk);
    const stored = await wallet.receive(issued.credential);
    expect(stored).toMatchObject({
      id: issued.id,
      format: 'dc+sd-jwt',
      type: 'driving_licence',
      vct: 'urn:elicense:vct:driving_licence:1',
      issuer: issuer.did,
      credential: issued.credential,
      receivedAt: NOW,
      issuedAt: NOW,
      expiresAt: issued.expiresAt,
      holderKeyId: key.id,
      state: 'valid',
      presentable: true,
    });
    expect(stored.claims).toMatchObject({ name: '李娜', vehicle_classes: ['C1'], age_over_18: true });
    for (const envelope of ['iss', 'vct', 'iat', 'exp', 'cnf', 'jti', '_sd_alg']) expect(stored.claims).not.toHaveProperty(envelope);
    expect(await wallet.get(issued.id)).toEqual(stored);
    expect((await wallet.holderKeys()).find((k) => k.id === key.id)?.credentialIds).toEqual([issued.id]);
  });

  it('is idempotent for the same credential, also through another wallet on the same backend', async () => {
    const backend = new MemoryBackend();
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const wallet = await Wallet.create({ resolver, now: clock, backend, encryptionKey: key });
    const { issuer } = await setup();
    const holder = await wallet.createHolderKey();
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: holder.publicJwk });
    const first = await wallet.receive(issued.credential);
    expect(await wallet.receive(issued.credential)).toEqual(first);
    const later = await Wallet.create({ resolver, now: () => NOW + 60, backend, encryptionKey: key });
    expect(await later.receive(issued.credential)).toEqual(first);
    expect(await wallet.list()).toHaveLength(1);
  });

  it('refuses a credential bound to a key the wallet does not hold, and stores nothing', async () => {
    const { wallet, issue } = await setup();
    const other = await generateKeyPair('ES256');
    const issued = await issue('resident_id_card', other.publicJwk);
    await rejectsWith(wallet.receive(issued.credential), 'ERR_HOLDER_BINDING_MISMATCH');
    expect(await wallet.list()).toHaveLength(0);
  });

  it('refuses a credential bound to another wallet key', async () => {
    const { issue } = await setup();
    const mine = await Wallet.create({ resolver, now: clock });
    const theirs = await Wallet.create({ resolver, now: clock });
    const issued = await issue('resident_id_card', (await theirs.createHolderKey()).publicJwk);
    await rejectsWith(mine.receive(issued.credential), 'ERR_HOLDER_BINDING_MISMATCH');
    await expect(theirs.receive(issued.credential)).resolves.toMatchObject({ type: 'resident_id_card' });
  });

  it('compares holder keys by RFC 7638 thumbprint, not by JSON', async () => {
    const { wallet, issuer } = await setup();
    const key = await wallet.createHolderKey();
    const withExtras = { ...key.publicJwk, kid: 'holder-1', use: 'sig' };
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: withExtras });
    await expect(wallet.receive(issued.credential)).resolves.toMatchObject({ holderKeyId: key.id });
  });

  it('refuses a tampered issuer signature (ERR_SIGNATURE_INVALID)', async () => {
    const { wallet, issue } = await setup();
    const issued = await issue('marriage_certificate');
    await rejectsWith(wallet.receive(tamperSignature(issued.credential)), 'ERR_SIGNATURE_INVALID');
    expect(await wallet.list()).toEqual([]);
  });

  it('refuses an unknown credential type (ERR_TYPE_UNKNOWN)', async () => {
    const { issuer, key } = await issuerWithKey();
    const wallet = await Wallet.create({ resolver, now: clock });
    const holder = await wallet.createHolderKey();
    const credential = await issueSdJwtVc(
      { iss: issuer.did, vct: 'urn:example:vct:fishing_licence:1', iat: NOW, cnf: { jwk: holder.publicJwk }, name: '张伟' },
      { signer: key, frame: { _sd: ['name'] } },
    );
    await rejectsWith(wallet.receive(credential), 'ERR_TYPE_UNKNOWN');
  });

  it('refuses issuers outside the allowlist (ERR_ISSUER_UNTRUSTED)', async () => {
    const trusted = await Issuer.create({ now: clock });
    const { wallet, issue } = await setup({ trustedIssuers: [trusted.did] });
    await rejectsWith(wallet.receive((await issue('resident_id_card')).credential), 'ERR_ISSUER_UNTRUSTED');
    const holder = await wallet.createHolderKey();
    const fromTrusted = await trusted.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: holder.publicJwk });
    await expect(wallet.receive(fromTrusted.credential)).resolves.toMatchObject({ issuer: trusted.did });
  });

  it('refuses an expired credential (ERR_CREDENTIAL_EXPIRED)', async () => {
    const issuer = await Issuer.create({ now: () => NOW - 7200 });
    const wallet = await Wallet.create({ resolver, now: clock });
    const holder = await wallet.createHolderKey();
    const issued = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: holder.publicJwk, validUntil: NOW - 3600 });
    await rejectsWith(wallet.receive(issued.credential), 'ERR_CREDENTIAL_EXPIRED');
  });

  it('refuses a kid that names another DID than iss, or a key not in the DID document (ERR_DID_KEY_NOT_FOUND)', async () => {
    const { issuer, privateJwk } = await issuerWithKey();
    const other = await Issuer.create();
    const wallet = await Wallet.create({ resolver, now: clock });
    const holder = await wallet.createHolderKey();
    const foreign = await issueSdJwtVc(
      { iss: other.did, vct: 'urn:elicense:vct:resident_id_card:1', iat: NOW, cnf: { jwk: holder.publicJwk } },
      { signer: signingKeyFromJwk(privateJwk, issuer.kid) },
    );
    await rejectsWith(wallet.receive(foreign), 'ERR_DID_KEY_NOT_FOUND');

    const web = await Issuer.create({ method: 'web', domain: 'gov.example', now: clock, extractable: true });
    const webWallet = await Wallet.create({ resolver: new DidResolver({ documents: { [web.did]: await web.didDocument() } }), now: clock });
    const webHolder = await webWallet.createHolderKey();
    const unlisted = await issueSdJwtVc(
      { iss: web.did, vct: 'urn:elicense:vct:resident_id_card:1', iat: NOW, cnf: { jwk: webHolder.publicJwk } },
      { signer: signingKeyFromJwk(web.exportPrivateJwk()!, `${web.did}#key-2`) },
    );
    await rejectsWith(webWallet.receive(unlisted), 'ERR_DID_KEY_NOT_FOUND');
  });

  it('refuses a presentation, or garbage, as a credential', async () => {
    const { wallet, receive } = await setup();
    const stored = await receive('resident_id_card');
    const vp = await wallet.present(stored.id, { reveal: ['name'], nonce: 'n', aud: 'a' });
    await rejectsWith(wallet.receive(vp), 'ERR_TOKEN_MALFORMED');
    await rejectsWith(wallet.receive('not.a~credential~'), 'ERR_TOKEN_MALFORMED');
    await rejectsWith(wallet.receive(42 as unknown as string), 'ERR_INVALID_ARGUMENT');
    expect(await wallet.list()).toHaveLength(1);
  });
});

describe('Wallet list / get / remove', () => {
  it('finds credentials by type (name or vct), issuer and state', async () => {
    const { issuer, wallet, receive } = await setup();
    const otherIssuer = await Issuer.create({ now: clock });
    const id1 = (await receive('resident_id_card')).id;
    const id2 = (await receive('driving_licence')).id;
    const holder = await wallet.createHolderKey();
    const id3 = (await wallet.receive((await otherIssuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: holder.publicJwk })).credential)).id;

    const sorted = (ids: string[]) => [...ids].sort();
    expect((await wallet.list()).map((c) => c.id)).toEqual(sorted([id1, id2, id3]));
    expect((await wallet.list({ type: 'driving_licence' })).map((c) => c.id)).toEqual(sorted([id2, id3]));
    expect((await wallet.list({ type: 'urn:elicense:vct:driving_licence:1' })).map((c) => c.id)).toEqual(sorted([id2, id3]));
    expect((await wallet.list({ issuer: issuer.did })).map((c) => c.id)).toEqual(sorted([id1, id2]));
    expect((await wallet.list({ type: 'driving_licence', issuer: otherIssuer.did })).map((c) => c.id)).toEqual([id3]);
    expect(await wallet.list({ type: 'marriage_certificate' })).toEqual([]);
    expect(await wallet.list({ state: 'valid' })).toHaveLength(3);
    expect(await wallet.list({ state: 'revoked' })).toEqual([]);
    await rejectsWith(wallet.get(''), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.list({ type: 7 as unknown as string }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.list({ state: 'gone' as 'valid' }), 'ERR_INVALID_ARGUMENT');
  });

  it('marks a credential expired or not yet valid by the wallet clock', async () => {
    const t = { now: NOW };
    const issuer = await Issuer.create({ now: clock });
    const wallet = await Wallet.create({ resolver, now: () => t.now });
    const k1 = await wallet.createHolderKey();
    const k2 = await wallet.createHolderKey();
    const soon = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: k1.publicJwk, validUntil: NOW + 100 });
    const later = await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: k2.publicJwk, validFrom: NOW + 50, validUntil: NOW + 1000 });
    await wallet.receive(soon.credential);
    t.now = NOW + 60;
    await wallet.receive(later.credential);
    t.now = NOW + 10;
    expect((await wallet.get(later.id)).state).toBe('not_yet_valid');
    expect((await wallet.get(soon.id)).state).toBe('valid');
    t.now = NOW + 100;
    expect((await wallet.get(soon.id)).state).toBe('expired');
    expect((await wallet.list({ state: 'expired' })).map((c) => c.id)).toEqual([soon.id]);
    expect((await wallet.list({ state: 'valid' })).map((c) => c.id)).toEqual([later.id]);
  });

  it('removes a credential together with its holder key, really, and nothing else', async () => {
    const backend = new MemoryBackend();
    const { wallet, receive } = await setup({ backend });
    const a = await receive('resident_id_card');
    const b = await receive('driving_licence');
    const before = await backend.ids();
    await wallet.remove(a.id);
    const after = await backend.ids();
    expect(before.filter((id) => !after.includes(id)).sort()).toEqual([`credential/${a.id}`, `key/${a.holderKeyId}`].sort());
    expect((await wallet.holderKeys()).map((k) => k.id)).toEqual([b.holderKeyId]);
    await rejectsWith(wallet.get(a.id), 'ERR_CREDENTIAL_NOT_FOUND');
    await rejectsWith(wallet.remove(a.id), 'ERR_CREDENTIAL_NOT_FOUND');
    await rejectsWith(wallet.present(a.id, { reveal: [], nonce: 'n', aud: 'a' }), 'ERR_CREDENTIAL_NOT_FOUND');
    await expect(wallet.present(b.id, { reveal: ['name'], nonce: 'n', aud: 'a' })).resolves.toContain('~');
  });

  it('keeps a key still bound to another credential, and the shared wallet key', async () => {
    const { wallet, issue } = await setup();
    const key = await wallet.createHolderKey();
    const a = await wallet.receive((await issue('resident_id_card', key.publicJwk)).credential);
    const b = await wallet.receive((await issue('driving_licence', key.publicJwk)).credential);
    await wallet.remove(a.id);
    expect((await wallet.holderKeys()).map((k) => k.id)).toEqual([key.id]);
    await wallet.remove(b.id);
    expect(await wallet.holderKeys()).toEqual([]);

    const shared = await setup({ keys: { perCredential: false } });
    const c = await shared.receive('resident_id_card');
    await shared.wallet.remove(c.id);
    expect((await shared.wallet.holderKeys()).map((k) => k.id)).toEqual([c.holderKeyId]);
  });
});

describe('Wallet.present', () => {
  it('discloses only what is asked, with a KB-JWT over nonce and aud', async () => {
    const { issuer, wallet, receive } = await setup();
    const { id } = await receive('marriage_certificate');
    const vp = await wallet.present(id, { reveal: ['registration_date', ['spouse_b', 'name']], nonce: 'n-1', aud: 'https://housing.example', now: NOW + 5 });
    const decoded = await decodeSdJwt(vp);
    expect(decoded.kbJwt?.payload).toMatchObject({ nonce: 'n-1', aud: 'https://housing.example', iat: NOW + 5 });
    const verified = await verifySdJwtVc(vp, { issuerKey: issuer.publicJwk, nonce: 'n-1', aud: 'https://housing.example', now: NOW + 10 });
    expect(verified.payload).toMatchObject({ registration_date: '2019-05-20', spouse_b: { name: '李娜' } });
    expect(verified.payload).not.toHaveProperty('spouse_a');
    expect(verified.payload).not.toHaveProperty('certificate_number');
    expect(verified.payload.spouse_b).toEqual({ name: '李娜' });
  });

  it('binds each credential to its own key, so two presentations share no key', async () => {
    const { issuer, wallet, receive } = await setup({ alg: 'EdDSA' });
    const a = await receive('resident_id_card');
    const b = await receive('driving_licence');
    const vpA = await wallet.present(a.id, { reveal: ['age_over_18'], nonce: 'n', aud: 'https://hotel.example' });
    const vpB = await wallet.present(b.id, { reveal: ['vehicle_classes'], nonce: 'n', aud: 'https://police.example' });
    const cnfA = (await decodeSdJwt(vpA)).jwt.payload.cnf;
    const cnfB = (await decodeSdJwt(vpB)).jwt.payload.cnf;
    expect(cnfA).not.toEqual(cnfB);
    for (const [vp, aud] of [[vpA, 'https://hotel.example'], [vpB, 'https://police.example']] as const) {
      await expect(verifySdJwtVc(vp, { issuerKey: issuer.publicJwk, nonce: 'n', aud, now: NOW })).resolves.toBeDefined();
    }
  });

  it('notices a non-extractable key swapped between records at the backend (ERR_WALLET_CORRUPT)', async () => {
    const backend = new MemoryBackend();
    const { wallet, receive } = await setup({ backend });
    const a = await receive('resident_id_card');
    const b = await receive('driving_licence');
    const recA = (await backend.get(`key/${a.holderKeyId}`))!;
    const recB = (await backend.get(`key/${b.holderKeyId}`))!;
    expect(recA.cryptoKey).toBeDefined();
    await backend.commit({ put: [[`key/${a.holderKeyId}`, { ...recA, cryptoKey: recB.cryptoKey! }]] });
    await rejectsWith(wallet.present(a.id, { reveal: ['name'], nonce: 'n', aud: 'a' }), 'ERR_WALLET_CORRUPT');
    await expect(wallet.present(b.id, { reveal: ['name'], nonce: 'n', aud: 'a' })).resolves.toContain('~');
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    const { wallet, receive } = await setup();
    const { id } = await receive('resident_id_card');
    await rejectsWith(wallet.present(id, { reveal: ['name'], nonce: '', aud: 'a' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.present(id, { reveal: ['name'], nonce: 'n', aud: undefined as unknown as string }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.present(id, { reveal: 'name' as unknown as string[], nonce: 'n', aud: 'a' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(wallet.present(id, { reveal: ['name'], nonce: 'n', aud: 'a', now: 1.5 }), 'ERR_INVALID_ARGUMENT');
  });

  it('refuses to reveal a claim the credential does not have', async () => {
    const { wallet, receive } = await setup();
    const { id } = await receive('resident_id_card');
    await rejectsWith(wallet.present(id, { reveal: ['favourite_colour'], nonce: 'n', aud: 'a' }), 'ERR_CLAIM_PATH_NOT_FOUND');
  });
});
