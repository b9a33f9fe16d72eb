/**
 * The decoded-SD-JWT cache behind presentSdJwt, decodeSdJwt, processSdJwt and verifySdJwt: one issued
 * token presented and verified many times gives each call its own correct result, a tampered token is
 * judged on its own even after the genuine one was cached, results belong to the caller, and the cache
 * stays bounded. Also the Node backend's native base64url and string hashing against references.
 */
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeDisclosureDigest,
  computeSdHash,
  decodeBase64url,
  decodeSdJwt,
  ElicenseError,
  encodeBase64url,
  generateKeyPair,
  issueSdJwt,
  presentSdJwt,
  processSdJwt,
  signJwt,
  signingKeyFromJwk,
  verifySdJwt,
  type GeneratedKeyPair,
  type JsonObject,
  type SigningKey,
} from '@elicense/core';
import * as backend from '../dist/internal/backend-node.js';
import * as cache from '../dist/internal/sd-jwt-cache.js';
import { codeOf } from './helpers.js';

const NOW = 1_772_323_200;
const NAMES = ['given_name', 'family_name', 'birthdate', 'nationality', 'age_over_18', 'address'] as const;

let issuer: GeneratedKeyPair;
let issuerKey: SigningKey;
let holder: GeneratedKeyPair;
let holderKey: SigningKey;
let other: GeneratedKeyPair;
let otherKey: SigningKey;
let issued: string;

function claims(extra: JsonObject = {}): JsonObject {
  return {
    iss: 'https://issuer.example',
    iat: NOW,
    cnf: { jwk: holder.publicJwk },
    given_name: 'Erika',
    family_name: 'Mustermann',
    birthdate: '1963-08-12',
    nationality: 'DE',
    age_over_18: true,
    address: { locality: 'Köln', country: 'DE' },
    ...extra,
  };
}

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true });
  issuerKey = signingKeyFromJwk(issuer.privateJwk!);
  holder = await generateKeyPair('ES256', { extractable: true });
  holderKey = signingKeyFromJwk(holder.privateJwk!);
  other = await generateKeyPair('EdDSA', { extractable: true });
  otherKey = signingKeyFromJwk(other.privateJwk!);
  issued = await issueSdJwt(claims(), { signer: issuerKey, frame: { _sd: [...NAMES], address: { _sd: ['locality'] } } });
});

const present = (reveal: string[], nonce = 'n-1', aud = 'https://verifier.example', signer: SigningKey = holderKey): Promise<string> =>
  presentSdJwt(issued, { reveal, keyBinding: { signer, nonce, aud, iat: NOW } });
const verify = (token: string, nonce = 'n-1', aud = 'https://verifier.example') => verifySdJwt(token, { issuerKey: issuer.publicJwk, now: NOW, nonce, aud });

