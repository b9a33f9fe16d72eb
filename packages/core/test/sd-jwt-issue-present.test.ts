/** issueSdJwt (frames, decoys, salts, options) and presentSdJwt / processSdJwt (claim paths, subtree, exclude). */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeSdJwt,
  formatClaimPath,
  generateKeyPair,
  issueSdJwt,
  parseClaimPath,
  presentSdJwt,
  processSdJwt,
  signingKeyFromJwk,
  verifySdJwt,
  type DisclosureFrame,
  type GeneratedKeyPair,
  type IssueSdJwtOptions,
  type JsonObject,
  type SigningKey,
} from '@elicense/core';
import { codeOf, jwsPayload } from './helpers.js';

let issuer: GeneratedKeyPair;
let issuerKey: SigningKey;
let edIssuer: GeneratedKeyPair;

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true });
  issuerKey = signingKeyFromJwk(issuer.privateJwk!);
  edIssuer = await generateKeyPair('EdDSA', { extractable: true });
});

const claims = (): JsonObject => ({
  iss: 'https://issuer.example',
  given_name: 'Erika',
  family_name: 'Mustermann',
  address: { street_address: 'Heidestraße 17', locality: 'Köln', country: 'DE' },
  nationalities: ['DE', 'FR'],
  age_equal_or_over: { '18': true, '65': false },
  degrees: [
    { type: 'BSc', university: 'A' },
    { type: 'MSc', university: 'B' },
  ],
});

const frame: DisclosureFrame = {
  _sd: ['given_name', 'family_name', 'address', 'age_equal_or_over', 'degrees'],
  address: { _sd: ['street_address', 'locality'] },
  nationalities: { _sd: [0, 1] },
  age_equal_or_over: { _sd: ['18', '65'] },
  degrees: { _sd: [0, 1], '0': { _sd: ['type'] }, '1': { _sd: ['type'] } },
};

async function verified(token: string): Promise<JsonObject> {
  return (await verifySdJwt(token, { issuerKey: issuer.publicJwk })).payload;
}

