import { ElicenseError, decodeBase64urlToString, encodeBase64url } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { MemoryCredentialStore, Wallet } from '@elicense/holder';
import { Issuer } from '@elicense/issuer';
import { Verifier, type StatusOptions, type VerificationReport } from '@elicense/verifier';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, type OpenRegistry } from '../internal/registry.js';
import { parse } from '../internal/args.js';
import type { CliIo } from '../internal/io.js';
import { formatReport } from '../internal/report.js';
import { demoClaims, typeNames } from './demo-data.js';

export const demoUsage = `elicense demo [--json]
  The whole story on embedded defaults, offline: an agency issues four licences to a citizen, the
  citizen proves only the enterprise name and credit code to a bank and only age_over_18 to a hotel,
  each verified, and a tampered presentation is refused with its error code. Then the agency revokes the
  driving licence, publishes its status list and anchors it on the embedded file ledger, and a traffic
  officer's verifier refuses the licence — and refuses an old copy of the list that is no longer the anchored one.`;

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

async function story(json: boolean, io: CliIo, dir: string): Promise<number> {
  const say = json ? () => undefined : io.stdout;
  const resolver = new DidResolver();

  say('━━ 1. The licensing agency sets up its signing key (ES256) under a DID, and its revocation registry');
  const registry = await openRegistry(join(dir, 'registry'), 'https://status.sz.gov.example/lists');
  try {
    return await tell(json, io, say, resolver, registry);
  } finally {
    await registry.close();
  }
}

async function tell(json: boolean, io: CliIo, say: (text: string) => void, resolver: DidResolver, registry: OpenRegistry): Promise<number> {
  const agency = await Issuer.create({ alg: 'ES256', name: '深圳市政务服务数据管理局', status: registry.status });
  say(`   agency DID  ${agency.did}`);
  say(`   registry    crash-safe file store, lists of 131,072 entries, anchored on ledger ${registry.ledger.id}`);

  say('\n━━ 2. The citizen installs a wallet; it creates a holder key on the device');
  const wallet = await Wallet.create({ store: new MemoryCredentialStore(), resolver, trustedIssuers: [agency.did] });
  say(`   holder key  ${wallet.publicJwk.kty}/${wallet.publicJwk.crv} (private key non-extractable)`);

  say('\n━━ 3. The agency issues four licences as SD-JWT VCs bound to the wallet key; the wallet checks and stores each');
  const ids: Record<string, string> = {};
  const issuedIds: Record<string, string> = {};
  for (const type of Object.keys(demoClaims) as (keyof typeof demoClaims)[]) {
    const issued = await agency.issue({ type, claims: demoClaims[type], holder: wallet.publicJwk });
    const stored = await wallet.receive(issued.credential);
    ids[type] = stored.id;
    issuedIds[type] = issued.id;
    const disclosures = issued.credential.split('~').length - 2;
    say(`   ✔ ${typeNames[type].padEnd(38)} ${String(issued.credential.length).padStart(5)} bytes, ${disclosures} disclosures, status idx ${issued.status!.idx}`);
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
  const bank = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['business_licence'], resolver, status: firstSync });
  const bankNonce = encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const toBank = await wallet.present(ids.business_licence!, {
    reveal: ['enterprise_name', 'unified_social_credit_code'],
    nonce: bankNonce,
    aud: 'https://bank.example.cn',
  });
  const bankReport = await bank.verifyPresentation(toBank, { nonce: bankNonce, aud: 'https://bank.example.cn' });
  results.push({ scene: 'bank', report: bankReport });
  say(formatReport(bankReport, '   '));

  say('\n━━ 5. At the hotel: the desk needs to know the guest is an adult — and nothing else');
  const hotel = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['resident_id_card'], resolver, status: firstSync });
  const hotelNonce = encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const toHotel = await wallet.present(ids.resident_id_card!, { reveal: ['age_over_18'], nonce: hotelNonce, aud: 'https://hotel.example.cn' });
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

  say('\n━━ 9. A traffic officer syncs the latest list and its anchor, and checks the driving licence');
  const officer = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['driving_licence'], resolver, status: await sync() });
  const officerNonce = encodeBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const toOfficer = await wallet.present(ids.driving_licence!, { reveal: ['name', 'licence_number', 'vehicle_classes'], nonce: officerNonce, aud: 'https://police.example.cn' });
  const revokedReport = await officer.verifyPresentation(toOfficer, { nonce: officerNonce, aud: 'https://police.example.cn' });
  results.push({ scene: 'revoked', report: revokedReport });
  say(formatReport(revokedReport, '   '));

  say('\n━━ 10. Someone hands a second officer the old list, from before the revocation; the ledger says it is not the latest');
  const stale: StatusOptions = { lists: firstSync.lists!, anchors: (await sync()).anchors! };
  const staleOfficer = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['driving_licence'], resolver, status: stale });
  const staleReport = await staleOfficer.verifyPresentation(toOfficer, { nonce: officerNonce, aud: 'https://police.example.cn' });
  results.push({ scene: 'stale_list', report: staleReport });
  say(formatReport(staleReport, '   '));

  const failedWith = (r: VerificationReport, code: string): boolean => r.checks.some((c) => c.check === 'status' && c.code === code);
  const asExpected =
    bankReport.verified &&
    hotelReport.verified &&
    !tamperedReport.verified &&
    !replayReport.verified &&
    failedWith(revokedReport, 'ERR_STATUS_REVOKED') &&
    failedWith(staleReport, 'ERR_ANCHOR_MISMATCH');
  if (json) {
    io.stdout(JSON.stringify({ issuer: agency.did, ledger: registry.ledger.id, credentials: ids, revoked: revoked.id, results, asExpected }, null, 2));
  } else {
    say(
      `\n${asExpected ? '✔ The story went as it should: genuine presentations verified; forged, replayed and revoked ones refused, and so was a list the ledger no longer vouches for.' : '✘ Something did not go as expected.'}`,
    );
  }
  if (!asExpected) throw new ElicenseError('ERR_SIGNATURE_INVALID', 'demo outcome differs from the expected story');
  return 0;
}
