import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base58btc } from 'multiformats/bases/base58';
import { decodeBase64url, encodeBase64url, generateKeyPair, verifyJwt, type JWK } from '@elicense/core';
import { DidResolver, didKeyFromJwk, type VerificationMethod } from '@elicense/did';
import { codeOf, vector } from './helpers.js';

const ed25519Vectors = vector<Record<string, any>>('did/did-key/ed25519-x25519.json');
const nistVectors = vector<Record<string, any>>('did/did-key/nist-curves.json');
const x25519Vectors = vector<{ didDocument: Record<string, any> }>('did/did-key/x25519.json');
const spec = vector('did/did-key-spec/did-key-spec-examples.json');
const fixtures = vector('did-jwt-vc/did-jwt-and-did-jwt-vc-fixtures.json');

const resolver = new DidResolver();

function multibaseOf(did: string): string {
  return did.slice('did:key:'.length);
}

function bytesOfBase58(s: string): Uint8Array {
  return base58btc.baseDecode(s);
}

/** Raw public key bytes of a published key pair (publicKeyBase58 or publicKeyJwk form). */
function publishedKeyBytes(pair: any): Uint8Array {
  return pair.publicKeyBase58 ? bytesOfBase58(pair.publicKeyBase58) : decodeBase64url(pair.publicKeyJwk.x);
}

describe('did:key — Ed25519 test vectors (w3c-ccg/did-method-key)', () => {
  const entries = Object.entries(ed25519Vectors);
  it('has the 5 published Ed25519 DIDs', () => expect(entries).toHaveLength(5));

  for (const [did, v] of entries) {
    it(`${did.slice(0, 24)}…: signing key, X25519 keyAgreement and didKeyFromJwk round trip`, async () => {
      const doc = await resolver.resolve(did);
      const vmId = `${did}#${multibaseOf(did)}`;
      expect(doc.id).toBe(did);
      expect(doc.assertionMethod).toEqual([vmId]);
      expect(doc.authentication).toEqual([vmId]);

      const signing = await resolver.resolveKey(vmId, 'assertionMethod');
      expect(signing.controller).toBe(did);
      expect(signing.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: signing.publicJwk.x });
      expect(decodeBase64url(signing.publicJwk.x!)).toEqual(publishedKeyBytes(v.verificationKeyPair));

      // keyAgreement: the X25519 key is the birational conversion of the Ed25519 key; same fragment as published.
      const agreement = doc.keyAgreement?.[0] as VerificationMethod;
      expect(agreement.id).toBe(v.keyAgreementKeyPair.id.startsWith('#') ? `${did}${v.keyAgreementKeyPair.id}` : v.keyAgreementKeyPair.id);
      const x = await resolver.resolveKey(agreement.id);
      expect(x.publicJwk.crv).toBe('X25519');
      expect(decodeBase64url(x.publicJwk.x!)).toEqual(publishedKeyBytes(v.keyAgreementKeyPair));

      expect(didKeyFromJwk(signing.publicJwk)).toBe(did);
    });
  }
});

describe('did:key — NIST curve test vectors (P-256, P-384, P-521)', () => {
  const entries = Object.entries(nistVectors);
  it('has the 7 published NIST DIDs', () => expect(entries).toHaveLength(7));

  for (const [did, v] of entries) {
    it(`${did.slice(0, 24)}…: key material and didKeyFromJwk round trip`, async () => {
      const vmId = `${did}#${multibaseOf(did)}`;
      const key = await resolver.resolveKey(vmId, 'assertionMethod');
      const published = v.verificationMethod;
      if (published.publicKeyJwk) {
        expect(key.publicJwk).toEqual(published.publicKeyJwk);
      } else {
        // P256Key2021 publishes the compressed point in base58: prefix 02/03 (y parity) ‖ x.
        const compressed = bytesOfBase58(published.publicKeyBase58);
        expect(key.publicJwk.crv).toBe('P-256');
        expect(decodeBase64url(key.publicJwk.x!)).toEqual(compressed.subarray(1));
        const y = decodeBase64url(key.publicJwk.y!);
        expect(y[y.length - 1]! & 1).toBe(compressed[0]! & 1);
      }
      expect(key.publicJwk.d).toBeUndefined();
      expect(didKeyFromJwk(key.publicJwk)).toBe(did);
      const doc = await resolver.resolve(did);
      expect(doc.keyAgreement).toEqual([vmId]);
    });
  }
});

