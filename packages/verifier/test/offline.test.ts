import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, signJwt, signingKeyFromJwk, type JsonObject } from '@elicense/core';
import { findLicenceProfile } from '@elicense/credentials';
import { DidResolver, createDidWebDocument } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { buildTrustBundle, createAccreditation, createAccreditationRevocation, createBundleDelta, type BuiltTrustBundle } from '@elicense/trust';
import { Verifier, type OfflineVerifierOptions, type VerificationReport } from '@elicense/verifier';
import { expectFailedAt } from './helpers.js';
import {
  AUD,
  DAY,
  LICENCE_CLAIMS,
  NONCE,
  NOW,
  REVEAL,
  TYPES,
  cleanup,
  clock,
  holder,
  issueAndPresentWithKey,
  party,
  publisherJwk,
  serveDidDocument,
  throwsWith,
  webHost,
  world,
  type World,
} from './offline-world.js';

const ALL_CHECKS = ['format', 'issuer_trusted', 'issuer_key', 'signature', 'disclosures', 'validity_period', 'credential_type', 'holder_binding', 'nonce', 'audience', 'status'];

function check(report: VerificationReport, name: string) {
  return report.checks.find((c) => c.check === name)!;
}

/** An offline verifier on `bundle` of world `w`, at `NOW` unless a clock is given. */
function offline(w: World, bundle: OfflineVerifierOptions['bundle'], options: Partial<OfflineVerifierOptions> = {}): Promise<Verifier> {
  return Verifier.fromBundle({ bundle, publishers: w.publishers, now: () => NOW, ...options });
}

const vp = { nonce: NONCE, aud: AUD };

afterAll(cleanup);

