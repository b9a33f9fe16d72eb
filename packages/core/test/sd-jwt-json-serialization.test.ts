/**
 * The JWS JSON Serialization of SD-JWT (RFC 9901 §8): check (e) of INDEX.md group 1 on the published
 * §8.2 (flattened, issued and with Key Binding) and §8.3 (general, two signatures) examples, round trips
 * compact ↔ JSON, the signature policy of the General JSON Serialization, and malformed input.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ElicenseError,
  computeSdHash,
  createSigner,
  decodeSdJwt,
  encodeBase64url,
  generateKeyPair,
  issueSdJwt,
  presentSdJwt,
  sdJwtCompactToJson,
  sdJwtJsonToCompact,
  verifyJwt,
  verifySdJwt,
  verifySdJwtJson,
  type JWK,
  type JsonObject,
  type SdJwtJson,
  type SdJwtJsonFlattened,
  type SdJwtJsonGeneral,
  type SdJwtJsonHeader,
  type SigningKey,
  type VerifySdJwtOptions,
} from '@elicense/core';
import { b64u, codeOf, loadJson } from './helpers.js';

interface JsonBlock {
  role: string;
  introduced_by: string;
  json: JsonObject;
  check: { processed: JsonObject; equivalent_compact: string; sd_hash_expected?: string; kb_sig_ok?: boolean };
}
interface Extracted {
  issuer_public_jwk: JWK;
  extra_keys_note: { 'issuer-key-2': JWK & { source: string } };
  sections: { section: string; json_blocks: JsonBlock[] }[];
}

const vectors = loadJson<Extracted>('sd-jwt/spec-examples.extracted.json');
const key1 = vectors.issuer_public_jwk;
const { source: _source, ...key2 } = vectors.extra_keys_note['issuer-key-2'];
const KEYS: Record<string, JWK> = { 'issuer-key-1': key1, 'issuer-key-2': key2 };
const NONCE = '1234567890';
const AUD = 'https://verifier.example.org';
const NOW = 1748536865;

const blocks = (section: string): JsonBlock[] =>
  vectors.sections.find((s) => s.section === section)!.json_blocks.filter((b) => b.role === 'jws_json_serialization');
const examples = [
  ...blocks('8.2').map((b, i) => ({ name: `§8.2 flattened #${i + 1}`, ...b })),
  ...blocks('8.3').map((b) => ({ name: '§8.3 general', ...b })),
];
const [issued82, kb82] = blocks('8.2') as [JsonBlock, JsonBlock];
const general83 = blocks('8.3')[0]!;

/** The published unprotected header of the first (or only) signature. */
function firstHeader(json: JsonObject): SdJwtJsonHeader {
  const general = json as unknown as SdJwtJsonGeneral;
  return (Array.isArray(general.signatures) ? general.signatures[0]!.header : (json as unknown as SdJwtJsonFlattened).header)!;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Options for a published example: the key by `kid` (A.5 key when there is none), Key Binding when it has a KB-JWT. */
function optionsFor(json: JsonObject, extra: Partial<VerifySdJwtOptions> = {}): VerifySdJwtOptions {
  const kb = firstHeader(json).kb_jwt !== undefined;
  return {
    issuerKey: (header) => KEYS[String(header.kid)] ?? key1,
    now: NOW,
    ...(kb ? { nonce: NONCE, aud: AUD } : { requireKeyBinding: false }),
    ...extra,
  };
}

/** A second signature over the same payload, with its own protected and unprotected header (RFC 7515 §7.2.1). */
async function signatureOver(payload: string, key: SigningKey, protectedHeader: JsonObject, header?: SdJwtJsonHeader): Promise<SdJwtJsonGeneral['signatures'][number]> {
  const prot = encodeBase64url(JSON.stringify({ alg: key.alg, ...protectedHeader }));
  const signature = encodeBase64url(await key.sign(new TextEncoder().encode(`${prot}.${payload}`)));
  return { protected: prot, signature, ...(header === undefined ? {} : { header }) };
}

describe('RFC 9901 §8 published examples (INDEX.md group 1, check e)', () => {
  it('has the three JWS JSON serializations: §8.2 issued, §8.2 with Key Binding, §8.3 general with two signatures', () => {
    expect(examples).toHaveLength(3);
    expect(firstHeader(issued82.json).kb_jwt).toBeUndefined();
    expect(firstHeader(kb82.json).kb_jwt).toBeDefined();
    expect((general83.json as unknown as SdJwtJsonGeneral).signatures).toHaveLength(2);
  });

  for (const ex of examples) {
    describe(ex.name, () => {
      it('is the published equivalent compact form (Disclosures and KB-JWT from the unprotected header)', () => {
        expect(sdJwtJsonToCompact(ex.json as unknown as SdJwtJson)).toBe(ex.check.equivalent_compact);
        expect(sdJwtJsonToCompact(JSON.stringify(ex.json, null, 2))).toBe(ex.check.equivalent_compact);
      });

      it('verifies, and the processed payload is the published one', async () => {
        const verified = await verifySdJwtJson(ex.json as unknown as SdJwtJson, optionsFor(ex.json));
        expect(verified.payload).toEqual(ex.check.processed);
        expect(verified.signatureIndex).toBe(0);
        expect(verified.header).toEqual(JSON.parse(Buffer.from(ex.check.equivalent_compact.split('.')[0]!, 'base64url').toString('utf8')));
        const fromHeader = firstHeader(ex.json).disclosures!;
        expect(verified.disclosures.map((d) => d.disclosure.encoded).sort()).toEqual([...fromHeader].sort());
      });

      it('gives the same result as the compact form through verifySdJwt', async () => {
        const fromJson = await verifySdJwtJson(JSON.stringify(ex.json), optionsFor(ex.json));
        const fromCompact = await verifySdJwt(ex.check.equivalent_compact, { ...optionsFor(ex.json), issuerKey: key1 });
        expect({ ...fromJson, signatureIndex: undefined }).toEqual({ ...fromCompact, signatureIndex: undefined });
      });

      if (ex.check.sd_hash_expected !== undefined) {
        it('has sd_hash over the compact form (§8.1)', async () => {
          const verified = await verifySdJwtJson(ex.json as unknown as SdJwtJson, optionsFor(ex.json));
          expect(verified.kb?.payload.sd_hash).toBe(ex.check.sd_hash_expected);
          expect(await computeSdHash(ex.check.equivalent_compact, 'sha-256')).toBe(ex.check.sd_hash_expected);
          expect(verified.kb?.payload).toMatchObject({ nonce: NONCE, aud: AUD, iat: NOW });
        });

        it('rejects a KB-JWT when the Disclosures in the header differ from those sd_hash covers', async () => {
          const fewer = clone(ex.json);
          firstHeader(fewer).disclosures!.pop();
          expect(await codeOf(verifySdJwtJson(fewer as unknown as SdJwtJson, optionsFor(ex.json)))).toBe('ERR_SD_HASH_MISMATCH');
          const more = clone(ex.json);
          const withheld = firstHeader(issued82.json).disclosures!.find((d) => !firstHeader(ex.json).disclosures!.includes(d))!;
          firstHeader(more).disclosures!.push(withheld);
          expect(await codeOf(verifySdJwtJson(more as unknown as SdJwtJson, optionsFor(ex.json)))).toBe('ERR_SD_HASH_MISMATCH');
        });

        it('checks nonce and aud as verifySdJwt does', async () => {
          const json = ex.json as unknown as SdJwtJson;
          expect(await codeOf(verifySdJwtJson(json, optionsFor(ex.json, { nonce: 'other' })))).toBe('ERR_NONCE_MISMATCH');
          expect(await codeOf(verifySdJwtJson(json, optionsFor(ex.json, { aud: 'https://other.example' })))).toBe('ERR_AUDIENCE_MISMATCH');
          expect(await codeOf(verifySdJwtJson(json, optionsFor(ex.json, { now: NOW + 3600 })))).toBe('ERR_IAT_INVALID');
        });
      }
    });
  }

  it('§8.2: the compact forms convert back to the published flattened objects', () => {
    for (const b of blocks('8.2')) expect(sdJwtCompactToJson(b.check.equivalent_compact)).toEqual(b.json);
  });

  it('§8.2: a tampered Disclosure in the unprotected header is rejected', async () => {
    const options = optionsFor(issued82.json);
    const foreign = clone(issued82.json);
    firstHeader(foreign).disclosures![1] = b64u('["eluV5Og3gSNII8EYnsxA_A", "given_name", "Jane"]');
    expect(await codeOf(verifySdJwtJson(foreign as unknown as SdJwtJson, options))).toBe('ERR_DISCLOSURE_UNREFERENCED');
    const garbled = clone(issued82.json);
    firstHeader(garbled).disclosures![0] = `${firstHeader(garbled).disclosures![0]!}!`;
    expect(await codeOf(verifySdJwtJson(garbled as unknown as SdJwtJson, options))).toBe('ERR_DISCLOSURE_MALFORMED');
    const twice = clone(issued82.json);
    firstHeader(twice).disclosures!.push(firstHeader(twice).disclosures![0]!);
    expect(await codeOf(verifySdJwtJson(twice as unknown as SdJwtJson, options))).toBe('ERR_DIGEST_DUPLICATE');
  });

  it('§8.2: a key that did not sign it is refused', async () => {
    expect(await codeOf(verifySdJwtJson(issued82.json as unknown as SdJwtJson, optionsFor(issued82.json, { issuerKey: key2 })))).toBe('ERR_SIGNATURE_INVALID');
  });

  describe('§8.3 general, two signatures', () => {
    const json = general83.json as unknown as SdJwtJsonGeneral;

    it('each signature verifies with its key (issuer-key-1: A.5, issuer-key-2: the spec repository key)', async () => {
      for (const [i, kid] of ['issuer-key-1', 'issuer-key-2'].entries()) {
        const sig = json.signatures[i]!;
        expect(sig.header?.kid).toBe(kid);
        await expect(verifyJwt(`${sig.protected}.${json.payload}.${sig.signature}`, { key: KEYS[kid]! })).resolves.toBeDefined();
        expect(await codeOf(verifyJwt(`${sig.protected}.${json.payload}.${sig.signature}`, { key: KEYS[i === 0 ? 'issuer-key-2' : 'issuer-key-1']! }))).toBe(
          'ERR_SIGNATURE_INVALID',
        );
      }
    });

    it('verifies when at least one signature does: the first that verifies is reported', async () => {
      const withKey1 = await verifySdJwtJson(json, optionsFor(general83.json, { issuerKey: key1 }));
      expect(withKey1.signatureIndex).toBe(0);
      const withKey2 = await verifySdJwtJson(json, optionsFor(general83.json, { issuerKey: key2 }));
      expect(withKey2.signatureIndex).toBe(1);
      expect(withKey2.payload).toEqual(general83.check.processed);
      expect(withKey2.kb?.payload.sd_hash).toBe(general83.check.sd_hash_expected);
    });

    it('a key function sees each signature\'s JOSE Header (protected and unprotected, without disclosures and kb_jwt)', async () => {
      const seen: JsonObject[] = [];
      const onlyKey2 = (header: JsonObject): JWK => {
        seen.push(header);
        if (header.kid !== 'issuer-key-2') throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `unknown kid ${String(header.kid)}`);
        return key2;
      };
      const verified = await verifySdJwtJson(json, optionsFor(general83.json, { issuerKey: onlyKey2 }));
      expect(verified.signatureIndex).toBe(1);
      expect(seen).toEqual([
        { alg: 'ES256', typ: 'example+sd-jwt', kid: 'issuer-key-1' },
        { alg: 'ES256', typ: 'example+sd-jwt', kid: 'issuer-key-2' },
      ]);
    });

    it('when no signature verifies, the first signature\'s error is thrown with every signature\'s code', async () => {
      const other = (await generateKeyPair('ES256')).publicJwk;
      const error = await verifySdJwtJson(json, optionsFor(general83.json, { issuerKey: other })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ElicenseError);
      expect((error as ElicenseError).code).toBe('ERR_SIGNATURE_INVALID');
      expect((error as ElicenseError).details).toEqual({
        signatures: [
          { index: 0, code: 'ERR_SIGNATURE_INVALID' },
          { index: 1, code: 'ERR_SIGNATURE_INVALID' },
        ],
      });
      const noEd = await verifySdJwtJson(json, optionsFor(general83.json, { algorithms: ['EdDSA'] })).catch((e: unknown) => e);
      expect((noEd as ElicenseError).code).toBe('ERR_ALGORITHM_NOT_ALLOWED');
      expect(await codeOf(verifySdJwtJson(json, optionsFor(general83.json, { typ: 'dc+sd-jwt' })))).toBe('ERR_TYP_INVALID');
    });

    it('sd_hash covers the first signature: a broken first signature breaks Key Binding even if the second verifies', async () => {
      const broken = clone(json);
      broken.signatures[0]!.signature = json.signatures[1]!.signature;
      expect(await codeOf(verifySdJwtJson(broken, optionsFor(general83.json)))).toBe('ERR_SD_HASH_MISMATCH');
      // without a KB-JWT the second signature alone carries the SD-JWT
      delete broken.signatures[0]!.header!.kb_jwt;
      const verified = await verifySdJwtJson(broken, { issuerKey: (header) => KEYS[String(header.kid)]!, now: NOW });
      expect(verified.signatureIndex).toBe(1);
      expect(verified.kb).toBeUndefined();
    });

    it('refuses disclosures or kb_jwt in any unprotected header but the first (§8.3)', async () => {
      for (const member of ['disclosures', 'kb_jwt'] as const) {
        const moved = clone(json);
        moved.signatures[1]!.header![member] = moved.signatures[0]!.header![member] as never;
        delete moved.signatures[0]!.header![member];
        expect(await codeOf(verifySdJwtJson(moved, optionsFor(general83.json)))).toBe('ERR_TOKEN_MALFORMED');
        expect(await codeOf(() => sdJwtJsonToCompact(moved))).toBe('ERR_TOKEN_MALFORMED');
        const copied = clone(json);
        copied.signatures[1]!.header![member] = copied.signatures[0]!.header![member] as never;
        expect(await codeOf(verifySdJwtJson(copied, optionsFor(general83.json)))).toBe('ERR_TOKEN_MALFORMED');
      }
    });

    it('converts with another signature only when there is no KB-JWT', async () => {
      expect(await codeOf(() => sdJwtJsonToCompact(json, { signatureIndex: 1 }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(() => sdJwtJsonToCompact(json, { signatureIndex: 2 }))).toBe('ERR_INVALID_ARGUMENT');
      expect(await codeOf(() => sdJwtJsonToCompact(json, { signatureIndex: -1 }))).toBe('ERR_INVALID_ARGUMENT');
      const noKb = clone(json);
      delete noKb.signatures[0]!.header!.kb_jwt;
      const compact = sdJwtJsonToCompact(noKb, { signatureIndex: 1 });
      expect(compact.startsWith(`${json.signatures[1]!.protected}.${json.payload}.${json.signatures[1]!.signature}~`)).toBe(true);
      const verified = await verifySdJwt(compact, { issuerKey: key2, now: NOW });
      expect(verified.payload).toEqual(general83.check.processed);
    });
  });
});

describe('round trips compact → JSON → verify', () => {
  let issuerKey: SigningKey;
  let issuerJwk: JWK;
  let holderKey: SigningKey;
  let issued: string;
  const claims: JsonObject = {
    iss: 'https://issuer.example',
    iat: NOW - 100,
    exp: NOW + 86_400,
    given_name: 'Ama',
    family_name: 'Mensah',
    email: 'ama@example.com',
    birthdate: '1990-02-03',
    address: { locality: 'Accra', country: 'GH' },
    nationalities: ['GH', 'FR'],
  };
  const frame = { _sd: ['given_name', 'family_name', 'email', 'birthdate', 'address'], address: { _sd: ['locality'] }, nationalities: { _sd: [0, 1] }, _sd_decoy: 2 };

  beforeAll(async () => {
    const issuer = await generateKeyPair('ES256');
    const holder = await generateKeyPair('EdDSA');
    issuerKey = { alg: 'ES256', sign: createSigner(issuer.privateKey, 'ES256') };
    issuerJwk = issuer.publicJwk;
    holderKey = { alg: 'EdDSA', sign: createSigner(holder.privateKey, 'EdDSA') };
    issued = await issueSdJwt({ ...claims, cnf: { jwk: holder.publicJwk } }, { signer: issuerKey, frame, header: { typ: 'example+sd-jwt' } });
  });

  it('an issued SD-JWT: JSON and back is the identity, and both verify alike', async () => {
    const json = sdJwtCompactToJson(issued);
    expect(Object.keys(json).sort()).toEqual(['header', 'payload', 'protected', 'signature']);
    expect(json.header.disclosures).toHaveLength(8);
    expect(json.header.kb_jwt).toBeUndefined();
    expect(sdJwtJsonToCompact(json)).toBe(issued);
    const options = { issuerKey: issuerJwk, now: NOW, typ: 'example+sd-jwt' };
    const fromJson = await verifySdJwtJson(json, options);
    const { signatureIndex, ...rest } = fromJson;
    expect(signatureIndex).toBe(0);
    expect(rest).toEqual(await verifySdJwt(issued, options));
    expect(fromJson.payload).toEqual({ ...claims, cnf: fromJson.payload.cnf });
  });

  it('a presentation with Key Binding, as an object and as JSON text', async () => {
    const presentation = await presentSdJwt(issued, {
      reveal: ['given_name', 'address.country', 'nationalities.1'],
      keyBinding: { signer: holderKey, nonce: 'n-42', aud: 'https://verifier.example', iat: NOW },
    });
    const json = sdJwtCompactToJson(presentation);
    expect(json.header.kb_jwt).toBe(presentation.slice(presentation.lastIndexOf('~') + 1));
    expect(sdJwtJsonToCompact(json)).toBe(presentation);
    for (const input of [json, JSON.stringify(json)]) {
      const verified = await verifySdJwtJson(input, { issuerKey: issuerJwk, now: NOW, nonce: 'n-42', aud: 'https://verifier.example' });
      expect(verified.payload).toMatchObject({ given_name: 'Ama', address: { country: 'GH' }, nationalities: ['FR'] });
      expect(verified.payload.family_name).toBeUndefined();
      expect(verified.kb?.payload.sd_hash).toBe(await computeSdHash(presentation));
    }
  });

  it('a General JSON Serialization with two Issuer signatures verifies with either key', async () => {
    const second = await generateKeyPair('EdDSA');
    const secondKey: SigningKey = { alg: 'EdDSA', sign: createSigner(second.privateKey, 'EdDSA') };
    const presentation = await presentSdJwt(issued, { reveal: ['email'], keyBinding: { signer: holderKey, nonce: 'n', aud: 'a', iat: NOW } });
    const flat = sdJwtCompactToJson(presentation);
    const general: SdJwtJsonGeneral = {
      payload: flat.payload,
      signatures: [
        { protected: flat.protected, signature: flat.signature, header: { ...flat.header, kid: 'one' } },
        await signatureOver(flat.payload, secondKey, { typ: 'example+sd-jwt' }, { kid: 'two' }),
      ],
    };
    expect(sdJwtJsonToCompact(general)).toBe(presentation);
    const base = { now: NOW, nonce: 'n', aud: 'a', typ: 'example+sd-jwt' };
    expect((await verifySdJwtJson(general, { ...base, issuerKey: issuerJwk })).signatureIndex).toBe(0);
    const byKid = await verifySdJwtJson(general, { ...base, issuerKey: (h) => (h.kid === 'two' ? second.publicJwk : issuerJwk), algorithms: ['EdDSA'] });
    expect(byKid.signatureIndex).toBe(1);
    expect(byKid.header.alg).toBe('EdDSA');
    expect(byKid.payload.email).toBe('ama@example.com');
  });

  it('property: for any subset of the Disclosures, compact ↔ JSON is the identity and both verify to the same payload', async () => {
    const independent = new Set(['given_name', 'family_name', 'email', 'birthdate']);
    const topLevel = (await decodeSdJwt(issued)).disclosures.filter((d) => d.name !== undefined && independent.has(d.name)).map((d) => d.encoded);
    expect(topLevel).toHaveLength(4);
    const jwt = issued.slice(0, issued.indexOf('~'));
    await fc.assert(
      fc.asyncProperty(fc.subarray(topLevel), async (subset) => {
        const compact = `${jwt}~${subset.map((d) => `${d}~`).join('')}`;
        const json = sdJwtCompactToJson(compact);
        expect(json.header.disclosures).toEqual(subset);
        expect(sdJwtJsonToCompact(json)).toBe(compact);
        const options = { issuerKey: issuerJwk, now: NOW };
        expect((await verifySdJwtJson(json, options)).payload).toEqual((await verifySdJwt(compact, options)).payload);
      }),
      { numRuns: 16 },
    );
  });

  it('the same error codes as verifySdJwt for the same failures', async () => {
    const presentation = await presentSdJwt(issued, { reveal: ['email'], keyBinding: { signer: holderKey, nonce: 'n', aud: 'a', iat: NOW } });
    const json = sdJwtCompactToJson(presentation);
    const other = (await generateKeyPair('ES256')).publicJwk;
    const base: VerifySdJwtOptions = { issuerKey: issuerJwk, now: NOW, nonce: 'n', aud: 'a' };
    const variants: [string, VerifySdJwtOptions][] = [
      ['expired', { ...base, now: NOW + 86_400 }],
      ['iat in the future', { ...base, now: NOW - 1_000 }],
      ['KB-JWT too old', { ...base, kbMaxAge: 0, now: NOW + 10 }],
      ['wrong nonce', { ...base, nonce: 'x' }],
      ['wrong aud', { ...base, aud: 'x' }],
      ['wrong key', { ...base, issuerKey: other }],
      ['algorithm not allowed', { ...base, algorithms: ['EdDSA'] }],
      ['wrong typ', { ...base, typ: 'dc+sd-jwt' }],
      ['too long', { ...base, maxLength: 100 }],
      ['bad options', { ...base, now: Number.NaN }],
    ];
    for (const [name, options] of variants) {
      const compactCode = await codeOf(verifySdJwt(presentation, options));
      expect(compactCode, name).toBeDefined();
      expect(await codeOf(verifySdJwtJson(json, options)), name).toBe(compactCode);
    }
    const noKb = sdJwtCompactToJson(await presentSdJwt(issued, { reveal: ['email'] }));
    expect(await codeOf(verifySdJwtJson(noKb, base))).toBe('ERR_KEY_BINDING_MISSING');
    expect(await codeOf(verifySdJwtJson(noKb, { issuerKey: issuerJwk, now: NOW, requireKeyBinding: true }))).toBe('ERR_KEY_BINDING_MISSING');
  });
});

describe('malformed JSON input is ERR_TOKEN_MALFORMED, never a TypeError', () => {
  const issued = issued82.json as unknown as SdJwtJsonFlattened;
  const options = optionsFor(issued82.json);
  const reject = async (input: unknown): Promise<void> => {
    expect(await codeOf(verifySdJwtJson(input as SdJwtJson, options)), JSON.stringify(input)?.slice(0, 80)).toBe('ERR_TOKEN_MALFORMED');
    expect(await codeOf(() => sdJwtJsonToCompact(input as SdJwtJson)), JSON.stringify(input)?.slice(0, 80)).toBe('ERR_TOKEN_MALFORMED');
  };
  const mutate = (f: (j: JsonObject & { header: JsonObject }) => void): JsonObject => {
    const j = clone(issued82.json) as JsonObject & { header: JsonObject };
    f(j);
    return j;
  };

  it('non-objects and non-JSON text', async () => {
    for (const input of [null, undefined, 42, true, [], [issued], '', '   ', 'null', '[]', '"x"', '{', 'not json', kb82.check.equivalent_compact]) await reject(input);
  });

  it('missing or mistyped members', async () => {
    const cases: JsonObject[] = [
      mutate((j) => delete j.payload),
      mutate((j) => (j.payload = 42)),
      mutate((j) => (j.payload = '')),
      mutate((j) => (j.payload = `${String(j.payload)}.x`)),
      mutate((j) => (j.payload = b64u('[1, 2]'))),
      mutate((j) => (j.payload = b64u('not json'))),
      mutate((j) => delete j.protected),
      mutate((j) => (j.protected = { alg: 'ES256' })),
      mutate((j) => (j.protected = b64u('"ES256"'))),
      mutate((j) => delete j.signature),
      mutate((j) => (j.signature = 'a+b/')),
      mutate((j) => ((j as JsonObject).header = [])),
      mutate((j) => ((j as JsonObject).header = 'disclosures')),
      mutate((j) => (j.header.disclosures = 'WyJhIiwgImIiXQ')),
      mutate((j) => (j.header.disclosures = { 0: 'x' })),
      mutate((j) => (j.header.disclosures = [1])),
      mutate((j) => (j.header.disclosures = [null])),
      mutate((j) => (j.header.disclosures = [''])),
      mutate((j) => (j.header.disclosures = ['a~b'])),
      mutate((j) => (j.header.kb_jwt = 7)),
      mutate((j) => (j.header.kb_jwt = 'not-a-jwt')),
      mutate((j) => (j.header.kb_jwt = 'a.b.c~')),
      mutate((j) => (j.header.alg = 'ES256')), // in both the protected and the unprotected header
      mutate((j) => (j.signatures = [])), // flattened and general members mixed
      { payload: issued.payload, signatures: [] },
      { payload: issued.payload, signatures: {} },
      { payload: issued.payload, signatures: [null] },
      { payload: issued.payload, signatures: [{ signature: issued.signature }] },
      { payload: issued.payload, signatures: [{ protected: issued.protected, signature: issued.signature, header: [] }] },
      { payload: issued.payload, signatures: [{ protected: issued.protected, signature: issued.signature }], header: issued.header },
    ];
    for (const c of cases) await reject(c);
  });

  it('a flattened object without header is an SD-JWT without Disclosures', async () => {
    const bare = mutate((j) => delete (j as JsonObject).header);
    expect(sdJwtJsonToCompact(bare as unknown as SdJwtJson)).toBe(`${issued.protected}.${issued.payload}.${issued.signature}~`);
    expect((await verifySdJwtJson(bare as unknown as SdJwtJson, options)).disclosures).toEqual([]);
  });

  it('too large input is ERR_INPUT_TOO_LARGE, as text and as an object', async () => {
    expect(await codeOf(verifySdJwtJson(JSON.stringify(issued), { ...options, maxLength: 200 }))).toBe('ERR_INPUT_TOO_LARGE');
    expect(await codeOf(verifySdJwtJson(issued, { ...options, maxLength: 200 }))).toBe('ERR_INPUT_TOO_LARGE');
  });

  it('bad options and arguments are ERR_INVALID_ARGUMENT', async () => {
    expect(await codeOf(verifySdJwtJson(issued, {} as VerifySdJwtOptions))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(verifySdJwtJson(issued, null as unknown as VerifySdJwtOptions))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => sdJwtJsonToCompact(issued, { signatureIndex: 1 }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => sdJwtJsonToCompact(issued, { signatureIndex: 0.5 }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => sdJwtJsonToCompact(issued, null as never))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('sdJwtCompactToJson refuses what is not a compact SD-JWT', async () => {
    for (const input of [null, 42, '', 'abc', 'a.b.c', 'a.b.c~', `${issued.protected}.${issued.payload}~`, '~x~', JSON.stringify(issued)]) {
      expect(await codeOf(() => sdJwtCompactToJson(input as string)), String(input).slice(0, 40)).toBe('ERR_TOKEN_MALFORMED');
    }
    const reserved = `${b64u('{"alg":"ES256","disclosures":[]}')}.${issued.payload}.${issued.signature}~`;
    expect(await codeOf(() => sdJwtCompactToJson(reserved))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('property: any value, or the §8.2 SD-JWT+KB with any member replaced, is rejected with an ElicenseError or verifies to the published payload', async () => {
    const paths = ['payload', 'protected', 'signature', 'header', 'header.disclosures', 'header.disclosures.0', 'header.kb_jwt', 'signatures', 'header.kid'];
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.json()), fc.constantFrom(...paths), fc.boolean(), async (value, path, replace) => {
        let input: unknown = value;
        if (replace) {
          const j = clone(kb82.json) as JsonObject;
          const keys = path.split('.');
          let node = j as Record<string, unknown>;
          for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
          node[keys.at(-1)!] = value;
          input = j;
        }
        try {
          const verified = await verifySdJwtJson(input as SdJwtJson, optionsFor(kb82.json));
          expect(verified.payload).toEqual(kb82.check.processed);
        } catch (e) {
          expect(e).toBeInstanceOf(ElicenseError);
        }
        try {
          sdJwtJsonToCompact(input as SdJwtJson);
        } catch (e) {
          expect(e).toBeInstanceOf(ElicenseError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
