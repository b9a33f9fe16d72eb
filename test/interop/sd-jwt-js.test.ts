/**
 * Interop both ways with the OpenWallet Foundation's sd-jwt-js (`@sd-jwt/sd-jwt-vc`):
 * what elicense issues and presents verifies there, and what it issues and presents verifies here.
 */
import { digest, ES256, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { describe, expect, it } from 'vitest';
import { decodeJws, generateKeyPair, verifySdJwtVc, type JsonObject, type JWK } from '@elicense/core';
import { getLicenceProfile, prepareLicenceClaims } from '@elicense/credentials';
import { didKeyFromJwk, DidResolver } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer } from '@elicense/issuer';
import { Verifier } from '@elicense/verifier';

const NOW = Math.floor(Date.now() / 1000);
const residentId = {
  citizen_id_number: '440305199003071236',
  name: '张伟',
  sex: 'male',
  ethnicity: '汉族',
  date_of_birth: '1990-03-07',
  address: '广东省深圳市南山区科技园路1号',
  issuing_authority: '深圳市公安局南山分局',
  validity_period: { from: '2016-05-10', to: '2036-05-10' },
};

/** An sd-jwt-js instance that verifies with `issuerJwk` and checks key binding against the payload's cnf.jwk. */
async function peerVerifier(issuerJwk: JWK): Promise<SDJwtVcInstance> {
  return new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    verifier: await ES256.getVerifier(issuerJwk),
    kbVerifier: async (data, sig, payload) => {
      const cnf = (payload as { cnf?: { jwk?: JWK } }).cnf;
      if (!cnf?.jwk) return false;
      return (await ES256.getVerifier(cnf.jwk))(data, sig);
    },
  });
}

describe('elicense → sd-jwt-js', () => {
  it('a resident ID card issued by Issuer and presented by Wallet verifies with @sd-jwt/sd-jwt-vc', async () => {
    const issuer = await Issuer.create({ alg: 'ES256' });
    const wallet = await Wallet.create({ resolver: new DidResolver() });
    const issued = await issuer.issue({ type: 'resident_id_card', claims: residentId, holder: (await wallet.createHolderKey()).publicJwk });
    const peer = await peerVerifier(issuer.publicJwk);

    // the credential as issued, all claims hidden behind digests, recovered by the peer
    const asIssued = await peer.verify(issued.credential, { currentDate: NOW });
    expect(asIssued.payload.vct).toBe(getLicenceProfile('resident_id_card').vct);
    expect(asIssued.payload.iss).toBe(issuer.did);
    expect(asIssued.payload.name).toBe('张伟');
    expect(asIssued.payload.age_over_18).toBe(true);

    // a presentation revealing only age_over_18, with key binding
    const stored = await wallet.receive(issued.credential);
    const presentation = await wallet.present(stored.id, { reveal: ['age_over_18'], nonce: 'n-0S6_WzA2Mj', aud: 'https://hotel.example.cn' });
    const result = await peer.verify(presentation, { currentDate: NOW, keyBindingNonce: 'n-0S6_WzA2Mj', requiredClaimKeys: ['age_over_18'] });
    expect(result.kb?.payload.aud).toBe('https://hotel.example.cn');
    expect(result.payload.age_over_18).toBe(true);
    expect(result.payload.name).toBeUndefined();
    expect(result.payload.citizen_id_number).toBeUndefined();
    expect(result.payload.date_of_birth).toBeUndefined();

    // the peer refuses the same presentation under another nonce
    await expect(peer.verify(presentation, { currentDate: NOW, keyBindingNonce: 'other' })).rejects.toThrow();
  });
});