describe('Verifier.fromBundle — every licence offline', () => {
  let w: World;
  let v1: BuiltTrustBundle;
  let verifier: Verifier;
  beforeAll(async () => {
    w = await world();
    v1 = await w.build();
    verifier = await offline(w, v1.bundle);
  });

  it('verifies a presentation (KB-JWT, status) of each licence type, and reports how fresh the trust data was', async () => {
    for (const type of TYPES) {
      const report = await verifier.verifyPresentation(await w.present(type), vp);
      expect(report.verified, type).toBe(true);
      expect(report.checks.map((c) => c.check)).toEqual(ALL_CHECKS);
      expect(report.checks.every((c) => c.ok && c.code === undefined)).toBe(true);
      // the status list was really read: a credential without status would say so in the check
      expect(check(report, 'status')).toEqual({ check: 'status', ok: true });
      expect(Object.keys(report.claims).sort()).toEqual([...REVEAL[type]].sort());
      expect(report).toMatchObject({ type, issuer: w.agency.did, issuedAt: NOW - 2 * 3600 });
      expect(report.freshness).toEqual({
        bundle: { version: 1, issuedAt: NOW - 3600, age: 3600 },
        statusList: { uri: w.held[type].issued.status!.uri, issuedAt: NOW - 2 * 3600, age: 2 * 3600 },
      });
      expect(report.warnings).toBeUndefined();
    }
  });

  it('verifies SD-JWT VCs as issued (verifyCredential) the same way', async () => {
    for (const type of TYPES) {
      const report = await verifier.verifyCredential(w.held[type].issued.credential);
      expect(report.verified, type).toBe(true);
      expect(report.freshness?.bundle.version).toBe(1);
    }
  });

  it('verifies a W3C VC JWT against the Bitstring Status List credentials carried in the bundle', async () => {
    const report = await verifier.verifyJwtVc(w.jwtVc.credential);
    expect(report.verified).toBe(true);
    expect(check(report, 'status')).toEqual({ check: 'status', ok: true });
    expect(report.claims.name).toBe(LICENCE_CLAIMS.driving_licence.name);
    expect(report.freshness).toEqual({
      bundle: { version: 1, issuedAt: NOW - 3600, age: 3600 },
      statusList: { uri: `${w.jwtVc.status!.uri}/revocation`, issuedAt: NOW - 2 * 3600, age: 2 * 3600 },
    });
  });

  it('exposes the bundle state in use; an online verifier has none', async () => {
    expect(verifier.trust?.version).toBe(1);
    expect(verifier.trust?.digest).toBe(v1.digest);
    expect(verifier.trust?.chain).toEqual({ bundle: v1.bundle, deltas: [] });
    const online = new Verifier({ trustedIssuers: [w.agency.did] });
    expect(online.trust).toBeUndefined();
    await throwsWith(() => online.sync(v1.bundle), 'ERR_INVALID_ARGUMENT');
  });

  it('refuses credential types outside allowedTypes, and types the bundle does not carry', async () => {
    const drivers = await offline(w, v1.bundle, { allowedTypes: ['driving_licence'] });
    expect((await drivers.verifyPresentation(await w.present('driving_licence'), vp)).verified).toBe(true);
    expectFailedAt(await drivers.verifyPresentation(await w.present('resident_id_card'), vp), 'credential_type', 'ERR_TYPE_NOT_ALLOWED');
    const vct = w.held.driving_licence.issued.vct;
    const narrow = await w.build({ types: { [vct]: findLicenceProfile(vct)!.typeMetadata } });
    const verifier2 = await offline(w, narrow.bundle);
    expect((await verifier2.verifyPresentation(await w.present('driving_licence'), vp)).verified).toBe(true);
    const report = await verifier2.verifyPresentation(await w.present('business_licence'), vp);
    expect(check(report, 'credential_type')).toMatchObject({ ok: false, code: 'ERR_TYPE_UNKNOWN' });
    expect(report.verified).toBe(false);
  });

  it('refuses a credential whose list is not in the bundle (no fetcher to fall back on), and one without status when status is required', async () => {
    const bare = await w.build({ statusLists: [] });
    const report = await (await offline(w, bare.bundle)).verifyPresentation(await w.present('driving_licence'), vp);
    expectFailedAt(report, 'status', 'ERR_STATUS_UNAVAILABLE');
    expect(report.freshness?.statusList).toBeUndefined();

    const plainAgency = await Issuer.create({ now: () => NOW - 3600 });
    const accreditation = await createAccreditation({ authority: w.root.key, subject: plainAgency.did, types: ['driving_licence'], validFrom: NOW - DAY, validUntil: NOW + DAY, now: NOW - DAY });
    const withPlain = await w.build({ accreditations: [w.accreditation, accreditation] });
    const h = await holder();
    const issued = await plainAgency.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: h.publicJwk });
    const lax = await offline(w, withPlain.bundle);
    const laxReport = await lax.verifyPresentation(await h.present(issued.credential, 'driving_licence'), vp);
    expect(laxReport.verified).toBe(true);
    expect(check(laxReport, 'status').message).toMatch(/no status/);
    const strict = await offline(w, withPlain.bundle, { requireStatus: true });
    expectFailedAt(await strict.verifyPresentation(await h.present(issued.credential, 'driving_licence'), vp), 'status', 'ERR_STATUS_UNAVAILABLE');
  });
});

