/** The SD-JWT VC profile: issueSdJwtVc and verifySdJwtVc rules, with negative cases. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeSdJwt,
  generateKeyPair,
  issueSdJwt,
  issueSdJwtVc,
  NON_DISCLOSABLE_CLAIMS,
  presentSdJwt,
  signingKeyFromJwk,
  verifySdJwtVc,
  type GeneratedKeyPair,
  type JsonObject,
  type SdJwtVcPayload,
  type SigningKey,
  type VerifySdJwtVcOptions,
} from '@elicense/core';
import { codeOf } from './helpers.js';

const NOW = 1_760_000_000;
const VCT = 'https://credentials.gov.example/driving_licence/v1';
let issuer: GeneratedKeyPair;
let holder: GeneratedKeyPair;
let issuerKey: SigningKey;
let holderKey: SigningKey;

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true });
  holder = await generateKeyPair('EdDSA', { extractable: true });
  issuerKey = signingKeyFromJwk(issuer.privateJwk!, 'did:web:gov.example#key-1');
  holderKey = signingKeyFromJwk(holder.privateJwk!);
});

const payload = (): SdJwtVcPayload => ({
  iss: 'did:web:gov.example',
  vct: VCT,
  iat: NOW - 10,
  exp: NOW + 86_400,
  cnf: { jwk: holder.publicJwk },
  status: { status_list: { idx: 7, uri: 'https://gov.example/status/1' } },
  sub: 'citizen-42',
  name: '张伟',
  vehicle_classes: ['C1', 'D'],
});

const verify = (token: string, options: Partial<VerifySdJwtVcOptions> = {}) => verifySdJwtVc(token, { issuerKey: issuer.publicJwk, now: NOW, ...options });
const kb = { nonce: 'n-1', aud: 'https://police.example' };

describe('issueSdJwtVc', () => {
  it('issues with typ dc+sd-jwt, plaintext profile claims, and verifies end to end with key binding', async () => {
    const issued = await issueSdJwtVc(payload(), { signer: issuerKey, frame: { _sd: ['name', 'vehicle_classes', 'sub', 'iat'], vehicle_classes: { _sd: [0, 1] } } });
    const { jwt } = await decodeSdJwt(issued);
    expect(jwt.header).toEqual({ typ: 'dc+sd-jwt', alg: 'ES256', kid: 'did:web:gov.example#key-1' });
    for (const claim of ['iss', 'vct', 'exp', 'cnf', 'status']) expect(Object.hasOwn(jwt.payload, claim), claim).toBe(true);
    const presentation = await presentSdJwt(issued, { reveal: ['vehicle_classes.1'], keyBinding: { signer: holderKey, ...kb, iat: NOW } });
    const out = await verify(presentation, { ...kb, vct: [VCT, 'other'] });
    expect(out.vct).toBe(VCT);
    expect(out.iss).toBe('did:web:gov.example');
    expect(out.payload).toEqual({ iss: 'did:web:gov.example', vct: VCT, exp: NOW + 86_400, cnf: { jwk: holder.publicJwk }, status: payload().status, vehicle_classes: ['D'] });
    expect(out.kb?.payload.aud).toBe(kb.aud);
  });

  it('has no _sd and no Disclosures without selectively disclosable claims', async () => {
    const issued = await issueSdJwtVc(payload(), { signer: issuerKey });
    const { jwt, disclosures } = await decodeSdJwt(issued);
    expect(disclosures).toHaveLength(0);
    expect(Object.hasOwn(jwt.payload, '_sd')).toBe(false);
    expect((await verify(issued)).payload.name).toBe('张伟');
  });

  it('refuses to make the profile claims selectively disclosable (ERR_CLAIM_NOT_DISCLOSABLE)', async () => {
    expect(NON_DISCLOSABLE_CLAIMS).toEqual(['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'aka_vcts', 'status']);
    const p = { ...payload(), nbf: NOW - 5, 'vct#integrity': 'sha256-abc', aka_vcts: ['urn:x'] };
    for (const claim of NON_DISCLOSABLE_CLAIMS) {
      expect(await codeOf(issueSdJwtVc(p, { signer: issuerKey, frame: { _sd: [claim] } })), claim).toBe('ERR_CLAIM_NOT_DISCLOSABLE');
    }
    expect(await codeOf(issueSdJwtVc(p, { signer: issuerKey, frame: { cnf: { jwk: { _sd: ['x'] } } } }))).toBe('ERR_CLAIM_NOT_DISCLOSABLE');
    expect(await codeOf(issueSdJwtVc(p, { signer: issuerKey, frame: { status: { _sd: ['status_list'] } } }))).toBe('ERR_CLAIM_NOT_DISCLOSABLE');
    expect(await codeOf(issueSdJwtVc(p, { signer: issuerKey, frame: { status: { _sd_decoy: 1 } } }))).toBe('ERR_CLAIM_NOT_DISCLOSABLE');
    expect(await codeOf(issueSdJwtVc(p, { signer: issuerKey, frame: { aka_vcts: { _sd: [0] } } }))).toBe('ERR_CLAIM_NOT_DISCLOSABLE');
    // sub and iat MAY be disclosable (§2.2.2.3)
    expect(await codeOf(issueSdJwtVc(p, { signer: issuerKey, frame: { _sd: ['sub', 'iat'] } }))).toBeUndefined();
  });

  it('requires iss and vct (ERR_CLAIM_MISSING)', async () => {
    for (const claim of ['iss', 'vct'] as const) {
      const p = payload() as Partial<SdJwtVcPayload>;
      delete p[claim];
      expect(await codeOf(issueSdJwtVc(p as SdJwtVcPayload, { signer: issuerKey })), claim).toBe('ERR_CLAIM_MISSING');
      expect(await codeOf(issueSdJwtVc({ ...payload(), [claim]: '' }, { signer: issuerKey }))).toBe('ERR_CLAIM_MISSING');
      expect(await codeOf(issueSdJwtVc({ ...payload(), [claim]: 42 } as unknown as SdJwtVcPayload, { signer: issuerKey }))).toBe('ERR_CLAIM_MISSING');
    }
  });

  it('refuses a private key in cnf, bad profile claims and a conflicting typ', async () => {
    expect(await codeOf(issueSdJwtVc({ ...payload(), cnf: { jwk: holder.privateJwk! } }, { signer: issuerKey }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(issueSdJwtVc({ ...payload(), cnf: 'x' } as unknown as SdJwtVcPayload, { signer: issuerKey }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwtVc({ ...payload(), exp: '2030' } as unknown as SdJwtVcPayload, { signer: issuerKey }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwtVc({ ...payload(), status: 'revoked' } as unknown as SdJwtVcPayload, { signer: issuerKey }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwtVc(payload(), { signer: issuerKey, header: { typ: 'vc+sd-jwt' } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwtVc(payload(), { signer: issuerKey, header: { typ: 'dc+sd-jwt', x5c: ['AA'] } }))).toBeUndefined();
  });
});

describe('verifySdJwtVc', () => {
  const asSdJwt = (p: JsonObject, typ: string | undefined, frame?: JsonObject) =>
    issueSdJwt(p, { signer: issuerKey, header: typ === undefined ? {} : { typ }, ...(frame ? { frame } : {}) });

  it('requires typ dc+sd-jwt, accepting the legacy vc+sd-jwt (ERR_TYP_INVALID)', async () => {
    expect((await verify(await asSdJwt(payload(), 'vc+sd-jwt'))).vct).toBe(VCT);
    expect(await codeOf(verify(await asSdJwt(payload(), 'JWT')))).toBe('ERR_TYP_INVALID');
    expect(await codeOf(verify(await asSdJwt(payload(), undefined)))).toBe('ERR_TYP_INVALID');
    expect(await codeOf(verify(await asSdJwt(payload(), 'vc+sd-jwt'), { typ: 'dc+sd-jwt' }))).toBe('ERR_TYP_INVALID');
  });

  it('requires vct and iss (ERR_CLAIM_MISSING)', async () => {
    const { vct: _v, ...noVct } = payload();
    const { iss: _i, ...noIss } = payload();
    expect(await codeOf(verify(await asSdJwt(noVct, 'dc+sd-jwt')))).toBe('ERR_CLAIM_MISSING');
    expect(await codeOf(verify(await asSdJwt(noIss, 'dc+sd-jwt')))).toBe('ERR_CLAIM_MISSING');
    expect(await codeOf(verify(await asSdJwt({ ...payload(), vct: 7 }, 'dc+sd-jwt')))).toBe('ERR_CLAIM_MISSING');
  });

  it('accepts only the listed types (ERR_TYPE_NOT_ALLOWED)', async () => {
    const issued = await issueSdJwtVc(payload(), { signer: issuerKey });
    expect(await codeOf(verify(issued, { vct: 'https://credentials.gov.example/marriage_certificate/v1' }))).toBe('ERR_TYPE_NOT_ALLOWED');
    expect(await codeOf(verify(issued, { vct: [] }))).toBe('ERR_TYPE_NOT_ALLOWED');
    expect(await codeOf(verify(issued, { vct: [VCT] }))).toBeUndefined();
    expect(await codeOf(verify(issued, { vct: 5 as unknown as string }))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('rejects profile claims that arrive through a Disclosure (ERR_CLAIM_NOT_DISCLOSABLE)', async () => {
    for (const claim of ['vct', 'iss', 'exp', 'cnf', 'status']) {
      const issued = await asSdJwt(payload(), 'dc+sd-jwt', { _sd: [claim] });
      const p = await presentSdJwt(issued, { reveal: [claim] });
      expect(await codeOf(verify(p)), claim).toBe('ERR_CLAIM_NOT_DISCLOSABLE');
    }
  });

  it('binds the KB-JWT to cnf.jwk (ERR_KEY_BINDING_INVALID / ERR_KEY_BINDING_MISSING)', async () => {
    const { cnf: _c, ...noCnf } = payload();
    const unbound = await issueSdJwtVc(noCnf as SdJwtVcPayload, { signer: issuerKey });
    const p = await presentSdJwt(unbound, { reveal: [], keyBinding: { signer: holderKey, ...kb, iat: NOW } });
    expect(await codeOf(verify(p, kb))).toBe('ERR_KEY_BINDING_INVALID');
    expect(await codeOf(verify(unbound, kb))).toBe('ERR_KEY_BINDING_MISSING');
    const bound = await issueSdJwtVc(payload(), { signer: issuerKey });
    const stranger = await generateKeyPair('EdDSA', { extractable: true });
    const stolen = await presentSdJwt(bound, { reveal: [], keyBinding: { signer: signingKeyFromJwk(stranger.privateJwk!), ...kb, iat: NOW } });
    expect(await codeOf(verify(stolen, kb))).toBe('ERR_KEY_BINDING_INVALID');
  });

  it('checks expiry and signature like verifySdJwt', async () => {
    const issued = await issueSdJwtVc(payload(), { signer: issuerKey });
    expect(await codeOf(verify(issued, { now: NOW + 86_400 }))).toBe('ERR_CREDENTIAL_EXPIRED');
    const other = await generateKeyPair('ES256');
    expect(await codeOf(verify(issued, { issuerKey: other.publicJwk }))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifySdJwtVc(issued, undefined as unknown as VerifySdJwtVcOptions))).toBe('ERR_INVALID_ARGUMENT');
  });
});
