/**
 * Interoperability with sd-jwt-js (@sd-jwt/sd-jwt-vc, an independent implementation): credentials and
 * presentations made by either side verify on the other, with the same processed claims.
 */
import { digest, ES256, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { describe, expect, it } from 'vitest';
import { issueSdJwtVc, presentSdJwt, signingKeyFromJwk, verifySdJwtVc, type JWK, type JsonObject, type SdJwtVcPayload } from '@elicense/core';

const VCT = 'https://credentials.gov.example/resident_id/v1';
const NONCE = 'interop-nonce-1';
const AUD = 'https://verifier.example.org';

async function setup() {
  const issuer = await ES256.generateKeyPair();
  const holder = await ES256.generateKeyPair();
  const holderPublic = { kty: holder.publicKey.kty, crv: holder.publicKey.crv, x: holder.publicKey.x, y: holder.publicKey.y } as JWK;
  const sdjwt = new SDJwtVcInstance({
    signer: await ES256.getSigner(issuer.privateKey),
    signAlg: 'ES256',
    verifier: await ES256.getVerifier(issuer.publicKey),
    kbSigner: await ES256.getSigner(holder.privateKey),
    kbSignAlg: 'ES256',
    kbVerifier: await ES256.getVerifier(holder.publicKey),
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
  });
  return { issuer, holder, holderPublic, sdjwt };
}

const claims = () => ({
  name: '李娜',
  address: { province: '广东省', city: '深圳市', street: '科技园路1号' },
  nationalities: ['CN', 'SG'],
});

describe('interop with sd-jwt-js', () => {
  it('sd-jwt-js issues and presents; elicense verifies', async () => {
    const { issuer, holderPublic, sdjwt } = await setup();
    const now = Math.floor(Date.now() / 1000);
    const credential = await sdjwt.issue(
      { iss: 'https://issuer.example', vct: VCT, iat: now, exp: now + 3600, cnf: { jwk: holderPublic }, ...claims() },
      { _sd: ['name', 'address'], address: { _sd: ['street', 'city'] }, nationalities: { _sd: [0, 1] } } as never,
    );
    const presentation = await sdjwt.present(credential, { address: { city: true }, nationalities: { 1: true } } as never, {
      kb: { payload: { iat: now, aud: AUD, nonce: NONCE } },
    });
    const out = await verifySdJwtVc(presentation, { issuerKey: issuer.publicKey as JWK, nonce: NONCE, aud: AUD, now, vct: VCT });
    expect(out.payload).toEqual({
      iss: 'https://issuer.example',
      vct: VCT,
      iat: now,
      exp: now + 3600,
      cnf: { jwk: holderPublic },
      address: { province: '广东省', city: '深圳市' },
      nationalities: ['SG'],
    });
    // and the full credential
    const full = await verifySdJwtVc(credential, { issuerKey: issuer.publicKey as JWK, now });
    expect(full.payload).toMatchObject(claims());
  });

  it('elicense issues and presents; sd-jwt-js verifies', async () => {
    const { issuer, holder, holderPublic, sdjwt } = await setup();
    const now = Math.floor(Date.now() / 1000);
    const payload: SdJwtVcPayload = { iss: 'https://issuer.example', vct: VCT, iat: now, exp: now + 3600, cnf: { jwk: holderPublic }, ...claims() };
    const credential = await issueSdJwtVc(payload, {
      signer: signingKeyFromJwk(issuer.privateKey as JWK),
      frame: { _sd: ['name', 'address'], _sd_decoy: 2, address: { _sd: ['street', 'city'] }, nationalities: { _sd: [0, 1], _sd_decoy: 1 } },
    });
    const presentation = await presentSdJwt(credential, {
      reveal: ['address.city', 'nationalities.1'],
      keyBinding: { signer: signingKeyFromJwk(holder.privateKey as JWK), nonce: NONCE, aud: AUD, iat: now },
    });
    const out = await sdjwt.verify(presentation, { keyBindingNonce: NONCE, currentDate: now });
    const { name: _withheld, ...disclosed } = payload;
    expect(out.payload as JsonObject).toEqual({ ...disclosed, address: { province: '广东省', city: '深圳市' }, nationalities: ['SG'] });
    expect(out.kb?.payload.aud).toBe(AUD);
    expect(out.header?.typ).toBe('dc+sd-jwt');
  });
});