describe('Verifier.fromBundle — accreditation', () => {
  afterEach(cleanup);

  it('an issuer not accredited for the type fails issuer_trusted with ERR_ISSUER_NOT_ACCREDITED; its accredited type verifies', async () => {
    const w = await world();
    const transport = await Issuer.create({ now: () => NOW - 3600 });
    const accreditation = await createAccreditation({ authority: w.root.key, subject: transport.did, types: ['driving_licence'], validFrom: NOW - DAY, validUntil: NOW + DAY, now: NOW - DAY });
    const bundle = await w.build({ accreditations: [w.accreditation, accreditation] });
    const verifier = await offline(w, bundle.bundle);
    const h = await holder();
    const id = await transport.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: h.publicJwk });
    const dl = await transport.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: h.publicJwk });
    const refused = await verifier.verifyPresentation(await h.present(id.credential, 'resident_id_card'), vp);
    expectFailedAt(refused, 'issuer_trusted', 'ERR_ISSUER_NOT_ACCREDITED');
    expect(refused.freshness?.bundle.version).toBe(1);
    expect((await verifier.verifyPresentation(await h.present(dl.credential, 'driving_licence'), vp)).verified).toBe(true);
    expectFailedAt(await verifier.verifyJwtVc((await transport.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder: h.publicJwk })).credential), 'issuer_trusted', 'ERR_ISSUER_NOT_ACCREDITED');
    // an issuer the bundle knows nothing of
    const stranger = await Issuer.create({ now: () => NOW - 3600 });
    const s = await stranger.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: h.publicJwk });
    expectFailedAt(await verifier.verifyCredential(s.credential), 'issuer_trusted', 'ERR_ISSUER_NOT_ACCREDITED');
  });

  it('an accreditation revoked before issuance refuses the credential; one issued before the revocation is accepted', async () => {
    const w = await world();
    const c = clock(NOW - 20 * DAY);
    const lapsed = await Issuer.create({ now: c.now });
    const accreditation = await createAccreditation({
      authority: w.root.key,
      subject: lapsed.did,
      types: ['business_licence'],
      validFrom: NOW - 30 * DAY,
      validUntil: NOW + 365 * DAY,
      id: 'urn:uuid:5e1b0c43-55d2-4a8e-9d0c-8f1f3f7c2a11',
      now: NOW - 30 * DAY,
    });
    const revocation = await createAccreditationRevocation({
      authority: w.root.key,
      accreditation: 'urn:uuid:5e1b0c43-55d2-4a8e-9d0c-8f1f3f7c2a11',
      revokedAt: NOW - 10 * DAY,
      reason: 'licence fraud',
      now: NOW - 10 * DAY,
    });
    const h = await holder();
    const before = await lapsed.issue({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder: h.publicJwk });
    c.t = NOW - 5 * DAY;
    const after = await lapsed.issue({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder: h.publicJwk });
    const bundle = await w.build({ accreditations: [w.accreditation, accreditation], revocations: [revocation] });
    const verifier = await offline(w, bundle.bundle);
    expect((await verifier.verifyPresentation(await h.present(before.credential, 'business_licence'), vp)).verified).toBe(true);
    expectFailedAt(await verifier.verifyPresentation(await h.present(after.credential, 'business_licence'), vp), 'issuer_trusted', 'ERR_ISSUER_NOT_ACCREDITED');
    expectFailedAt(await verifier.verifyCredential(after.credential), 'issuer_trusted', 'ERR_ISSUER_NOT_ACCREDITED');
  });
});