describe('issueSdJwt', () => {
  it('makes the framed claims disclosable, recursively, and nothing else', async () => {
    const issued = await issueSdJwt(claims(), { signer: issuerKey, frame });
    const { jwt, disclosures } = await decodeSdJwt(issued);
    expect(disclosures).toHaveLength(5 + 2 + 2 + 2 + 2 + 2);
    expect(jwt.payload._sd_alg).toBe('sha-256');
    expect(Object.keys(jwt.payload).sort()).toEqual(['_sd', '_sd_alg', 'iss', 'nationalities']);
    expect(jwt.payload._sd).toEqual([...(jwt.payload._sd as string[])].sort());
    expect(await verified(issued)).toEqual(claims());
    const paths = (await processSdJwt(issued)).disclosures.map((d) => formatClaimPath(d.path)).sort();
    expect(paths).toEqual(
      ['address', 'address.locality', 'address.street_address', 'age_equal_or_over', 'age_equal_or_over.18', 'age_equal_or_over.65', 'degrees', 'degrees.0', 'degrees.0.type', 'degrees.1', 'degrees.1.type', 'family_name', 'given_name', 'nationalities.0', 'nationalities.1'].sort(),
    );
  });

  it('encodes each Disclosure as base64url(JSON.stringify([salt, name, value])) with 128-bit salts', async () => {
    const { disclosures } = await decodeSdJwt(await issueSdJwt(claims(), { signer: issuerKey, frame }));
    for (const d of disclosures) {
      const json = Buffer.from(d.encoded, 'base64url').toString('utf8');
      expect(json).toBe(JSON.stringify(d.name === undefined ? [d.salt, d.value] : [d.salt, d.name, d.value]));
      expect(Buffer.from(d.salt, 'base64url')).toHaveLength(16);
      expect(d.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    expect(new Set(disclosures.map((d) => d.salt)).size).toBe(disclosures.length);
  });

  it('without a frame issues plaintext claims, no _sd, and a single trailing "~"', async () => {
    const issued = await issueSdJwt(claims(), { signer: issuerKey });
    expect(issued.endsWith('~')).toBe(true);
    expect(issued.split('~')).toHaveLength(2);
    expect(Object.hasOwn(jwsPayload(issued.split('~')[0]!), '_sd')).toBe(false);
    expect(await verified(issued)).toEqual(claims());
  });

  it('adds decoys where asked (objects and arrays) and they do not change the claims', async () => {
    const issued = await issueSdJwt(claims(), {
      signer: issuerKey,
      frame: { _sd: ['given_name'], _sd_decoy: 3, nationalities: { _sd_decoy: 2 }, address: { _sd_decoy: 1 } },
    });
    const { jwt, disclosures } = await decodeSdJwt(issued);
    expect(disclosures).toHaveLength(1);
    expect(jwt.payload._sd).toHaveLength(4);
    expect((jwt.payload.nationalities as unknown[]).filter((x) => typeof x === 'object')).toHaveLength(2);
    expect((jwt.payload.address as JsonObject)._sd).toHaveLength(1);
    expect(await verified(issued)).toEqual(claims());
  });

  it('is deterministic given the salt and random sources (EdDSA signs deterministically)', async () => {
    const options = (): IssueSdJwtOptions => {
      let n = 0;
      let r = 0;
      return {
        signer: signingKeyFromJwk(edIssuer.privateJwk!),
        frame: { ...frame, _sd_decoy: 2 },
        saltGenerator: () => `salt-${n++}`,
        randomBytes: (len) => new Uint8Array(len).fill(r++),
      };
    };
    const a = await issueSdJwt(claims(), options());
    const b = await issueSdJwt(claims(), options());
    expect(a).toBe(b);
    expect((await verifySdJwt(a, { issuerKey: edIssuer.publicJwk })).payload).toEqual(claims());
  });

  it('supports sha-384 and sha-512 and writes _sd_alg', async () => {
    for (const hashAlg of ['sha-384', 'sha-512'] as const) {
      const issued = await issueSdJwt(claims(), { signer: issuerKey, frame, hashAlg });
      const { jwt, disclosures } = await decodeSdJwt(issued);
      expect(jwt.payload._sd_alg).toBe(hashAlg);
      expect(Buffer.from(disclosures[0]!.digest, 'base64url')).toHaveLength(hashAlg === 'sha-384' ? 48 : 64);
      const p = await presentSdJwt(issued, { reveal: ['address.locality'] });
      expect(await verified(p)).toEqual({ iss: 'https://issuer.example', nationalities: [], address: { locality: 'Köln', country: 'DE' } });
    }
    expect(await codeOf(issueSdJwt(claims(), { signer: issuerKey, hashAlg: 'md5' as 'sha-256' }))).toBe('ERR_SD_ALG_UNSUPPORTED');
  });

  it('puts extra header members in the protected header; alg and kid come from the signer', async () => {
    const issued = await issueSdJwt(claims(), { signer: { ...issuerKey, kid: 'did:web:issuer.example#key-1' }, header: { typ: 'example+sd-jwt', alg: 'none', x5c: ['AAAA'] } });
    const { jwt } = await decodeSdJwt(issued);
    expect(jwt.header).toEqual({ typ: 'example+sd-jwt', alg: 'ES256', kid: 'did:web:issuer.example#key-1', x5c: ['AAAA'] });
  });

  it('ignores frame entries for claims that are absent (optional claims)', async () => {
    const issued = await issueSdJwt({ iss: 'x', a: 1 }, { signer: issuerKey, frame: { _sd: ['a', 'missing'], other: { _sd: ['b'] }, list: { _sd: [3] } } });
    expect((await decodeSdJwt(issued)).disclosures.map((d) => d.name)).toEqual(['a']);
    const arr = await issueSdJwt({ list: ['x'] }, { signer: issuerKey, frame: { list: { _sd: [0, 5] } } });
    expect((await decodeSdJwt(arr)).disclosures).toHaveLength(1);
  });

  it('refuses bad claims, frames and options (ERR_INVALID_ARGUMENT)', async () => {
    const cyclic: JsonObject = { a: 1 };
    cyclic.self = cyclic;
    const badPayloads: unknown[] = [null, 'x', [1], { _sd: ['x'] }, { a: { '...': 'x' } }, { _sd_alg: 'sha-256' }, { a: undefined }, { a: () => 1 }, { a: new Date(0) }, { a: Number.NaN }, { a: 1n }, cyclic];
    for (const p of badPayloads) expect(await codeOf(issueSdJwt(p as JsonObject, { signer: issuerKey })), String(p)).toBe('ERR_INVALID_ARGUMENT');
    const badFrames: unknown[] = [
      'x',
      { _sd: 'given_name' },
      { _sd: [{}] },
      { _sd: [-1] },
      { _sd_decoy: -1 },
      { _sd_decoy: 1.5 },
      { _sd_decoy: 100_000 },
      { given_name: { _sd: ['x'] } },
      { nationalities: { _sd: ['x'] } },
      { nationalities: { foo: { _sd: [0] } } },
      { address: 'street_address' },
    ];
    for (const f of badFrames) expect(await codeOf(issueSdJwt(claims(), { signer: issuerKey, frame: f as DisclosureFrame })), JSON.stringify(f)).toBe('ERR_INVALID_ARGUMENT');
    const badOptions: unknown[] = [undefined, {}, { signer: {} }, { signer: { alg: 'ES256' } }, { signer: issuerKey, header: 'x' }, { signer: issuerKey, saltGenerator: 'salt' }];
    for (const o of badOptions) expect(await codeOf(issueSdJwt(claims(), o as IssueSdJwtOptions))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwt(claims(), { signer: issuerKey, frame, saltGenerator: () => '' }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwt({ l: ['a', 'a'] }, { signer: issuerKey, frame: { l: { _sd: [0, 1] } }, saltGenerator: () => 'same' }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwt(claims(), { signer: issuerKey, frame: { _sd_decoy: 1 }, randomBytes: () => new Uint8Array(3) }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(issueSdJwt(claims(), { signer: { alg: 'HS256' as 'ES256', sign: issuerKey.sign } }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
  });

  it('carries __proto__ claims as own properties, without touching prototypes', async () => {
    const payload = JSON.parse('{"iss":"x","__proto__":{"polluted":true},"nested":{"__proto__":1}}') as JsonObject;
    const issued = await issueSdJwt(payload, { signer: issuerKey, frame: { _sd: ['__proto__'], nested: { _sd: ['__proto__'] } } });
    const out = await verified(issued);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(out.nested, '__proto__')?.value).toBe(1);
    expect(({} as JsonObject).polluted).toBeUndefined();
  });
});

describe('presentSdJwt', () => {
  let issued: string;
  beforeAll(async () => {
    issued = await issueSdJwt(claims(), { signer: issuerKey, frame: { ...frame, _sd_decoy: 2 } });
  });

  it('reveals nothing for []: plaintext claims only', async () => {
    expect(await verified(await presentSdJwt(issued, { reveal: [] }))).toEqual({ iss: 'https://issuer.example', nationalities: [] });
  });

  it('reveals a path with everything on the way to it', async () => {
    const p = await presentSdJwt(issued, { reveal: ['address.locality', ['degrees', 1, 'type']] });
    expect(await verified(p)).toEqual({ iss: 'https://issuer.example', nationalities: [], address: { locality: 'Köln', country: 'DE' }, degrees: [{ type: 'MSc', university: 'B' }] });
  });

  it('reveals the whole subtree under a path', async () => {
    const p = await presentSdJwt(issued, { reveal: ['address', 'degrees'] });
    const out = await verified(p);
    expect(out.address).toEqual(claims().address);
    expect(out.degrees).toEqual(claims().degrees);
  });

  it('excludes paths under a revealed subtree', async () => {
    const p = await presentSdJwt(issued, { reveal: ['address', 'degrees'], exclude: ['address.street_address', ['degrees', null, 'type'], 'degrees.0'] });
    const out = await verified(p);
    expect(out.address).toEqual({ locality: 'Köln', country: 'DE' });
    expect(out.degrees).toEqual([{ university: 'B' }]);
  });

  it('takes null as every element, and digit segments as indices or keys', async () => {
    const p = await presentSdJwt(issued, { reveal: [['nationalities', null], 'age_equal_or_over.18', ['degrees', null, 'type']] });
    const out = await verified(p);
    expect(out.nationalities).toEqual(['DE', 'FR']);
    expect(out.age_equal_or_over).toEqual({ '18': true });
    expect(out.degrees).toEqual([{ type: 'BSc', university: 'A' }, { type: 'MSc', university: 'B' }]);
    expect(await verified(await presentSdJwt(issued, { reveal: [['age_equal_or_over', 65]] }))).toMatchObject({ age_equal_or_over: { '65': false } });
    expect(await verified(await presentSdJwt(issued, { reveal: [['nationalities', '1']] }))).toMatchObject({ nationalities: ['FR'] });
  });

  it('a plaintext path needs no Disclosure', async () => {
    expect((await decodeSdJwt(await presentSdJwt(issued, { reveal: ['iss'] }))).disclosures).toHaveLength(0);
  });

  it('throws ERR_CLAIM_PATH_NOT_FOUND for a path that matches nothing', async () => {
    for (const path of ['nope', 'address.nope', 'nationalities.2', ['degrees', 5], ['given_name', null], 'given_name.first']) {
      expect(await codeOf(presentSdJwt(issued, { reveal: [path] })), JSON.stringify(path)).toBe('ERR_CLAIM_PATH_NOT_FOUND');
    }
    expect(await codeOf(presentSdJwt(issued, { reveal: ['address'], exclude: ['address.zip'] }))).toBe('ERR_CLAIM_PATH_NOT_FOUND');
  });

  it('refuses a token that already has a KB-JWT, and bad options (ERR_INVALID_ARGUMENT)', async () => {
    const holder = await generateKeyPair('ES256');
    const signer = { alg: 'ES256' as const, sign: (await import('@elicense/core')).createSigner(holder.privateKey, 'ES256') };
    const withKb = await presentSdJwt(issued, { reveal: [], keyBinding: { signer, nonce: 'n', aud: 'a', iat: 1 } });
    expect(await codeOf(presentSdJwt(withKb, { reveal: [] }))).toBe('ERR_INVALID_ARGUMENT');
    const bad: unknown[] = [
      undefined,
      {},
      { reveal: 'given_name' },
      { reveal: [''] },
      { reveal: [[]] },
      { reveal: [['a', -1]] },
      { reveal: [['a', 1.5]] },
      { reveal: [{}] },
      { reveal: ['a..b'] },
      { reveal: [], exclude: 'x' },
      { reveal: [], keyBinding: {} },
      { reveal: [], keyBinding: { signer, nonce: '', aud: 'a', iat: 1 } },
      { reveal: [], keyBinding: { signer, nonce: 'n', aud: 'a', iat: -1 } },
      { reveal: [], keyBinding: { signer, nonce: 'n', iat: 1 } },
      { reveal: [], keyBinding: { signer: {}, nonce: 'n', aud: 'a', iat: 1 } },
    ];
    for (const o of bad) expect(await codeOf(presentSdJwt(issued, o as never)), JSON.stringify(o)).toBe('ERR_INVALID_ARGUMENT');
  });

  it('checks the SD-JWT structurally before presenting', async () => {
    const [jwt, ...rest] = issued.split('~');
    expect(await codeOf(presentSdJwt(`${jwt}~${rest[0]}~${rest[0]}~`, { reveal: [] }))).toBe('ERR_DIGEST_DUPLICATE');
    expect(await codeOf(presentSdJwt(`${jwt}~WyJzYWx0IiwgImEiLCAxXQ~`, { reveal: [] }))).toBe('ERR_DISCLOSURE_UNREFERENCED');
    expect(await codeOf(presentSdJwt('not a token', { reveal: [] }))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('keeps Disclosures in token order', async () => {
    const all = (await decodeSdJwt(issued)).disclosures.map((d) => d.encoded);
    const some = (await decodeSdJwt(await presentSdJwt(issued, { reveal: ['degrees', 'given_name'] }))).disclosures.map((d) => d.encoded);
    expect(some).toEqual(all.filter((d) => some.includes(d)));
  });
});

describe('parseClaimPath', () => {
  it('splits dotted strings and validates arrays', () => {
    expect(parseClaimPath('address.street_address')).toEqual(['address', 'street_address']);
    expect(parseClaimPath('nationalities.0')).toEqual(['nationalities', 0]);
    expect(parseClaimPath('a.01')).toEqual(['a', '01']);
    expect(parseClaimPath(['degrees', null, 'type'])).toEqual(['degrees', null, 'type']);
    expect(formatClaimPath(['degrees', null, 'type'])).toBe('degrees.*.type');
  });
});
