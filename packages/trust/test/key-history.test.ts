import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJws, generateKeyPair, verifySdJwtVc } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { buildTrustBundle, createAccreditation, verifyTrustBundle, type TrustBundlePayload } from '@elicense/trust';
import { LICENCE_CLAIMS } from '../../../test/fixtures/licences.js';
import { DAY, DRIVING, DidWebServer, NOW, YEAR, codeOf, didKeyParty, errorOf, webResolver } from './helpers.js';

const server = new DidWebServer();
beforeAll(() => server.start());
afterAll(() => server.close());

/**
 * A traffic police department (did:web on a local server) that rotates its signing key from
 * key-2025 to key-2026, accredited by a provincial root whose own did:web key rotates too.
 */
async function setup() {
  const clock = { now: NOW };
  const policeDid = server.did(`agencies/police-${Math.random().toString(36).slice(2)}`);
  const police2025 = await Issuer.create({ method: 'web', domain: policeDid, keyId: 'key-2025', now: () => clock.now });
  const police2026 = await Issuer.create({ method: 'web', domain: policeDid, keyId: 'key-2026', now: () => clock.now });
  const rootDid = server.did(`root-${Math.random().toString(36).slice(2)}`);
  const rootA = await generateKeyPair('ES256');
  const rootB = await generateKeyPair('EdDSA');
  const { createSigner } = await import('@elicense/core');
  const rootKeyA = { alg: 'ES256' as const, sign: createSigner(rootA.privateKey, 'ES256'), kid: `${rootDid}#a` };
  server.serve(rootDid, [{ publicJwk: rootA.publicJwk, id: 'a' }]);
  server.serve(policeDid, await police2025.didDocument());
  const accreditation = await createAccreditation({
    authority: rootKeyA, subject: policeDid, types: ['driving_licence'], validFrom: NOW - 30 * DAY, validUntil: NOW + 2 * YEAR, id: 'acc-police', now: NOW - 30 * DAY,
  });
  const publisher = await didKeyParty('EdDSA');
  const base = { publisher: publisher.key, roots: [rootDid], accreditations: [accreditation], resolver: webResolver() };
  const holder = (await generateKeyPair('ES256')).publicJwk;
  return { clock, policeDid, police2025, police2026, rootDid, rootA, rootB, base, publishers: [publisher.publicJwk], holder };
}