describe('Verifier.fromBundle — key history', () => {
  afterEach(cleanup);

  it('after a did:web key rotation: signed with the old key before it verifies; signed with the retired key after it → ERR_KEY_RETIRED; the new key verifies', async () => {
    const w = await world();
    const host = await webHost();
    const oldKey = await generateKeyPair('ES256', { extractable: true });
    const c = clock(NOW - 2 * DAY);
    const agency = await Issuer.create({ method: 'web', domain: host.domain, privateJwk: oldKey.privateJwk!, now: c.now });
    await serveDidDocument(host, await agency.didDocument());
    const accreditation = await createAccreditation({ authority: w.root.key, subject: agency.did, types: ['driving_licence'], validFrom: NOW - 30 * DAY, validUntil: NOW + 365 * DAY, now: NOW - 30 * DAY });
    const resolver = new DidResolver({ allowHttpLocalhost: true, cacheTtl: 0 });
    const v1 = await w.build({ accreditations: [accreditation], statusLists: [], resolver, now: NOW - 3 * DAY });

    const h = await holder();
    const beforeRotation = await agency.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: h.publicJwk });

    // The agency rotates: its document now lists only the new key.
    const newKey = await generateKeyPair('ES256', { extractable: true });
    await serveDidDocument(host, createDidWebDocument(agency.did, [{ publicJwk: newKey.publicJwk, id: 'key-2' }]));
    const v2 = await w.build({ accreditations: [accreditation], statusLists: [], resolver, previous: v1.payload, now: NOW - 3600 });
    expect(v2.payload.issuers[agency.did]!.keys.find((k) => k.kid === agency.kid)).toMatchObject({ state: 'retired', validUntil: NOW - 3600 });

    c.t = NOW - 1800;
    const withRetiredKey = await agency.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: h.publicJwk });
    const withNewKey = await issueAndPresentWithKey({ iss: agency.did, signer: signingKeyFromJwk(newKey.privateJwk!, `${agency.did}#key-2`), type: 'driving_licence', iat: NOW - 1800 });

    const verifier = await offline(w, v2.bundle);
    expect((await verifier.verifyPresentation(await h.present(beforeRotation.credential, 'driving_licence'), vp)).verified).toBe(true);
    expectFailedAt(await verifier.verifyPresentation(await h.present(withRetiredKey.credential, 'driving_licence'), vp), 'issuer_key', 'ERR_KEY_RETIRED');
    expect((await verifier.verifyPresentation(withNewKey.presentation, vp)).verified).toBe(true);

    // The v1 snapshot predates the rotation: it knows nothing of the new key.
    const old = await offline(w, v1.bundle, { freshness: { maxBundleAge: 7 * DAY } });
    expect((await old.verifyPresentation(await h.present(beforeRotation.credential, 'driving_licence'), vp)).verified).toBe(true);
    expectFailedAt(await old.verifyPresentation(withNewKey.presentation, vp), 'issuer_key', 'ERR_DID_KEY_NOT_FOUND');
  });

  it('a key compromised at T: signed before T verifies, at or after T → ERR_KEY_COMPROMISED', async () => {
    const w = await world();
    const c = clock(NOW - 20 * DAY);
    const agency = await Issuer.create({ now: c.now });
    const accreditation = await createAccreditation({ authority: w.root.key, subject: agency.did, types: ['resident_id_card'], validFrom: NOW - 30 * DAY, validUntil: NOW + 365 * DAY, now: NOW - 30 * DAY });
    const h = await holder();
    const before = await agency.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: h.publicJwk });
    c.t = NOW - 10 * DAY;
    const atT = await agency.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: h.publicJwk });
    c.t = NOW - 5 * DAY;
    const after = await agency.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: h.publicJwk });
    const bundle = await w.build({ accreditations: [w.accreditation, accreditation], keyEvents: [{ kid: agency.kid, state: 'compromised', at: NOW - 10 * DAY }] });
    const verifier = await offline(w, bundle.bundle);
    expect((await verifier.verifyPresentation(await h.present(before.credential, 'resident_id_card'), vp)).verified).toBe(true);
    expectFailedAt(await verifier.verifyPresentation(await h.present(atT.credential, 'resident_id_card'), vp), 'issuer_key', 'ERR_KEY_COMPROMISED');
    expectFailedAt(await verifier.verifyCredential(after.credential), 'issuer_key', 'ERR_KEY_COMPROMISED');
  });

  it('a kid that is not a key of the issuer, or not in its key history → ERR_DID_KEY_NOT_FOUND', async () => {
    const w = await world();
    const verifier = await offline(w, (await w.build()).bundle);
    const other = await party();
    // signed by another DID's key, naming it
    const foreign = await issueAndPresentWithKey({ iss: w.agency.did, signer: other.key, type: 'driving_licence', iat: NOW - 600 });
    expectFailedAt(await verifier.verifyPresentation(foreign.presentation, vp), 'issuer_key', 'ERR_DID_KEY_NOT_FOUND');
    // a fragment of the issuer's DID that its key history does not hold
    const unknown = await issueAndPresentWithKey({ iss: w.agency.did, signer: signingKeyFromJwk(other.privateJwk, `${w.agency.did}#key-9`), type: 'driving_licence', iat: NOW - 600 });
    expectFailedAt(await verifier.verifyPresentation(unknown.presentation, vp), 'issuer_key', 'ERR_DID_KEY_NOT_FOUND');
    // the issuer's kid, but signed by another key
    const forged = await issueAndPresentWithKey({ iss: w.agency.did, signer: signingKeyFromJwk(other.privateJwk, w.agency.kid), type: 'driving_licence', iat: NOW - 600 });
    expectFailedAt(await verifier.verifyPresentation(forged.presentation, vp), 'signature', 'ERR_SIGNATURE_INVALID');
  });
});

