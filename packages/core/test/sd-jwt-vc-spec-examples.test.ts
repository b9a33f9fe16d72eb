/**
 * The published examples of SD-JWT VC (editor's copy, 21 Aug 2026) as extracted in
 * test/vectors/sd-jwt-vc/spec-examples.extracted.json (INDEX.md group 2), and round trips of the
 * spec generator inputs in test/vectors/sd-jwt-vc/spec-repo-examples/ through issueSdJwtVc.
 */
import { describe, expect, it } from 'vitest';
import {
  computeDisclosureDigest,
  decodeDisclosure,
  decodeSdJwt,
  issueSdJwtVc,
  presentSdJwt,
  signingKeyFromJwk,
  verifyJwt,
  verifySdJwtVc,
  type JWK,
  type JsonObject,
  type SdJwtVcPayload,
} from '@elicense/core';
import { loadJson, readVector } from './helpers.js';
import { expectedClaims, parseSpecification, pythonHolderSelection, sdPaths, toFrame, toValue } from './sd-yaml.js';

interface Section {
  section: string;
  disclosures: { kind: string; digest: string; disclosure: string; decoded: unknown[] }[];
  compact_serializations: { introduced_by: string; value: string; check: { processed: JsonObject; kb_payload?: JsonObject; sd_hash_expected?: string; issuer_header: JsonObject } }[];
  json_blocks: { role: string; json: JsonObject | null }[];
}
const vectors = loadJson<{ issuer_public_jwk: JWK; sections: Section[] }>('sd-jwt-vc/spec-examples.extracted.json');
const issuerKey = vectors.issuer_public_jwk;
const NONCE = '1234567890';
const AUD = 'https://example.com/verifier';
const KB_IAT = 1787325881;
const compacts = vectors.sections.flatMap((s) => s.compact_serializations.map((c) => ({ section: s.section, ...c })));

function optionsFor(token: string) {
  return { issuerKey, now: KB_IAT, ...(token.endsWith('~') ? {} : { nonce: NONCE, aud: AUD }) };
}

describe('SD-JWT VC spec examples', () => {
  it('has 37 disclosures and 5 compact serializations', () => {
    expect(vectors.sections.reduce((n, s) => n + s.disclosures.length, 0)).toBe(37);
    expect(compacts).toHaveLength(5);
  });

  it('(a) every Disclosure hashes to its published digest', async () => {
    for (const s of vectors.sections) {
      for (const d of s.disclosures) {
        expect(await computeDisclosureDigest(d.disclosure)).toBe(d.digest);
        const decoded = await decodeDisclosure(d.disclosure);
        expect(d.kind === 'object_property' ? [decoded.salt, decoded.name, decoded.value] : [decoded.salt, decoded.value]).toEqual(d.decoded);
      }
    }
  });

  for (const c of compacts) {
    describe(`§${c.section}: ${c.introduced_by.slice(0, 50)}…`, () => {
      it('(b) the Issuer-signed JWT verifies; typ is dc+sd-jwt; iss, iat, exp, vct, cnf are plaintext', async () => {
        const jwt = await verifyJwt(c.value.split('~')[0]!, { key: issuerKey, algorithms: ['ES256'], typ: 'dc+sd-jwt' });
        expect(jwt.header).toEqual(c.check.issuer_header);
        for (const claim of ['iss', 'iat', 'exp', 'vct']) expect(Object.hasOwn(jwt.payload, claim), claim).toBe(true);
        if (c.check.processed.cnf !== undefined) expect(jwt.payload.cnf).toEqual(c.check.processed.cnf);
      });
      it('(c, d) verifies as an SD-JWT VC and yields the processed payload', async () => {
        const out = await verifySdJwtVc(c.value, { ...optionsFor(c.value), vct: c.check.processed.vct as string });
        expect(out.payload).toEqual(c.check.processed);
        expect(out.vct).toBe(c.check.processed.vct);
        expect(out.iss).toBe(c.check.processed.iss);
        for (const d of out.disclosures) expect(['iss', 'iat', 'exp', 'vct', 'cnf', 'status']).not.toContain(d.path[0]);
        if (!c.value.endsWith('~')) {
          expect(out.kb?.header.typ).toBe('kb+jwt');
          expect(out.kb?.payload).toEqual(c.check.kb_payload);
          expect(out.kb?.payload.sd_hash).toBe(c.check.sd_hash_expected);
          expect(out.kb?.payload.iat).toBe(KB_IAT);
        }
      });
    });
  }

  describe('(d) the published processed payloads', () => {
    for (const s of vectors.sections.filter((x) => x.json_blocks.some((b) => b.role === 'expected_processed_payload'))) {
      it(`§${s.section}`, async () => {
        const expected = s.json_blocks.filter((b) => b.role === 'expected_processed_payload').map((b) => b.json);
        // each published payload belongs to the presentations of its section, in order, counted from the end
        const presentations = s.compact_serializations.slice(-expected.length);
        expect(presentations).toHaveLength(expected.length);
        for (let i = 0; i < expected.length; i++) {
          const p = presentations[i]!;
          const out = await verifySdJwtVc(p.value, optionsFor(p.value));
          expect(out.payload).toEqual(expected[i]);
        }
      });
    }
  });
});

