import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertAnchorRecord, digestStatusListToken } from '@elicense/ledger';

const vectors = JSON.parse(
  readFileSync(new URL('../../../test/vectors/status-list-ietf/vectors.extracted.json', import.meta.url), 'utf8'),
) as { tokens: { status_list_token_jwt: { compact: string } } };

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'returned';
}

async function asyncCodeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'resolved';
}

const nodeDigest = (s: string): string => createHash('sha256').update(Buffer.from(s, 'ascii')).digest('base64url');
const DIGEST = nodeDigest('x');

describe('digestStatusListToken', () => {
  it('digests the published status list token (draft-ietf-oauth-status-list) over its ASCII bytes', async () => {
    const token = vectors.tokens.status_list_token_jwt.compact;
    expect(await digestStatusListToken(token)).toBe('ICvlNFA_QN7N7MiT9badToh3g7iYx2b0WofPUO6FgYk');
    expect(await digestStatusListToken(token)).toBe(nodeDigest(token));
  });

  it('is SHA-256 (FIPS 180-2 "abc" example)', async () => {
    expect(await digestStatusListToken('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('matches node:crypto for any ASCII text and always gives a valid anchor digest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), minLength: 1 }), async (s) => {
        const d = await digestStatusListToken(s);
        expect(d).toBe(nodeDigest(s));
        assertAnchorRecord({ uri: 'https://gov.example/status/1', version: 1, digest: d, time: 0 });
      }),
    );
  });

  it('refuses non-ASCII, empty and non-string tokens with ERR_INVALID_ARGUMENT', async () => {
    for (const bad of ['eyJ.é.sig', '张伟', '', undefined, null, 42, new Uint8Array(3)]) {
      expect(await asyncCodeOf(digestStatusListToken(bad as string))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('assertAnchorRecord', () => {
  const valid = { uri: 'https://gov.example/status/1', version: 1, digest: DIGEST, time: 1_767_225_600 };

  it('accepts a record of exactly uri, version, digest and time', () => {
    expect(codeOf(() => assertAnchorRecord(valid))).toBe('returned');
    expect(codeOf(() => assertAnchorRecord({ ...valid, uri: 'u'.repeat(2048), version: Number.MAX_SAFE_INTEGER, time: 0 }))).toBe('returned');
  });

  it('accepts any well-formed record', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 2048 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (uri, version, bytes, time) => {
          assertAnchorRecord({ uri, version, digest: Buffer.from(bytes).toString('base64url'), time });
        },
      ),
    );
  });

  it('refuses any extra member, whatever its name or value', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((k) => !['uri', 'version', 'digest', 'time', '__proto__'].includes(k)),
        fc.jsonValue(),
        (key, value) => {
          expect(codeOf(() => assertAnchorRecord({ ...valid, [key]: value }))).toBe('ERR_INVALID_ARGUMENT');
        },
      ),
    );
  });

  it('refuses digests that are not 32 bytes of canonical base64url', () => {
    const bad = [
      DIGEST.slice(0, 42),
      `${DIGEST}A`,
      `${DIGEST}=`,
      `${DIGEST.slice(0, 42)}B`, // non-zero trailing bits
      `${DIGEST.slice(0, 42)}+`,
      createHash('sha384').update('x').digest('base64url'),
      createHash('sha256').update('x').digest('hex'),
      createHash('sha256').update('x').digest('base64'),
    ];
    for (const digest of bad) expect(codeOf(() => assertAnchorRecord({ ...valid, digest }))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('refuses wrong types and ranges, naming the field', () => {
    const cases: [string, unknown][] = [
      ['uri', ''],
      ['uri', 'u'.repeat(2049)],
      ['uri', null],
      ['version', 0],
      ['version', -3],
      ['version', 2.5],
      ['version', Number.POSITIVE_INFINITY],
      ['version', 2 ** 53],
      ['version', 1n],
      ['time', -1],
      ['time', 1.25],
      ['time', new Date(0)],
    ];
    for (const [field, value] of cases) {
      let error: { code?: string; message?: string } | undefined;
      try {
        assertAnchorRecord({ ...valid, [field]: value });
      } catch (e) {
        error = e as { code?: string; message?: string };
      }
      expect(error?.code).toBe('ERR_INVALID_ARGUMENT');
      expect(error?.message).toContain(`record.${field}`);
    }
  });

  it('refuses non-objects and missing members', () => {
    for (const v of [null, undefined, 'record', 7, [], [valid]]) expect(codeOf(() => assertAnchorRecord(v))).toBe('ERR_INVALID_ARGUMENT');
    for (const f of ['uri', 'version', 'digest', 'time'] as const) {
      const { [f]: _dropped, ...rest } = valid;
      expect(codeOf(() => assertAnchorRecord(rest))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});