describe('Verifier.fromBundle — status offline', () => {
  afterEach(cleanup);

  it('a revoked licence → ERR_STATUS_REVOKED, a suspended one → ERR_STATUS_SUSPENDED, from the lists in the bundle', async () => {
    const w = await world();
    await w.agency.revoke(w.held.driving_licence.issued.id);
    await w.agency.suspend(w.held.business_licence.issued.id);
    await w.agency.revoke(w.jwtVc.id);
    await w.agency.publishStatusLists();
    const verifier = await offline(w, (await w.build()).bundle);
    expectFailedAt(await verifier.verifyPresentation(await w.present('driving_licence'), vp), 'status', 'ERR_STATUS_REVOKED');
    expectFailedAt(await verifier.verifyCredential(w.held.driving_licence.issued.credential), 'status', 'ERR_STATUS_REVOKED');
    expectFailedAt(await verifier.verifyPresentation(await w.present('business_licence'), vp), 'status', 'ERR_STATUS_SUSPENDED');
    expectFailedAt(await verifier.verifyJwtVc(w.jwtVc.credential), 'status', 'ERR_STATUS_REVOKED');
    expect((await verifier.verifyPresentation(await w.present('resident_id_card'), vp)).verified).toBe(true);
  });

  it('a status list older than maxStatusAge: refused with ERR_STATUS_STALE, or passed with a warning', async () => {
    const w = await world();
    const bundle = (await w.build()).bundle;
    const refuse = await offline(w, bundle, { freshness: { maxStatusAge: 3600 } });
    const refused = await refuse.verifyPresentation(await w.present('resident_id_card'), vp);
    expectFailedAt(refused, 'status', 'ERR_STATUS_STALE');
    expect(refused.freshness?.statusList?.age).toBe(2 * 3600);
    expectFailedAt(await refuse.verifyJwtVc(w.jwtVc.credential), 'status', 'ERR_STATUS_STALE');

    const warn = await offline(w, bundle, { freshness: { maxStatusAge: 3600, onStale: 'warn' } });
    const warned = await warn.verifyPresentation(await w.present('resident_id_card'), vp);
    expect(warned.verified).toBe(true);
    expect(warned.warnings).toEqual([{ code: 'ERR_STATUS_STALE', message: expect.any(String) }]);
    expect(warned.freshness?.statusList).toEqual({ uri: w.held.resident_id_card.issued.status!.uri, issuedAt: NOW - 2 * 3600, age: 2 * 3600 });
    // a W3C VC JWT reads two lists (revocation, suspension): one warning for each
    const jwt = await warn.verifyJwtVc(w.jwtVc.credential);
    expect(jwt.verified).toBe(true);
    expect(jwt.warnings?.map((x) => x.code)).toEqual(['ERR_STATUS_STALE', 'ERR_STATUS_STALE']);
  });
});

