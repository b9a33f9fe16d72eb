/**
 * Round trips of the generator inputs of the SD-JWT spec (oauth-wg examples/) and of sd-jwt-python's
 * end-to-end test cases: issue `user_claims` (with `!sd` tags turned into a frame) with the settings.yml
 * Issuer key, present `holder_disclosed_claims` (with key binding when asked), verify, and compare with
 * the expected claims — the published Processed SD-JWT Payload where the spec shows one,
 * `expect_verified_user_claims` for sd-jwt-python, and an independent reference otherwise.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeSdJwt,
  issueSdJwt,
  presentSdJwt,
  signingKeyFromJwk,
  verifySdJwt,
  type DisclosureFrame,
  type JWK,
  type JsonObject,
} from '@elicense/core';
import { loadJson, readVector } from './helpers.js';
import { expectedClaims, parseSpecification, pythonHolderSelection, sdPaths, toFrame, toValue, type Annotated } from './sd-yaml.js';

/** Inputs whose feature elicense does not implement: the JWS JSON Serialization (RFC 9901 §8, optional). */
const UNSUPPORTED: Record<string, string> = {
  'spec-repo-examples/json_serialization_flattened': 'JWS JSON Serialization (RFC 9901 §8.2)',
  'spec-repo-examples/json_serialization_general': 'JWS JSON Serialization (RFC 9901 §8.3)',
  'sd-jwt-python-testcases/json_serialization_flattened': 'JWS JSON Serialization (RFC 9901 §8.2)',
  'sd-jwt-python-testcases/json_serialization_general': 'JWS JSON Serialization (RFC 9901 §8.3)',
};

/** spec-repo example → the section of spec-examples.extracted.json whose Processed SD-JWT Payload it produces. */
const PUBLISHED: Record<string, string> = { simple: '5.2', simple_structured: 'A.1', complex_ekyc: 'A.2', 'arf-pid': 'A.3', jsonld: 'A.4' };

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
}

async function runCase(dir: string, name: string, defaults: 'generator' | 'python'): Promise<RunResult & { spec: Record<string, unknown> }> {
  const settings = settingsOf(dir);
  const { data: spec, claims } = parseSpecification(readVector(`sd-jwt/${dir}/${name}/specification.yml`));
  const keyBinding = spec.key_binding === true;
  const issuerJwk = settings.key_settings.issuer_keys[0]!;
  const holderJwk = settings.key_settings.holder_key;
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
  const verified = await verifySdJwt(presentation, {
    issuerKey: publicOf(issuerJwk),
    now: NOW,
    ...(keyBinding ? { nonce: settings.key_binding_nonce, aud: settings.identifiers.verifier } : { requireKeyBinding: false }),
  });
  expect(verified.disclosures).toHaveLength(disclosed.length);
  expect((await decodeSdJwt(presentation)).disclosures).toHaveLength(disclosed.length);
  if (keyBinding) expect(verified.kb?.payload.nonce).toBe(settings.key_binding_nonce);
  else expect(verified.kb).toBeUndefined();

  const reference: JsonObject = { ...base, ...(expectedClaims(claims, disclosed) as JsonObject) };
  if (keyBinding) reference.cnf = { jwk: publicOf(holderJwk) };
  return { verified: verified.payload, header: verified.header, reference, spec };
}

describe('spec generator inputs (oauth-wg examples/)', () => {
  const published = loadJson<{ sections: { section: string; json_blocks: { role: string; json: JsonObject }[] }[] }>('sd-jwt/spec-examples.extracted.json');
  const cases = listCases('spec-repo-examples');
  it('lists all 15 inputs', () => expect(cases).toHaveLength(15));
  for (const name of cases) {
    const id = `spec-repo-examples/${name}`;
    if (UNSUPPORTED[id]) continue;
    it(name, async () => {
      const { verified, header, reference, spec } = await runCase('spec-repo-examples', name, 'generator');
      expect(verified).toEqual(reference);
      const section = PUBLISHED[name];
      if (section) {
        const expected = published.sections.find((s) => s.section === section)!.json_blocks.find((b) => b.role === 'expected_processed_payload')!.json;
        expect(verified).toEqual(expected);
      }
      for (const [k, v] of Object.entries((spec.extra_header_parameters ?? {}) as JsonObject)) expect(header[k]).toEqual(v);
    });
  }
  it('the unsupported inputs exist and are the JSON serialization ones', () => {
    for (const id of Object.keys(UNSUPPORTED).filter((k) => k.startsWith('spec-repo-examples/'))) {
      const spec = parseSpecification(readVector(`sd-jwt/${id}/specification.yml`)).data;
      expect(spec.serialization_format).toBe('json');
    }
  });
});

describe('sd-jwt-python end-to-end test cases', () => {
  const cases = listCases('sd-jwt-python-testcases');
  it('lists all 17 cases', () => expect(cases).toHaveLength(17));
  for (const name of cases) {
    const id = `sd-jwt-python-testcases/${name}`;
    if (UNSUPPORTED[id]) continue;
    it(name, async () => {
      const { verified, header, reference, spec } = await runCase('sd-jwt-python-testcases', name, 'python');
      const settings = settingsOf('sd-jwt-python-testcases');
      const expected: JsonObject = { ...(spec.expect_verified_user_claims as JsonObject), iss: settings.identifiers.issuer };
      if (spec.key_binding === true) expected.cnf = { jwk: publicOf(settings.key_settings.holder_key) };
      expect(verified).toEqual(expected);
      expect(verified).toEqual(reference);
      for (const [k, v] of Object.entries((spec.extra_header_parameters ?? {}) as JsonObject)) expect(header[k]).toEqual(v);
    });
  }
  it('the unsupported cases exist and are the JSON serialization ones', () => {
    for (const id of Object.keys(UNSUPPORTED).filter((k) => k.startsWith('sd-jwt-python-testcases/'))) {
      const spec = parseSpecification(readVector(`sd-jwt/${id}/specification.yml`)).data;
      expect(spec.serialization_format).toBe('json');
    }
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
