import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { calculateJwkThumbprint, generateKeyPair, signingKeyFromJwk, type JWK, type JsonObject } from '@elicense/core';
import { didJwkFromJwk } from '@elicense/did';
import {
  TRUST_BUNDLE_DELTA_TYP,
  buildTrustBundle,
  createAccreditation,
  createAccreditationRevocation,
  verifyTrustBundle,
  type BuiltTrustBundle,
  type TrustBundlePayload,
} from '@elicense/trust';
import { DAY, DRIVING, NOW, YEAR, chainWorld, codeOf, didKeyParty, signBundle, signingKey } from './helpers.js';

type World = Awaited<ReturnType<typeof chainWorld>>;

const jose = JSON.parse(readFileSync(new URL('../../../test/vectors/jose/jose-rfc-vectors.json', import.meta.url), 'utf8')) as {
  vectors: { id: string; private_jwk?: JWK; public_jwk?: JWK; jwk?: JWK; thumbprint_sha256_b64url?: string }[];
};
const rfc8037 = jose.vectors.find((v) => v.id === 'rfc8037-A.1-A.2')!;
const rfc8037Thumbprint = jose.vectors.find((v) => v.id === 'rfc8037-A.3')!.thumbprint_sha256_b64url!;

let w: World;
let built: BuiltTrustBundle;
const opts = () => ({ publishers: w.publishers, now: NOW });
/** A payload copy to damage. */
const copy = (): TrustBundlePayload => structuredClone(built.payload);

beforeAll(async () => {
  w = await chainWorld();
  built = await buildTrustBundle(w.base);
});

