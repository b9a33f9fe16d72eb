/**
 * A citizen's wallet receives the driving licence, then shows a traffic officer only what the
 * officer asked for: name, permitted vehicle classes and validity — no ID number, no address.
 *
 *   npx tsx examples/2-wallet-presents.ts
 */
import { pathToFileURL } from 'node:url';
import { Wallet } from '@elicense/holder';
import { issueDrivingLicence } from './1-bureau-issues.js';

/** What the officer's device asks for: the claims, and a fresh nonce and its audience. */
export const officerRequest = {
  reveal: ['name', 'vehicle_classes', 'validity_period'],
  nonce: 'traffic-stop-7f3a9c',
  aud: 'https://police.example.cn/officer/0452',
};

/** Receive a freshly issued licence into a new wallet and present it to the officer. */
export async function presentToOfficer(): Promise<{ bureauDid: string; presentation: string }> {
  const wallet = await Wallet.create(); // encrypted in memory; IndexedDbBackend or FileBackend keep it
  const key = await wallet.createHolderKey(); // a new key for this licence only
  const { bureau, issued } = await issueDrivingLicence(key.publicJwk);
  const stored = await wallet.receive(issued.credential); // signature, binding to one of its keys, known type
  const presentation = await wallet.present(stored.id, officerRequest);
  return { bureauDid: bureau.did, presentation };
}

async function main(): Promise<void> {
  const { presentation } = await presentToOfficer();
  const disclosures = presentation.split('~').slice(1, -1);
  console.log(`presentation: ${presentation.length} bytes, ${disclosures.length} disclosures, key-bound to the officer's nonce`);
  console.log(`revealed:     ${officerRequest.reveal.join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