describe('sd-jwt-js → elicense', () => {
  it('an SD-JWT VC issued and presented by @sd-jwt/sd-jwt-vc verifies with verifySdJwtVc', async () => {
    const issuerKeys = await ES256.generateKeyPair();
    const holderKeys = await ES256.generateKeyPair();
    const peer = new SDJwtVcInstance({
      hasher: digest,
      hashAlg: 'sha-256',
      saltGenerator: generateSalt,
      signer: await ES256.getSigner(issuerKeys.privateKey),
      signAlg: 'ES256',
      kbSigner: await ES256.getSigner(holderKeys.privateKey),
      kbSignAlg: 'ES256',
    });
    const { d: _d, ...holderPublic } = holderKeys.privateKey as JWK;
    const credential = await peer.issue(
      {
        iss: 'https://issuer.example.com',
        vct: 'https://credentials.example.com/identity_credential',
        iat: NOW,
        exp: NOW + 3600,
        cnf: { jwk: holderPublic },
        given_name: 'John',
        family_name: 'Doe',
        address: { street_address: '123 Main St', locality: 'Anytown', country: 'US' },
        nationalities: ['US', 'DE'],
      },
      { _sd: ['given_name', 'family_name', 'address'], address: { _sd: ['street_address', 'locality'] }, nationalities: { _sd: [1] } },
    );
    expect(decodeJws(credential.split('~')[0]!).header.typ).toBe('dc+sd-jwt');

    const presentation = await peer.present(
      credential,
      { given_name: true, address: { locality: true } },
      { kb: { payload: { iat: NOW, aud: 'https://verifier.example.org', nonce: 'abc-123' } } },
    );
    const verified = await verifySdJwtVc(presentation, {
      issuerKey: issuerKeys.publicKey as JWK,
      algorithms: ['ES256'],
      now: NOW,
      nonce: 'abc-123',
      aud: 'https://verifier.example.org',
    });
    expect(verified.payload.given_name).toBe('John');
    expect(verified.payload.family_name).toBeUndefined();
    expect(verified.payload.address).toEqual({ locality: 'Anytown', country: 'US' });
    expect(verified.payload.nationalities).toEqual(['US']);
    expect(verified.kb?.payload.nonce).toBe('abc-123');

    await expect(
      verifySdJwtVc(presentation, { issuerKey: issuerKeys.publicKey as JWK, now: NOW, nonce: 'replayed', aud: 'https://verifier.example.org' }),
    ).rejects.toMatchObject({ code: 'ERR_NONCE_MISMATCH' });
  });

  it('a licence issued by sd-jwt-js under an agency did:key passes Wallet.receive and Verifier', async () => {
    const agency = await generateKeyPair('ES256', { extractable: true });
    const did = didKeyFromJwk(agency.publicJwk);
    const kid = `${did}#${did.slice('did:key:'.length)}`;
    const wallet = await Wallet.create({ resolver: new DidResolver() });
    const prepared = prepareLicenceClaims('resident_id_card', residentId, { now: NOW });
    const peer = new SDJwtVcInstance({
      hasher: digest,
      hashAlg: 'sha-256',
      saltGenerator: generateSalt,
      signer: await ES256.getSigner(agency.privateJwk!),
      signAlg: 'ES256',
    });
    const payload: JsonObject & { vct: string } = { iss: did, vct: prepared.vct, iat: NOW, exp: NOW + 86_400, cnf: { jwk: (await wallet.createHolderKey()).publicJwk }, ...prepared.claims };
    const credential = await peer.issue(payload, prepared.frame as never, { header: { kid } });

    const stored = await wallet.receive(credential);
    expect(stored.type).toBe('resident_id_card');
    const presentation = await wallet.present(stored.id, { reveal: ['age_over_18', 'name'], nonce: 'hotel-nonce-1', aud: 'https://hotel.example.cn' });
    const report = await new Verifier({ trustedIssuers: [did], allowedTypes: ['resident_id_card'], resolver: new DidResolver() })
      .verifyPresentation(presentation, { nonce: 'hotel-nonce-1', aud: 'https://hotel.example.cn' });
    expect(report.verified).toBe(true);
    expect(report.claims).toEqual({ age_over_18: true, name: '张伟' });
  });
});
