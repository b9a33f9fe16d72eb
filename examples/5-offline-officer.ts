/**
 * A traffic officer's tablet syncs a signed trust bundle at the station and verifies licences on the
 * road with no network. The provincial data bureau (the root authority) accredits the city bureau to
 * issue driving licences; a publisher collects the accreditation, the bureau's DID document and key
 * history, and its anchored status list into the bundle. When the bureau rotates its key, the tablet
 * applies a small delta: the licence signed before the rotation keeps verifying.
 *
 *   npx tsx examples/5-offline-officer.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateKeyPair, signingKeyFromJwk } from '@elicense/core';
import { DidResolver, didKeyFromJwk } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { FileLedger } from '@elicense/ledger/node';
import { buildTrustBundle, createAccreditation, createBundleDelta } from '@elicense/trust';
import { Verifier } from '@elicense/verifier';
import { drivingLicence } from './1-bureau-issues.js';
import { officerRequest } from './2-wallet-presents.js';

/** A did:key authority (a root, a bundle publisher) with its signing key. */
export async function authority() {
  const { publicJwk, privateJwk } = await generateKeyPair('ES256', { extractable: true });
  const did = didKeyFromJwk(publicJwk);
  const kid = `${did}#${did.slice('did:key:'.length)}`;
  return { did, publicJwk: { ...publicJwk, kid }, key: signingKeyFromJwk(privateJwk!, kid) };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'offline-officer-'));
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: (await generateKeyPair('ES256', { extractable: true })).privateJwk! });
  try {
    const status = { store: new MemoryIssuerStore(), ledger, baseUri: 'https://status.sz.gov.example/lists' };
    let t = Math.floor(Date.now() / 1000);
    const now = () => t;
    const web = { domain: 'traffic.sz.gov.example', method: 'web' as const };
    const bureau = await Issuer.create({ ...web, keyId: 'key-2026', status, now });
    const wallet = await Wallet.create({ resolver: new DidResolver({ documents: { [bureau.did]: await bureau.didDocument() } }), now });
    const stored = await wallet.receive((await bureau.issue({ type: 'driving_licence', claims: drivingLicence, holder: (await wallet.createHolderKey()).publicJwk })).credential);
    await bureau.publishStatusLists();

    // At the station: the root accredits the bureau; the publisher snapshots the bureau's DID document.
    const [root, publisher] = [await authority(), await authority()];
    const accreditation = await createAccreditation({ authority: root.key, subject: bureau.did, types: ['driving_licence'], validFrom: t - 60, validUntil: t + 365 * 86_400, now: t });
    const build = async (previous?: Awaited<ReturnType<typeof buildTrustBundle>>['payload'], doc?: Issuer) =>
      buildTrustBundle({
        publisher: publisher.key,
        roots: [root.did],
        accreditations: [accreditation],
        resolver: new DidResolver({ documents: { [bureau.did]: await (doc ?? bureau).didDocument() } }),
        statusLists: [{ token: await (doc ?? bureau).statusListToken(`${status.baseUri}/1`) }],
        ledger,
        ledgers: [{ id: ledger.id, publicJwk: ledger.publicJwk }],
        now: t,
        ...(previous === undefined ? {} : { previous }),
      });
    const v1 = await build();
    const tablet = await Verifier.fromBundle({ bundle: v1.bundle, publishers: [publisher.publicJwk], now });
    console.log(`synced bundle v${v1.payload.version} (${v1.bundle.length} bytes)`);

    // On the road: no network at all.
    const fetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new Error('no network on the road'));
    try {
      const report = await tablet.verifyPresentation(await wallet.present(stored.id, officerRequest), { nonce: officerRequest.nonce, aud: officerRequest.aud });
      console.log(`offline: ${report.verified ? 'VERIFIED' : 'refused'}; bundle ${report.freshness!.bundle.age}s old`);
    } finally {
      globalThis.fetch = fetch;
    }

    // An hour later the bureau rotates its key; the tablet applies the delta v1 → v2.
    t += 3600;
    const rotated = await Issuer.create({ ...web, keyId: 'key-2027', status, now });
    await rotated.publishStatusLists({ force: true });
    const v2 = await build(v1.payload, rotated);
    const delta = await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: publisher.key, now: t });
    await tablet.sync(delta);
    const keys = v2.payload.issuers[bureau.did]!.keys.map((k) => `${k.kid.split('#')[1]} ${k.state}`).join(', ');
    console.log(`delta v1 → v2: ${delta.length} bytes (full bundle ${v2.bundle.length}); keys: ${keys}`);
    const after = await tablet.verifyPresentation(await wallet.present(stored.id, officerRequest), { nonce: officerRequest.nonce, aud: officerRequest.aud });
    console.log(`after the rotation: ${after.verified ? 'VERIFIED' : 'refused'}`);
    if (!after.verified) process.exitCode = 1;
  } finally {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
