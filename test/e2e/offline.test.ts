/**
 * Offline verification end to end: a root authority accredits an intermediate authority, which
 * accredits a did:web agency; the agency issues driving licences and publishes its status lists
 * anchored on a file ledger; a trust bundle publisher builds signed bundles and deltas; a traffic
 * officer's tablet syncs them over HTTP and verifies licences with no network, through a key
 * rotation, a revocation and a missed sync.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calculateJwkThumbprint, generateKeyPair, issueSdJwtVc, presentSdJwt, signingKeyFromJwk, type JWK, type SigningKey } from '@elicense/core';
import { prepareLicenceClaims } from '@elicense/credentials';
import { DidResolver, createDidWebDocument, didKeyFromJwk } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { FileLedger } from '@elicense/ledger/node';
import { buildTrustBundle, createAccreditation, createBundleDelta, type BuildTrustBundleOptions } from '@elicense/trust';
import { Verifier, type VerificationReport } from '@elicense/verifier';
import { LICENCE_CLAIMS, NOW } from '../fixtures/licences.js';

const DAY = 86_400;
const HOUR = 3_600;
const aud = 'https://traffic-police.example/tablet/17';
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function authority(): Promise<{ did: string; key: SigningKey; publicJwk: JWK }> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const did = didKeyFromJwk(pair.publicJwk);
  return { did, key: signingKeyFromJwk(pair.privateJwk!, `${did}#${did.slice('did:key:'.length)}`), publicJwk: pair.publicJwk };
}

/** One web server on 127.0.0.1: the agency's did:web document and the publisher's bundle files. */
async function webServer(): Promise<{ origin: string; domain: string; serve: (path: string, body: string) => void }> {
  const routes = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const body = routes.get(req.url ?? '/');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': req.url?.endsWith('.json') ? 'application/did+json' : 'application/jwt' });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { origin: `http://127.0.0.1:${port}`, domain: `127.0.0.1%3A${port}`, serve: (path, body) => routes.set(path, body) };
}

function check(report: VerificationReport, name: string) {
  return report.checks.find((c) => c.check === name);
}

