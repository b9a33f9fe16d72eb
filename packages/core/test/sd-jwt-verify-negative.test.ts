/**
 * Every verification rule of RFC 9901 §7 with a token built to break it, asserting the error code.
 * Tokens are assembled by hand (JSON, base64url and SHA-256 from node:crypto) and signed with a test key.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  issueSdJwt,
  presentSdJwt,
  signingKeyFromJwk,
  signJwt,
  verifySdJwt,
  type GeneratedKeyPair,
  type JsonObject,
  type SigningKey,
  type VerifySdJwtOptions,
} from '@elicense/core';
import { b64u, codeOf } from './helpers.js';

const NOW = 1_750_000_000;
const NONCE = 'nonce-8f1c';
const AUD = 'https://verifier.example.org';

let issuer: GeneratedKeyPair;
let holder: GeneratedKeyPair;
let other: GeneratedKeyPair;
let edHolder: GeneratedKeyPair;
let issuerKey: SigningKey;
let holderKey: SigningKey;

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true });
  holder = await generateKeyPair('ES256', { extractable: true });
  other = await generateKeyPair('ES256', { extractable: true });
  edHolder = await generateKeyPair('EdDSA', { extractable: true });
  issuerKey = signingKeyFromJwk(issuer.privateJwk!);
  holderKey = signingKeyFromJwk(holder.privateJwk!);
});

const disclosure = (content: unknown[]): string => b64u(JSON.stringify(content));
const digest = (text: string, alg = 'sha256'): string => createHash(alg).update(text).digest('base64url');

/** `<JWT>~<d1>~…~` signed by the test Issuer. */
async function sdJwt(payload: JsonObject, disclosures: string[] = [], header: JsonObject = { typ: 'example+sd-jwt' }, key: SigningKey = issuerKey): Promise<string> {
  return `${await signJwt(header, payload, key)}~${disclosures.map((d) => `${d}~`).join('')}`;
}

/** Append a KB-JWT; `header`/`payload` override the correct values. */
async function addKb(token: string, opts: { header?: JsonObject; payload?: JsonObject; key?: SigningKey; sdHashOver?: string } = {}): Promise<string> {
  const payload: JsonObject = { iat: NOW, aud: AUD, nonce: NONCE, sd_hash: digest(opts.sdHashOver ?? token), ...opts.payload };
  return token + (await signJwt({ typ: 'kb+jwt', ...opts.header }, payload, opts.key ?? holderKey));
}

function verify(token: unknown, options: Partial<VerifySdJwtOptions> = {}) {
  return verifySdJwt(token as string, { issuerKey: issuer.publicJwk, now: NOW, ...options });
}

const base = (): JsonObject => ({ iss: 'https://issuer.example', iat: NOW - 100, exp: NOW + 1000 });
const withCnf = (): JsonObject => ({ ...base(), cnf: { jwk: holder.publicJwk } });