describe('verifyTrustBundle: publisher keys', () => {
  it('accepts the bundle with only the publisher key, and refuses an unknown publisher (ERR_BUNDLE_UNTRUSTED)', async () => {
    expect((await verifyTrustBundle(built.bundle, opts())).version).toBe(1);
    const stranger = await generateKeyPair('EdDSA');
    expect(await codeOf(verifyTrustBundle(built.bundle, { publishers: [stranger.publicJwk], now: NOW }))).toBe('ERR_BUNDLE_UNTRUSTED');
    // a bundle signed by another key under the publisher's kid
    const other = await didKeyParty('EdDSA');
    const impostor = await signBundle(built.payload, { ...other.key, kid: w.publisher.kid });
    expect(await codeOf(verifyTrustBundle(impostor, opts()))).toBe('ERR_BUNDLE_SIGNATURE_INVALID');
    // an ES256 signature under the EdDSA publisher's kid matches no key
    const es = await didKeyParty('ES256');
    expect(await codeOf(verifyTrustBundle(await signBundle(built.payload, { ...es.key, kid: w.publisher.kid }), opts()))).toBe('ERR_BUNDLE_UNTRUSTED');
  });

  it('matches a publisher JWK by its kid member when it has one', async () => {
    const p = await signingKey('trust-bundles-2026');
    const jws = await signBundle(built.payload, p.key);
    await expect(verifyTrustBundle(jws, { publishers: [{ ...p.publicJwk, kid: 'trust-bundles-2026' }], now: NOW })).resolves.toBeDefined();
    expect(await codeOf(verifyTrustBundle(jws, { publishers: [{ ...p.publicJwk, kid: 'trust-bundles-2025' }], now: NOW }))).toBe('ERR_BUNDLE_UNTRUSTED');
    // without a kid member, an arbitrary kid names nothing
    expect(await codeOf(verifyTrustBundle(jws, { publishers: [p.publicJwk], now: NOW }))).toBe('ERR_BUNDLE_UNTRUSTED');
  });

  it('matches a publisher JWK without kid by its RFC 7638 thumbprint (RFC 8037 A.1 key, A.3 thumbprint)', async () => {
    const publicJwk = rfc8037.public_jwk!;
    expect(await calculateJwkThumbprint(publicJwk)).toBe(rfc8037Thumbprint);
    for (const kid of [
      rfc8037Thumbprint,
      `did:web:trust.gov.example#${rfc8037Thumbprint}`,
      `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${rfc8037Thumbprint}`,
      `${didJwkFromJwk(publicJwk)}#0`,
    ]) {
      const jws = await signBundle(built.payload, signingKeyFromJwk(rfc8037.private_jwk!, kid));
      expect((await verifyTrustBundle(jws, { publishers: [publicJwk], now: NOW })).digest).toBe(built.digest);
    }
    const wrong = await signBundle(built.payload, signingKeyFromJwk(rfc8037.private_jwk!, `${rfc8037Thumbprint.slice(1)}`));
    expect(await codeOf(verifyTrustBundle(wrong, { publishers: [publicJwk], now: NOW }))).toBe('ERR_BUNDLE_UNTRUSTED');
  });

  it('refuses misuse of the options with ERR_INVALID_ARGUMENT', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const p384 = await generateKeyPair('ES384');
    for (const options of [
      {},
      { publishers: [] },
      { publishers: [pair.privateJwk] },
      { publishers: [p384.publicJwk] },
      { publishers: ['key'] },
      { publishers: w.publishers, now: -1 },
      { publishers: w.publishers, clockTolerance: 1.5 },
    ]) {
      expect(await codeOf(verifyTrustBundle(built.bundle, options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(await codeOf(verifyTrustBundle(undefined as never, opts()))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('verifyTrustBundle: digest', () => {
  it('is the digest of the canonical JSON: member order and whitespace of the payload do not change it', async () => {
    const reorder = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reorder) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
    const reordered = reorder(built.payload) as TrustBundlePayload;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(built.payload));
    const state = await verifyTrustBundle(await signBundle(reordered, w.publisher.key), opts());
    expect(state.digest).toBe(built.digest);
    // any change of content changes it
    const other = copy();
    other.types[DRIVING] = { ...other.types[DRIVING], name: 'Driving licence (2)' };
    expect((await verifyTrustBundle(await signBundle(other, w.publisher.key), opts())).digest).not.toBe(built.digest);
  });
});

describe('verifyTrustBundle: damaged bundles', () => {
  it('refuses a flipped signature byte (ERR_BUNDLE_SIGNATURE_INVALID)', async () => {
    const dot = built.bundle.lastIndexOf('.');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: dot + 1, max: built.bundle.length - 2 }), async (i) => {
        const c = built.bundle[i]!;
        const damaged = built.bundle.slice(0, i) + (c === 'A' ? 'B' : 'A') + built.bundle.slice(i + 1);
        expect(await codeOf(verifyTrustBundle(damaged, opts()))).toBe('ERR_BUNDLE_SIGNATURE_INVALID');
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a truncated bundle: parts missing → ERR_BUNDLE_MALFORMED, cut inside the signature → ERR_BUNDLE_SIGNATURE_INVALID', async () => {
    const jws = built.bundle;
    const first = jws.indexOf('.');
    const second = jws.indexOf('.', first + 1);
    const cases: [number, string][] = [
      [0, 'ERR_BUNDLE_MALFORMED'],
      [5, 'ERR_BUNDLE_MALFORMED'],
      [first, 'ERR_BUNDLE_MALFORMED'],
      [first + 1, 'ERR_BUNDLE_MALFORMED'],
      [first + 20, 'ERR_BUNDLE_MALFORMED'],
      [second - 1, 'ERR_BUNDLE_MALFORMED'],
      [second, 'ERR_BUNDLE_MALFORMED'],
      [second + 1, 'ERR_BUNDLE_SIGNATURE_INVALID'],
      [second + 2, 'ERR_BUNDLE_SIGNATURE_INVALID'],
      [second + 42, 'ERR_BUNDLE_SIGNATURE_INVALID'],
      [jws.length - 2, 'ERR_BUNDLE_SIGNATURE_INVALID'],
      [jws.length - 1, 'ERR_BUNDLE_SIGNATURE_INVALID'],
    ];
    for (const [cut, code] of cases) {
      expect({ cut, code: await codeOf(verifyTrustBundle(jws.slice(0, cut), opts())) }).toEqual({ cut, code });
    }
    // every other cut point, by the same rule
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: jws.length - 1 }), async (cut) => {
        const code = await codeOf(verifyTrustBundle(jws.slice(0, cut), opts()));
        expect(code).toBe(cut <= second ? 'ERR_BUNDLE_MALFORMED' : 'ERR_BUNDLE_SIGNATURE_INVALID');
      }),
      { numRuns: 40 },
    );
  });

  it('refuses what is not a trust bundle (ERR_BUNDLE_MALFORMED)', async () => {
    const [h, p, s] = built.bundle.split('.') as [string, string, string];
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const jws of [
      '',
      'abc',
      `${h}.${p}.${s}.${s}`,
      `${h}..${s}`,
      `.${p}.${s}`,
      `${h}.${p}=.${s}`,
      `${b64('x')}.${p}.${s}`,
      `${h}.${b64([1])}.${s}`,
      `${b64({ alg: 'EdDSA', kid: w.publisher.kid })}.${p}.${s}`,
      await signBundle(built.payload, w.publisher.key, { typ: 'JWT' }),
      await signBundle(built.payload, w.publisher.key, { typ: TRUST_BUNDLE_DELTA_TYP }),
      await signBundle(built.payload, w.publisher.key, { crit: ['exp'] }),
    ]) {
      expect(await codeOf(verifyTrustBundle(jws, opts()))).toBe('ERR_BUNDLE_MALFORMED');
    }
    const huge = `${h}.${'A'.repeat(16 * 1024 * 1024)}.${s}`;
    expect(await codeOf(verifyTrustBundle(huge, opts()))).toBe('ERR_BUNDLE_MALFORMED');
  });

  it('refuses a signed payload with a missing, ill-typed or unknown field (ERR_BUNDLE_MALFORMED)', async () => {
    const police = w.police.did;
    const damage: [string, (p: TrustBundlePayload & JsonObject) => void][] = [
      ['no version', (p) => delete (p as Partial<TrustBundlePayload>).version],
      ['version 0', (p) => (p.version = 0)],
      ['version 1.5', (p) => (p.version = 1.5)],
      ['exp before iat', (p) => (p.exp = p.iat)],
      ['iss empty', (p) => (p.iss = '')],
      ['no roots', (p) => (p.roots = [])],
      ['root not a DID', (p) => (p.roots = ['root'])],
      ['unknown member', (p) => (p.extra = 1)],
      ['issuers not an object', (p) => ((p as JsonObject).issuers = [])],
      ['issuer keyed by a non-DID', (p) => (p.issuers = { police: p.issuers[police]! })],
      ['issuer did differs', (p) => (p.issuers[police]!.did = w.root.did)],
      ['document of another DID', (p) => (p.issuers[police]!.document = { id: w.root.did })],
      ['resolvedAt negative', (p) => (p.issuers[police]!.resolvedAt = -1)],
      ['key of another DID', (p) => (p.issuers[police]!.keys[0]!.kid = w.root.kid)],
      ['kid without fragment', (p) => (p.issuers[police]!.keys[0]!.kid = police)],
      ['private key', (p) => (p.issuers[police]!.keys[0]!.publicJwk = { ...p.issuers[police]!.keys[0]!.publicJwk, d: 'secret' })],
      ['RSA key', (p) => (p.issuers[police]!.keys[0]!.publicJwk = { kty: 'RSA', n: 'x', e: 'AQAB' })],
      ['bad state', (p) => ((p.issuers[police]!.keys[0]! as unknown as JsonObject).state = 'lost')],
      ['validFrom after validUntil', (p) => Object.assign(p.issuers[police]!.keys[0]!, { validFrom: NOW + 5, validUntil: NOW })],
      ['retired without end', (p) => (p.issuers[police]!.keys[0]!.state = 'retired')],
      ['kid twice', (p) => p.issuers[police]!.keys.push(p.issuers[police]!.keys[0]!)],
      ['accreditation not a string', (p) => ((p.accreditations as JsonObject)['acc-police'] = 5)],
      ['types entry not an object', (p) => ((p.types as JsonObject)[DRIVING] = 'x')],
      ['status list uri differs', (p) => (p.statusLists = { 'https://a.example/1': { uri: 'https://b.example/1', token: 'x' } })],
      ['ledger id differs', (p) => (p.ledgers = { 'file:a': { id: 'file:b', publicJwk: w.root.publicJwk } })],
      ['ledger id not the key', (p) => (p.ledgers = { 'file:a': { id: 'file:a', publicJwk: w.root.publicJwk } })],
      ['__proto__ key', (p) => ((p as JsonObject).revocations = JSON.parse('{"__proto__":"x"}'))],
      ['deep nesting', (p) => ((p.types as JsonObject)[DRIVING] = JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`))],
    ];
    for (const [name, change] of damage) {
      const p = copy() as TrustBundlePayload & JsonObject;
      change(p);
      expect({ name, code: await codeOf(verifyTrustBundle(await signBundle(p, w.publisher.key), opts())) }).toEqual({ name, code: 'ERR_BUNDLE_MALFORMED' });
    }
  });

  it('refuses an expired bundle (ERR_BUNDLE_EXPIRED) and one issued in the future (ERR_BUNDLE_MALFORMED), with clock tolerance', async () => {
    const exp = built.payload.exp;
    await expect(verifyTrustBundle(built.bundle, { ...opts(), now: exp - 1 })).resolves.toBeDefined();
    expect(await codeOf(verifyTrustBundle(built.bundle, { ...opts(), now: exp }))).toBe('ERR_BUNDLE_EXPIRED');
    expect(await codeOf(verifyTrustBundle(built.bundle, { ...opts(), now: exp + 60, clockTolerance: 60 }))).toBe('ERR_BUNDLE_EXPIRED');
    await expect(verifyTrustBundle(built.bundle, { ...opts(), now: exp + 60, clockTolerance: 61 })).resolves.toBeDefined();
    expect(await codeOf(verifyTrustBundle(built.bundle, { ...opts(), now: NOW - 1 }))).toBe('ERR_BUNDLE_MALFORMED');
    await expect(verifyTrustBundle(built.bundle, { ...opts(), now: NOW - 1, clockTolerance: 1 })).resolves.toBeDefined();
  });
});

describe('verifyTrustBundle: re-checks accreditations offline', () => {
  it('refuses a publisher-signed bundle whose accreditation chain does not reach a root (ERR_ACCREDITATION_CHAIN_BROKEN)', async () => {
    const rogue = await didKeyParty();
    const byRogue = await createAccreditation({ authority: rogue.key, subject: w.police.did, types: ['business_licence'], validUntil: NOW + YEAR, id: 'acc-rogue', now: NOW });
    // a bundle where the rogue is a root, then the same payload claiming only the real root
    const withRogue = await buildTrustBundle({ ...w.base, roots: [w.root.did, rogue.did], accreditations: [...w.base.accreditations, byRogue] });
    const p = structuredClone(withRogue.payload);
    p.roots = [w.root.did];
    expect(await codeOf(verifyTrustBundle(await signBundle(p, w.publisher.key), opts()))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
    // an intermediate without may_accredit
    const agency = await didKeyParty();
    const byCivil = await createAccreditation({ authority: w.civil.key, subject: agency.did, types: ['marriage_certificate'], validUntil: NOW + YEAR, id: 'acc-by-civil', now: NOW });
    const q = copy();
    q.accreditations['acc-by-civil'] = byCivil;
    q.issuers[agency.did] = { did: agency.did, document: { id: agency.did }, resolvedAt: NOW, keys: [{ kid: agency.kid, publicJwk: agency.publicJwk, state: 'active' }] };
    expect(await codeOf(verifyTrustBundle(await signBundle(q, w.publisher.key), opts()))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
  });

  it('refuses accreditations and revocations that do not verify with the key history in the bundle (ERR_ACCREDITATION_INVALID)', async () => {
    const cases: [string, (p: TrustBundlePayload) => Promise<void> | void][] = [
      ['forged signature', (p) => {
        const [h, b] = p.accreditations['acc-police']!.split('.');
        p.accreditations['acc-police'] = `${h}.${b}.${w.toCivil.split('.')[2]}`;
      }],
      ['filed under another id', (p) => {
        p.accreditations['acc-other'] = p.accreditations['acc-police']!;
        delete p.accreditations['acc-police'];
      }],
      ['signer key retired before its iat', (p) => {
        Object.assign(p.issuers[w.province.did]!.keys[0]!, { state: 'retired', validUntil: NOW - 20 * DAY });
      }],
      ['signer key compromised before its iat', (p) => {
        Object.assign(p.issuers[w.province.did]!.keys[0]!, { state: 'compromised', validUntil: NOW - 20 * DAY });
      }],
      ['signer not in the bundle', (p) => {
        delete p.issuers[w.province.did];
      }],
      ['revocation by the police', async (p) => {
        p.revocations['acc-civil'] = await createAccreditationRevocation({ authority: w.police.key, accreditation: 'acc-civil', now: NOW });
      }],
      ['revocation of an accreditation not in the bundle', async (p) => {
        p.revocations['acc-none'] = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-none', now: NOW });
      }],
      ['revocation filed under another accreditation', async (p) => {
        p.revocations['acc-civil'] = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-police', now: NOW });
      }],
    ];
    for (const [name, change] of cases) {
      const p = copy();
      await change(p);
      expect({ name, code: await codeOf(verifyTrustBundle(await signBundle(p, w.publisher.key), opts())) }).toEqual({ name, code: 'ERR_ACCREDITATION_INVALID' });
    }
    // the same with a valid revocation passes
    const ok = copy();
    ok.revocations['acc-civil'] = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-civil', now: NOW });
    const state = await verifyTrustBundle(await signBundle(ok, w.publisher.key), opts());
    expect(state.accreditations().find((a) => a.id === 'acc-civil')!.revokedAt).toBe(NOW);
  });
});
