import { ElicenseError, decodeBase64urlToString, encodeBase64url } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { MemoryCredentialStore, Wallet } from '@elicense/holder';
import { Issuer } from '@elicense/issuer';
import { Verifier, type VerificationReport } from '@elicense/verifier';
import { parse } from '../internal/args.js';
import type { CliIo } from '../internal/io.js';
import { formatReport } from '../internal/report.js';
import { demoClaims, typeNames } from './demo-data.js';

export const demoUsage = `elicense demo [--json]
  The whole story on embedded defaults, offline: an agency issues four licences to a citizen, the
  citizen proves only the enterprise name and credit code to a bank and only age_over_18 to a hotel,
  each verified, and a tampered presentation is refused with its error code.`;

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
  const say = values.json ? () => undefined : io.stdout;
  const resolver = new DidResolver();

  say('━━ 1. The licensing agency sets up its signing key (ES256) under a DID');
  const agency = await Issuer.create({ alg: 'ES256', name: '深圳市政务服务数据管理局' });
  say(`   agency DID  ${agency.did}`);

  say('\n━━ 2. The citizen installs a wallet; it creates a holder key on the device');
  const wallet = await Wallet.create({ store: new MemoryCredentialStore(), resolver, trustedIssuers: [agency.did] });
  say(`   holder key  ${wallet.publicJwk.kty}/${wallet.publicJwk.crv} (private key non-extractable)`);

  say('\n━━ 3. The agency issues four licences as SD-JWT VCs bound to the wallet key; the wallet checks and stores each');
  const ids: Record<string, string> = {};
  for (const type of Object.keys(demoClaims) as (keyof typeof demoClaims)[]) {
    const issued = await agency.issue({ type, claims: demoClaims[type], holder: wallet.publicJwk });
    const stored = await wallet.receive(issued.credential);
    ids[type] = stored.id;
    const disclosures = issued.credential.split('~').length - 2;
    say(`   ✔ ${typeNames[type].padEnd(38)} ${String(issued.credential.length).padStart(5)} bytes, ${disclosures} disclosures, vct ${issued.vct}`);
  }

  const results: { scene: string; report: VerificationReport }[] = [];

  say('\n━━ 4. At the bank: open a corporate account. The bank asks for the enterprise name and credit code only');
  const bank = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['business_licence'], resolver });
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
  const hotel = new Verifier({ trustedIssuers: [agency.did], allowedTypes: ['resident_id_card'], resolver });
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

  const asExpected = bankReport.verified && hotelReport.verified && !tamperedReport.verified && !replayReport.verified;
  if (values.json) {
    io.stdout(JSON.stringify({ issuer: agency.did, credentials: ids, results, asExpected }, null, 2));
  } else {
    say(`\n${asExpected ? '✔ The story went as it should: genuine presentations verified, forged and replayed ones refused.' : '✘ Something did not go as expected.'}`);
  }
  if (!asExpected) throw new ElicenseError('ERR_SIGNATURE_INVALID', 'demo outcome differs from the expected story');
  return 0;
}
