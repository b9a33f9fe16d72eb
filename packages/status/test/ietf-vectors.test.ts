/**
 * IETF Token Status List: every example and test vector of draft-ietf-oauth-status-list, compared
 * on decoded values (never on compressed strings, which differ between zlib implementations).
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64url, verifySdJwt, type JWK, type JsonObject } from '@elicense/core';
import {
  StatusList,
  StatusType,
  decodeStatusList,
  decodeStatusListToken,
  encodeStatusList,
  readStatusReference,
  verifyStatusListToken,
  type StatusBits,
} from '@elicense/status';
import { codeOf, decodeCborStatusList, exampleBody, hex, loadJson, readVector } from './helpers.js';

interface SmallExample {
  label: string;
  bits: StatusBits;
  lst: string;
  uncompressed_hex: string;
  compressed_hex: string;
  cbor_statuslist_hex: string;
  statuses_by_index: number[];
  files: string[];
}
interface TestVector {
  label: string;
  bits: StatusBits;
  size_entries: number;
  uncompressed_length_bytes: number;
  lst: string;
  cbor_statuslist_hex: string;
  nonzero_statuses: Record<string, number>;
  files: string[];
}
interface Vectors {
  small_examples: SmallExample[];
  test_vectors: TestVector[];
  tokens: {
    status_list_token_jwt: { compact: string; decoded_header: JsonObject; decoded_payload: JsonObject; verification_key_public_jwk: JWK };
    referenced_token_sd_jwt: { compact: string; decoded_payload: JsonObject };
  };
  end_to_end: { expected_status_value: number; expected_status_name: string };
}

const V = loadJson<Vectors>('status-list-ietf/vectors.extracted.json');
const SD_JWT = loadJson<{ issuer_public_jwk: JWK }>('sd-jwt/spec-examples.extracted.json');
const STATUS_JWT = V.tokens.status_list_token_jwt;
/** Between the token's iat 1686920170 and exp 2291720170, and within the referenced token's 1683000000–1883000000. */
const NOW = 1_800_000_000;

describe('IETF small examples (Compressed Byte Array, JSON and CBOR)', () => {
  for (const ex of V.small_examples) {
    it(ex.label, () => {
      const list = decodeStatusList(ex.lst, ex.bits);
      expect([...list]).toEqual(ex.statuses_by_index);
      expect(list.size).toBe(ex.statuses_by_index.length);
      expect(Buffer.from(list.toBytes()).toString('hex')).toBe(ex.uncompressed_hex);
      expect(Buffer.from(decodeBase64url(ex.lst)).toString('hex')).toBe(ex.compressed_hex);
      // the published example file says the same
      const json = JSON.parse(exampleBody(readVector(`status-list-ietf/${ex.files[0]!}`))) as { bits: number; lst: string };
      expect(json).toEqual({ bits: ex.bits, lst: ex.lst });
      // CBOR lst bytes == JSON lst bytes
      const cbor = decodeCborStatusList(hex(exampleBody(readVector(`status-list-ietf/${ex.files[1]!}`))));
      expect(Buffer.from(cbor.lst).toString('hex')).toBe(ex.compressed_hex);
      expect(cbor.bits).toBe(ex.bits);
      // issuer side: our encoding decodes to the same statuses
      expect([...decodeStatusList(encodeStatusList(ex.statuses_by_index, ex.bits), ex.bits)]).toEqual(ex.statuses_by_index);
    });
  }

  it('reads the 1-bit example byte by byte, LSB first (0xB9 0xA3)', () => {
    const list = StatusList.fromBytes(new Uint8Array([0xb9, 0xa3]), 1);
    expect([...list]).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]);
    const two = StatusList.fromBytes(new Uint8Array([0xc9, 0x44, 0xf9]), 2);
    expect([...two]).toEqual([1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]);
  });
});

describe('IETF test vectors (2^20 entries, bits 1, 2, 4 and 8)', () => {
  for (const tv of V.test_vectors) {
    it(tv.label, () => {
      const list = decodeStatusList(tv.lst, tv.bits);
      expect(list.size).toBe(tv.size_entries);
      expect(list.toBytes().length).toBe(tv.uncompressed_length_bytes);
      const nonzero = new Map(Object.entries(tv.nonzero_statuses).map(([k, v]) => [Number(k), v]));
      // every entry: the listed ones hold their value, every other one is 0
      const wrong: number[] = [];
      let index = 0;
      for (const value of list) {
        if (value !== (nonzero.get(index) ?? 0)) wrong.push(index);
        index++;
      }
      expect(wrong).toEqual([]);
      expect(index).toBe(tv.size_entries);
      for (const [i, v] of nonzero) expect(list.get(i)).toBe(v);

      // CBOR lst bytes == base64url-decoded JSON lst bytes, in the extracted vectors and in the example files
      const cbor = decodeCborStatusList(hex(tv.cbor_statuslist_hex));
      expect(cbor.bits).toBe(tv.bits);
      expect(Buffer.from(cbor.lst).equals(Buffer.from(decodeBase64url(tv.lst)))).toBe(true);
      const jsonFile = JSON.parse(exampleBody(readVector(`status-list-ietf/${tv.files.find((f) => f.endsWith('json.md'))!}`))) as { lst: string };
      expect(jsonFile.lst).toBe(tv.lst);
      const cborFile = exampleBody(readVector(`status-list-ietf/${tv.files.find((f) => f.endsWith('cbor.md'))!}`));
      expect(cborFile).toBe(tv.cbor_statuslist_hex);

      // issuer side: rebuild the list from the statuses; it decodes to the same bytes
      const rebuilt = new StatusList(tv.size_entries, tv.bits);
      rebuilt.setMany([...nonzero]);
      const again = decodeStatusList(encodeStatusList(rebuilt), tv.bits);
      expect(Buffer.from(again.toBytes()).equals(Buffer.from(list.toBytes()))).toBe(true);
    });
  }
});

