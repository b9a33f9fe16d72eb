/**
 * Round trips of the generator inputs of the SD-JWT spec (oauth-wg examples/) and of sd-jwt-python's
 * end-to-end test cases: issue `user_claims` (with `!sd` tags turned into a frame) with the settings.yml
 * Issuer key, present `holder_disclosed_claims` (with key binding when asked), verify, and compare with
 * the expected claims — the published Processed SD-JWT Payload where the spec shows one,
 * `expect_verified_user_claims` for sd-jwt-python, and an independent reference otherwise. Inputs with
 * `serialization_format: json` are presented in the JWS JSON Serialization (RFC 9901 §8): flattened with one
 * Issuer key, general with one signature per Issuer key (`kid` in the unprotected header, as in §8.3).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeSdJwt,
  encodeBase64url,
  issueSdJwt,
  presentSdJwt,
  sdJwtCompactToJson,
  sdJwtJsonToCompact,
  signingKeyFromJwk,
  verifySdJwt,
  verifySdJwtJson,
  type DisclosureFrame,
  type JWK,
  type JsonObject,
  type SdJwtJson,
  type VerifiedSdJwt,
  type VerifySdJwtOptions,
} from '@elicense/core';
import { loadJson, readVector } from './helpers.js';
import { expectedClaims, parseSpecification, pythonHolderSelection, sdPaths, toFrame, toValue, type Annotated } from './sd-yaml.js';

/** Inputs in the JWS JSON Serialization (RFC 9901 §8), by the form they end up in. */
const JSON_SERIALIZATION: Record<string, 'flattened' | 'general'> = {
  'spec-repo-examples/json_serialization_flattened': 'flattened',
  'spec-repo-examples/json_serialization_general': 'general',
  'sd-jwt-python-testcases/json_serialization_flattened': 'flattened',
  'sd-jwt-python-testcases/json_serialization_general': 'general',
};

/** spec-repo example → the section of spec-examples.extracted.json whose Processed SD-JWT Payload it produces. */
const PUBLISHED: Record<string, string> = { simple: '5.2', simple_structured: 'A.1', complex_ekyc: 'A.2', 'arf-pid': 'A.3', jsonld: 'A.4' };

/** spec-repo JSON serialization example → the section and JWS JSON block (with Key Binding) whose processed payload it produces. */
const PUBLISHED_JSON: Record<string, [string, number]> = { json_serialization_flattened: ['8.2', 1], json_serialization_general: ['8.3', 0] };

interface Settings {
  identifiers: { issuer: string; verifier: string };
  key_settings: { issuer_keys: JWK[]; holder_key: JWK };
  key_binding_nonce: string;
  iat: number;
  exp: number;
}

const NOW = 1_748_536_865;

