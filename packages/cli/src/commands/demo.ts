import { ElicenseError, decodeBase64urlToString, encodeBase64url, generateKeyPair, signingKeyFromJwk, type JWK } from '@elicense/core';
import { DidResolver, didKeyFromJwk, type DIDDocument } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer } from '@elicense/issuer';
import { buildTrustBundle, createAccreditation, createBundleDelta, type TrustBundlePayload } from '@elicense/trust';
import { Verifier, type StatusOptions, type VerificationReport } from '@elicense/verifier';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, type OpenRegistry } from '../internal/registry.js';
import { parse } from '../internal/args.js';
import type { CliIo } from '../internal/io.js';
import { formatAge, formatReport } from '../internal/report.js';
import { demoClaims, typeNames } from './demo-data.js';

export const demoUsage = `elicense demo [--json]
  The whole story on embedded defaults, offline: an agency issues four licences to a citizen, the
  citizen proves only the enterprise name and credit code to a bank and only age_over_18 to a hotel,
  each verified, and a tampered presentation is refused with its error code. Then the agency revokes the
  driving licence, publishes its status list and anchors it on the embedded file ledger, and a traffic
  officer's verifier refuses the licence — and refuses an old copy of the list that is no longer the anchored one.
  Finally the offline part: a root authority accredits the agency, a publisher builds a signed trust bundle,
  the officer's tablet syncs it and verifies with no network; the agency rotates its key, the tablet applies
  a small delta, old licences keep verifying and one forged with the retired key is refused; a tablet that
  has not synced for two days flags its bundle as stale.`;

/** Alter the value of the first disclosure of a presentation, keeping it well-formed. */
function tamper(presentation: string): string {
  const parts = presentation.split('~');
  const [salt, name] = JSON.parse(decodeBase64urlToString(parts[1]!)) as [string, string, unknown];
  parts[1] = encodeBase64url(JSON.stringify([salt, name, false]));
  return parts.join('~');
}

/** `elicense demo`: tell the whole e-licence story. */
export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {});
  if (values.help) return io.stdout(demoUsage), 0;
  const dir = await mkdtemp(join(tmpdir(), 'elicense-demo-'));
  try {
    return await story(values.json === true, io, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The agency's did:web domain, and where its DID document is served. */
const AGENCY_DOMAIN = 'licensing.sz.gov.example';
const AGENCY_DID_URL = `https://${AGENCY_DOMAIN}/.well-known/did.json`;
const AGENCY_NAME = '深圳市政务服务数据管理局';

/**
 * The agency's web server, in process: it serves the agency's current DID document at its did:web URL
 * and counts the requests, so the story can show that offline verification makes none.
 */
class AgencyWeb {
  document: DIDDocument | undefined;
  requests = 0;
  readonly fetch: typeof globalThis.fetch = async (input) => {
    this.requests++;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url !== AGENCY_DID_URL || this.document === undefined) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(this.document), { headers: { 'content-type': 'application/did+json' } });
  };
}

/** The story's clock: the real time at the start, moved forward between scenes. */
interface Clock {
  now: () => number;
  advance(seconds: number): void;
}

async function story(json: boolean, io: CliIo, dir: string): Promise<number> {
  const say = json ? () => undefined : io.stdout;
  const web = new AgencyWeb();
  const resolver = new DidResolver({ fetch: web.fetch, cacheTtl: 0 });
  let t = Math.floor(Date.now() / 1000);
  const clock: Clock = { now: () => t, advance: (s) => void (t += s) };

  say('━━ 1. The licensing agency sets up its signing key (ES256) under its did:web DID, and its revocation registry');
  const registry = await openRegistry(join(dir, 'registry'), 'https://status.sz.gov.example/lists');
  try {
    return await tell(json, io, say, { resolver, web, clock }, registry);
  } finally {
    await registry.close();
  }
}

interface Scene {
  resolver: DidResolver;
  web: AgencyWeb;
  clock: Clock;
}

