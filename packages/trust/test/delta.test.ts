import { afterEach, describe, expect, it } from 'vitest';
import { decodeJws, generateKeyPair, signJwt, type JsonObject } from '@elicense/core';
import {
  TRUST_BUNDLE_DELTA_TYP,
  buildTrustBundle,
  createAccreditation,
  createAccreditationRevocation,
  createBundleDelta,
  restoreTrustState,
  verifyTrustBundle,
  type TrustBundleDeltaPayload,
  type TrustState,
} from '@elicense/trust';
import { DAY, DRIVING, NOW, RESIDENT, YEAR, codeOf, didKeyParty, signingKey, syncWorld } from './helpers.js';

const HOUR = 3600;
const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

async function world() {
  const w = await syncWorld();
  disposers.push(w.dispose);
  return w;
}

/** Re-sign a delta payload after changing it, as a (buggy or hostile) publisher could. */
async function resign(delta: string, change: (p: TrustBundleDeltaPayload & JsonObject) => void, key: Parameters<typeof signJwt>[2]): Promise<string> {
  const payload = structuredClone(decodeJws(delta).payload) as TrustBundleDeltaPayload & JsonObject;
  change(payload);
  return signJwt({ typ: TRUST_BUNDLE_DELTA_TYP }, payload, key);
}

/** Everything observable about a state, to check that a failed apply left it as it was. */
function snapshot(state: TrustState) {
  return { payload: structuredClone(state.payload), digest: state.digest, version: state.version, chain: structuredClone(state.chain) };
}

