/** Status List Tokens (statuslist+jwt): create, decode, verify, and every rule that refuses one. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSigner, encodeBase64url, generateKeyPair, signJwt, signingKeyFromJwk } from '@elicense/core';
import type { JWK, JsonObject, SigningKey } from '@elicense/core';
import {
  StatusList,
  StatusType,
  createStatusListToken,
  decodeStatusListToken,
  encodeStatusList,
  readStatusReference,
  verifyStatusListToken,
} from '@elicense/status';
import { codeOf, loadJson, syncCodeOf } from './helpers.js';

const URI = 'https://gov.example/status/1';
const ISSUER = 'did:web:gov.example';
const IAT = 1_760_000_000;
const EXP = IAT + 86_400;

let signingKey: SigningKey;
let publicJwk: JWK;
let otherJwk: JWK;
let list: StatusList;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  signingKey = { alg: 'ES256', sign: createSigner(pair.privateKey, 'ES256'), kid: `${ISSUER}#key-1` };
  publicJwk = pair.publicJwk;
  otherJwk = (await generateKeyPair('ES256')).publicJwk;
  list = new StatusList(131072, 2);
  list.setMany([
    [7, StatusType.INVALID],
    [4711, StatusType.SUSPENDED],
    [131071, 3],
  ]);
});

/** A token signed by our key, with the given header and payload. */
async function sign(payload: JsonObject, header: JsonObject = { typ: 'statuslist+jwt' }): Promise<string> {
  return signJwt(header, payload, signingKey);
}

function basePayload(): JsonObject {
  return { iss: ISSUER, sub: URI, iat: IAT, exp: EXP, ttl: 3600, status_list: { bits: 2, lst: encodeStatusList(list) } };
}