interface Settings {
  identifiers: { issuer: string; verifier: string };
  key_settings: { issuer_key: JWK; holder_key: JWK };
  key_binding_nonce: string;
  iat: number;
  exp: number;
}

describe('SD-JWT VC spec generator inputs (round trip through issueSdJwtVc)', () => {
  const settings = parseSpecification(`${readVector('sd-jwt-vc/spec-repo-examples/settings.yml')}\nuser_claims: {}\n`).data as unknown as Settings;
  const { d: _d, ...issuerPublic } = settings.key_settings.issuer_key;
  const { d: _h, ...holderPublic } = settings.key_settings.holder_key;
  const published: Record<string, () => JsonObject> = {
    '01': () => vectors.sections.find((s) => s.section === '2.3.2')!.json_blocks.filter((b) => b.role === 'expected_processed_payload')[0]!.json!,
    '02': () => vectors.sections.find((s) => s.section === '2.3.2')!.json_blocks.filter((b) => b.role === 'expected_processed_payload')[1]!.json!,
    '03-pid': () => vectors.sections.find((s) => s.section === 'A.1')!.json_blocks.find((b) => b.role === 'expected_processed_payload')!.json!,
  };
  for (const name of ['01', '02', '03-pid']) {
    it(name, async () => {
      const { data: spec, claims } = parseSpecification(readVector(`sd-jwt-vc/spec-repo-examples/${name}/specification.yml`));
      const keyBinding = spec.key_binding === true;
      const payload = { iss: settings.identifiers.issuer, iat: settings.iat, exp: settings.exp, ...(toValue(claims) as JsonObject) } as SdJwtVcPayload;
      if (keyBinding) payload.cnf = { jwk: holderPublic };
      const frame = toFrame(claims);
      const issued = await issueSdJwtVc(payload, { signer: signingKeyFromJwk(settings.key_settings.issuer_key), ...(frame ? { frame } : {}), header: (spec.extra_header_parameters ?? {}) as JsonObject });
      const decoded = await decodeSdJwt(issued);
      expect(decoded.jwt.header.typ).toBe('dc+sd-jwt');
      for (const [k, v] of Object.entries((spec.extra_header_parameters ?? {}) as JsonObject)) expect(decoded.jwt.header[k]).toEqual(v);

      const disclosed = pythonHolderSelection(claims, spec.holder_disclosed_claims);
      const withheld = sdPaths(claims).filter((p) => !disclosed.some((d) => d.join('\u0000') === p.join('\u0000')));
      const presentation = await presentSdJwt(issued, {
        reveal: disclosed,
        exclude: withheld,
        ...(keyBinding ? { keyBinding: { signer: signingKeyFromJwk(settings.key_settings.holder_key), nonce: settings.key_binding_nonce, aud: settings.identifiers.verifier, iat: KB_IAT } } : {}),
      });
      const out = await verifySdJwtVc(presentation, {
        issuerKey: issuerPublic,
        now: KB_IAT,
        vct: payload.vct,
        ...(keyBinding ? { nonce: settings.key_binding_nonce, aud: settings.identifiers.verifier } : {}),
      });
      expect(out.payload).toEqual(published[name]!());
      const { iss: _i, iat: _t, exp: _e, cnf: _c, ...rest } = out.payload;
      const { iss: _i2, ...reference } = expectedClaims(claims, disclosed) as JsonObject;
      expect(rest).toEqual(reference);
    });
  }
});