describe('Verifier.fromBundle — bundle freshness', () => {
  let w: World;
  let bundle: BuiltTrustBundle;
  beforeAll(async () => {
    w = await world();
    bundle = await w.build({ validity: 2 * DAY });
  });

  it('a bundle older than maxBundleAge: issuer_trusted fails with ERR_BUNDLE_STALE (refuse), or passes with a warning (warn)', async () => {
    const refuse = await offline(w, bundle.bundle, { freshness: { maxBundleAge: 1800 } });
    const refused = await refuse.verifyPresentation(await w.present('marriage_certificate'), vp);
    expectFailedAt(refused, 'issuer_trusted', 'ERR_BUNDLE_STALE');
    expect(refused.freshness).toEqual({ bundle: { version: 1, issuedAt: NOW - 3600, age: 3600 } });
    expectFailedAt(await refuse.verifyJwtVc(w.jwtVc.credential), 'issuer_trusted', 'ERR_BUNDLE_STALE');

    const warn = await offline(w, bundle.bundle, { freshness: { maxBundleAge: 1800, onStale: 'warn' } });
    const warned = await warn.verifyPresentation(await w.present('marriage_certificate'), vp);
    expect(warned.verified).toBe(true);
    expect(warned.warnings).toEqual([{ code: 'ERR_BUNDLE_STALE', message: expect.any(String) }]);
    expect(warned.freshness?.bundle.age).toBe(3600);
    // under the default policy (one day) the same bundle is fresh
    expect((await offline(w, bundle.bundle)).trust?.version).toBe(1);
    expect((await (await offline(w, bundle.bundle)).verifyPresentation(await w.present('marriage_certificate'), vp)).warnings).toBeUndefined();
  });

  it('ages are counted at each verification: a bundle goes stale while the verifier runs', async () => {
    const c = clock(NOW);
    const verifier = await offline(w, bundle.bundle, { now: c.now, freshness: { onStale: 'refuse' } });
    expect((await verifier.verifyCredential(w.held.resident_id_card.issued.credential)).verified).toBe(true);
    c.t = NOW + DAY - 3600 + 1; // the bundle is one day and one second old; status lists have expired meanwhile
    const report = await verifier.verifyCredential(w.held.resident_id_card.issued.credential);
    expectFailedAt(report, 'issuer_trusted', 'ERR_BUNDLE_STALE');
    expect(report.freshness?.bundle.age).toBe(DAY + 1);
  });

  it('an expired bundle is always refused: ERR_BUNDLE_EXPIRED at verification, even under warn; and by fromBundle', async () => {
    const c = clock(NOW);
    const verifier = await offline(w, bundle.bundle, { now: c.now, freshness: { onStale: 'warn' } });
    c.t = bundle.payload.exp;
    const later = await issueAndPresentWithKey({ iss: w.agency.did, signer: signingKeyFromJwk(w.agency.exportPrivateJwk()!, w.agency.kid), type: 'driving_licence', iat: c.t - 60, presentAt: c.t });
    expectFailedAt(await verifier.verifyPresentation(later.presentation, vp), 'issuer_trusted', 'ERR_BUNDLE_EXPIRED');
    await throwsWith(() => offline(w, bundle.bundle, { now: () => bundle.payload.exp + 1 }), 'ERR_BUNDLE_EXPIRED');
    // with clock tolerance, the same moment is still inside
    const tolerant = await offline(w, bundle.bundle, { now: () => bundle.payload.exp, clockTolerance: 60, freshness: { onStale: 'warn' } });
    const report = await tolerant.verifyPresentation(later.presentation, vp);
    expect(check(report, 'issuer_trusted')).toEqual({ check: 'issuer_trusted', ok: true });
  });
});