describe('the Issuer-signed JWT', () => {
  it('accepts a well-formed SD-JWT (the baseline for the cases below)', async () => {
    const d = disclosure(['c2FsdHNhbHRzYWx0', 'given_name', 'Erika']);
    const out = await verify(await sdJwt({ ...base(), _sd: [digest(d)], _sd_alg: 'sha-256' }, [d]));
    expect(out.payload).toEqual({ ...base(), given_name: 'Erika' });
    expect(out.disclosures).toEqual([{ path: ['given_name'], disclosure: expect.objectContaining({ name: 'given_name', value: 'Erika', digest: digest(d) }) }]);
  });

  it('never accepts alg none or HMAC; honours the allowlist (ERR_ALGORITHM_NOT_ALLOWED)', async () => {
    const payload = b64u(JSON.stringify(base()));
    expect(await codeOf(verify(`${b64u('{"alg":"none"}')}.${payload}.~`))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verify(`${b64u('{"alg":"HS256"}')}.${payload}.${b64u('mac')}~`))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verify(`${b64u('{"alg":"ES999"}')}.${payload}.${b64u('sig')}~`))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verify(await sdJwt(base()), { algorithms: ['EdDSA'] }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verify(await sdJwt(base()), { algorithms: ['HS256' as 'ES256'] }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
  });

  it('rejects a bad signature (ERR_SIGNATURE_INVALID)', async () => {
    const token = await sdJwt(base());
    const [h, , s] = token.slice(0, -1).split('.');
    const forged = `${h}.${b64u(JSON.stringify({ ...base(), iss: 'https://evil.example' }))}.${s}~`;
    expect(await codeOf(verify(forged))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verify(await sdJwt(base(), [], {}, signingKeyFromJwk(other.privateJwk!))))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('rejects a key of the wrong type for the algorithm (ERR_KEY_INVALID)', async () => {
    expect(await codeOf(verify(await sdJwt(base()), { issuerKey: edHolder.publicJwk }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(verify(await sdJwt(base()), { issuerKey: issuer.privateJwk! }))).toBe('ERR_KEY_INVALID');
  });

  it('resolves the Issuer key through a function of header and payload', async () => {
    const token = await sdJwt(base(), [], { typ: 'example+sd-jwt', kid: 'k1' });
    const out = await verify(token, { issuerKey: (header, payload) => (header.kid === 'k1' && payload.iss === 'https://issuer.example' ? issuer.publicJwk : other.publicJwk) });
    expect(out.header.kid).toBe('k1');
  });

  it('checks typ when asked (ERR_TYP_INVALID)', async () => {
    expect(await codeOf(verify(await sdJwt(base()), { typ: 'dc+sd-jwt' }))).toBe('ERR_TYP_INVALID');
    expect((await verify(await sdJwt(base()), { typ: ['dc+sd-jwt', 'example+sd-jwt'] })).header.typ).toBe('example+sd-jwt');
  });

  it('rejects an unsupported _sd_alg (ERR_SD_ALG_UNSUPPORTED) and honours sha-384/sha-512', async () => {
    for (const alg of ['md5', 'SHA-256', 'sha-1', 42, null]) {
      expect(await codeOf(verify(await sdJwt({ ...base(), _sd_alg: alg })))).toBe('ERR_SD_ALG_UNSUPPORTED');
    }
    const d = disclosure(['c2FsdHNhbHRzYWx0', 'a', 1]);
    const ok = await verify(await sdJwt({ ...base(), _sd: [digest(d, 'sha384')], _sd_alg: 'sha-384' }, [d]));
    expect(ok.payload.a).toBe(1);
    // a sha-256 digest under _sd_alg sha-512 does not reference the Disclosure
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(d)], _sd_alg: 'sha-512' }, [d])))).toBe('ERR_DISCLOSURE_UNREFERENCED');
  });

  it('checks exp, nbf, iat with the clock tolerance', async () => {
    const expired = await sdJwt({ ...base(), exp: NOW });
    expect(await codeOf(verify(expired))).toBe('ERR_CREDENTIAL_EXPIRED');
    expect((await verify(expired, { clockTolerance: 1 })).payload.exp).toBe(NOW);
    const early = await sdJwt({ ...base(), nbf: NOW + 10 });
    expect(await codeOf(verify(early))).toBe('ERR_CREDENTIAL_NOT_YET_VALID');
    expect(await codeOf(verify(early, { clockTolerance: 10 }))).toBeUndefined();
    const future = await sdJwt({ ...base(), iat: NOW + 5 });
    expect(await codeOf(verify(future))).toBe('ERR_IAT_INVALID');
    expect(await codeOf(verify(future, { clockTolerance: 5 }))).toBeUndefined();
    expect(await codeOf(verify(await sdJwt({ ...base(), exp: '2030-01-01' })))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('applies validity claims of the processed payload, including a disclosed exp', async () => {
    const d = disclosure(['c2FsdHNhbHRzYWx0', 'exp', NOW - 1]);
    const { exp: _exp, ...rest } = base();
    expect(await codeOf(verify(await sdJwt({ ...rest, _sd: [digest(d)] }, [d])))).toBe('ERR_CREDENTIAL_EXPIRED');
  });
});

describe('Disclosures', () => {
  const salt = 'c2FsdHNhbHRzYWx0';
  const malformed: [string, string][] = [
    ['not base64url', '!!!notbase64!!!'],
    ['padded base64', `${disclosure([salt, 'a', 1])}==`.replace(/={2}$/, '=')],
    ['not JSON', b64u('[salt, "a", 1')],
    ['a JSON object', b64u(JSON.stringify({ salt, name: 'a', value: 1 }))],
    ['a JSON string', b64u(JSON.stringify('x'))],
    ['an array of one', disclosure([salt])],
    ['an array of four', disclosure([salt, 'a', 1, 2])],
    ['a numeric salt', disclosure([42, 'a', 1])],
    ['a null salt', disclosure([null, 1])],
    ['a numeric claim name', disclosure([salt, 7, 1])],
    ['a null claim name', disclosure([salt, null, 1])],
    ['the claim name _sd', disclosure([salt, '_sd', ['x']])],
    ['the claim name ...', disclosure([salt, '...', 'x'])],
    ['the claim name _sd_alg', disclosure([salt, '_sd_alg', 'md5'])],
    ['invalid UTF-8', Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x2c, 0x31, 0x5d]).toString('base64url')],
  ];
  for (const [what, d] of malformed) {
    it(`rejects ${what} (ERR_DISCLOSURE_MALFORMED)`, async () => {
      expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(d)] }, [d])))).toBe('ERR_DISCLOSURE_MALFORMED');
    });
  }

  it('rejects an object-property Disclosure referenced from an array element (ERR_DISCLOSURE_MALFORMED)', async () => {
    const d = disclosure([salt, 'name', 'x']);
    expect(await codeOf(verify(await sdJwt({ ...base(), list: [{ '...': digest(d) }] }, [d])))).toBe('ERR_DISCLOSURE_MALFORMED');
  });

  it('rejects an array-element Disclosure referenced from _sd (ERR_DISCLOSURE_MALFORMED)', async () => {
    const d = disclosure([salt, 'x']);
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(d)] }, [d])))).toBe('ERR_DISCLOSURE_MALFORMED');
  });

  it('rejects a digest that appears twice (ERR_DIGEST_DUPLICATE)', async () => {
    const d = disclosure([salt, 'a', 1]);
    const e = disclosure([salt, 'e']);
    const decoy = digest('decoy');
    const cases: [JsonObject, string[]][] = [
      [{ ...base(), _sd: [digest(d), digest(d)] }, [d]],
      [{ ...base(), _sd: [digest(d)], nested: { _sd: [digest(d)] } }, [d]],
      [{ ...base(), list: [{ '...': digest(e) }, { '...': digest(e) }] }, [e]],
      [{ ...base(), _sd: [decoy, decoy] }, []],
      [{ ...base(), _sd: [decoy], list: [{ '...': decoy }] }, []],
    ];
    for (const [payload, ds] of cases) expect(await codeOf(verify(await sdJwt(payload, ds)))).toBe('ERR_DIGEST_DUPLICATE');
    // recursively: a digest inside a disclosed value that also appears at the top
    const inner = disclosure([salt, 'street', 'Main St']);
    const outer = disclosure([salt, 'address', { _sd: [digest(inner)] }]);
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(outer), digest(inner)] }, [outer, inner])))).toBe('ERR_DIGEST_DUPLICATE');
  });

  it('rejects the same Disclosure sent twice (ERR_DIGEST_DUPLICATE)', async () => {
    const d = disclosure([salt, 'a', 1]);
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(d)] }, [d, d])))).toBe('ERR_DIGEST_DUPLICATE');
  });

  it('rejects a disclosed claim name that already exists (ERR_CLAIM_NAME_CONFLICT)', async () => {
    const d = disclosure([salt, 'iss', 'https://evil.example']);
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(d)] }, [d])))).toBe('ERR_CLAIM_NAME_CONFLICT');
    const a = disclosure(['c2FsdDE', 'name', 'A']);
    const b = disclosure(['c2FsdDI', 'name', 'B']);
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(a), digest(b)] }, [a, b])))).toBe('ERR_CLAIM_NAME_CONFLICT');
  });

  it('rejects a Disclosure no digest refers to (ERR_DISCLOSURE_UNREFERENCED)', async () => {
    const d = disclosure([salt, 'a', 1]);
    expect(await codeOf(verify(await sdJwt(base(), [d])))).toBe('ERR_DISCLOSURE_UNREFERENCED');
    // a nested Disclosure sent without the Disclosure that contains its digest
    const inner = disclosure([salt, 'street', 'Main St']);
    const outer = disclosure([salt, 'address', { _sd: [digest(inner)] }]);
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(outer)] }, [inner])))).toBe('ERR_DISCLOSURE_UNREFERENCED');
  });

  it('rejects malformed digest containers (ERR_TOKEN_MALFORMED)', async () => {
    const d = disclosure([salt, 'x']);
    const cases: JsonObject[] = [
      { ...base(), _sd: 'not-an-array' },
      { ...base(), _sd: [42] },
      { ...base(), nested: { _sd: { a: 1 } } },
      { ...base(), list: [{ '...': digest(d), extra: 1 }] },
      { ...base(), list: [{ '...': 42 }] },
      { ...base(), '...': digest(d) },
      { ...base(), nested: { _sd_alg: 'sha-256' } },
    ];
    for (const payload of cases) expect(await codeOf(verify(await sdJwt(payload)))).toBe('ERR_TOKEN_MALFORMED');
    // inside a disclosed value too
    const bad = disclosure([salt, 'address', { _sd: 'x' }]);
    expect(await codeOf(verify(await sdJwt({ ...base(), _sd: [digest(bad)] }, [bad])))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('processes recursive Disclosures and ignores digests without a Disclosure (decoys)', async () => {
    const street = disclosure(['c2FsdDE', 'street', 'Main St']);
    const country = disclosure(['c2FsdDI', 'country', 'DE']);
    const address = disclosure(['c2FsdDM', 'address', { _sd: [digest(street), digest(country), digest('decoy-1')], zip: '12345' }]);
    const us = disclosure(['c2FsdDQ', 'US']);
    const inner = disclosure(['c2FsdDU', 'inner']);
    const list = disclosure(['c2FsdDY', 'lists', [{ '...': digest(inner) }, { '...': digest('decoy-2') }, 'plain']]);
    const payload = { ...base(), _sd: [digest(address), digest(list), digest('decoy-3')], nationalities: [{ '...': digest(us) }, { '...': digest('decoy-4') }, 'FR'] };
    const out = await verify(await sdJwt(payload, [address, street, us, list, inner]));
    expect(out.payload).toEqual({ ...base(), address: { zip: '12345', street: 'Main St' }, nationalities: ['US', 'FR'], lists: ['inner', 'plain'] });
    expect(out.disclosures.map((d) => d.path)).toEqual([['nationalities', 0], ['address'], ['address', 'street'], ['lists'], ['lists', 0]]);
    // an object whose every claim is withheld stays an empty object
    const none = await verify(await sdJwt(payload, [address]));
    expect(none.payload.address).toEqual({ zip: '12345' });
    const onlyList = await verify(await sdJwt(payload, [list]));
    expect(onlyList.payload).toEqual({ ...base(), nationalities: ['FR'], lists: ['plain'] });
  });

  it('is safe against __proto__ and other inherited names', async () => {
    const proto = disclosure(['c2FsdDE', '__proto__', { polluted: true }]);
    const ctor = disclosure(['c2FsdDI', 'constructor', 'x']);
    const raw = `{"iss":"https://issuer.example","_sd":["${digest(proto)}","${digest(ctor)}"],"nested":{"__proto__":{"polluted":true}}}`;
    const header = b64u(JSON.stringify({ alg: 'ES256' }));
    const input = `${header}.${b64u(raw)}`;
    const sig = await issuerKey.sign(new TextEncoder().encode(input));
    const token = `${input}.${Buffer.from(sig).toString('base64url')}~${proto}~${ctor}~`;
    const out = await verify(token);
    expect(Object.getPrototypeOf(out.payload)).toBe(Object.prototype);
    expect(Object.hasOwn(out.payload, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(out.payload, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.hasOwn(out.payload.nested as object, '__proto__')).toBe(true);
    expect(out.payload.constructor).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // a disclosed __proto__ that clashes with a plaintext one is a name conflict, not a prototype write
    const clash = `${b64u(JSON.stringify({ alg: 'ES256' }))}.${b64u(`{"__proto__":1,"_sd":["${digest(proto)}"]}`)}`;
    const clashSig = await issuerKey.sign(new TextEncoder().encode(clash));
    expect(await codeOf(verify(`${clash}.${Buffer.from(clashSig).toString('base64url')}~${proto}~`))).toBe('ERR_CLAIM_NAME_CONFLICT');
  });
});

describe('Key Binding', () => {
  it('verifies a correct KB-JWT and returns it', async () => {
    const token = await addKb(await sdJwt(withCnf()));
    const out = await verify(token, { nonce: NONCE, aud: AUD });
    expect(out.kb?.payload).toMatchObject({ nonce: NONCE, aud: AUD, iat: NOW });
    expect(out.kb?.header.typ).toBe('kb+jwt');
  });

  it('requires a KB-JWT when nonce or aud is given, or when asked (ERR_KEY_BINDING_MISSING)', async () => {
    const token = await sdJwt(withCnf());
    expect(await codeOf(verify(token, { nonce: NONCE }))).toBe('ERR_KEY_BINDING_MISSING');
    expect(await codeOf(verify(token, { aud: AUD }))).toBe('ERR_KEY_BINDING_MISSING');
    expect(await codeOf(verify(token, { requireKeyBinding: true }))).toBe('ERR_KEY_BINDING_MISSING');
    expect(await codeOf(verify(token))).toBeUndefined();
  });

  it('rejects a KB-JWT with the wrong typ, a bad signature or no Holder key (ERR_KEY_BINDING_INVALID)', async () => {
    const token = await sdJwt(withCnf());
    const opts = { nonce: NONCE, aud: AUD };
    expect(await codeOf(verify(await addKb(token, { header: { typ: 'JWT' } }), opts))).toBe('ERR_KEY_BINDING_INVALID');
    expect(await codeOf(verify(await addKb(token, { header: { typ: undefined } }), opts))).toBe('ERR_KEY_BINDING_INVALID');
    expect(await codeOf(verify(await addKb(token, { key: signingKeyFromJwk(other.privateJwk!) }), opts))).toBe('ERR_KEY_BINDING_INVALID');
    const noCnf = await sdJwt(base());
    expect(await codeOf(verify(await addKb(noCnf), opts))).toBe('ERR_KEY_BINDING_INVALID');
    const wrongCurve = await sdJwt({ ...base(), cnf: { jwk: edHolder.publicJwk } });
    expect(await codeOf(verify(await addKb(wrongCurve), opts))).toBe('ERR_KEY_BINDING_INVALID');
    const privateCnf = await sdJwt({ ...base(), cnf: { jwk: holder.privateJwk! } });
    expect(await codeOf(verify(await addKb(privateCnf), opts))).toBe('ERR_KEY_BINDING_INVALID');
    // a KB-JWT that is not a valid JWS
    expect(await codeOf(verify(`${token}${b64u('{"typ":"kb+jwt"}')}.e30.AAAA`, opts))).toBe('ERR_KEY_BINDING_INVALID');
    expect(await codeOf(verify(`${token}e30.e30.`, opts))).toBe('ERR_KEY_BINDING_INVALID');
  });

  it('rejects a KB-JWT alg outside the allowlist (ERR_ALGORITHM_NOT_ALLOWED)', async () => {
    const token = await sdJwt({ ...base(), cnf: { jwk: edHolder.publicJwk } });
    const kb = await addKb(token, { key: signingKeyFromJwk(edHolder.privateJwk!) });
    expect((await verify(kb, { nonce: NONCE, aud: AUD })).kb?.header.alg).toBe('EdDSA');
    expect(await codeOf(verify(kb, { nonce: NONCE, aud: AUD, algorithms: ['ES256'] }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    const none = `${token}${b64u('{"alg":"none","typ":"kb+jwt"}')}.${b64u(JSON.stringify({ iat: NOW, aud: AUD, nonce: NONCE, sd_hash: digest(token) }))}.`;
    expect(await codeOf(verify(none, { nonce: NONCE, aud: AUD }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
  });

  it('rejects missing or mistyped KB-JWT claims (ERR_KEY_BINDING_INVALID)', async () => {
    const token = await sdJwt(withCnf());
    for (const payload of [{ nonce: undefined }, { aud: [AUD] }, { sd_hash: undefined }, { iat: 'now' }, { iat: undefined }, { nonce: 1234567890 }]) {
      expect(await codeOf(verify(await addKb(token, { payload }), { nonce: NONCE, aud: AUD }))).toBe('ERR_KEY_BINDING_INVALID');
    }
    expect(await codeOf(verify(await addKb(token, { payload: { exp: NOW - 1 } }), { nonce: NONCE, aud: AUD }))).toBe('ERR_KEY_BINDING_INVALID');
  });

  it('rejects the wrong nonce (ERR_NONCE_MISMATCH) and audience (ERR_AUDIENCE_MISMATCH)', async () => {
    const token = await addKb(await sdJwt(withCnf()));
    expect(await codeOf(verify(token, { nonce: 'other', aud: AUD }))).toBe('ERR_NONCE_MISMATCH');
    expect(await codeOf(verify(token, { nonce: NONCE, aud: 'https://other.example' }))).toBe('ERR_AUDIENCE_MISMATCH');
  });

  it('rejects an sd_hash over other Disclosures (ERR_SD_HASH_MISMATCH)', async () => {
    const a = disclosure(['c2FsdDE', 'a', 1]);
    const b = disclosure(['c2FsdDI', 'b', 2]);
    const payload = { ...withCnf(), _sd: [digest(a), digest(b)] };
    const both = await sdJwt(payload, [a, b]);
    const onlyA = await sdJwt(payload, [a]);
    const opts = { nonce: NONCE, aud: AUD };
    // a KB-JWT made for "a only", re-attached to "a and b"
    const kbForA = (await addKb(onlyA)).slice(onlyA.length);
    expect(await codeOf(verify(both + kbForA, opts))).toBe('ERR_SD_HASH_MISMATCH');
    // and the reverse: a Disclosure dropped after signing
    const kbForBoth = (await addKb(both)).slice(both.length);
    expect(await codeOf(verify(onlyA + kbForBoth, opts))).toBe('ERR_SD_HASH_MISMATCH');
    // sd_hash over the KB-less string is required; over the whole token it is wrong
    expect(await codeOf(verify(await addKb(onlyA, { sdHashOver: `${onlyA}x` }), opts))).toBe('ERR_SD_HASH_MISMATCH');
  });

  it('rejects a KB-JWT iat outside [now - kbMaxAge - tolerance, now + tolerance] (ERR_IAT_INVALID)', async () => {
    const token = await sdJwt(withCnf());
    const opts = { nonce: NONCE, aud: AUD };
    expect(await codeOf(verify(await addKb(token, { payload: { iat: NOW - 301 } }), opts))).toBe('ERR_IAT_INVALID');
    expect(await codeOf(verify(await addKb(token, { payload: { iat: NOW - 300 } }), opts))).toBeUndefined();
    expect(await codeOf(verify(await addKb(token, { payload: { iat: NOW + 1 } }), opts))).toBe('ERR_IAT_INVALID');
    expect(await codeOf(verify(await addKb(token, { payload: { iat: NOW + 1 } }), { ...opts, clockTolerance: 1 }))).toBeUndefined();
    expect(await codeOf(verify(await addKb(token, { payload: { iat: NOW - 3600 } }), { ...opts, kbMaxAge: 3600 }))).toBeUndefined();
    expect(await codeOf(verify(await addKb(token, { payload: { iat: NOW - 61 } }), { ...opts, kbMaxAge: 60 }))).toBe('ERR_IAT_INVALID');
  });

  it('verifies a KB-JWT that is present even when Key Binding is not required', async () => {
    const token = await sdJwt(withCnf());
    expect(await codeOf(verify(await addKb(token, { key: signingKeyFromJwk(other.privateJwk!) })))).toBe('ERR_KEY_BINDING_INVALID');
    expect(await codeOf(verify(await addKb(token, { payload: { sd_hash: 'x' } }), { requireKeyBinding: false }))).toBe('ERR_SD_HASH_MISMATCH');
    expect((await verify(await addKb(token))).kb?.payload.nonce).toBe(NONCE);
  });
});

describe('bad input', () => {
  it('rejects non-strings, empty and truncated tokens (ERR_TOKEN_MALFORMED)', async () => {
    const token = await sdJwt(base());
    for (const bad of [undefined, null, 42, {}, ['a~'], '', '~', '~~', 'abc', token.slice(0, -1), `~${token}`, token.split('~')[0]!, token.slice(0, 20)]) {
      expect(await codeOf(verify(bad)), JSON.stringify(bad)).toBe('ERR_TOKEN_MALFORMED');
    }
  });

  it('rejects a disclosure list without the trailing "~" and empty parts (ERR_TOKEN_MALFORMED)', async () => {
    const d = disclosure(['c2FsdDE', 'a', 1]);
    const token = await sdJwt({ ...base(), _sd: [digest(d)] }, [d]);
    expect(await codeOf(verify(token.slice(0, -1)))).toBe('ERR_TOKEN_MALFORMED');
    expect(await codeOf(verify(token.replace('~', '~~')))).toBe('ERR_TOKEN_MALFORMED');
    expect(await codeOf(verify(`${token}~`))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('rejects input over the size limit before parsing it (ERR_INPUT_TOO_LARGE)', async () => {
    const token = await sdJwt(base());
    const huge = token + 'A'.repeat(2 * 1024 * 1024) + '~';
    expect(await codeOf(verify(huge))).toBe('ERR_INPUT_TOO_LARGE');
    expect(await codeOf(verify(token, { maxLength: 32 }))).toBe('ERR_INPUT_TOO_LARGE');
    expect(await codeOf(verify(token, { maxLength: token.length }))).toBeUndefined();
  });

  it('rejects a payload nested deeper than the processing limit (ERR_TOKEN_MALFORMED)', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { a: deep };
    expect(await codeOf(verify(await sdJwt({ ...base(), deep: deep as JsonObject })))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('rejects bad options (ERR_INVALID_ARGUMENT)', async () => {
    const token = await sdJwt(base());
    const bad: unknown[] = [
      undefined,
      null,
      {},
      { issuerKey: 'key' },
      { issuerKey: issuer.publicJwk, now: Number.NaN },
      { issuerKey: issuer.publicJwk, now: '1750000000' },
      { issuerKey: issuer.publicJwk, clockTolerance: -1 },
      { issuerKey: issuer.publicJwk, kbMaxAge: -5 },
      { issuerKey: issuer.publicJwk, nonce: 5 },
      { issuerKey: issuer.publicJwk, algorithms: [] },
      { issuerKey: issuer.publicJwk, maxLength: 0 },
      { issuerKey: issuer.publicJwk, requireKeyBinding: 'yes' },
    ];
    for (const options of bad) expect(await codeOf(verifySdJwt(token, options as VerifySdJwtOptions)), JSON.stringify(options)).toBe('ERR_INVALID_ARGUMENT');
  });

  it('a presentation made by presentSdJwt survives verification; the issued token does not verify as a presentation without KB', async () => {
    const issued = await issueSdJwt(withCnf(), { signer: issuerKey, frame: { _sd: ['iss'] } });
    expect(await codeOf(verify(issued, { nonce: NONCE, aud: AUD }))).toBe('ERR_KEY_BINDING_MISSING');
    const p = await presentSdJwt(issued, { reveal: ['iss'], keyBinding: { signer: holderKey, nonce: NONCE, aud: AUD, iat: NOW } });
    expect((await verify(p, { nonce: NONCE, aud: AUD })).payload.iss).toBe('https://issuer.example');
  });
});