async function tell(json: boolean, io: CliIo, say: (text: string) => void, scene: Scene, registry: OpenRegistry): Promise<number> {
  const { resolver, web, clock } = scene;
  const now = clock.now;
  const agencyKey = await generateKeyPair('ES256', { extractable: true });
  const agency = await Issuer.create({
    privateJwk: agencyKey.privateJwk!,
    method: 'web',
    domain: AGENCY_DOMAIN,
    keyId: 'key-2026',
    name: AGENCY_NAME,
    status: registry.status,
    now,
  });
  web.document = await agency.didDocument();
  say(`   agency DID  ${agency.did}  (document served at ${AGENCY_DID_URL}, key ${agency.kid.split('#')[1]})`);
  say(`   registry    crash-safe file store, lists of 131,072 entries, anchored on ledger ${registry.ledger.id}`);

  say('\n━━ 2. The citizen installs a wallet: every record encrypted at rest (AES-256-GCM), a new holder key per licence');
  const wallet = await Wallet.create({ resolver, trustedIssuers: [agency.did], now, fetchStatusList: (u) => agency.statusListToken(u) });

  say('\n━━ 3. The agency issues four licences as SD-JWT VCs, each bound to its own wallet key; the wallet checks and stores each');
  const ids: Record<string, string> = {};
  const issuedIds: Record<string, string> = {};
  for (const type of Object.keys(demoClaims) as (keyof typeof demoClaims)[]) {
    const key = await wallet.createHolderKey();
    const issued = await agency.issue({ type, claims: demoClaims[type], holder: key.publicJwk });
    const stored = await wallet.receive(issued.credential);
    ids[type] = stored.id;
    issuedIds[type] = issued.id;
    const disclosures = issued.credential.split('~').length - 2;
    say(`   ✔ ${typeNames[type].padEnd(38)} ${String(issued.credential.length).padStart(5)} bytes, ${disclosures} disclosures, status idx ${issued.status!.idx}, key ${key.publicJwk.crv} ${key.id.slice(0, 8)}… (non-extractable)`);
  }

  say('\n━━ 3b. The agency publishes its status list (a signed statuslist+jwt) and anchors its digest on the ledger');
  const first = await agency.publishStatusLists();
  for (const r of first.anchored) say(`   ⚓ ${r.record.uri} version ${r.record.version}, sha-256 ${r.record.digest}`);
  const uri = first.published[0]!.uri;
  /** What a verifier syncs when it has a network: the latest list, and the ledger's latest anchor of it. */
  const sync = async (): Promise<StatusOptions> => ({
    lists: { [uri]: await agency.statusListToken(uri) },
    anchors: [(await registry.ledger.latest(uri))!],
  });
  const firstSync = await sync();

  const results: { scene: string; report: VerificationReport }[] = [];

  say('\n━━ 4. At the bank: open a corporate account. The bank asks for the enterprise name and credit code only');
  const bank = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['business_licence'], resolver, status: firstSync, now });
  const bankNonce = encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const toBank = await wallet.present(ids.business_licence!, {
    reveal: ['enterprise_name', 'unified_social_credit_code'],
    nonce: bankNonce,
    aud: 'https://bank.example.cn',
  });
  const bankReport = await bank.verifyPresentation(toBank, { nonce: bankNonce, aud: 'https://bank.example.cn' });
  results.push({ scene: 'bank', report: bankReport });
  say(formatReport(bankReport, '   '));

  say('\n━━ 5. At the hotel: the desk asks (OpenID4VP DCQL) for an adult — age_over_18, or else the birth date');
  const hotel = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['resident_id_card'], resolver, status: firstSync, now });
  const hotelNonce = encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const adultQuery = {
    credentials: [{
      id: 'adult', format: 'dc+sd-jwt', meta: { vct_values: ['urn:elicense:vct:resident_id_card:1'] },
      claims: [{ id: 'over18', path: ['age_over_18'], values: [true] }, { id: 'dob', path: ['date_of_birth'] }],
      claim_sets: [['over18'], ['dob']],
    }],
  };
  const offer = (await wallet.match(adultQuery)).credentials.adult!.candidates[0]!;
  const recommended = offer.options.find((o) => o.recommended)!;
  say(`   the wallet offers its ID card with ${offer.options.map((o) => o.reveal.map((p) => p.join('.')).join('+')).join(' or ')}; recommended: ${recommended.reveal.map((p) => p.join('.')).join('+')}`);
  const toHotel = (await wallet.respond(adultQuery, { nonce: hotelNonce, aud: 'https://hotel.example.cn' })).vp_token.adult![0]!;
  const hotelReport = await hotel.verifyPresentation(toHotel, { nonce: hotelNonce, aud: 'https://hotel.example.cn' });
  results.push({ scene: 'hotel', report: hotelReport });
  say(formatReport(hotelReport, '   '));

  say('\n━━ 6. Someone edits the disclosed claim in the hotel presentation (age_over_18 → false)');
  const tamperedReport = await hotel.verifyPresentation(tamper(toHotel), { nonce: hotelNonce, aud: 'https://hotel.example.cn' });
  results.push({ scene: 'tampered', report: tamperedReport });
  say(formatReport(tamperedReport, '   '));

  say('\n━━ 7. The same presentation replayed to another verifier');
  const replayReport = await bank.verifyPresentation(toHotel, { nonce: bankNonce, aud: 'https://bank.example.cn' });
  results.push({ scene: 'replayed', report: replayReport });
  say(formatReport(replayReport, '   '));

  say('\n━━ 8. The driving licence turns out to have been obtained by fraud: the agency revokes it with one call,');
  say('      publishes the changed list and anchors it');
  const revoked = await agency.revoke(issuedIds.driving_licence!);
  say(`   ✘ revoked ${revoked.id} (list ${revoked.listId}, idx ${revoked.idx})`);
  const second = await agency.publishStatusLists();
  for (const r of second.anchored) say(`   ⚓ ${r.record.uri} version ${r.record.version}, sha-256 ${r.record.digest}`);
  const refreshed = await wallet.refreshStatus();
  const typeOf = new Map(Object.entries(ids).map(([type, id]) => [id, type]));
  say(`   the citizen's wallet refreshes status and marks its licences: ${refreshed.map((r) => `${typeOf.get(r.id)} ${r.state}`).join(', ')}`);

  say('\n━━ 9. A traffic officer syncs the latest list and its anchor, and checks the driving licence');
  const officer = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['driving_licence'], resolver, status: await sync(), now });
  const officerNonce = encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const toOfficer = await wallet.present(ids.driving_licence!, { reveal: ['name', 'licence_number', 'vehicle_classes'], nonce: officerNonce, aud: 'https://police.example.cn' });
  const revokedReport = await officer.verifyPresentation(toOfficer, { nonce: officerNonce, aud: 'https://police.example.cn' });
  results.push({ scene: 'revoked', report: revokedReport });
  say(formatReport(revokedReport, '   '));

  say('\n━━ 10. Someone hands a second officer the old list, from before the revocation; the ledger says it is not the latest');
  const stale: StatusOptions = { lists: firstSync.lists!, anchors: (await sync()).anchors! };
  const staleOfficer = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['driving_licence'], resolver, status: stale, now });
  const staleReport = await staleOfficer.verifyPresentation(toOfficer, { nonce: officerNonce, aud: 'https://police.example.cn' });
  results.push({ scene: 'stale_list', report: staleReport });
  say(formatReport(staleReport, '   '));

  const offline = await offlineScenes(say, scene, registry, agency, agencyKey.privateJwk!, wallet, ids, results);

  const failedWith = (r: VerificationReport, code: string, check = 'status'): boolean => r.checks.some((c) => c.check === check && c.code === code);
  const byScene = (name: string): VerificationReport => results.find((r) => r.scene === name)!.report;
  const walletStates = Object.fromEntries(refreshed.map((r) => [typeOf.get(r.id)!, r.state]));
  const asExpected =
    walletStates.driving_licence === 'revoked' &&
    walletStates.resident_id_card === 'valid' &&
    bankReport.verified &&
    hotelReport.verified &&
    !tamperedReport.verified &&
    !replayReport.verified &&
    failedWith(revokedReport, 'ERR_STATUS_REVOKED') &&
    failedWith(staleReport, 'ERR_ANCHOR_MISMATCH') &&
    offline.requestsWhileOffline === 0 &&
    byScene('offline_hotel').verified &&
    failedWith(byScene('offline_revoked'), 'ERR_STATUS_REVOKED') &&
    byScene('after_rotation_old_key').verified &&
    byScene('after_rotation_new_key').verified &&
    failedWith(byScene('forged_with_retired_key'), 'ERR_KEY_RETIRED', 'issuer_key') &&
    failedWith(byScene('stale_bundle'), 'ERR_BUNDLE_STALE', 'issuer_trusted');
  if (json) {
    io.stdout(JSON.stringify({ issuer: agency.did, ledger: registry.ledger.id, credentials: ids, revoked: revoked.id, walletStates, bundle: offline.bundle, results, asExpected }, null, 2));
  } else {
    say(
      `\n${asExpected ? '✔ The story went as it should: genuine presentations verified, online and offline; forged, replayed and revoked ones refused, and so were a list the ledger no longer vouches for, a licence signed with a retired key and a bundle too old to trust.' : '✘ Something did not go as expected.'}`,
    );
  }
  if (!asExpected) throw new ElicenseError('ERR_SIGNATURE_INVALID', 'demo outcome differs from the expected story');
  return 0;
}