describe('did:key — X25519 test vectors', () => {
  for (const [did, published] of Object.entries(x25519Vectors.didDocument)) {
    it(`${did.slice(0, 24)}…: keyAgreement only, same key bytes`, async () => {
      const doc = await resolver.resolve(did);
      const vmId = `${did}#${multibaseOf(did)}`;
      expect(doc.keyAgreement).toEqual([vmId]);
      expect(doc.assertionMethod).toBeUndefined();
      expect(doc.authentication).toBeUndefined();
      const key = await resolver.resolveKey(vmId);
      expect(decodeBase64url(key.publicJwk.x!)).toEqual(publishedKeyBytes(published.verificationMethod[0]));
      expect(await codeOf(resolver.resolveKey(vmId, 'assertionMethod'))).toBe('ERR_DID_KEY_NOT_FOUND');
      expect(didKeyFromJwk(key.publicJwk)).toBe(did);
    });
  }
});

describe('did:key — spec v0.9 example (Multikey)', () => {
  it('resolves to the published DID document exactly', async () => {
    const doc = await resolver.resolve(spec.example.did);
    expect(doc).toStrictEqual(spec.example.expected_did_document_multikey);
    expect(doc['@context']).toEqual(['https://www.w3.org/ns/did/v1.1']);
  });

  it('derives the published X25519 keyAgreement key z6LSj72t… from the Ed25519 key', async () => {
    const doc = await resolver.resolve(spec.example.did);
    const agreement = doc.keyAgreement?.[0] as VerificationMethod;
    expect(agreement.publicKeyMultibase).toBe('z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p');
  });

  for (const [did, decoded] of Object.entries<any>(spec.decoded_by_collector)) {
    const supported = ['ed25519-pub', 'p256-pub', 'p384-pub'].includes(decoded.multicodec);
    it(`${decoded.multicodec} ${did.slice(0, 24)}…: ${supported ? 'JWK matches' : 'refused as unsupported'}`, async () => {
      if (supported) {
        const key = await resolver.resolveKey(`${did}#${multibaseOf(did)}`);
        expect(key.publicJwk).toEqual(decoded.publicKeyJwk);
        expect(didKeyFromJwk(key.publicJwk)).toBe(did);
      } else {
        expect(await codeOf(resolver.resolve(did))).toBe('ERR_DID_INVALID');
      }
    });
  }
});

describe('did:key — a real JWT (did-jwt fixture)', () => {
  it('the ES256 JWT by did:key:zDnaej4N… verifies with the key resolved from its iss', async () => {
    const c = fixtures.cases.find((x: any) => x.id === 'JWT.test.ts:468');
    const iss: string = c.payload.iss;
    expect(iss).toBe('did:key:zDnaej4NHntda4rNW4FBUJgFzdcgEAXKGRVGE8LuVfRbuMuc1');
    const key = await resolver.resolveKey(`${iss}#${multibaseOf(iss)}`, 'assertionMethod');
    expect(key.publicJwk).toEqual(fixtures.keys[iss].jwk);
    const { payload } = await verifyJwt(c.jwt, { key: key.publicJwk, algorithms: ['ES256'] });
    expect(payload.iss).toBe(iss);
  });

  it('the same JWT with one signature byte flipped is rejected', async () => {
    const c = fixtures.cases.find((x: any) => x.id === 'JWT.test.ts:468');
    const key = await resolver.resolveKey(`${c.payload.iss}#${multibaseOf(c.payload.iss)}`);
    const [h, p, s] = c.jwt.split('.');
    const sig = decodeBase64url(s);
    sig[10] = sig[10]! ^ 1;
    expect(await codeOf(verifyJwt(`${h}.${p}.${encodeBase64url(sig)}`, { key: key.publicJwk, algorithms: ['ES256'] }))).toBe('ERR_SIGNATURE_INVALID');
  });
});