describe('createStatusListToken', () => {
  it('signs a token that verifies, with every claim of the spec', async () => {
    const token = await createStatusListToken({ uri: URI, issuer: ISSUER, list, signingKey, iat: IAT, exp: EXP, ttl: 3600, aggregationUri: 'https://gov.example/status' });
    const v = await verifyStatusListToken(token, { key: publicJwk, uri: URI, issuer: ISSUER, now: IAT + 10 });
    expect(v.header).toEqual({ typ: 'statuslist+jwt', alg: 'ES256', kid: `${ISSUER}#key-1` });
    expect(v.payload).toMatchObject({ iss: ISSUER, sub: URI, iat: IAT, exp: EXP, ttl: 3600, status_list: { bits: 2, aggregation_uri: 'https://gov.example/status' } });
    expect({ uri: v.uri, issuer: v.issuer, iat: v.iat, exp: v.exp, ttl: v.ttl }).toEqual({ uri: URI, issuer: ISSUER, iat: IAT, exp: EXP, ttl: 3600 });
    expect(v.list.bits).toBe(2);
    expect(v.list.size).toBe(131072);
    expect([v.list.get(7), v.list.get(4711), v.list.get(131071), v.list.get(8)]).toEqual([1, 2, 3, 0]);
  });

  it('leaves out what is not given; iss, exp and ttl are optional', async () => {
    const token = await createStatusListToken({ uri: URI, list, signingKey, iat: IAT });
    const v = await verifyStatusListToken(token, { key: publicJwk, now: IAT });
    expect(Object.keys(v.payload).sort()).toEqual(['iat', 'status_list', 'sub']);
    expect(v.issuer).toBeUndefined();
    expect(v.exp).toBeUndefined();
    expect(v.ttl).toBeUndefined();
  });

  it('signs with the published kid-12 key, and the result verifies like the published token', async () => {
    const V = loadJson<{ tokens: { status_list_token_jwt: { verification_key_public_jwk: JWK; verification_key_private_d: string } } }>(
      'status-list-ietf/vectors.extracted.json',
    );
    const pub = V.tokens.status_list_token_jwt.verification_key_public_jwk;
    const key = signingKeyFromJwk({ kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y!, d: V.tokens.status_list_token_jwt.verification_key_private_d }, '12');
    const small = StatusList.fromBytes(new Uint8Array([0xb9, 0xa3]), 1);
    const token = await createStatusListToken({ uri: 'https://example.com/statuslists/1', issuer: 'https://example.com', list: small, signingKey: key, iat: 1686920170, exp: 2291720170, ttl: 43200 });
    const v = await verifyStatusListToken(token, { key: pub, uri: 'https://example.com/statuslists/1', now: 1_800_000_000 });
    expect(v.header.kid).toBe('12');
    expect([...v.list]).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]);
  });

  it('refuses bad arguments with ERR_INVALID_ARGUMENT', async () => {
    const ok = { uri: URI, list, signingKey, iat: IAT };
    for (const options of [
      { ...ok, uri: 'not a uri' },
      { ...ok, uri: '' },
      { ...ok, issuer: '' },
      { ...ok, list: [0, 1] },
      { ...ok, signingKey: { alg: 'ES256' } },
      { ...ok, iat: -1 },
      { ...ok, iat: 1.5 },
      { ...ok, exp: IAT },
      { ...ok, ttl: 0 },
      { ...ok, ttl: 1.5 },
      { ...ok, aggregationUri: 'no uri' },
      null,
    ]) {
      expect(await codeOf(createStatusListToken(options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('verifyStatusListToken refuses', () => {
  it('a token signed by another key (ERR_SIGNATURE_INVALID)', async () => {
    const token = await sign(basePayload());
    expect(await codeOf(verifyStatusListToken(token, { key: otherJwk, now: IAT }))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('a wrong or missing typ (ERR_TYP_INVALID); application/statuslist+jwt is the same type', async () => {
    for (const header of [{ typ: 'JWT' }, { typ: 'dc+sd-jwt' }, {}]) {
      expect(await codeOf(verifyStatusListToken(await sign(basePayload(), header), { key: publicJwk, now: IAT }))).toBe('ERR_TYP_INVALID');
    }
    expect((await verifyStatusListToken(await sign(basePayload(), { typ: 'application/statuslist+jwt' }), { key: publicJwk, now: IAT })).uri).toBe(URI);
  });

  it('a sub other than the referenced uri (ERR_STATUS_LIST_MISMATCH) and another iss (ERR_ISSUER_UNTRUSTED)', async () => {
    const token = await sign(basePayload());
    expect(await codeOf(verifyStatusListToken(token, { key: publicJwk, uri: `${URI}0`, now: IAT }))).toBe('ERR_STATUS_LIST_MISMATCH');
    expect(await codeOf(verifyStatusListToken(token, { key: publicJwk, issuer: 'did:web:other.example', now: IAT }))).toBe('ERR_ISSUER_UNTRUSTED');
    const { iss: _iss, ...noIss } = basePayload();
    expect(await codeOf(verifyStatusListToken(await sign(noIss), { key: publicJwk, issuer: ISSUER, now: IAT }))).toBe('ERR_ISSUER_UNTRUSTED');
  });

  it('an expired token (ERR_STATUS_LIST_EXPIRED), one not yet valid, and one issued in the future', async () => {
    const token = await sign(basePayload());
    expect(await codeOf(verifyStatusListToken(token, { key: publicJwk, now: EXP }))).toBe('ERR_STATUS_LIST_EXPIRED');
    expect((await verifyStatusListToken(token, { key: publicJwk, now: EXP - 1 })).exp).toBe(EXP);
    expect((await verifyStatusListToken(token, { key: publicJwk, now: EXP + 30, clockTolerance: 60 })).exp).toBe(EXP);
    expect(await codeOf(verifyStatusListToken(await sign({ ...basePayload(), nbf: IAT + 100 }), { key: publicJwk, now: IAT }))).toBe('ERR_STATUS_LIST_NOT_YET_VALID');
    expect(await codeOf(verifyStatusListToken(token, { key: publicJwk, now: IAT - 10 }))).toBe('ERR_IAT_INVALID');
    expect((await verifyStatusListToken(token, { key: publicJwk, now: IAT - 10, clockTolerance: 10 })).iat).toBe(IAT);
  });

  it('missing sub or iat (ERR_CLAIM_MISSING), and malformed claims', async () => {
    const { sub: _sub, ...noSub } = basePayload();
    const { iat: _iat, ...noIat } = basePayload();
    const { status_list: _sl, ...noList } = basePayload();
    expect(await codeOf(verifyStatusListToken(await sign(noSub), { key: publicJwk, now: IAT }))).toBe('ERR_CLAIM_MISSING');
    expect(await codeOf(verifyStatusListToken(await sign(noIat), { key: publicJwk, now: IAT }))).toBe('ERR_CLAIM_MISSING');
    expect(await codeOf(verifyStatusListToken(await sign(noList), { key: publicJwk, now: IAT }))).toBe('ERR_CLAIM_MISSING');
    for (const claims of [{ iat: '1760000000' }, { exp: 'tomorrow' }, { nbf: -5 }, { iss: 42 }, { sub: 42 }]) {
      expect(await codeOf(verifyStatusListToken(await sign({ ...basePayload(), ...claims }), { key: publicJwk, now: IAT }))).toBe('ERR_TOKEN_MALFORMED');
    }
  });

  it('a ttl that is not a positive integer, bits outside 1/2/4/8, or an lst that does not decode (ERR_STATUS_LIST_INVALID)', async () => {
    const lst = encodeStatusList(list);
    for (const claims of [
      { ttl: 0 },
      { ttl: -3600 },
      { ttl: 1.5 },
      { ttl: '3600' },
      { status_list: { bits: 3, lst } },
      { status_list: { bits: '2', lst } },
      { status_list: { lst } },
      { status_list: { bits: 2 } },
      { status_list: { bits: 2, lst: lst.slice(0, -4) } },
      { status_list: { bits: 2, lst: `${lst}A` } },
      { status_list: { bits: 2, lst, aggregation_uri: 'not a uri' } },
      { status_list: 'eNrbuRgAAhcBXQ' },
    ]) {
      expect(await codeOf(verifyStatusListToken(await sign({ ...basePayload(), ...claims }), { key: publicJwk, now: IAT }))).toBe('ERR_STATUS_LIST_INVALID');
    }
  });

  it('a list over maxBytes (zip bomb): ERR_INPUT_TOO_LARGE', async () => {
    const bomb = await sign({ ...basePayload(), status_list: { bits: 8, lst: encodeStatusList(new StatusList(20 * 1024 * 1024, 8)) } });
    expect(await codeOf(verifyStatusListToken(bomb, { key: publicJwk, now: IAT }))).toBe('ERR_INPUT_TOO_LARGE');
    expect(await codeOf(verifyStatusListToken(await sign(basePayload()), { key: publicJwk, now: IAT, maxBytes: 1024 }))).toBe('ERR_INPUT_TOO_LARGE');
    expect((await verifyStatusListToken(bomb, { key: publicJwk, now: IAT, maxBytes: 20 * 1024 * 1024 })).list.size).toBe(20 * 1024 * 1024);
  });

  it('an algorithm outside the allowlist, a malformed token, and bad options', async () => {
    const token = await sign(basePayload());
    expect(await codeOf(verifyStatusListToken(token, { key: publicJwk, now: IAT, algorithms: ['EdDSA'] }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verifyStatusListToken('a.b', { key: publicJwk, now: IAT }))).toBe('ERR_TOKEN_MALFORMED');
    for (const options of [{ key: publicJwk, now: -1 }, { key: publicJwk, clockTolerance: -1 }, { key: publicJwk, maxBytes: 0 }, { key: publicJwk, uri: 42 }, { key: publicJwk, issuer: '' }, { now: IAT }, { key: 'jwk' }, null]) {
      expect(await codeOf(verifyStatusListToken(token, options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('decodeStatusListToken', () => {
  it('decodes without a key, and still refuses a token whose list is broken', async () => {
    const token = await sign(basePayload());
    const { header, payload, list: decoded } = decodeStatusListToken(token);
    expect(header.typ).toBe('statuslist+jwt');
    expect(payload.sub).toBe(URI);
    expect(decoded.get(4711)).toBe(StatusType.SUSPENDED);
    expect(syncCodeOf(() => decodeStatusListToken(`${token.split('.')[0]}.${encodeBase64url('{"sub":"x"}')}.c2ln`))).toBe('ERR_CLAIM_MISSING');
    expect(syncCodeOf(() => decodeStatusListToken(`${token.split('.')[0]}.${encodeBase64url('{"status_list":{"bits":1,"lst":"AAAA"}}')}.c2ln`))).toBe('ERR_STATUS_LIST_INVALID');
    expect(syncCodeOf(() => decodeStatusListToken('not a token'))).toBe('ERR_TOKEN_MALFORMED');
  });
});

describe('readStatusReference', () => {
  it('reads status.status_list, or undefined when there is none', () => {
    expect(readStatusReference({ status: { status_list: { idx: 0, uri: URI } } })).toEqual({ idx: 0, uri: URI });
    expect(readStatusReference({ status: { status_list: { idx: 12, uri: 'urn:example:list', extra: true } } })).toEqual({ idx: 12, uri: 'urn:example:list' });
    expect(readStatusReference({ iss: ISSUER })).toBeUndefined();
    expect(readStatusReference({ status: { other_mechanism: {} } })).toBeUndefined();
  });

  it('refuses a malformed reference (ERR_TOKEN_MALFORMED)', () => {
    for (const status of [
      'revoked',
      [],
      { status_list: 'x' },
      { status_list: { idx: -1, uri: URI } },
      { status_list: { idx: 1.5, uri: URI } },
      { status_list: { idx: '0', uri: URI } },
      { status_list: { uri: URI } },
      { status_list: { idx: 0 } },
      { status_list: { idx: 0, uri: 'not a uri' } },
      { status_list: { idx: 0, uri: 42 } },
    ]) {
      expect(syncCodeOf(() => readStatusReference({ status }))).toBe('ERR_TOKEN_MALFORMED');
    }
    expect(syncCodeOf(() => readStatusReference(null as never))).toBe('ERR_INVALID_ARGUMENT');
  });
});
