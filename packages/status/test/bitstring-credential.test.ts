/** BitstringStatusListCredential as a JWT (VCDM 2.0 credential in the `vc` claim): create and verify. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSigner, decodeJws, generateKeyPair, signJwt } from '@elicense/core';
import type { JWK, JsonObject, SigningKey } from '@elicense/core';
import {
  MIN_STATUS_LIST_SIZE,
  StatusList,
  createBitstringStatusListCredentialJwt,
  createBitstringStatusListEntry,
  encodeBitstringStatusList,
  readBitstringStatusListEntry,
  verifyBitstringStatusListCredentialJwt,
} from '@elicense/status';
import { codeOf, loadJson } from './helpers.js';

const URI = 'https://gov.example/status/1/revocation';
const ISSUER = 'did:web:gov.example';
const IAT = 1_760_000_000;
const EXP = IAT + 86_400;
const REC = loadJson<{ vectors: { id: string; encodedList: string }[] }>('bitstring-status-list-w3c/bitstring-status-list-vectors.json');
const REC_LIST = REC.vectors.find((v) => v.id === 'w3c-bsl-rec-example')!.encodedList;
const SMALL_LIST = REC.vectors.find((v) => v.id === 'digitalbazaar-bsl-100k-50000-set')!.encodedList;

let signingKey: SigningKey;
let publicJwk: JWK;
let otherJwk: JWK;
let list: StatusList;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  signingKey = { alg: 'ES256', sign: createSigner(pair.privateKey, 'ES256'), kid: `${ISSUER}#key-1` };
  publicJwk = pair.publicJwk;
  otherJwk = (await generateKeyPair('ES256')).publicJwk;
  list = new StatusList(MIN_STATUS_LIST_SIZE);
  list.set(94567, 1);
});

/** The payload our create function makes, to alter in negative cases. */
function payload(vcChanges: JsonObject = {}, subjectChanges: JsonObject = {}): JsonObject {
  return {
    iss: ISSUER,
    sub: `${URI}#list`,
    jti: URI,
    iat: IAT,
    nbf: IAT,
    exp: EXP,
    vc: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: URI,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: ISSUER,
      validFrom: '2025-10-09T08:53:20Z',
      credentialSubject: { id: `${URI}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: REC_LIST, ...subjectChanges },
      ...vcChanges,
    },
  };
}

describe('createBitstringStatusListCredentialJwt', () => {
  it('signs a VCDM 2.0 BitstringStatusListCredential that verifies', async () => {
    const jwt = await createBitstringStatusListCredentialJwt({ uri: URI, issuer: ISSUER, statusPurpose: 'revocation', list, signingKey, iat: IAT, exp: EXP });
    const { header, payload: p } = decodeJws(jwt);
    expect(header).toEqual({ typ: 'JWT', alg: 'ES256', kid: `${ISSUER}#key-1` });
    expect(p).toMatchObject({
      iss: ISSUER,
      jti: URI,
      iat: IAT,
      exp: EXP,
      vc: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: URI,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: ISSUER,
        validFrom: '2025-10-09T08:53:20Z',
        validUntil: '2025-10-10T08:53:20Z',
        credentialSubject: { id: `${URI}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' },
      },
    });
    const v = await verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, uri: URI, issuer: ISSUER, statusPurpose: 'revocation', now: IAT });
    expect({ uri: v.uri, issuer: v.issuer, statusPurpose: v.statusPurpose, iat: v.iat, exp: v.exp }).toEqual({ uri: URI, issuer: ISSUER, statusPurpose: 'revocation', iat: IAT, exp: EXP });
    expect(v.list.size).toBe(MIN_STATUS_LIST_SIZE);
    expect(v.list.get(94567)).toBe(1);
    expect(v.list.get(94566)).toBe(0);
  });

  it('works end to end with an entry', async () => {
    const entry = readBitstringStatusListEntry(createBitstringStatusListEntry({ uri: URI, index: 94567, statusPurpose: 'revocation' }));
    const jwt = await createBitstringStatusListCredentialJwt({ uri: URI, issuer: ISSUER, statusPurpose: 'revocation', list, signingKey, iat: IAT });
    const v = await verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, uri: entry.uri, statusPurpose: entry.statusPurpose, now: IAT + 5 });
    expect(v.exp).toBeUndefined();
    expect(v.list.get(entry.index)).toBe(1);
  });

  it('refuses bad arguments (a list below the minimum, a multi-bit list, a bad URL …) with ERR_INVALID_ARGUMENT', async () => {
    const ok = { uri: URI, issuer: ISSUER, statusPurpose: 'revocation', list, signingKey, iat: IAT } as const;
    for (const options of [
      { ...ok, list: new StatusList(100000) },
      { ...ok, list: new StatusList(MIN_STATUS_LIST_SIZE, 2) },
      { ...ok, list: [0, 1] },
      { ...ok, uri: 'relative' },
      { ...ok, uri: `${URI}#x` },
      { ...ok, issuer: '' },
      { ...ok, statusPurpose: 'message' },
      { ...ok, signingKey: null },
      { ...ok, iat: 'now' },
      { ...ok, exp: IAT - 1 },
    ]) {
      expect(await codeOf(createBitstringStatusListCredentialJwt(options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('verifyBitstringStatusListCredentialJwt', () => {
  const sign = (p: JsonObject, header: JsonObject = { typ: 'JWT' }): Promise<string> => signJwt(header, p, signingKey);

  it('accepts the REC credential shape with the REC encodedList, vc+jwt and no typ', async () => {
    for (const header of [{ typ: 'JWT' }, { typ: 'vc+jwt' }, {}]) {
      const v = await verifyBitstringStatusListCredentialJwt(await sign(payload(), header), { key: publicJwk, now: IAT });
      expect(v.list.size).toBe(131072);
      expect(v.statusPurpose).toBe('revocation');
    }
  });

  it('refuses another key (ERR_SIGNATURE_INVALID) and another typ (ERR_TYP_INVALID)', async () => {
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(await sign(payload()), { key: otherJwk, now: IAT }))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(await sign(payload(), { typ: 'statuslist+jwt' }), { key: publicJwk, now: IAT }))).toBe('ERR_TYP_INVALID');
  });

  it('refuses another URL or purpose (ERR_STATUS_LIST_MISMATCH) and another issuer (ERR_ISSUER_UNTRUSTED)', async () => {
    const jwt = await sign(payload());
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT, uri: 'https://gov.example/status/2' }))).toBe('ERR_STATUS_LIST_MISMATCH');
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT, statusPurpose: 'suspension' }))).toBe('ERR_STATUS_LIST_MISMATCH');
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT, issuer: 'did:web:other.example' }))).toBe('ERR_ISSUER_UNTRUSTED');
  });

  it('accepts several purposes and returns the one asked for', async () => {
    const jwt = await sign(payload({}, { statusPurpose: ['revocation', 'suspension'] }));
    expect((await verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT, statusPurpose: 'suspension' })).statusPurpose).toBe('suspension');
  });

  it('refuses an expired or not yet valid credential', async () => {
    const jwt = await sign(payload());
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: EXP }))).toBe('ERR_STATUS_LIST_EXPIRED');
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(await sign(payload({ validUntil: '2025-10-09T09:00:00Z' })), { key: publicJwk, now: IAT + 3600 }))).toBe(
      'ERR_STATUS_LIST_EXPIRED',
    );
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT - 60 }))).toBe('ERR_STATUS_LIST_NOT_YET_VALID');
    expect((await verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT - 60, clockTolerance: 60 })).iat).toBe(IAT);
  });

  it('refuses lists below the minimum (ERR_STATUS_LIST_LENGTH) unless minEntries is lowered', async () => {
    const jwt = await sign(payload({}, { encodedList: SMALL_LIST }));
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT }))).toBe('ERR_STATUS_LIST_LENGTH');
    expect((await verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT, minEntries: 100000 })).list.get(50000)).toBe(1);
  });

  it('reads statusSize from the subject', async () => {
    const two = new StatusList(MIN_STATUS_LIST_SIZE, 2);
    two.set(5, 3);
    const jwt = await sign(payload({}, { statusPurpose: 'message', statusSize: 2, encodedList: encodeBitstringStatusList(two) }));
    const v = await verifyBitstringStatusListCredentialJwt(jwt, { key: publicJwk, now: IAT });
    expect(v.list.bits).toBe(2);
    expect(v.list.get(5)).toBe(3);
  });

  it('refuses malformed credentials', async () => {
    const { vc: _vc, ...noVc } = payload();
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(await sign(noVc), { key: publicJwk, now: IAT }))).toBe('ERR_CLAIM_MISSING');
    const { jti: _jti, ...noJti } = payload({ id: undefined });
    expect(await codeOf(verifyBitstringStatusListCredentialJwt(await sign(noJti), { key: publicJwk, now: IAT }))).toBe('ERR_CLAIM_MISSING');
    const malformed: JsonObject[] = [
      payload({ type: ['VerifiableCredential'] }),
      payload({ credentialSubject: 'list' }),
      payload({ id: 'https://gov.example/status/other' }),
      payload({ issuer: 'did:web:other.example' }),
      payload({ issuer: 42 }),
      payload({ validFrom: 'yesterday' }),
      payload({}, { type: 'StatusList2021' }),
      payload({}, { statusPurpose: 7 }),
      payload({}, { statusPurpose: [] }),
      payload({}, { statusSize: 3 }),
      payload({}, { encodedList: 12 }),
      { ...payload(), vc: 'credential' },
      { ...payload(), exp: 'later' },
    ];
    for (const p of malformed) expect(await codeOf(verifyBitstringStatusListCredentialJwt(await sign(p), { key: publicJwk, now: IAT }))).toBe('ERR_TOKEN_MALFORMED');
    for (const encodedList of ['uBAAAAAADLIST', REC_LIST.slice(1)]) {
      expect(await codeOf(verifyBitstringStatusListCredentialJwt(await sign(payload({}, { encodedList })), { key: publicJwk, now: IAT }))).toBe('ERR_STATUS_LIST_INVALID');
    }
  });

  it('refuses bad options with ERR_INVALID_ARGUMENT', async () => {
    const jwt = await sign(payload());
    for (const options of [{ key: publicJwk, uri: 42 }, { key: publicJwk, statusPurpose: '' }, { key: publicJwk, minEntries: -1 }, { key: publicJwk, now: 'now' }, { key: undefined }, { key: null }]) {
      expect(await codeOf(verifyBitstringStatusListCredentialJwt(jwt, { now: IAT, ...options } as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});