describe('createBundleDelta and TrustState.apply', () => {
  it('N → N+1 with one changed status list carries only that list and yields exactly bundle N+1', async () => {
    const w = await world();
    const v1 = await w.sync(NOW);
    await w.bureau.revoke(w.issued[0]!.id);
    const v2 = await w.sync(NOW + HOUR);
    const delta = await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: w.publisher.key, now: NOW + HOUR });
    const { header, payload } = decodeJws(delta);
    expect(header).toEqual({ typ: TRUST_BUNDLE_DELTA_TYP, kid: w.publisher.kid, alg: 'EdDSA' });
    const d = payload as unknown as TrustBundleDeltaPayload;
    expect(d).toEqual({
      iss: w.publisher.did,
      iat: NOW + HOUR,
      from: { version: 1, digest: v1.digest },
      to: { version: 2, digest: v2.digest, iat: NOW + HOUR, exp: v2.payload.exp },
      set: { statusLists: { [w.uri]: v2.payload.statusLists[w.uri] } },
      remove: {},
    });
    const s1 = await verifyTrustBundle(v1.bundle, { publishers: w.publishers, now: NOW });
    const s2 = await s1.apply(delta, { publishers: w.publishers, now: NOW + HOUR });
    expect(s2.payload).toEqual(v2.payload);
    expect(s2.digest).toBe(v2.digest);
    expect(s2.version).toBe(2);
    expect(s2.chain).toEqual({ bundle: v1.bundle, deltas: [delta] });
    expect(s1.version).toBe(1);
    expect(s1.payload).toEqual(v1.payload);
    // the sizes a verifier downloads each night
    const sizes = { bundle: v2.bundle.length, delta: delta.length, statusListToken: v2.payload.statusLists[w.uri]!.token.length };
    console.log(`trust bundle ${sizes.bundle} bytes; delta with one changed status list ${sizes.delta} bytes; status list token ${sizes.statusListToken} bytes`);
    expect(sizes.delta).toBeLessThan(sizes.bundle / 4);
  });

  it('N → N+3 gives the same as N+1, N+2, N+3 one by one, and the delta carries only what changed', async () => {
    const w = await world();
    const v1 = await w.sync(NOW);
    // N+2: a new agency is accredited
    const agency = await didKeyParty();
    const toAgency = await createAccreditation({ authority: w.root.key, subject: agency.did, types: ['business_licence'], validUntil: NOW + YEAR, id: 'acc-agency', now: NOW });
    const v2 = await w.sync(NOW + HOUR);
    w.state.accreditations.push(toAgency);
    const v3 = await w.sync(NOW + 2 * HOUR);
    // N+3: the civil affairs accreditation is revoked, the police key compromised, the agency removed again
    w.state.revocations.push(await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-civil', now: NOW + 3 * HOUR }));
    w.state.keyEvents.push({ kid: w.police.kid, state: 'compromised', at: NOW + 3 * HOUR });
    const v4 = await w.sync(NOW + 3 * HOUR);
    const d23 = decodeJws(await createBundleDelta({ from: v2.payload, to: v3.payload, publisher: w.publisher.key, now: v3.payload.iat })).payload as unknown as TrustBundleDeltaPayload;
    expect(Object.keys(d23.set).sort()).toEqual(['accreditations', 'issuers', 'statusLists', 'types']);
    expect(Object.keys(d23.set.accreditations!)).toEqual(['acc-agency']);
    expect(Object.keys(d23.set.issuers!)).toEqual([agency.did]);
    expect(Object.keys(d23.set.types!)).toEqual(['urn:elicense:vct:business_licence:1']);
    expect(d23.remove).toEqual({});
    expect(d23).not.toHaveProperty('roots');
    w.state.accreditations.pop();
    const v5 = await w.sync(NOW + 4 * HOUR);
    const d45 = decodeJws(await createBundleDelta({ from: v4.payload, to: v5.payload, publisher: w.publisher.key, now: v5.payload.iat })).payload as unknown as TrustBundleDeltaPayload;
    expect(d45.remove).toEqual({ accreditations: ['acc-agency'], issuers: [agency.did], types: ['urn:elicense:vct:business_licence:1'] });
    expect(Object.keys(d45.set)).toEqual(['statusLists']);

    const options = { publishers: w.publishers, now: NOW + 4 * HOUR };
    const s1 = await verifyTrustBundle(v1.bundle, { ...options, now: NOW });
    const jump = await createBundleDelta({ from: v1.payload, to: v4.payload, publisher: w.publisher.key, now: v4.payload.iat });
    const s4 = await s1.apply(jump, options);
    expect(s4.payload).toEqual(v4.payload);
    expect(s4.digest).toBe(v4.digest);
    let step = s1;
    for (const [from, to] of [[v1, v2], [v2, v3], [v3, v4], [v4, v5]] as const) {
      step = await step.apply(await createBundleDelta({ from: from.payload, to: to.payload, publisher: w.publisher.key, now: to.payload.iat }), options);
      expect(step.digest).toBe(to.digest);
    }
    expect(step.payload).toEqual(v5.payload);
    expect(step.chain.deltas).toHaveLength(4);
    // what the changes mean to a verifier
    expect(await codeOf(() => s4.accreditationFor(w.civil.did, 'urn:elicense:vct:marriage_certificate:1', NOW + 3 * HOUR))).toBe('ERR_ISSUER_NOT_ACCREDITED');
    expect(await codeOf(() => s4.issuerKey(w.police.kid, NOW + 3 * HOUR))).toBe('ERR_KEY_COMPROMISED');
    expect(s4.accreditationFor(agency.did, 'urn:elicense:vct:business_licence:1', NOW + 3 * HOUR).id).toBe('acc-agency');
    expect(await codeOf(() => step.accreditationFor(agency.did, 'urn:elicense:vct:business_licence:1', NOW + 4 * HOUR))).toBe('ERR_ISSUER_NOT_ACCREDITED');
    // a full bundle moves the state too, and restarts the chain
    const full = await s1.apply(v5.bundle, options);
    expect(full.digest).toBe(v5.digest);
    expect(full.chain).toEqual({ bundle: v5.bundle, deltas: [] });
    // and a delta carries roots only when they change
    const other = await buildTrustBundle({ ...w.base, roots: [w.root.did, w.civil.did], previous: v5.payload, now: NOW + 5 * HOUR, accreditations: w.base.accreditations });
    const rootsDelta = decodeJws(await createBundleDelta({ from: v5.payload, to: other.payload, publisher: w.publisher.key, now: other.payload.iat })).payload;
    expect(rootsDelta.roots).toEqual([w.root.did, w.civil.did]);
  });

  it('refuses bad updates with typed errors and keeps the old state working', async () => {
    const w = await world();
    const v1 = await w.sync(NOW);
    const v2 = await w.sync(NOW + HOUR);
    const v3 = await w.sync(NOW + 2 * HOUR);
    const options = { publishers: w.publishers, now: NOW + 2 * HOUR };
    const s2 = await (await verifyTrustBundle(v1.bundle, { ...options, now: NOW })).apply(await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: w.publisher.key, now: v2.payload.iat }), options);
    const before = snapshot(s2);
    const d23 = await createBundleDelta({ from: v2.payload, to: v3.payload, publisher: w.publisher.key, now: v3.payload.iat });
    const d13 = await createBundleDelta({ from: v1.payload, to: v3.payload, publisher: w.publisher.key, now: v3.payload.iat });
    const d12 = await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: w.publisher.key, now: v2.payload.iat });
    const stranger = await signingKey(w.publisher.kid, 'EdDSA');
    const otherKid = await signingKey('another-publisher', 'EdDSA');
    // a v2 with other content (built a minute later)
    const twin = await buildTrustBundle({ ...w.base, ...w.state, statusLists: [{ token: v2.payload.statusLists[w.uri]!.token, anchor: v2.payload.statusLists[w.uri]!.anchor! }], ledgers: Object.values(v2.payload.ledgers), previous: v1.payload, now: NOW + HOUR + 60 });
    const fromTwin = await createBundleDelta({ from: twin.payload, to: v3.payload, publisher: w.publisher.key, now: v3.payload.iat });
    const otherIss = await buildTrustBundle({ ...w.base, ...w.state, publisherId: 'https://other.example', statusLists: [], version: 9, now: NOW + HOUR });

    const cases: [string, string, string][] = [
      ['delta for another base version', d13, 'ERR_BUNDLE_DELTA_MISMATCH'],
      ['delta for another base digest', fromTwin, 'ERR_BUNDLE_DELTA_MISMATCH'],
      ['delta to an older version', d12, 'ERR_BUNDLE_ROLLBACK'],
      ['older full bundle', v1.bundle, 'ERR_BUNDLE_ROLLBACK'],
      ['same version, other digest', twin.bundle, 'ERR_BUNDLE_ROLLBACK'],
      ['full bundle of another publisher id', otherIss.bundle, 'ERR_BUNDLE_UNTRUSTED'],
      ['delta signed by an unknown key', await resign(d23, () => undefined, stranger.key), 'ERR_BUNDLE_SIGNATURE_INVALID'],
      ['delta signed by an unknown kid', await resign(d23, () => undefined, otherKid.key), 'ERR_BUNDLE_UNTRUSTED'],
      ['delta with a flipped signature byte', d23.slice(0, -10) + (d23.at(-10) === 'A' ? 'B' : 'A') + d23.slice(-9), 'ERR_BUNDLE_SIGNATURE_INVALID'],
      ['delta of another publisher id', await resign(d23, (p) => (p.iss = 'https://other.example'), w.publisher.key), 'ERR_BUNDLE_UNTRUSTED'],
      ['tampered set entry', await resign(d23, (p) => (p.set.statusLists![w.uri]!.token = v1.payload.statusLists[w.uri]!.token), w.publisher.key), 'ERR_BUNDLE_DELTA_MISMATCH'],
      ['tampered to.digest', await resign(d23, (p) => (p.to.digest = v2.digest), w.publisher.key), 'ERR_BUNDLE_DELTA_MISMATCH'],
      ['removes what is not there', await resign(d23, (p) => (p.remove.accreditations = ['acc-nobody']), w.publisher.key), 'ERR_BUNDLE_DELTA_MISMATCH'],
      ['truncated delta', d23.slice(0, d23.indexOf('.') + 5), 'ERR_BUNDLE_MALFORMED'],
      ['unknown delta member', await resign(d23, (p) => (p.extra = 1), w.publisher.key), 'ERR_BUNDLE_MALFORMED'],
      ['delta setting an unknown map', await resign(d23, (p) => ((p.set as JsonObject).keys = {}), w.publisher.key), 'ERR_BUNDLE_MALFORMED'],
      ['delta without to', await resign(d23, (p) => delete (p as Partial<TrustBundleDeltaPayload>).to, w.publisher.key), 'ERR_BUNDLE_MALFORMED'],
      ['delta issued in the future', await resign(d23, (p) => (p.iat = NOW + DAY), w.publisher.key), 'ERR_BUNDLE_MALFORMED'],
      ['not a bundle at all', 'hello', 'ERR_BUNDLE_MALFORMED'],
      ['a JWT of another typ', await signJwt({ typ: 'JWT' }, { a: 1 }, w.publisher.key), 'ERR_BUNDLE_MALFORMED'],
    ];
    for (const [name, update, code] of cases) {
      expect({ name, code: await codeOf(s2.apply(update, options)) }).toEqual({ name, code });
      expect(snapshot(s2)).toEqual(before);
    }
    // the old state still works, and the right delta still applies to it
    expect(s2.accreditationFor(w.police.did, DRIVING, NOW).id).toBe('acc-police');
    expect((await s2.apply(d23, options)).digest).toBe(v3.digest);
    // the same bundle again is the same state
    const s3 = await verifyTrustBundle(v3.bundle, options);
    expect(await s3.apply(v3.bundle, options)).toBe(s3);
  });

  it('refuses a delta whose result has expired (ERR_BUNDLE_EXPIRED), or an expired full bundle', async () => {
    const w = await world();
    const v1 = await w.sync(NOW);
    const v2 = await w.sync(NOW + HOUR);
    const s1 = await verifyTrustBundle(v1.bundle, { publishers: w.publishers, now: NOW });
    const delta = await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: w.publisher.key, now: v2.payload.iat });
    expect(await codeOf(s1.apply(delta, { publishers: w.publishers, now: v2.payload.exp }))).toBe('ERR_BUNDLE_EXPIRED');
    expect(await codeOf(s1.apply(v2.bundle, { publishers: w.publishers, now: v2.payload.exp }))).toBe('ERR_BUNDLE_EXPIRED');
    // a delta announcing a result issued in the future
    expect(await codeOf(s1.apply(delta, { publishers: w.publishers, now: NOW + HOUR - 1 }))).toBe('ERR_BUNDLE_MALFORMED');
  });

  it('refuses misuse of createBundleDelta with ERR_INVALID_ARGUMENT', async () => {
    const w = await world();
    const v1 = await w.sync(NOW);
    const v2 = await w.sync(NOW + HOUR);
    const other = await buildTrustBundle({ ...w.base, publisherId: 'https://other.example', version: 5 });
    for (const options of [
      { from: v2.payload, to: v1.payload, publisher: w.publisher.key },
      { from: v1.payload, to: v1.payload, publisher: w.publisher.key },
      { from: v1.payload, to: other.payload, publisher: w.publisher.key },
      { from: { ...v1.payload, issuers: 5 }, to: v2.payload, publisher: w.publisher.key },
      { from: v1.payload, to: v2.payload, publisher: { ...w.publisher.key, kid: undefined } },
      { from: v1.payload, to: v2.payload, publisher: w.publisher.key, now: -3 },
    ]) {
      expect(await codeOf(createBundleDelta(options as never))).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe('restoreTrustState', () => {
  it('rebuilds the live state from its persisted chain, even after the first bundle expired', async () => {
    const w = await world();
    const built = [await w.sync(NOW)];
    for (let i = 1; i <= 3; i++) built.push(await w.sync(NOW + i * 4 * DAY - 1));
    // republishing keeps status tokens fresh; the first bundle (7 days) has long expired by the last sync
    let live = await verifyTrustBundle(built[0]!.bundle, { publishers: w.publishers, now: NOW });
    for (let i = 1; i < built.length; i++) {
      live = await live.apply(await createBundleDelta({ from: built[i - 1]!.payload, to: built[i]!.payload, publisher: w.publisher.key, now: built[i]!.payload.iat }), { publishers: w.publishers, now: built[i]!.payload.iat });
    }
    const now = NOW + 12 * DAY;
    expect(built[0]!.payload.exp).toBeLessThan(now);
    const stored = JSON.parse(JSON.stringify(live.chain)) as { bundle: string; deltas: string[] };
    const restored = await restoreTrustState(stored, { publishers: w.publishers, now });
    expect(restored.payload).toEqual(live.payload);
    expect(restored.digest).toBe(live.digest);
    expect(restored.chain).toEqual(live.chain);
    expect(restored.accreditationFor(w.bureau.did, RESIDENT, now).id).toBe('acc-bureau');
    expect((await restoreTrustState({ bundle: built[3]!.bundle }, { publishers: w.publishers, now })).digest).toBe(live.digest);
    // the end of the chain expired → ERR_BUNDLE_EXPIRED
    expect(await codeOf(restoreTrustState(stored, { publishers: w.publishers, now: live.expiresAt }))).toBe('ERR_BUNDLE_EXPIRED');
    // a broken chain
    expect(await codeOf(restoreTrustState({ bundle: stored.bundle, deltas: [stored.deltas[1]!] }, { publishers: w.publishers, now }))).toBe('ERR_BUNDLE_DELTA_MISMATCH');
    expect(await codeOf(restoreTrustState({ bundle: stored.bundle, deltas: [built[1]!.bundle] }, { publishers: w.publishers, now }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(restoreTrustState({ bundle: stored.bundle, deltas: 'x' } as never, { publishers: w.publishers, now }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(restoreTrustState(null as never, { publishers: w.publishers, now }))).toBe('ERR_INVALID_ARGUMENT');
    const stranger = await generateKeyPair('EdDSA');
    expect(await codeOf(restoreTrustState(stored, { publishers: [stranger.publicJwk], now }))).toBe('ERR_BUNDLE_UNTRUSTED');
  });
});
