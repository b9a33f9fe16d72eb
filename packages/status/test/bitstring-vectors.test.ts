/**
 * W3C Bitstring Status List (and StatusList2021): the REC example, Digital Bazaar's encoded lists,
 * the bit-order trap, every invalid encoding, and the REC's credentialStatus entries.
 */
import { describe, expect, it } from 'vitest';
import {
  MIN_STATUS_LIST_SIZE,
  createBitstringStatusListEntry,
  decodeBitstringStatusList,
  readBitstringStatusListEntry,
  type StatusList,
} from '@elicense/status';
import { loadJson, syncCodeOf } from './helpers.js';

interface Vector {
  id: string;
  encodedList: string;
  expected: { length_bits: number; set_indices?: number[]; set_indices_per_spec_msb_first?: number[] };
  decoded_by_collector: { uncompressed_len_bytes: number; set_indices_lsb_first_WRONG_ORDER?: number[] };
}
interface Vectors {
  vectors: Vector[];
  invalid_encodings: { value: string; expected: string }[];
  spec_examples_entries: { entries: Record<string, unknown>[] };
}

const V = loadJson<Vectors>('bitstring-status-list-w3c/bitstring-status-list-vectors.json');
const byId = (id: string): Vector => V.vectors.find((v) => v.id === id)!;
const isStatusList2021 = (v: Vector): boolean => !v.encodedList.startsWith('u');

function setIndices(list: StatusList): number[] {
  const out: number[] = [];
  let i = 0;
  for (const v of list) {
    if (v !== 0) out.push(i);
    i++;
  }
  return out;
}

describe('W3C Bitstring Status List vectors (GZIP, MSB-first, multibase u)', () => {
  for (const v of V.vectors) {
    it(`${v.id}: decodes to ${v.expected.length_bits} bits with the listed indices set`, () => {
      const list = decodeBitstringStatusList(v.encodedList, { minEntries: 0, allowStatusList2021: isStatusList2021(v) });
      expect(list.size).toBe(v.expected.length_bits);
      expect(list.bits).toBe(1);
      expect(setIndices(list)).toEqual(v.expected.set_indices ?? v.expected.set_indices_per_spec_msb_first);
      for (const wrong of v.decoded_by_collector.set_indices_lsb_first_WRONG_ORDER ?? []) expect(list.get(wrong)).toBe(0);
    });
  }

  it('the REC example is 131072 entries, all 0 (94567, 23452, 12345 included)', () => {
    const list = decodeBitstringStatusList(byId('w3c-bsl-rec-example').encodedList);
    expect(list.size).toBe(MIN_STATUS_LIST_SIZE);
    for (const i of [94567, 23452, 12345, 0, 131071]) expect(list.get(i)).toBe(0);
    expect(list.toBytes().length).toBe(16384);
  });

  it('the bit-order trap: the mock "50Kth revoked" list has 50007 set under MSB-first, not 50000', () => {
    const trap = decodeBitstringStatusList(byId('digitalbazaar-bsl-mock-100k-bitorder-trap').encodedList, { minEntries: 0 });
    expect(trap.get(50007)).toBe(1);
    expect(trap.get(50000)).toBe(0);
    const real = decodeBitstringStatusList(byId('digitalbazaar-bsl-100k-50000-set').encodedList, { minEntries: 0 });
    expect(real.get(50000)).toBe(1);
    expect(real.get(50007)).toBe(0);
    // in IETF (LSB-first) order the same byte holds the other index
    expect(real.toBytes()[6250]).toBe(0x01);
  });

  it('100k lists are below the minimum (STATUS_LIST_LENGTH_ERROR) unless minEntries says otherwise', () => {
    for (const id of ['digitalbazaar-bsl-100k-empty', 'digitalbazaar-bsl-100k-50000-set', 'digitalbazaar-bsl-mock-100k-bitorder-trap']) {
      expect(syncCodeOf(() => decodeBitstringStatusList(byId(id).encodedList))).toBe('ERR_STATUS_LIST_LENGTH');
      expect(decodeBitstringStatusList(byId(id).encodedList, { minEntries: 100000 }).size).toBe(100000);
      expect(syncCodeOf(() => decodeBitstringStatusList(byId(id).encodedList, { minEntries: 100001 }))).toBe('ERR_STATUS_LIST_LENGTH');
    }
  });

  it('statusSize divides the bitstring: the REC example read with 2-bit entries has 65536 < 131072 entries', () => {
    const rec = byId('w3c-bsl-rec-example').encodedList;
    expect(syncCodeOf(() => decodeBitstringStatusList(rec, { statusSize: 2 }))).toBe('ERR_STATUS_LIST_LENGTH');
    const two = decodeBitstringStatusList(rec, { statusSize: 2, minEntries: 65536 });
    expect(two.size).toBe(65536);
    expect(two.bits).toBe(2);
  });

  it('StatusList2021 strings (no u prefix) are refused unless allowStatusList2021', () => {
    for (const v of V.vectors.filter(isStatusList2021)) {
      expect(syncCodeOf(() => decodeBitstringStatusList(v.encodedList, { minEntries: 0 }))).toBe('ERR_STATUS_LIST_INVALID');
      expect(decodeBitstringStatusList(v.encodedList, { minEntries: 0, allowStatusList2021: true }).size).toBe(v.expected.length_bits);
    }
    expect(decodeBitstringStatusList(byId('w3c-sl2021-example').encodedList, { allowStatusList2021: true }).size).toBe(131072);
  });

  it('every invalid encoding fails', () => {
    expect(V.invalid_encodings.length).toBe(5);
    for (const { value } of V.invalid_encodings) {
      expect(syncCodeOf(() => decodeBitstringStatusList(value))).toBe('ERR_STATUS_LIST_INVALID');
    }
    // and all but the un-prefixed (StatusList2021) one fail even with legacy support and no minimum
    const legacy = V.invalid_encodings.filter(({ value }) => syncCodeOf(() => decodeBitstringStatusList(value, { allowStatusList2021: true, minEntries: 0 })) === undefined);
    expect(legacy.map((e) => e.value)).toEqual([byId('digitalbazaar-bsl-100k-empty').encodedList.slice(1)]);
  });
});