describe('IETF Status List Token (JWT) with the kid-12 key', () => {
  const key = STATUS_JWT.verification_key_public_jwk;

  it('the example file is the same token', () => {
    expect(readVector('status-list-ietf/examples/status_list_jwt_raw.md').replace(/\s+/g, '')).toBe(STATUS_JWT.compact);
  });

  it('verifies (ES256, typ statuslist+jwt, sub, exp 2291720170, ttl 43200)', async () => {
    const v = await verifyStatusListToken(STATUS_JWT.compact, { key, uri: 'https://example.com/statuslists/1', issuer: 'https://example.com', now: NOW });
    expect(v.header).toEqual(STATUS_JWT.decoded_header);
    expect(v.payload).toEqual(STATUS_JWT.decoded_payload);
    expect(v.uri).toBe('https://example.com/statuslists/1');
    expect(v.issuer).toBe('https://example.com');
    expect(v.iat).toBe(1686920170);
    expect(v.exp).toBe(2291720170);
    expect(v.ttl).toBe(43200);
    expect(v.list.bits).toBe(1);
    expect([...v.list]).toEqual(V.small_examples[0]!.statuses_by_index);
  });

  it('decodes without verifying', () => {
    const { header, payload, list } = decodeStatusListToken(STATUS_JWT.compact);
    expect(header.typ).toBe('statuslist+jwt');
    expect(payload.sub).toBe('https://example.com/statuslists/1');
    expect(list.get(0)).toBe(StatusType.INVALID);
  });

  it('is expired after exp (distinct code), also within a tolerance that ends before now', async () => {
    expect(await codeOf(verifyStatusListToken(STATUS_JWT.compact, { key, now: 2291720170 }))).toBe('ERR_STATUS_LIST_EXPIRED');
    expect(await codeOf(verifyStatusListToken(STATUS_JWT.compact, { key, now: 2291720180, clockTolerance: 5 }))).toBe('ERR_STATUS_LIST_EXPIRED');
    expect((await verifyStatusListToken(STATUS_JWT.compact, { key, now: 2291720175, clockTolerance: 10 })).exp).toBe(2291720170);
  });

  it('is refused with a different sub, iss or key, or a flipped signature', async () => {
    expect(await codeOf(verifyStatusListToken(STATUS_JWT.compact, { key, uri: 'https://example.com/statuslists/2', now: NOW }))).toBe('ERR_STATUS_LIST_MISMATCH');
    expect(await codeOf(verifyStatusListToken(STATUS_JWT.compact, { key, issuer: 'https://other.example', now: NOW }))).toBe('ERR_ISSUER_UNTRUSTED');
    const other = { ...SD_JWT.issuer_public_jwk };
    expect(await codeOf(verifyStatusListToken(STATUS_JWT.compact, { key: other, now: NOW }))).toBe('ERR_SIGNATURE_INVALID');
    const sig = STATUS_JWT.compact.split('.')[2]!;
    const flipped = `${STATUS_JWT.compact.slice(0, -sig.length)}${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect(await codeOf(verifyStatusListToken(flipped, { key, now: NOW }))).toBe('ERR_SIGNATURE_INVALID');
  });
});

describe('IETF Referenced Token and end to end', () => {
  it('the referenced SD-JWT verifies with the SD-JWT example issuer key and carries status.status_list', async () => {
    const { payload } = await verifySdJwt(V.tokens.referenced_token_sd_jwt.compact, { issuerKey: SD_JWT.issuer_public_jwk, now: NOW });
    expect(payload.status).toEqual(V.tokens.referenced_token_sd_jwt.decoded_payload.status);
    expect(readStatusReference(payload)).toEqual({ idx: 0, uri: 'https://example.com/statuslists/1' });
  });

  it('idx 0 of the status list token is INVALID', async () => {
    const { payload } = await verifySdJwt(V.tokens.referenced_token_sd_jwt.compact, { issuerKey: SD_JWT.issuer_public_jwk, now: NOW });
    const ref = readStatusReference(payload)!;
    const { list } = await verifyStatusListToken(STATUS_JWT.compact, { key: STATUS_JWT.verification_key_public_jwk, uri: ref.uri, now: NOW });
    expect(list.get(ref.idx)).toBe(V.end_to_end.expected_status_value);
    expect(list.get(ref.idx)).toBe(StatusType[V.end_to_end.expected_status_name as keyof typeof StatusType]);
  });
});