describe('Verifier.sync', () => {
  let w: World;
  let v1: BuiltTrustBundle;
  let v2: BuiltTrustBundle;
  let v3: BuiltTrustBundle;
  beforeAll(async () => {
    w = await world();
    v1 = await w.build({ now: NOW - 5400 });
    v2 = await w.build({ previous: v1.payload, now: NOW - 3600 });
    v3 = await w.build({ previous: v2.payload, now: NOW - 1800 });
  });

  async function stillVerifies(verifier: Verifier, version: number): Promise<void> {
    expect(verifier.trust?.version).toBe(version);
    const report = await verifier.verifyPresentation(await w.present('driving_licence'), vp);
    expect(report.verified).toBe(true);
    expect(report.freshness?.bundle.version).toBe(version);
  }

  it('applies a newer full bundle (N → N+1) and a delta (N → N+2), and reports an unchanged bundle', async () => {
    const verifier = await offline(w, v1.bundle);
    expect(await verifier.sync(v2.bundle)).toEqual({ kind: 'full', version: 2, previousVersion: 1 });
    expect(verifier.trust?.digest).toBe(v2.digest);
    await stillVerifies(verifier, 2);
    expect(await verifier.sync(v2.bundle)).toEqual({ kind: 'unchanged', version: 2, previousVersion: 2 });

    const fromOne = await offline(w, v1.bundle);
    const delta = await createBundleDelta({ from: v1.payload, to: v3.payload, publisher: w.publisher.key, now: NOW - 1800 });
    expect(await fromOne.sync(delta)).toEqual({ kind: 'delta', version: 3, previousVersion: 1 });
    expect(fromOne.trust?.digest).toBe(v3.digest);
    expect(fromOne.trust?.payload).toEqual(v3.payload);
    expect(fromOne.trust?.chain).toEqual({ bundle: v1.bundle, deltas: [delta] });
    await stillVerifies(fromOne, 3);
  });

  it('refuses bad updates with typed errors and keeps verifying with its last good bundle', async () => {
    const verifier = await offline(w, v1.bundle);
    await verifier.sync(v2.bundle);
    const good = verifier.trust!;
    const stranger = await party();
    const untrusted = await buildTrustBundle({
      publisher: stranger.key,
      publisherId: v3.payload.iss,
      roots: [w.root.did],
      accreditations: [w.accreditation],
      resolver: new DidResolver(),
      version: 9,
      now: NOW - 1800,
    });
    // signed by the genuine publisher, but its accreditation's issuer is no longer a root
    const otherRoot = await party();
    const rootless = await signJwt(
      { alg: w.publisher.key.alg, typ: 'trust-bundle+jwt', kid: w.publisher.key.kid! },
      { ...v3.payload, version: 10, roots: [otherRoot.did], issuers: { ...v3.payload.issuers } } as unknown as JsonObject,
      w.publisher.key,
    );
    const cases: [string, string, Parameters<typeof throwsWith>[1]][] = [
      ['an accreditation chain that does not reach the root', rootless, 'ERR_ACCREDITATION_CHAIN_BROKEN'],
      ['an older bundle (rollback)', v1.bundle, 'ERR_BUNDLE_ROLLBACK'],
      ['a delta for another base', await createBundleDelta({ from: v1.payload, to: v3.payload, publisher: w.publisher.key, now: NOW - 1800 }), 'ERR_BUNDLE_DELTA_MISMATCH'],
      ['a bundle signed by an unknown key', untrusted.bundle, 'ERR_BUNDLE_UNTRUSTED'],
      ['a truncated bundle (parts missing)', v3.bundle.slice(0, v3.bundle.indexOf('.') + 40), 'ERR_BUNDLE_MALFORMED'],
      ['a truncated bundle (cut in the signature)', v3.bundle.slice(0, -4), 'ERR_BUNDLE_SIGNATURE_INVALID'],
      ['not a JWS at all', 'hello', 'ERR_BUNDLE_MALFORMED'],
    ];
    for (const [what, update, code] of cases) {
      await throwsWith(() => verifier.sync(update), code);
      expect(verifier.trust, what).toBe(good);
      await stillVerifies(verifier, 2);
    }
    await throwsWith(() => verifier.sync(42 as unknown as string), 'ERR_INVALID_ARGUMENT');
    // and a good update still applies afterwards
    expect(await verifier.sync(v3.bundle)).toMatchObject({ kind: 'full', version: 3 });
  });

  it('an expired update is refused (ERR_BUNDLE_EXPIRED) and the verifier keeps its bundle', async () => {
    const c = clock(NOW);
    const verifier = await offline(w, v1.bundle, { now: c.now });
    const shortLived = await w.build({ previous: v1.payload, version: 5, validity: 600, now: NOW - 1800 });
    await throwsWith(() => verifier.sync(shortLived.bundle), 'ERR_BUNDLE_EXPIRED');
    expect(verifier.trust?.version).toBe(1);
  });

  it('serializes concurrent updates: each applies to the state the one before left', async () => {
    const verifier = await offline(w, v1.bundle);
    const d23 = await createBundleDelta({ from: v2.payload, to: v3.payload, publisher: w.publisher.key, now: NOW - 1800 });
    const [a, b] = await Promise.all([verifier.sync(v2.bundle), verifier.sync(d23)]);
    expect(a).toEqual({ kind: 'full', version: 2, previousVersion: 1 });
    expect(b).toEqual({ kind: 'delta', version: 3, previousVersion: 2 });
    expect(verifier.trust?.digest).toBe(v3.digest);
  });

  it('a persisted chain restores the same state', async () => {
    const verifier = await offline(w, v1.bundle);
    await verifier.sync(await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: w.publisher.key, now: NOW - 3600 }));
    await verifier.sync(await createBundleDelta({ from: v2.payload, to: v3.payload, publisher: w.publisher.key, now: NOW - 1800 }));
    const saved = JSON.parse(JSON.stringify(verifier.trust!.chain)) as { bundle: string; deltas: string[] };
    expect(saved.deltas).toHaveLength(2);
    const restored = await offline(w, saved);
    expect(restored.trust?.version).toBe(3);
    expect(restored.trust?.digest).toBe(verifier.trust?.digest);
    expect(restored.trust?.payload).toEqual(verifier.trust?.payload);
    const a = await verifier.verifyPresentation(await w.present('resident_id_card'), vp);
    const b = await restored.verifyPresentation(await w.present('resident_id_card'), vp);
    expect(b).toEqual(a);
    expect(b.verified).toBe(true);
  });
});

