/**
 * The published examples of RFC 9901 (editor's copy, 29 May 2025), as extracted in
 * test/vectors/sd-jwt/spec-examples.extracted.json: checks (a)–(d), (f), (g) of INDEX.md group 1.
 * Check (e), the JWS JSON Serialization of §8.2/§8.3, is in sd-jwt-json-serialization.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  computeDisclosureDigest,
  computeSdHash,
  decodeDisclosure,
  decodeSdJwt,
  verifyJwt,
  verifySdJwt,
  type JWK,
  type JsonObject,
} from '@elicense/core';
import { loadJson } from './helpers.js';

interface ExtractedDisclosure {
  claim_name: string | null;
  kind: 'object_property' | 'array_element';
  digest: string;
  disclosure: string;
  decoded: unknown[];
}
interface Compact {
  introduced_by: string;
  value: string;
  check: { processed?: JsonObject; sd_hash_expected?: string; kb_payload?: JsonObject; issuer_header?: JsonObject; is_plain_issuer_signed_jwt?: boolean };
}
interface JsonBlock {
  role: string;
  json: JsonObject | null;
}
interface Section {
  section: string;
  title: string;
  disclosures: ExtractedDisclosure[];
  decoy_digests: string[];
  compact_serializations: Compact[];
  json_blocks: JsonBlock[];
}
interface Extracted {
  issuer_public_jwk: JWK;
  sections: Section[];
  inline_disclosure_examples: { section: string; disclosure: string; decoded_json_text?: string; published_digest?: string }[];
}

const vectors = loadJson<Extracted>('sd-jwt/spec-examples.extracted.json');
const issuerKey = vectors.issuer_public_jwk;
const NONCE = '1234567890';
const AUD = 'https://verifier.example.org';
const KB_IAT = 1748536865;

const sdJwts = vectors.sections.flatMap((s) =>
  s.compact_serializations.filter((c) => !c.check.is_plain_issuer_signed_jwt).map((c) => ({ section: s.section, ...c })),
);

function optionsFor(token: string) {
  const kb = !token.endsWith('~');
  return { issuerKey, now: KB_IAT, ...(kb ? { nonce: NONCE, aud: AUD } : {}) };
}

describe('RFC 9901 spec examples', () => {
  it('has the expected shape (guards against an empty or truncated vector file)', () => {
    expect(vectors.sections.reduce((n, s) => n + s.disclosures.length, 0)).toBe(87);
    expect(sdJwts.length).toBe(8);
    expect(vectors.sections.flatMap((s) => s.compact_serializations).length).toBe(9);
  });

  describe('(a) every Disclosure decodes and hashes to its published digest', () => {
    for (const s of vectors.sections.filter((x) => x.disclosures.length > 0)) {
      it(`§${s.section} (${s.disclosures.length} disclosures)`, async () => {
        for (const d of s.disclosures) {
          expect(await computeDisclosureDigest(d.disclosure)).toBe(d.digest);
          const decoded = await decodeDisclosure(d.disclosure);
          expect(decoded.digest).toBe(d.digest);
          expect(decoded.encoded).toBe(d.disclosure);
          if (d.kind === 'object_property') {
            expect([decoded.salt, decoded.name, decoded.value]).toEqual(d.decoded);
            expect(decoded.name).toBe(d.claim_name);
          } else {
            expect(decoded.name).toBeUndefined();
            expect([decoded.salt, decoded.value]).toEqual(d.decoded);
          }
        }
      });
    }
  });

  describe('(b) every compact Issuer-signed JWT verifies with the A.5 key', () => {
    for (const s of vectors.sections) {
      s.compact_serializations.forEach((c, i) => {
        it(`§${s.section} #${i}`, async () => {
          const jwt = c.value.split('~')[0]!;
          const out = await verifyJwt(jwt, { key: issuerKey, algorithms: ['ES256'] });
          expect(out.header.alg).toBe('ES256');
          if (c.check.issuer_header) expect(out.header).toEqual(c.check.issuer_header);
        });
      });
    }
  });

  describe('(c) SD-JWT+KB presentations verify with nonce, aud and the KB iat', () => {
    const withKb = sdJwts.filter((c) => !c.value.endsWith('~'));
    it('there are three', () => expect(withKb.map((c) => c.section)).toEqual(['5.2', 'A.3', 'A.4']));
    for (const c of withKb) {
      it(`§${c.section}`, async () => {
        const out = await verifySdJwt(c.value, { issuerKey, nonce: NONCE, aud: AUD, now: KB_IAT });
        expect(out.kb?.header.typ).toBe('kb+jwt');
        expect(out.kb?.payload).toEqual(c.check.kb_payload);
        expect(out.kb?.payload.sd_hash).toBe(c.check.sd_hash_expected);
        expect(await computeSdHash(c.value)).toBe(c.check.sd_hash_expected);
        expect(await computeSdHash(c.value.slice(0, c.value.lastIndexOf('~') + 1))).toBe(c.check.sd_hash_expected);
        const decoded = await decodeSdJwt(c.value);
        expect(decoded.kbJwt?.payload.iat).toBe(KB_IAT);
      });
    }
  });

  describe('(d) processing each presentation gives the published Processed SD-JWT Payload', () => {
    const withExpected = vectors.sections.filter((s) => s.json_blocks.some((b) => b.role === 'expected_processed_payload'));
    it('covers §5.2, A.1, A.2, A.3, A.4', () => expect(withExpected.map((s) => s.section)).toEqual(['5.2', 'A.1', 'A.2', 'A.3', 'A.4']));
    for (const s of withExpected) {
      it(`§${s.section}`, async () => {
        const expected = s.json_blocks.find((b) => b.role === 'expected_processed_payload')!.json;
        // §5.2 has no Disclosures of its own; it presents the SD-JWT of §5.1
        const presentations = s.compact_serializations;
        const last = presentations[presentations.length - 1]!;
        const out = await verifySdJwt(last.value, optionsFor(last.value));
        expect(out.payload).toEqual(expected);
      });
    }
    for (const c of sdJwts) {
      it(`§${c.section}: ${c.introduced_by.slice(0, 60)}…`, async () => {
        const out = await verifySdJwt(c.value, optionsFor(c.value));
        expect(out.payload).toEqual(c.check.processed);
        expect(JSON.stringify(out.payload)).not.toMatch(/"_sd"|"_sd_alg"|"\.\.\."/);
        // every presented Disclosure is reported where it landed
        const decoded = await decodeSdJwt(c.value);
        expect(out.disclosures.map((d) => d.disclosure.digest).sort()).toEqual(decoded.disclosures.map((d) => d.digest).sort());
      });
    }
  });

  it('the Issuer-signed payloads are the published ones, and the §5.1 SD-JWT places its Disclosures where the spec says', async () => {
    for (const s of vectors.sections) {
      const payloadBlock = s.json_blocks.find((b) => b.role === 'issuer_signed_jwt_payload');
      const issued = s.compact_serializations.find((c) => !c.check.is_plain_issuer_signed_jwt && c.value.endsWith('~'));
      if (!payloadBlock || !issued) continue;
      const decoded = await decodeSdJwt(issued.value);
      expect(decoded.jwt.payload).toEqual(payloadBlock.json);
    }
    const s51 = vectors.sections.find((s) => s.section === '5.1')!;
    const out = await verifySdJwt(s51.compact_serializations[1]!.value, { issuerKey, now: KB_IAT });
    const paths = out.disclosures.map((d) => d.path);
    expect(paths).toContainEqual(['given_name']);
    expect(paths).toContainEqual(['nationalities', 0]);
    expect(paths).toContainEqual(['nationalities', 1]);
    expect(paths).toHaveLength(10);
  });

  it('A.1 decoy digests are in the payload, match no Disclosure, and are ignored', async () => {
    const a1 = vectors.sections.find((s) => s.section === 'A.1')!;
    expect(a1.decoy_digests).toHaveLength(6);
    const payload = a1.json_blocks.find((b) => b.role === 'issuer_signed_jwt_payload')!.json!;
    const text = JSON.stringify(payload);
    const digests = new Set(a1.disclosures.map((d) => d.digest));
    for (const decoy of a1.decoy_digests) {
      expect(text).toContain(decoy);
      expect(digests.has(decoy)).toBe(false);
    }
    const presentation = a1.compact_serializations[0]!.value;
    const out = await verifySdJwt(presentation, { issuerKey, now: KB_IAT });
    expect(out.payload.address).toEqual({ region: '港区', country: 'JP' });
  });

  it('(f) the Möbius variants decode to the same claim but hash differently; the published digest matches the first', async () => {
    const variants = vectors.inline_disclosure_examples.filter((x) => x.section === '4.2.1');
    expect(variants).toHaveLength(4);
    const decoded = await Promise.all(variants.map((v) => decodeDisclosure(v.disclosure)));
    for (const d of decoded) {
      expect(d.name).toBe('family_name');
      expect(d.value).toBe('Möbius');
      expect(d.salt).toBe('_26bc4LT-ac6q2KI6cBW5es');
    }
    expect(new Set(decoded.map((d) => d.digest)).size).toBe(4);
    expect(decoded[0]!.digest).toBe('X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0');
    expect(variants[0]!.published_digest).toBe('X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0');
  });

  it('(g) the "FR" array-element Disclosure has the published digest', async () => {
    const fr = vectors.inline_disclosure_examples.find((x) => x.section === '4.2.2')!;
    const d = await decodeDisclosure(fr.disclosure);
    expect(d.name).toBeUndefined();
    expect(d.value).toBe('FR');
    expect(d.digest).toBe('w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs');
    expect(fr.published_digest).toBe(d.digest);
  });
});
