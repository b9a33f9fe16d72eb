import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeCredential, validateJwtCredentialPayload, verifyCredential } from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import { generateKeyPair, signJwt, signingKeyFromJwk, type JsonObject, type SigningKey } from '@elicense/core';
import { didKeyFromJwk, getResolver } from '@elicense/did';
import { NOW, Verifier, clock, resolver } from './helpers.js';

const BASE_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
const VC = { '@context': [BASE_CONTEXT], type: ['VerifiableCredential', 'ResidentIdCard'], credentialSubject: { age_over_18: true } };

/** A did:key issuer that signs any payload, and a verifier trusting it. */
async function world(alg: 'ES256' | 'EdDSA' = 'ES256') {
  const pair = await generateKeyPair(alg, { extractable: true });
  const did = didKeyFromJwk(pair.publicJwk);
  const key: SigningKey = signingKeyFromJwk(pair.privateJwk!, `${did}#${did.slice(8)}`);
  const sign = (payload: JsonObject, header: JsonObject = { typ: 'JWT' }) => signJwt(header, { iss: did, ...payload }, key);
  const verifier = new Verifier({ trustedIssuers: [did], resolver, now: clock });
  return { did, sign, verifier };
}

const didJwtResolver = new Resolver(getResolver());

/** did-jwt-vc's verdict on a VC JWT, at NOW. */
async function didJwtVcAccepts(jwt: string): Promise<boolean> {
  try {
    await verifyCredential(jwt, didJwtResolver, { policies: { now: NOW } });
    return true;
  } catch {
    return false;
  }
}

/**
 * What this verifier's format and validity_period checks gave when they ran did-jwt-vc's own
 * `validateJwtCredentialPayload` and `normalizeCredential`: the oracle the VCDM 1.1 rules must match.
 */
function oracle(jwt: string, payload: JsonObject): { format: boolean; validity?: string } {
  try {
    validateJwtCredentialPayload(payload as never);
  } catch {
    return { format: false };
  }
  let normalized: ReturnType<typeof normalizeCredential>;
  try {
    normalized = normalizeCredential(jwt);
  } catch {
    return { format: true, validity: 'ERR_TOKEN_MALFORMED' };
  }
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : typeof payload.iat === 'number' ? payload.iat : undefined;
  let exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  if (exp === undefined && typeof normalized.expirationDate === 'string') {
    const ms = Date.parse(normalized.expirationDate);
    if (!Number.isNaN(ms)) exp = Math.floor(ms / 1000);
  }
  if (nbf !== undefined && nbf > NOW) return { format: true, validity: 'ERR_CREDENTIAL_NOT_YET_VALID' };
  if (exp !== undefined && exp <= NOW) return { format: true, validity: 'ERR_CREDENTIAL_EXPIRED' };
  return { format: true, validity: 'ok' };
}