describe('Verifier.fromBundle — misuse and bad bundles', () => {
  let w: World;
  let bundle: BuiltTrustBundle;
  beforeAll(async () => {
    w = await world();
    bundle = await w.build();
  });

  it('bad options → ERR_INVALID_ARGUMENT', async () => {
    const base: OfflineVerifierOptions = { bundle: bundle.bundle, publishers: w.publishers, now: () => NOW };
    const bad: unknown[] = [
      undefined,
      'bundle',
      { ...base, bundle: undefined },
      { ...base, bundle: '' },
      { ...base, bundle: { deltas: [] } },
      { ...base, bundle: { bundle: bundle.bundle, deltas: 'x' } },
      { ...base, bundle: { bundle: bundle.bundle, deltas: [7] } },
      { ...base, publishers: [] },
      { ...base, publishers: undefined },
      { ...base, publishers: ['key'] },
      { ...base, trustedIssuers: [w.agency.did] },
      { ...base, resolver: new DidResolver() },
      { ...base, status: { lists: {} } },
      { ...base, freshness: 'strict' },
      { ...base, freshness: { onStale: 'ignore' } },
      { ...base, freshness: { maxBundleAge: 0 } },
      { ...base, freshness: { maxStatusAge: 1.5 } },
      { ...base, requireStatus: 'yes' },
      { ...base, allowedTypes: ['passport'] },
      { ...base, algorithms: ['HS256'] },
      { ...base, now: 123 },
    ];
    for (const options of bad) await throwsWith(() => Verifier.fromBundle(options as OfflineVerifierOptions), 'ERR_INVALID_ARGUMENT');
  });

  it('a bundle from another publisher, tampered or truncated → the trust package’s typed error', async () => {
    const other = await party();
    await throwsWith(() => Verifier.fromBundle({ bundle: bundle.bundle, publishers: [publisherJwk(other)], now: () => NOW }), 'ERR_BUNDLE_UNTRUSTED');
    const [h, p, s] = bundle.bundle.split('.');
    const flipped = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
    await throwsWith(() => offline(w, flipped), 'ERR_BUNDLE_SIGNATURE_INVALID');
    await throwsWith(() => offline(w, `${h}.${p}`), 'ERR_BUNDLE_MALFORMED');
    await throwsWith(() => offline(w, { bundle: bundle.bundle, deltas: ['garbage'] }), 'ERR_BUNDLE_MALFORMED');
  });
});