/** Replace the character at `i` with another base64url character. */
function flip(token: string, i: number): string {
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

describe('presenting one credential many times', () => {
  it('gives each reveal its own presentation, and each verifies to exactly what it revealed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray([...NAMES]), async (reveal) => {
        const presentation = await present(reveal);
        const { payload, disclosures } = await verify(presentation);
        for (const name of NAMES) expect(Object.hasOwn(payload, name)).toBe(reveal.includes(name));
        // address reveals its own Disclosure and the nested locality one
        expect(disclosures).toHaveLength(reveal.length + (reveal.includes('address') ? 1 : 0));
        expect(presentation.split('~')).toHaveLength(2 + disclosures.length);
      }),
      { numRuns: 40 },
    );
  });

  it('signs with the key and for the nonce and audience of each call', async () => {
    const a = await present(['given_name'], 'nonce-a', 'https://a.example');
    const b = await present(['given_name'], 'nonce-b', 'https://b.example');
    const c = await present(['given_name'], 'nonce-a', 'https://a.example', otherKey);
    expect(new Set([a, b, c]).size).toBe(3);
    expect((await verify(a, 'nonce-a', 'https://a.example')).kb?.payload).toMatchObject({ nonce: 'nonce-a', aud: 'https://a.example' });
    expect((await verify(b, 'nonce-b', 'https://b.example')).kb?.payload).toMatchObject({ nonce: 'nonce-b', aud: 'https://b.example' });
    expect(await codeOf(verify(a, 'nonce-b', 'https://a.example'))).toBe('ERR_NONCE_MISMATCH');
    expect(await codeOf(verify(b, 'nonce-b', 'https://a.example'))).toBe('ERR_AUDIENCE_MISMATCH');
    // c is signed by a key that is not the credential's cnf.jwk
    expect(await codeOf(verify(c, 'nonce-a', 'https://a.example'))).toBe('ERR_KEY_BINDING_INVALID');
    expect((await verify(a, 'nonce-a', 'https://a.example')).payload.given_name).toBe('Erika');
  });

  it('checks the options of every call, cached token or not', async () => {
    await present(['given_name']);
    expect(await codeOf(present(['no_such_claim']))).toBe('ERR_CLAIM_PATH_NOT_FOUND');
    expect(await codeOf(presentSdJwt(issued, { reveal: ['given_name'], keyBinding: { signer: holderKey, nonce: '', aud: 'x', iat: NOW } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(presentSdJwt(issued, { reveal: 'given_name' as never }))).toBe('ERR_INVALID_ARGUMENT');
    const presentation = await present(['given_name']);
    expect(await codeOf(presentSdJwt(presentation, { reveal: [] }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(verifySdJwt(presentation, { issuerKey: issuer.publicJwk, now: NOW, maxLength: 100 }))).toBe('ERR_INPUT_TOO_LARGE');
    expect(await codeOf(verifySdJwt(presentation, { issuerKey: issuer.publicJwk, now: NOW + 10_000, nonce: 'n-1', aud: 'https://verifier.example' }))).toBe('ERR_IAT_INVALID');
    expect(await codeOf(verifySdJwt(presentation, { issuerKey: holder.publicJwk, now: NOW }))).toBe('ERR_SIGNATURE_INVALID');
  });
});

describe('a tampered token after the genuine one was cached', () => {
  it('is rejected: the Issuer-signed JWT changed in the middle (same length and ends, so the same cache slot)', async () => {
    const genuine = await present(['given_name', 'nationality']);
    await verify(genuine);
    const jwtEnd = genuine.indexOf('~');
    const payloadStart = genuine.indexOf('.') + 1;
    for (const i of [payloadStart + 10, Math.floor((payloadStart + jwtEnd) / 2), jwtEnd - 100]) {
      const tampered = flip(genuine, i);
      expect(tampered).toHaveLength(genuine.length);
      expect(await codeOf(verify(tampered))).toMatch(/^ERR_(SIGNATURE_INVALID|TOKEN_MALFORMED)$/);
    }
    expect((await verify(genuine)).payload.nationality).toBe('DE');
  });

  it('is rejected: a Disclosure changed, added or dropped', async () => {
    const genuine = await present(['given_name', 'nationality']);
    await verify(genuine);
    const [jwt, d1, d2, kb] = genuine.split('~') as [string, string, string, string];
    const forged = encodeBase64url(JSON.stringify(['salt-salt-salt', 'nationality', 'FR']));
    expect(await codeOf(verify([jwt, d1, forged, kb].join('~')))).toBe('ERR_DISCLOSURE_UNREFERENCED');
    expect(await codeOf(verify([jwt, d1, d2, d2, kb].join('~')))).toBe('ERR_DIGEST_DUPLICATE');
    // the KB-JWT's sd_hash covers the Disclosures presented
    expect(await codeOf(verify([jwt, d1, kb].join('~')))).toBe('ERR_SD_HASH_MISMATCH');
    expect(await codeOf(verify([jwt, d1, flip(d2, 5), kb].join('~')))).toMatch(/^ERR_DISCLOSURE_(UNREFERENCED|MALFORMED)$/);
  });

  it('is rejected by present, decode and process too, on every call', async () => {
    await presentSdJwt(issued, { reveal: ['given_name'] });
    const parts = issued.split('~');
    parts[2] = `${parts[2]!.slice(0, -1)}!`;
    const broken = parts.join('~');
    for (let i = 0; i < 2; i++) {
      expect(await codeOf(presentSdJwt(broken, { reveal: ['given_name'] }))).toBe('ERR_DISCLOSURE_MALFORMED');
      expect(await codeOf(decodeSdJwt(broken))).toBe('ERR_DISCLOSURE_MALFORMED');
      expect(await codeOf(processSdJwt(broken))).toBe('ERR_DISCLOSURE_MALFORMED');
    }
    expect((await processSdJwt(issued)).payload.given_name).toBe('Erika');
  });

  it('is rejected: a KB-JWT changed after the same one verified', async () => {
    const genuine = await present(['given_name']);
    await verify(genuine);
    const tampered = flip(genuine, genuine.lastIndexOf('~') + 30);
    expect(await codeOf(verify(tampered))).toBe('ERR_KEY_BINDING_INVALID');
    expect((await verify(genuine)).kb?.payload.nonce).toBe('n-1');
  });
});

describe('results belong to the caller', () => {
  it('changing what verifySdJwt returned changes nothing for the next call', async () => {
    const presentation = await present(['address', 'given_name']);
    const first = await verify(presentation);
    const expected = structuredClone(first);
    (first.payload.address as JsonObject).locality = 'Bonn';
    first.payload.given_name = 'Mallory';
    first.header.alg = 'none';
    (first.disclosures[0]!.path as (string | number)[]).push('x');
    (first.disclosures[0]!.disclosure as { value: unknown }).value = 'changed';
    first.kb!.payload.nonce = 'changed';
    expect(await verify(presentation)).toEqual(expected);
  });

  it('changing what decodeSdJwt and processSdJwt returned changes nothing for the next call', async () => {
    const presentation = await present(['address']);
    const decoded = await decodeSdJwt(presentation);
    const processed = await processSdJwt(presentation);
    const expectedDecoded = structuredClone(decoded);
    const expectedProcessed = structuredClone(processed);
    (decoded.jwt.payload._sd as string[]).length = 0;
    decoded.jwt.signature.fill(0);
    decoded.jwt.header.typ = 'changed';
    decoded.kbJwt!.payload.sd_hash = 'changed';
    (decoded.disclosures.find((d) => d.name === 'address')!.value as JsonObject).country = 'FR';
    (processed.payload.address as JsonObject).country = 'FR';
    processed.header.kid = 'changed';
    expect(await decodeSdJwt(presentation)).toEqual(expectedDecoded);
    expect(await processSdJwt(presentation)).toEqual(expectedProcessed);
    expect((await verify(presentation)).payload.address).toEqual({ locality: 'Köln', country: 'DE' });
  });

  it('a key-picking issuerKey function may change what it is given', async () => {
    const presentation = await present(['given_name']);
    const issuerKey = (header: JsonObject, payload: JsonObject) => {
      header.kid = 'changed';
      payload.iss = 'https://mallory.example';
      delete payload._sd;
      return issuer.publicJwk;
    };
    for (let i = 0; i < 2; i++) {
      const { payload } = await verifySdJwt(presentation, { issuerKey, now: NOW, nonce: 'n-1', aud: 'https://verifier.example' });
      expect(payload).toMatchObject({ iss: 'https://issuer.example', given_name: 'Erika' });
    }
  });

  it('copies values nested deeper than it clones by decoding them again', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 80; i++) deep = [deep];
    const token = `${await signJwt({ typ: 'example+sd-jwt' }, { iss: 'https://issuer.example', deep }, issuerKey)}~`;
    for (let i = 0; i < 2; i++) {
      const { jwt } = await decodeSdJwt(token);
      expect(jwt.payload.deep).toEqual(deep);
      (jwt.payload.deep as unknown[]).length = 0;
    }
    expect(await codeOf(processSdJwt(token))).toBe('ERR_TOKEN_MALFORMED'); // nested too deep to process
  });
});

describe('the cache', () => {
  it('stays bounded, evicts the least recently used token and keeps working for evicted ones', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < cache.SD_JWT_CACHE_LIMIT + 8; i++) {
      tokens.push(await issueSdJwt(claims({ serial: i }), { signer: issuerKey, frame: { _sd: ['given_name'] } }));
    }
    for (const t of tokens) await presentSdJwt(t, { reveal: ['given_name'] });
    expect(cache.sdJwtCacheSize()).toBeLessThanOrEqual(cache.SD_JWT_CACHE_LIMIT);
    expect(cache.cachedSdJwt(tokens[0]!)).toBeUndefined();
    expect(cache.cachedSdJwt(tokens.at(-1)!)).toBeDefined();
    const again = await presentSdJwt(tokens[0]!, { reveal: ['given_name'], keyBinding: { signer: holderKey, nonce: 'n', aud: 'a', iat: NOW } });
    expect((await verifySdJwt(again, { issuerKey: issuer.publicJwk, now: NOW, nonce: 'n', aud: 'a' })).payload).toMatchObject({ serial: 0, given_name: 'Erika' });
    expect(cache.sdJwtCacheSize()).toBeLessThanOrEqual(cache.SD_JWT_CACHE_LIMIT);
  });

  it('does not keep very large tokens', async () => {
    const big = await issueSdJwt(claims({ photo: 'x'.repeat(cache.SD_JWT_CACHE_MAX_KEY_LENGTH) }), { signer: issuerKey, frame: { _sd: ['given_name'] } });
    await presentSdJwt(big, { reveal: ['given_name'] });
    expect(cache.cachedSdJwt(big)).toBeUndefined();
    expect((await processSdJwt(big)).payload.given_name).toBe('Erika');
  });
});