/** What the offline scenes report for `--json`. */
interface OfflineOutcome {
  requestsWhileOffline: number;
  bundle: { publisher: string; root: string; versions: number[]; fullBytes: number[]; deltaBytes: number };
}

/** Scenes 11–15: accreditation, a trust bundle, offline verification, a key rotation and a stale bundle. */
async function offlineScenes(
  say: (text: string) => void,
  { resolver, web, clock }: Scene,
  registry: OpenRegistry,
  agency: Issuer,
  agencyOldKey: JWK,
  wallet: Wallet,
  ids: Record<string, string>,
  results: { scene: string; report: VerificationReport }[],
): Promise<OfflineOutcome> {
  const now = clock.now;
  const nonce = (): string => encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const keyOf = async (name: string) => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const did = didKeyFromJwk(pair.publicJwk);
    const kid = `${did}#${did.slice('did:key:'.length)}`;
    say(`   ${name.padEnd(12)} ${did.slice(0, 40)}…`);
    return { did, kid, publicJwk: { ...pair.publicJwk, kid }, signingKey: signingKeyFromJwk(pair.privateJwk!, kid) };
  };

  say('\n━━ 11. The provincial data bureau (the root authority) accredits the agency to issue the four licence types for a year;');
  say('       a bundle publisher collects what offline verifiers need into one signed trust bundle');
  const root = await keyOf('root');
  const publisher = await keyOf('publisher');
  const accreditation = await createAccreditation({
    authority: root.signingKey,
    subject: agency.did,
    types: ['business_licence', 'resident_id_card', 'driving_licence', 'marriage_certificate'],
    validFrom: now() - 86_400,
    validUntil: now() + 365 * 86_400,
    now: now(),
  });
  const anchored = async () => {
    const lists = [];
    for (const state of await registry.store.lists()) {
      if (state.published === undefined) continue;
      const anchor = await registry.ledger.latest(state.uri);
      lists.push({ token: state.published.token, ...(anchor === undefined ? {} : { anchor }) });
    }
    return lists;
  };
  const build = async (previous?: TrustBundlePayload) =>
    buildTrustBundle({
      publisher: publisher.signingKey,
      roots: [root.did],
      accreditations: [accreditation],
      resolver,
      statusLists: await anchored(),
      ledgers: [{ id: registry.ledger.id, publicJwk: registry.ledger.publicJwk }],
      now: now(),
      ...(previous === undefined ? {} : { previous }),
    });
  const v1 = await build();
  say(`   bundle v${v1.payload.version}: ${Object.keys(v1.payload.issuers).length} DIDs, ${Object.keys(v1.payload.accreditations).length} accreditation, ${Object.keys(v1.payload.statusLists).length} status list with its ledger receipt, ${v1.bundle.length} bytes, signed by the publisher`);

  say("\n━━ 12. A traffic officer's tablet syncs the bundle at the station, then drives out: no network from here on");
  const tablet = await Verifier.fromBundle({ bundle: v1.bundle, publishers: [publisher.publicJwk], allowedTypes: ['driving_licence', 'resident_id_card'], now });
  const requestsBefore = web.requests;
  const present = async (type: string, reveal: string[], aud: string) => {
    const n = nonce();
    return { vp: await wallet.present(ids[type]!, { reveal, nonce: n, aud }), n, aud };
  };
  const check = async (sceneName: string, verifier: Verifier, p: { vp: string; n: string; aud: string }) => {
    const report = await verifier.verifyPresentation(p.vp, { nonce: p.n, aud: p.aud });
    results.push({ scene: sceneName, report });
    say(formatReport(report, '   '));
    return report;
  };
  say('   a hitchhiker shows that he is an adult (resident ID card, age_over_18 only):');
  await check('offline_hotel', tablet, await present('resident_id_card', ['age_over_18'], 'https://police.example.cn'));
  say('   the driver shows the revoked driving licence:');
  await check('offline_revoked', tablet, await present('driving_licence', ['name', 'licence_number'], 'https://police.example.cn'));
  const requestsWhileOffline = web.requests - requestsBefore;
  say(`   requests to any server while verifying: ${requestsWhileOffline}`);

  say('\n━━ 13. An hour later the agency rotates its signing key (key-2026 → key-2027), publishes its DID document');
  say('       with the new key only, and issues a licence with it; the publisher builds bundle v2 and a delta from v1');
  clock.advance(3600);
  const newKey = await generateKeyPair('ES256', { extractable: true });
  const rotated = await Issuer.create({ privateJwk: newKey.privateJwk!, method: 'web', domain: AGENCY_DOMAIN, keyId: 'key-2027', name: AGENCY_NAME, status: registry.status, now });
  web.document = await rotated.didDocument();
  const renewed = await rotated.issue({ type: 'resident_id_card', claims: demoClaims.resident_id_card, holder: (await wallet.createHolderKey()).publicJwk });
  ids.renewed_id = (await wallet.receive(renewed.credential)).id;
  await rotated.publishStatusLists({ force: true });
  const v2 = await build(v1.payload);
  const delta = await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: publisher.signingKey, now: now() });
  const history = v2.payload.issuers[agency.did]!.keys.map((k) => `${k.kid.split('#')[1]} ${k.state}`).join(', ');
  say(`   key history of the agency in v2: ${history}`);
  say(`   bundle v2 is ${v2.bundle.length} bytes; the delta v1 → v2 is ${delta.length} bytes (only the rotated keys and the new list)`);
  const synced = await tablet.sync(delta);
  say(`   the tablet applies the delta: version ${synced.previousVersion} → ${synced.version}`);
  say('   the resident ID card signed with key-2026 before the rotation:');
  await check('after_rotation_old_key', tablet, await present('resident_id_card', ['age_over_18'], 'https://police.example.cn'));
  say('   the renewed card signed with key-2027:');
  await check('after_rotation_new_key', tablet, await present('renewed_id', ['age_over_18'], 'https://police.example.cn'));

  say('\n━━ 14. Someone who kept the retired key-2026 signs a "new" licence with it after the rotation');
  clock.advance(60);
  const forger = await Issuer.create({ privateJwk: agencyOldKey, method: 'web', domain: AGENCY_DOMAIN, keyId: 'key-2026', now });
  const forged = await forger.issue({ type: 'resident_id_card', claims: demoClaims.resident_id_card, holder: (await wallet.createHolderKey()).publicJwk });
  const forgedReport = await tablet.verifyCredential(forged.credential);
  results.push({ scene: 'forged_with_retired_key', report: forgedReport });
  say(formatReport(forgedReport, '   '));

  say('\n━━ 15. Two days on, a tablet that missed its nightly sync checks a licence: its bundle is too old to trust');
  clock.advance(2 * 86_400);
  const staleBundle = await check('stale_bundle', tablet, await present('resident_id_card', ['age_over_18'], 'https://police.example.cn'));
  if (staleBundle.freshness !== undefined) say(`   the report says: bundle v${staleBundle.freshness.bundle.version}, ${formatAge(staleBundle.freshness.bundle.age)} old`);

  return {
    requestsWhileOffline,
    bundle: { publisher: publisher.did, root: root.did, versions: [v1.payload.version, v2.payload.version], fullBytes: [v1.bundle.length, v2.bundle.length], deltaBytes: delta.length },
  };
}