function listCases(dir: string): string[] {
  return readdirSync(new URL(`../../../test/vectors/sd-jwt/${dir}/`, import.meta.url), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function settingsOf(dir: string): Settings {
  return parseSpecification(`${readVector(`sd-jwt/${dir}/settings.yml`)}\nuser_claims: {}\n`).data as unknown as Settings;
}

function publicOf(jwk: JWK): JWK {
  const { d: _d, ...pub } = jwk;
  return pub;
}

function withDecoys(frame: DisclosureFrame | undefined, n: number): DisclosureFrame | undefined {
  if (!frame) return frame;
  const out: DisclosureFrame = {};
  for (const [k, v] of Object.entries(frame)) out[k] = k === '_sd' ? v : withDecoys(v as DisclosureFrame, n);
  if (frame._sd) out._sd_decoy = n;
  return out;
}

interface RunResult {
  verified: JsonObject;
  header: JsonObject;
  reference: unknown;
  /** The JWS JSON Serialization presented, for `serialization_format: json`. */
  json?: SdJwtJson;
}

/** The Issuer and Holder keys of a case: settings.yml, overridden by the case's `settings_override`. */
function keysOf(settings: Settings, spec: Record<string, unknown>): { issuerJwks: JWK[]; holderJwk: JWK } {
  const override = (spec.settings_override ?? {}) as { key_settings?: Partial<Settings['key_settings']>; issuer_keys?: JWK[] };
  return {
    issuerJwks: override.key_settings?.issuer_keys ?? override.issuer_keys ?? settings.key_settings.issuer_keys,
    holderJwk: override.key_settings?.holder_key ?? settings.key_settings.holder_key,
  };
}

/**
 * The presentation in the JWS JSON Serialization: flattened for one Issuer key, general for several —
 * the first signature is the compact one (with the Disclosures and KB-JWT in its unprotected header),
 * each further key signs the same protected header and payload. `kid`s go in the unprotected headers.
 */
async function toJsonSerialization(presentation: string, issuerJwks: JWK[]): Promise<SdJwtJson> {
  const flat = sdJwtCompactToJson(presentation);
  const kid = (jwk: JWK): JsonObject => (typeof jwk.kid === 'string' ? { kid: jwk.kid } : {});
  if (issuerJwks.length === 1) return { ...flat, header: { ...flat.header, ...kid(issuerJwks[0]!) } };
  const more = await Promise.all(
    issuerJwks.slice(1).map(async (jwk) => {
      const signature = await signingKeyFromJwk(jwk).sign(new TextEncoder().encode(`${flat.protected}.${flat.payload}`));
      return { protected: flat.protected, signature: encodeBase64url(signature), header: kid(jwk) };
    }),
  );
  return { payload: flat.payload, signatures: [{ protected: flat.protected, signature: flat.signature, header: { ...flat.header, ...kid(issuerJwks[0]!) } }, ...more] };
}

async function runCase(dir: string, name: string, defaults: 'generator' | 'python'): Promise<RunResult & { spec: Record<string, unknown> }> {
  const settings = settingsOf(dir);
  const { data: spec, claims } = parseSpecification(readVector(`sd-jwt/${dir}/${name}/specification.yml`));
  const keyBinding = spec.key_binding === true;
  const { issuerJwks, holderJwk } = keysOf(settings, spec);
  const issuerJwk = issuerJwks[0]!;
  const userClaims = toValue(claims) as JsonObject;

  // the spec generator adds iss, iat, exp unless include_default_claims is false; sd-jwt-python's tests add iss
  const base: JsonObject = {};
  if (defaults === 'python') base.iss = settings.identifiers.issuer;
  else if (spec.include_default_claims !== false) Object.assign(base, { iss: settings.identifiers.issuer, iat: settings.iat, exp: settings.exp });
  const payload: JsonObject = { ...base, ...userClaims };
  if (keyBinding) payload.cnf = { jwk: publicOf(holderJwk) };

  const frame = spec.add_decoy_claims === true ? withDecoys(toFrame(claims), 2) : toFrame(claims);
  const header = (spec.extra_header_parameters ?? {}) as JsonObject;
  const issued = await issueSdJwt(payload, { signer: signingKeyFromJwk(issuerJwk), ...(frame ? { frame } : {}), header });

  const disclosed = pythonHolderSelection(claims, spec.holder_disclosed_claims);
  const withheld = sdPaths(claims).filter((p) => !disclosed.some((d) => d.length === p.length && d.every((c, i) => c === p[i])));
  const presentation = await presentSdJwt(issued, {
    reveal: disclosed,
    exclude: withheld,
    ...(keyBinding
      ? { keyBinding: { signer: signingKeyFromJwk(holderJwk), nonce: settings.key_binding_nonce, aud: settings.identifiers.verifier, iat: NOW } }
      : {}),
  });
  const options: VerifySdJwtOptions = {
    issuerKey: publicOf(issuerJwk),
    now: NOW,
    ...(keyBinding ? { nonce: settings.key_binding_nonce, aud: settings.identifiers.verifier } : { requireKeyBinding: false }),
  };
  let verified: VerifiedSdJwt;
  let json: SdJwtJson | undefined;
  if (spec.serialization_format === 'json') {
    json = await toJsonSerialization(presentation, issuerJwks);
    expect(sdJwtJsonToCompact(json)).toBe(presentation);
    const byKid = (header: JsonObject): JWK => publicOf(issuerJwks.find((k) => k.kid !== undefined && k.kid === header.kid) ?? issuerJwk);
    verified = await verifySdJwtJson(JSON.stringify(json), { ...options, issuerKey: byKid });
    // every Issuer key on its own verifies its signature
    for (const [i, jwk] of issuerJwks.entries()) {
      expect((await verifySdJwtJson(json, { ...options, issuerKey: publicOf(jwk) })).signatureIndex).toBe(i);
    }
  } else {
    verified = await verifySdJwt(presentation, options);
  }
  expect(verified.disclosures).toHaveLength(disclosed.length);
  expect((await decodeSdJwt(presentation)).disclosures).toHaveLength(disclosed.length);
  if (keyBinding) expect(verified.kb?.payload.nonce).toBe(settings.key_binding_nonce);
  else expect(verified.kb).toBeUndefined();

  const reference: JsonObject = { ...base, ...(expectedClaims(claims, disclosed) as JsonObject) };
  if (keyBinding) reference.cnf = { jwk: publicOf(holderJwk) };
  return { verified: verified.payload, header: verified.header, reference, spec, ...(json === undefined ? {} : { json }) };
}

/** The form of a JSON-serialized case: flattened objects have `signature`, general ones `signatures`. */
function formOf(json: SdJwtJson | undefined): 'flattened' | 'general' | undefined {
  if (json === undefined) return undefined;
  return 'signatures' in json ? 'general' : 'flattened';
}

describe('spec generator inputs (oauth-wg examples/)', () => {
  const published = loadJson<{ sections: { section: string; json_blocks: { role: string; json: JsonObject; check?: { processed?: JsonObject } }[] }[] }>(
    'sd-jwt/spec-examples.extracted.json',
  );
  const cases = listCases('spec-repo-examples');
  it('lists all 15 inputs', () => expect(cases).toHaveLength(15));
  for (const name of cases) {
    const id = `spec-repo-examples/${name}`;
    it(name, async () => {
      const { verified, header, reference, spec, json } = await runCase('spec-repo-examples', name, 'generator');
      expect(formOf(json)).toBe(JSON_SERIALIZATION[id]);
      expect(verified).toEqual(reference);
      const section = PUBLISHED[name];
      if (section) {
        const expected = published.sections.find((s) => s.section === section)!.json_blocks.find((b) => b.role === 'expected_processed_payload')!.json;
        expect(verified).toEqual(expected);
      }
      const jsonBlock = PUBLISHED_JSON[name];
      if (jsonBlock) {
        const [jsonSection, index] = jsonBlock;
        const blocks = published.sections.find((s) => s.section === jsonSection)!.json_blocks.filter((b) => b.role === 'jws_json_serialization');
        expect(verified).toEqual(blocks[index]!.check!.processed);
      }
      for (const [k, v] of Object.entries((spec.extra_header_parameters ?? {}) as JsonObject)) expect(header[k]).toEqual(v);
    });
  }
  it('the JSON serialization inputs are exactly those with serialization_format json', () => {
    const json = cases.filter((name) => parseSpecification(readVector(`sd-jwt/spec-repo-examples/${name}/specification.yml`)).data.serialization_format === 'json');
    expect(json.map((name) => `spec-repo-examples/${name}`)).toEqual(Object.keys(JSON_SERIALIZATION).filter((k) => k.startsWith('spec-repo-examples/')));
  });
});

describe('sd-jwt-python end-to-end test cases', () => {
  const cases = listCases('sd-jwt-python-testcases');
  it('lists all 17 cases', () => expect(cases).toHaveLength(17));
  for (const name of cases) {
    const id = `sd-jwt-python-testcases/${name}`;
    it(name, async () => {
      const { verified, header, reference, spec, json } = await runCase('sd-jwt-python-testcases', name, 'python');
      expect(formOf(json)).toBe(JSON_SERIALIZATION[id]);
      const settings = settingsOf('sd-jwt-python-testcases');
      const expected: JsonObject = { ...(spec.expect_verified_user_claims as JsonObject), iss: settings.identifiers.issuer };
      if (spec.key_binding === true) expected.cnf = { jwk: publicOf(settings.key_settings.holder_key) };
      expect(verified).toEqual(expected);
      expect(verified).toEqual(reference);
      for (const [k, v] of Object.entries((spec.extra_header_parameters ?? {}) as JsonObject)) expect(header[k]).toEqual(v);
    });
  }
  it('the JSON serialization cases are exactly those with serialization_format json', () => {
    const json = cases.filter((name) => parseSpecification(readVector(`sd-jwt/sd-jwt-python-testcases/${name}/specification.yml`)).data.serialization_format === 'json');
    expect(json.map((name) => `sd-jwt-python-testcases/${name}`)).toEqual(Object.keys(JSON_SERIALIZATION).filter((k) => k.startsWith('sd-jwt-python-testcases/')));
  });
});

describe('the !sd reader', () => {
  it('keeps types of tagged scalars and quoted keys', () => {
    const { claims } = parseSpecification('user_claims:\n  a:\n    - !sd null\n    - !sd 42\n    - !sd "True"\n    - !sd True\n  !sd "3.14": x\n');
    expect(toValue(claims)).toEqual({ a: [null, 42, 'True', true], '3.14': 'x' });
    expect(toFrame(claims)).toEqual({ _sd: ['3.14'], a: { _sd: [0, 1, 2, 3] } });
    const ann = claims as Extract<Annotated, { kind: 'map' }>;
    expect(ann.entries.map((e) => e.sd)).toEqual([false, true]);
  });
});