/** The code of the ElicenseError `f` throws synchronously, or `undefined`. */
function syncCodeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ElicenseError);
    return (e as ElicenseError).code;
  }
  return undefined;
}

describe('Node backend fast paths', () => {
  const reference = (s: string): Uint8Array | undefined => {
    if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
    const bytes = Buffer.from(s, 'base64url');
    return bytes.toString('base64url') === s ? new Uint8Array(bytes) : undefined;
  };

  it('decodes exactly canonical unpadded base64url, and leaves everything else to the strict decoder', () => {
    const chars = fc.constantFrom(...'AQgw_-09azZ+/= .\n\u00e9'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: chars }), fc.uint8Array().map((b) => Buffer.from(b).toString('base64url'))), (s) => {
        const fast = backend.decodeBase64urlFast(s);
        const want = reference(s);
        expect(fast === undefined ? undefined : new Uint8Array(fast)).toEqual(want);
        if (want === undefined) expect(syncCodeOf(() => decodeBase64url(s))).toBe('ERR_TOKEN_MALFORMED');
        else expect(new Uint8Array(decodeBase64url(s))).toEqual(want);
      }),
      { numRuns: 2000 },
    );
    for (const s of ['QQ=', 'QR', 'QQ==', 'Q', '+/8', 'QUJD RA']) expect(syncCodeOf(() => decodeBase64url(s))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('encodes like the reference, from bytes and from strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ unit: 'grapheme' }), (bytes, text) => {
        expect(encodeBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
        expect(encodeBase64url(bytes.subarray(1))).toBe(Buffer.from(bytes.subarray(1)).toString('base64url'));
        expect(encodeBase64url(text)).toBe(Buffer.from(new TextEncoder().encode(text)).toString('base64url'));
      }),
    );
  });

  it('hashes strings as the UTF-8 bytes a TextEncoder gives, lone surrogates included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async (s) => {
        const want = Buffer.from(sha256(new TextEncoder().encode(s))).toString('base64url');
        expect(await computeDisclosureDigest(s)).toBe(want);
        expect(await computeSdHash(`${s}~`)).toBe(Buffer.from(sha256(new TextEncoder().encode(`${s}~`))).toString('base64url'));
        expect(backend.hashStringFast('sha-384', s)).toBe(createHash('sha384').update(new TextEncoder().encode(s)).digest('base64url'));
      }),
    );
    expect(backend.hashStringFast('md5', 'x')).toBeUndefined();
    expect(await codeOf(computeDisclosureDigest('x', 'md5'))).toBe('ERR_SD_ALG_UNSUPPORTED');
  });
});