describe('did:key — property: didKeyFromJwk then resolveKey gives the key back', () => {
  it('for random Ed25519 and P-256 keys', async () => {
    const keys: JWK[] = [];
    for (let i = 0; i < 10; i++) {
      keys.push((await generateKeyPair('EdDSA')).publicJwk, (await generateKeyPair('ES256')).publicJwk);
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), async (jwk) => {
        const did = didKeyFromJwk(jwk);
        const key = await new DidResolver({ cacheTtl: 0 }).resolveKey(`${did}#${multibaseOf(did)}`, 'assertionMethod');
        expect(key.publicJwk).toEqual(jwk);
        expect(key.id).toBe(`${did}#${multibaseOf(did)}`);
      }),
      { numRuns: 50 },
    );
  });

  it('for P-256, P-384 and P-521 keys from WebCrypto, both y parities (compression round trip)', async () => {
    for (const [alg, prefix] of [['ES256', 'did:key:zDn'], ['ES384', 'did:key:z82'], ['ES512', 'did:key:z2J9']] as const) {
      const parities = new Set<number>();
      for (let i = 0; i < 24; i++) {
        const { publicJwk } = await generateKeyPair(alg);
        parities.add(decodeBase64url(publicJwk.y!).at(-1)! & 1);
        const did = didKeyFromJwk(publicJwk);
        expect(did.startsWith(prefix)).toBe(true);
        const key = await new DidResolver({ cacheTtl: 0 }).resolveKey(`${did}#${multibaseOf(did)}`);
        expect(key.publicJwk).toEqual({ kty: 'EC', crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y });
      }
      expect(parities.size).toBe(2);
    }
  });
});