describe('VCDM 1.1 JWT rules (interop with did-jwt-vc)', () => {
  it('accepts every VC JWT that did-jwt-vc verifyCredential accepts (ES256 and EdDSA)', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const { did, sign, verifier } = await world(alg);
      const shapes: JsonObject[] = [
        { nbf: NOW, vc: VC },
        { iat: NOW, vc: VC },
        { nbf: NOW - 60, exp: NOW + 3600, jti: 'urn:uuid:1', sub: 'did:example:holder', vc: VC },
        { nbf: NOW, vc: { ...VC, '@context': BASE_CONTEXT, type: ['ResidentIdCard', 'VerifiableCredential'] } },
        { nbf: NOW, vc: { ...VC, '@context': ['https://example.org/licences/v1', BASE_CONTEXT] } },
        { nbf: NOW, expirationDate: new Date((NOW + 86_400) * 1000).toISOString(), vc: VC },
        { nbf: NOW, vc: { ...VC, credentialSubject: { id: 'did:example:holder', age_over_18: true } } },
        { nbf: NOW, exp: NOW + 60, issuanceDate: new Date((NOW - 60) * 1000).toISOString(), vc: VC },
      ];
      for (const shape of shapes) {
        const jwt = await sign(shape);
        expect(await didJwtVcAccepts(jwt), JSON.stringify(shape)).toBe(true);
        const report = await verifier.verifyJwtVc(jwt);
        expect(report.verified, JSON.stringify(report.checks.filter((c) => !c.ok))).toBe(true);
        expect(report.issuer).toBe(did);
      }
    }
  });

  it('refuses the malformed VC JWTs that did-jwt-vc refuses, at format or validity_period', async () => {
    const { sign, verifier } = await world();
    const cases: [JsonObject, 'format' | 'validity_period'][] = [
      [{ nbf: NOW, vc: { ...VC, '@context': ['https://example.org/licences/v1'] } }, 'format'],
      [{ nbf: NOW, vc: { type: VC.type, credentialSubject: VC.credentialSubject } }, 'format'],
      [{ nbf: NOW, vc: { ...VC, type: ['ResidentIdCard'] } }, 'format'],
      [{ nbf: NOW, vc: { ...VC, type: 'VerifiableCredentials' } }, 'format'],
      [{ nbf: NOW, vc: { ...VC, credentialSubject: {} } }, 'format'],
      [{ nbf: NOW, vc: { '@context': VC['@context'], type: VC.type } }, 'format'],
      [{ nbf: NOW * 1000, vc: VC }, 'format'],
      [{ nbf: NOW, exp: (NOW + 60) * 1000, vc: VC }, 'format'],
      [{ nbf: 'yesterday', vc: VC }, 'format'],
      [{ nbf: NOW, exp: true, vc: VC }, 'format'],
      [{ nbf: new Date(NOW * 1000).toISOString(), vc: VC }, 'validity_period'],
      [{ iat: 1e20, vc: VC }, 'validity_period'],
      [{ nbf: -1e14, vc: VC }, 'validity_period'],
    ];
    for (const [payload, check] of cases) {
      const jwt = await sign(payload);
      expect(await didJwtVcAccepts(jwt), JSON.stringify(payload)).toBe(false);
      const report = await verifier.verifyJwtVc(jwt);
      expect(report.verified).toBe(false);
      const failed = report.checks.find((c) => !c.ok && c.skipped !== true);
      expect(failed, JSON.stringify(payload)).toMatchObject({ check, code: 'ERR_TOKEN_MALFORMED' });
    }
  });

  it('a nested JWT (cty "JWT") keeps did-jwt-vc\'s reading of the inner token', async () => {
    const { sign, verifier } = await world();
    const inner = await sign({ nbf: NOW, exp: NOW - 1, vc: VC });
    const expired = await sign({ nbf: NOW, vc: VC, jwt: inner }, { typ: 'JWT', cty: 'JWT' });
    expect(report(await verifier.verifyJwtVc(expired))).toEqual({ check: 'validity_period', code: 'ERR_CREDENTIAL_EXPIRED' });
    const noInner = await sign({ nbf: NOW, vc: VC }, { typ: 'JWT', cty: 'JWT' });
    expect(report(await verifier.verifyJwtVc(noInner))).toEqual({ check: 'validity_period', code: 'ERR_TOKEN_MALFORMED' });
  });

  it('property: format and validity_period agree with did-jwt-vc\'s payload rules and JWT mapping', async () => {
    const { sign, verifier } = await world('EdDSA');
    const time = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(0, NOW, NOW - 86_400, NOW + 86_400, NOW * 1000, -1e14, 1e20, NOW + 0.5, 99_999_999_999, 100_000_000_000),
      fc.integer({ min: NOW - 10 * 86_400, max: NOW + 10 * 86_400 }),
      fc.constantFrom('', '2020-01-01', new Date((NOW + 3600) * 1000).toISOString(), '1700000000', 'soon', true, false, null, [], [NOW], {}),
    );
    const list = <T>(values: T[]) => fc.oneof(fc.constantFrom(...values), fc.subarray(values), fc.constant(undefined), fc.constantFrom(null, 7, {}, ''));
    const vc = fc.record(
      {
        '@context': list([BASE_CONTEXT, 'https://example.org/licences/v1']),
        type: list(['VerifiableCredential', 'ResidentIdCard']),
        credentialSubject: fc.constantFrom(undefined, null, {}, { age_over_18: true }, [], ['x'], '', 'abc', 0, 5, true),
      },
      { requiredKeys: [] },
    );
    const payload = fc.record(
      { vc, nbf: time, iat: time, exp: time, issuanceDate: time, expirationDate: time },
      { requiredKeys: ['vc'] },
    );
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const clean = JSON.parse(JSON.stringify(p)) as JsonObject;
        const jwt = await sign(clean);
        const expected = oracle(jwt, { ...clean, iss: 'did:example' });
        const checks = (await verifier.verifyJwtVc(jwt)).checks;
        const format = checks.find((c) => c.check === 'format')!;
        expect(format.ok).toBe(expected.format);
        if (!expected.format) {
          expect(format.code).toBe('ERR_TOKEN_MALFORMED');
          return;
        }
        const validity = checks.find((c) => c.check === 'validity_period')!;
        expect(validity.ok ? 'ok' : validity.code).toBe(expected.validity);
      }),
      { numRuns: 300 },
    );
  });
});

function report(r: { checks: { check: string; ok: boolean; code?: string; skipped?: boolean }[] }) {
  const failed = r.checks.find((c) => !c.ok && c.skipped !== true);
  return failed === undefined ? undefined : { check: failed.check, code: failed.code };
}