describe('W3C BitstringStatusListEntry', () => {
  const [revocation, suspension, message] = V.spec_examples_entries.entries as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];

  it('reads the REC entries (statusListIndex is a decimal string)', () => {
    expect(readBitstringStatusListEntry(revocation)).toEqual({
      statusPurpose: 'revocation',
      index: 94567,
      uri: 'https://example.com/credentials/status/3',
      statusSize: 1,
    });
    expect(readBitstringStatusListEntry(suspension)).toEqual({
      statusPurpose: 'suspension',
      index: 23452,
      uri: 'https://example.com/credentials/status/4',
      statusSize: 1,
    });
  });

  it('reads a message entry with statusSize 2 and its 4 statusMessages; the elided REC array is refused', () => {
    const statusMessage = ['pending_review', 'accepted', 'rejected', 'undefined'].map((m, i) => ({ status: `0x${i}`, message: m }));
    expect(readBitstringStatusListEntry({ ...message, statusMessage })).toEqual({
      statusPurpose: 'message',
      index: 492847,
      uri: 'https://example.com/credentials/status/8',
      statusSize: 2,
    });
    expect(syncCodeOf(() => readBitstringStatusListEntry(message))).toBe('ERR_TOKEN_MALFORMED');
    expect(syncCodeOf(() => readBitstringStatusListEntry({ ...message, statusMessage: statusMessage.slice(1) }))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('creates the REC entry shape, and reads back what it creates', () => {
    const entry = createBitstringStatusListEntry({ uri: 'https://example.com/credentials/status/3', index: 94567, statusPurpose: 'revocation' });
    expect(entry).toEqual({ id: 'https://example.com/credentials/status/3#94567', ...revocation });
    expect(readBitstringStatusListEntry(entry).index).toBe(94567);
  });

  it('refuses malformed entries (MALFORMED_VALUE_ERROR)', () => {
    const bad: Record<string, unknown>[] = [
      { ...revocation, statusListIndex: 94567 },
      { ...revocation, statusListIndex: '-1' },
      { ...revocation, statusListIndex: '0x10' },
      { ...revocation, statusListIndex: '1.5' },
      { ...revocation, statusListIndex: '' },
      { ...revocation, type: 'StatusList2021Entry' },
      { ...revocation, statusPurpose: 7 },
      { ...revocation, statusListCredential: 'not a url' },
      { ...revocation, statusListCredential: undefined },
      { ...revocation, id: revocation.statusListCredential },
      { ...revocation, statusSize: 0 },
      { ...revocation, statusSize: 3, statusMessage: Array.from({ length: 8 }, (_, i) => ({ status: `0x${i}`, message: 'm' })) },
      { ...revocation, statusSize: 2 },
      { ...revocation, statusMessage: [{ status: '0', message: 'unset' }, { status: '0x1', message: 'set' }] },
    ];
    for (const entry of bad) expect(syncCodeOf(() => readBitstringStatusListEntry(entry))).toBe('ERR_TOKEN_MALFORMED');
    for (const entry of [null, 'entry', [revocation]]) expect(syncCodeOf(() => readBitstringStatusListEntry(entry))).toBe('ERR_TOKEN_MALFORMED');
    expect(syncCodeOf(() => readBitstringStatusListEntry({ ...revocation, statusListIndex: '9007199254740993' }))).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
  });

  it('refuses bad arguments when creating an entry', () => {
    const ok = { uri: 'https://example.com/status/1', index: 1, statusPurpose: 'revocation' } as const;
    for (const options of [
      { ...ok, uri: 'relative/path' },
      { ...ok, uri: 'https://example.com/status/1#frag' },
      { ...ok, index: -1 },
      { ...ok, index: 1.5 },
      { ...ok, statusPurpose: 'message' },
    ]) {
      expect(syncCodeOf(() => createBitstringStatusListEntry(options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});