describe('did:key — malformed input', () => {
  const ed = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

  function withKeyBytes(header: number[], key: Uint8Array): string {
    return `did:key:${base58btc.encode(new Uint8Array([...header, ...key]))}`;
  }

  it.each([
    ['did:', 'ERR_DID_INVALID'],
    ['did:key:', 'ERR_DID_INVALID'],
    ['did:key:xyz', 'ERR_DID_INVALID'],
    ['did:key:z0OIl', 'ERR_DID_INVALID'],
    ['did:key:z', 'ERR_DID_INVALID'],
    ['did:key:1:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'ERR_DID_INVALID'],
    ['DID:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'ERR_DID_INVALID'],
    ['did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme', 'ERR_DID_INVALID'],
    [`${ed}#frag`, 'ERR_DID_INVALID'],
  ] as const)('resolve(%j) → %s', async (did, code) => {
    expect(await codeOf(resolver.resolve(did))).toBe(code);
  });

  it('rejects an unknown multicodec', async () => {
    expect(await codeOf(resolver.resolve(withKeyBytes([0x99, 0x01], new Uint8Array(32).fill(7))))).toBe('ERR_DID_INVALID');
  });

  it('rejects a non-minimal varint header', async () => {
    const raw = base58btc.decode(multibaseOf(ed)).subarray(2);
    expect(await codeOf(resolver.resolve(withKeyBytes([0xed, 0x81, 0x00], raw)))).toBe('ERR_DID_INVALID');
  });

  it('rejects a truncated or overlong key', async () => {
    const bytes = base58btc.decode(multibaseOf(ed));
    expect(await codeOf(resolver.resolve(`did:key:${base58btc.encode(bytes.subarray(0, bytes.length - 1))}`))).toBe('ERR_DID_INVALID');
    expect(await codeOf(resolver.resolve(`did:key:${base58btc.encode(new Uint8Array([...bytes, 0]))}`))).toBe('ERR_DID_INVALID');
    expect(await codeOf(resolver.resolve(`did:key:${base58btc.encode(bytes.subarray(0, 1))}`))).toBe('ERR_DID_INVALID');
  });

  it('rejects a compressed NIST point whose x is not on the curve, not below p, or whose prefix is wrong', async () => {
    // x = 1 is the smallest x with no point on P-256 (1 − 3 + b is not a square)
    const offCurve = new Uint8Array(33);
    offCurve[0] = 2;
    offCurve[32] = 1;
    expect(await codeOf(resolver.resolve(withKeyBytes([0x80, 0x24], offCurve)))).toBe('ERR_DID_INVALID');
    // x = 2^256 − 1 ≥ p
    expect(await codeOf(resolver.resolve(withKeyBytes([0x80, 0x24], new Uint8Array([3, ...new Uint8Array(32).fill(0xff)]))))).toBe('ERR_DID_INVALID');
    // P-521: x ≥ 2^521 > p in a 66-byte coordinate
    const big = new Uint8Array(67);
    big[0] = 2;
    big[1] = 2;
    expect(await codeOf(resolver.resolve(withKeyBytes([0x82, 0x24], big)))).toBe('ERR_DID_INVALID');
    // a wrong prefix byte (04 with 33 bytes) is not a compressed point either
    const bad = new Uint8Array(33).fill(1);
    bad[0] = 4;
    expect(await codeOf(resolver.resolve(withKeyBytes([0x80, 0x24], bad)))).toBe('ERR_DID_INVALID');
  });

  it('rejects an Ed25519 key that is not a curve point', async () => {
    // y = 2 (little-endian) is not the y-coordinate of any Ed25519 point
    const raw = new Uint8Array(32);
    raw[0] = 2;
    expect(await codeOf(resolver.resolve(withKeyBytes([0xed, 0x01], raw)))).toBe('ERR_DID_INVALID');
  });

  it('rejects non-canonical Ed25519 encodings and the neutral point', async () => {
    // y = p + 1 ≥ p: the non-canonical encoding of y = 1 (RFC 8032 §5.1.3 step 1)
    const nonCanonical = new Uint8Array(32).fill(0xff);
    nonCanonical[0] = 0xee;
    nonCanonical[31] = 0x7f;
    expect(await codeOf(resolver.resolve(withKeyBytes([0xed, 0x01], nonCanonical)))).toBe('ERR_DID_INVALID');
    // y = 1 with the sign bit set: x = 0 must have sign bit 0 (step 4)
    const negativeZero = new Uint8Array(32);
    negativeZero[0] = 1;
    negativeZero[31] = 0x80;
    expect(await codeOf(resolver.resolve(withKeyBytes([0xed, 0x01], negativeZero)))).toBe('ERR_DID_INVALID');
    // y = 1, sign 0: a curve point, the neutral one, with no X25519 equivalent for keyAgreement
    const neutral = new Uint8Array(32);
    neutral[0] = 1;
    expect(await codeOf(resolver.resolve(withKeyBytes([0xed, 0x01], neutral)))).toBe('ERR_DID_INVALID');
  });

  it('rejects huge input quickly', async () => {
    const start = Date.now();
    expect(await codeOf(resolver.resolve(`did:key:z${'1'.repeat(1_000_000)}`))).toBe('ERR_INPUT_TOO_LARGE');
    expect(await codeOf(resolver.resolve(`did:key:z${'1'.repeat(3000)}`))).toBe('ERR_DID_INVALID');
    expect(await codeOf(resolver.resolveKey(`${ed}#${'a'.repeat(100_000)}`))).toBe('ERR_INPUT_TOO_LARGE');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('didKeyFromJwk refuses private, unsupported, malformed and off-curve keys', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    expect(await codeOf(() => didKeyFromJwk(pair.privateJwk!))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didKeyFromJwk({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didKeyFromJwk({ kty: 'EC', crv: 'secp256k1', x: pair.publicJwk.x!, y: pair.publicJwk.y! }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didKeyFromJwk({ kty: 'EC', crv: 'P-256', x: pair.publicJwk.x! }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didKeyFromJwk({ ...pair.publicJwk, y: pair.publicJwk.x! }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didKeyFromJwk({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(() => didKeyFromJwk(null as unknown as JWK))).toBe('ERR_INVALID_ARGUMENT');
  });
});