describe('offline verification end to end', () => {
  it('accredit, issue, publish, bundle, sync, verify offline; rotate and revoke, delta, verify; a missed sync is flagged', async () => {
    const t = { now: NOW - 2 * DAY };
    const clock = () => t.now;
    const web = await webServer();
    const dir = await mkdtemp(join(tmpdir(), 'elicense-offline-e2e-'));
    const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: (await generateKeyPair('ES256', { extractable: true })).privateJwk! });
    cleanups.push(async () => {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    });

    // The provincial data bureau (root) accredits the transport authority (intermediate), which
    // accredits the city traffic police (a did:web agency) for driving licences.
    const root = await authority();
    const transport = await authority();
    const agencyKey1 = await generateKeyPair('ES256', { extractable: true });
    const agency = await Issuer.create({
      method: 'web',
      domain: web.domain,
      privateJwk: agencyKey1.privateJwk!,
      name: '上海市公安局交通警察总队',
      now: clock,
      status: { store: new MemoryIssuerStore(), ledger, baseUri: 'https://status.traffic.sh.gov.example/lists', tokenValidity: 7 * DAY },
    });
    web.serve('/.well-known/did.json', JSON.stringify(await agency.didDocument()));
    const accreditations = [
      await createAccreditation({ authority: root.key, subject: transport.did, types: ['driving_licence', 'resident_id_card'], mayAccredit: true, validFrom: NOW - 60 * DAY, validUntil: NOW + 730 * DAY, now: NOW - 60 * DAY }),
      await createAccreditation({ authority: transport.key, subject: agency.did, types: ['driving_licence'], validFrom: NOW - 30 * DAY, validUntil: NOW + 365 * DAY, now: NOW - 30 * DAY }),
    ];

    // Day 0: the agency issues two driving licences and publishes its status lists, anchored on the ledger.
    const walletResolver = new DidResolver({ allowHttpLocalhost: true, cacheTtl: 0 });
    const alice = await Wallet.create({ resolver: walletResolver, now: clock });
    const bob = await Wallet.create({ resolver: walletResolver, now: clock });
    const aliceLicence = await agency.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: (await alice.createHolderKey()).publicJwk });
    const bobLicence = await agency.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: (await bob.createHolderKey()).publicJwk });
    const aliceId = (await alice.receive(aliceLicence.credential)).id;
    const bobId = (await bob.receive(bobLicence.credential)).id;
    await agency.publishStatusLists();

    // The publisher builds bundle v1 and puts it on its web server.
    const publisherPair = await generateKeyPair('ES256', { extractable: true });
    const publisherKid = await calculateJwkThumbprint(publisherPair.publicJwk);
    const publisher = signingKeyFromJwk(publisherPair.privateJwk!, publisherKid);
    const publisherResolver = new DidResolver({ allowHttpLocalhost: true, cacheTtl: 0 });
    const uris = [...new Set([aliceLicence.status!.uri, bobLicence.status!.uri])];
    const bundleOptions = async (): Promise<BuildTrustBundleOptions> => ({
      publisher,
      publisherId: 'https://trust.sh.gov.example',
      roots: [root.did],
      accreditations,
      resolver: publisherResolver,
      statusLists: await Promise.all(uris.map(async (uri) => ({ token: await agency.statusListToken(uri) }))),
      ledger,
      ledgers: [{ id: ledger.id, publicJwk: ledger.publicJwk }],
      now: t.now,
    });
    t.now += HOUR;
    const v1 = await buildTrustBundle(await bundleOptions());
    web.serve('/trust/bundle.jws', v1.bundle);

    // The tablet syncs once, configured with nothing but the publisher's public key …
    const publishers = [publisherPair.publicJwk];
    const tablet = await Verifier.fromBundle({ bundle: await (await fetch(`${web.origin}/trust/bundle.jws`)).text(), publishers, now: clock, allowedTypes: ['driving_licence'] });
    expect(tablet.trust?.version).toBe(1);
    // … and verifies licences all day with no network.
    t.now += HOUR;
    const stop = async (wallet: Wallet, id: string) => {
      const nonce = crypto.randomUUID();
      return tablet.verifyPresentation(await wallet.present(id, { reveal: ['name', 'vehicle_classes'], nonce, aud, now: t.now }), { nonce, aud });
    };
    const day0 = await stop(alice, aliceId);
    expect(day0.verified).toBe(true);
    expect(day0.claims).toEqual({ name: LICENCE_CLAIMS.driving_licence.name, vehicle_classes: ['C1'] });
    expect(day0.freshness).toEqual({
      bundle: { version: 1, issuedAt: NOW - 2 * DAY + HOUR, age: HOUR },
      statusList: { uri: aliceLicence.status!.uri, issuedAt: NOW - 2 * DAY, age: 2 * HOUR },
    });
    expect((await stop(bob, bobId)).verified).toBe(true);

    // Day 1: the agency revokes Bob's licence and publishes; then it rotates its key.
    t.now = NOW - DAY;
    await agency.revoke(bobLicence.id);
    await agency.publishStatusLists();
    const agencyKey2 = await generateKeyPair('ES256', { extractable: true });
    web.serve('/.well-known/did.json', JSON.stringify(createDidWebDocument(agency.did, [{ publicJwk: agencyKey2.publicJwk, id: 'key-2' }])));

    // The publisher builds v2 (the old key retired now) and a delta v1 → v2.
    t.now += HOUR;
    const v2 = await buildTrustBundle({ ...(await bundleOptions()), previous: v1.payload });
    expect(v2.payload.issuers[agency.did]!.keys.map((k) => [k.kid, k.state])).toEqual(
      expect.arrayContaining([
        [agency.kid, 'retired'],
        [`${agency.did}#key-2`, 'active'],
      ]),
    );
    const delta = await createBundleDelta({ from: v1.payload, to: v2.payload, publisher, now: t.now });
    web.serve('/trust/delta-1-2.jws', delta);
    expect(delta.length).toBeLessThan(v2.bundle.length);

    // After the rotation, the agency signs with its new key (kid key-2).
    t.now += HOUR / 2;
    const carol = await generateKeyPair('ES256', { extractable: true });
    const prepared = prepareLicenceClaims('driving_licence', LICENCE_CLAIMS.driving_licence, { now: t.now });
    const carolLicence = await issueSdJwtVc(
      { iss: agency.did, vct: prepared.vct, iat: t.now, exp: t.now + 365 * DAY, cnf: { jwk: carol.publicJwk }, ...prepared.claims } as Parameters<typeof issueSdJwtVc>[0],
      { signer: signingKeyFromJwk(agencyKey2.privateJwk!, `${agency.did}#key-2`), frame: prepared.frame },
    );
    // Someone still holding the retired key signs a licence after the rotation.
    const stolen = await agency.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: carol.publicJwk });

    // The tablet applies the delta that night.
    t.now += HOUR / 2;
    expect(await tablet.sync(await (await fetch(`${web.origin}/trust/delta-1-2.jws`)).text())).toEqual({ kind: 'delta', version: 2, previousVersion: 1 });
    expect(tablet.trust?.digest).toBe(v2.digest);
    const chain = JSON.stringify(tablet.trust!.chain);

    // Day 1, verifying offline again.
    t.now += HOUR;
    const aliceAgain = await stop(alice, aliceId);
    expect(aliceAgain.verified).toBe(true); // signed with the old key before the rotation
    expect(aliceAgain.freshness?.bundle).toEqual({ version: 2, issuedAt: NOW - DAY + HOUR, age: 2 * HOUR });
    const bobAgain = await stop(bob, bobId);
    expect(bobAgain.verified).toBe(false);
    expect(check(bobAgain, 'status')).toMatchObject({ ok: false, code: 'ERR_STATUS_REVOKED' });
    const presentCarol = async (credential: string) => {
      const nonce = crypto.randomUUID();
      const vp = await presentSdJwt(credential, { reveal: ['name'], keyBinding: { signer: signingKeyFromJwk(carol.privateJwk!), nonce, aud, iat: t.now } });
      return tablet.verifyPresentation(vp, { nonce, aud });
    };
    expect((await presentCarol(carolLicence)).verified).toBe(true);
    const fromStolenKey = await presentCarol(stolen.credential);
    expect(fromStolenKey.verified).toBe(false);
    expect(check(fromStolenKey, 'issuer_key')).toMatchObject({ ok: false, code: 'ERR_KEY_RETIRED' });

    // The tablet misses the next sync: a day and more later its bundle is stale and it refuses …
    t.now = NOW + 2 * HOUR;
    const stale = await stop(alice, aliceId);
    expect(stale.verified).toBe(false);
    expect(check(stale, 'issuer_trusted')).toMatchObject({ ok: false, code: 'ERR_BUNDLE_STALE' });
    expect(stale.freshness?.bundle.age).toBe(DAY + HOUR);
    // … or, restored from its saved chain with a lenient policy, accepts with warnings the app shows.
    const lenient = await Verifier.fromBundle({ bundle: JSON.parse(chain) as { bundle: string; deltas: string[] }, publishers, now: clock, freshness: { onStale: 'warn' } });
    expect(lenient.trust?.digest).toBe(v2.digest);
    const nonce = crypto.randomUUID();
    const warned = await lenient.verifyPresentation(await alice.present(aliceId, { reveal: ['name'], nonce, aud, now: t.now }), { nonce, aud });
    expect(warned.verified).toBe(true);
    expect(warned.warnings?.map((w) => w.code)).toEqual(['ERR_BUNDLE_STALE', 'ERR_STATUS_STALE']);
    expect(warned.freshness).toEqual({
      bundle: { version: 2, issuedAt: NOW - DAY + HOUR, age: DAY + HOUR },
      statusList: { uri: aliceLicence.status!.uri, issuedAt: NOW - DAY, age: DAY + 2 * HOUR },
    });
  });
});