describe('key history: did:web documents snapshotted at sync time', () => {
  it('retires a rotated key at the rebuild: credentials signed before keep verifying, after are refused', async () => {
    const s = await setup();
    const v1 = await buildTrustBundle({ ...s.base, now: NOW });
    const v1Snapshot = structuredClone(v1.payload);
    expect(v1.payload.issuers[s.policeDid]!.keys).toEqual([{ kid: `${s.policeDid}#key-2025`, publicJwk: s.police2025.publicJwk, state: 'active' }]);

    // a licence issued with key-2025 before the rotation
    s.clock.now = NOW + 5 * DAY;
    const before = await s.police2025.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: s.holder });
    // the department rotates: its document now lists key-2026 only
    server.serve(s.policeDid, await s.police2026.didDocument());
    const v2 = await buildTrustBundle({ ...s.base, previous: v1.payload, now: NOW + 10 * DAY });
    // the old snapshot is untouched; the new one shows the rotation
    expect(v1.payload).toEqual(v1Snapshot);
    expect((v1.payload.issuers[s.policeDid]!.document.assertionMethod as string[])).toEqual([`${s.policeDid}#key-2025`]);
    expect((v2.payload.issuers[s.policeDid]!.document.assertionMethod as string[])).toEqual([`${s.policeDid}#key-2026`]);
    expect(v2.payload.issuers[s.policeDid]!.resolvedAt).toBe(NOW + 10 * DAY);
    expect(v2.payload.issuers[s.policeDid]!.keys).toEqual([
      { kid: `${s.policeDid}#key-2025`, publicJwk: s.police2025.publicJwk, state: 'retired', validUntil: NOW + 10 * DAY },
      { kid: `${s.policeDid}#key-2026`, publicJwk: s.police2026.publicJwk, state: 'active' },
    ]);

    const state = await verifyTrustBundle(v2.bundle, { publishers: s.publishers, now: NOW + 10 * DAY });
    // verify the real credential offline with the key the bundle says was valid when it was signed
    const { header, payload } = decodeJws(before.credential.split('~')[0]!);
    const key = state.issuerKey(header.kid as string, payload.iat as number);
    const verified = await verifySdJwtVc(before.credential, { issuerKey: key, now: NOW + 10 * DAY });
    expect(verified.payload.vct).toBe(DRIVING);
    expect(state.accreditationFor(payload.iss as string, DRIVING, payload.iat as number).id).toBe('acc-police');
    // a licence signed with the retired key after its retirement is refused
    s.clock.now = NOW + 11 * DAY;
    const after = await s.police2025.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: s.holder });
    const late = decodeJws(after.credential.split('~')[0]!);
    const e = await errorOf(() => state.issuerKey(late.header.kid as string, late.payload.iat as number));
    expect(e.code).toBe('ERR_KEY_RETIRED');
    expect(e.details).toEqual({ kid: `${s.policeDid}#key-2025`, at: NOW + 11 * DAY, validFrom: undefined, validUntil: NOW + 10 * DAY, state: 'retired' });
    // the new key verifies what it signs
    const fresh = await s.police2026.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: s.holder });
    const f = decodeJws(fresh.credential.split('~')[0]!);
    expect(state.issuerKey(f.header.kid as string, f.payload.iat as number)).toEqual(s.police2026.publicJwk);
    // a kid the history never had
    expect(await codeOf(() => state.issuerKey(`${s.policeDid}#key-2024`, NOW))).toBe('ERR_DID_KEY_NOT_FOUND');
  });

  it('records a compromise: nothing signed with the key at or after `at` is accepted, and an earlier compromise wins', async () => {
    const s = await setup();
    const v1 = await buildTrustBundle({ ...s.base, now: NOW });
    server.serve(s.policeDid, await s.police2026.didDocument());
    const v2 = await buildTrustBundle({ ...s.base, previous: v1.payload, now: NOW + 10 * DAY });
    const kid = `${s.policeDid}#key-2025`;
    const v3 = await buildTrustBundle({ ...s.base, previous: v2.payload, now: NOW + 12 * DAY, keyEvents: [{ kid, state: 'compromised', at: NOW + 3 * DAY }] });
    expect(v3.payload.issuers[s.policeDid]!.keys[0]).toEqual({ kid, publicJwk: s.police2025.publicJwk, state: 'compromised', validUntil: NOW + 3 * DAY });
    const state = await verifyTrustBundle(v3.bundle, { publishers: s.publishers, now: NOW + 12 * DAY });
    expect(state.issuerKey(kid, NOW + 3 * DAY - 1)).toEqual(s.police2025.publicJwk);
    const e = await errorOf(() => state.issuerKey(kid, NOW + 5 * DAY));
    expect(e.code).toBe('ERR_KEY_COMPROMISED');
    expect(e.details).toMatchObject({ kid, at: NOW + 5 * DAY, validUntil: NOW + 3 * DAY, state: 'compromised' });
    // a later retirement neither extends the end nor downgrades the compromise
    const v4 = await buildTrustBundle({ ...s.base, previous: v3.payload, now: NOW + 13 * DAY, keyEvents: [{ kid, state: 'retired', at: NOW + 20 * DAY }] });
    expect(v4.payload.issuers[s.policeDid]!.keys[0]).toEqual(v3.payload.issuers[s.policeDid]!.keys[0]);
    // a compromise later than the retirement keeps the earlier end but marks the key compromised
    const v5 = await buildTrustBundle({ ...s.base, previous: v2.payload, now: NOW + 12 * DAY, keyEvents: [{ kid, state: 'compromised', at: NOW + 11 * DAY }] });
    expect(v5.payload.issuers[s.policeDid]!.keys[0]).toMatchObject({ state: 'compromised', validUntil: NOW + 10 * DAY });
    // a compromised active key stays compromised even though its document still lists it
    const key2026 = `${s.policeDid}#key-2026`;
    const v6 = await buildTrustBundle({ ...s.base, previous: v2.payload, now: NOW + 12 * DAY, keyEvents: [{ kid: key2026, state: 'compromised', at: NOW + 12 * DAY }] });
    const v7 = await buildTrustBundle({ ...s.base, previous: v6.payload, now: NOW + 13 * DAY });
    expect(v7.payload.issuers[s.policeDid]!.keys[1]).toEqual({ kid: key2026, publicJwk: s.police2026.publicJwk, state: 'compromised', validUntil: NOW + 12 * DAY });
    const state7 = await verifyTrustBundle(v7.bundle, { publishers: s.publishers, now: NOW + 13 * DAY });
    expect(await codeOf(() => state7.issuerKey(key2026, NOW + 12 * DAY))).toBe('ERR_KEY_COMPROMISED');
  });

  it("keeps accreditations signed by an authority's rotated-out key, as long as the history is carried on", async () => {
    const s = await setup();
    const v1 = await buildTrustBundle({ ...s.base, now: NOW });
    // the root rotates to key b; its accreditation of the police was signed with key a
    server.serve(s.rootDid, [{ publicJwk: s.rootB.publicJwk, id: 'b' }]);
    const v2 = await buildTrustBundle({ ...s.base, previous: v1.payload, now: NOW + DAY });
    expect(v2.payload.issuers[s.rootDid]!.keys.map((k) => [k.kid.split('#')[1], k.state, k.validUntil])).toEqual([
      ['a', 'retired', NOW + DAY],
      ['b', 'active', undefined],
    ]);
    const state = await verifyTrustBundle(v2.bundle, { publishers: s.publishers, now: NOW + DAY });
    expect(state.accreditationFor(s.policeDid, DRIVING, NOW + DAY).id).toBe('acc-police');
    // a first bundle that never saw key a cannot verify the accreditation
    expect(await codeOf(buildTrustBundle({ ...s.base, now: NOW + DAY }))).toBe('ERR_ACCREDITATION_INVALID');
    // retiring key a before the accreditation was signed breaks it
    const early: TrustBundlePayload = structuredClone(v1.payload);
    expect(await codeOf(buildTrustBundle({ ...s.base, previous: early, now: NOW + DAY, keyEvents: [{ kid: `${s.rootDid}#a`, state: 'retired', at: NOW - 40 * DAY }] }))).toBe(
      'ERR_ACCREDITATION_INVALID',
    );
  });

  it('refuses a document that reuses a kid for a different key (ERR_KEY_INVALID)', async () => {
    const s = await setup();
    const v1 = await buildTrustBundle({ ...s.base, now: NOW });
    const reused = await Issuer.create({ method: 'web', domain: s.policeDid, keyId: 'key-2025' });
    server.serve(s.policeDid, await reused.didDocument());
    expect(await codeOf(buildTrustBundle({ ...s.base, previous: v1.payload, now: NOW + DAY }))).toBe('ERR_KEY_INVALID');
  });

  it('fails the build when a did:web document cannot be fetched', async () => {
    const s = await setup();
    const gone = server.did('nobody-here');
    const acc = await createAccreditation({ authority: { alg: 'ES256', sign: async () => new Uint8Array(64), kid: `${s.rootDid}#a` }, subject: gone, types: ['driving_licence'], validUntil: NOW + YEAR, now: NOW });
    expect(await codeOf(buildTrustBundle({ ...s.base, accreditations: [...s.base.accreditations, acc], now: NOW }))).toBe('ERR_DID_RESOLUTION_FAILED');
  });
});
