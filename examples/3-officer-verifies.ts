/**
 * A traffic officer's device verifies the presentation offline: issuer trusted, signature, every
 * disclosure, validity, licence type, and the key binding to its own nonce and audience.
 *
 *   npx tsx examples/3-officer-verifies.ts
 */
import { pathToFileURL } from 'node:url';
import { Verifier } from '@elicense/verifier';
import { officerRequest, presentToOfficer } from './2-wallet-presents.js';

async function main(): Promise<void> {
  const { bureauDid, presentation } = await presentToOfficer();
  const officer = new Verifier({ trustedIssuers: [{ did: bureauDid, types: ['driving_licence'] }], allowedTypes: ['driving_licence'] });
  const report = await officer.verifyPresentation(presentation, { nonce: officerRequest.nonce, aud: officerRequest.aud });
  console.log(report.verified ? 'VERIFIED' : 'NOT VERIFIED');
  for (const c of report.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.check}${c.code ? ` ${c.code}` : ''}`);
  console.log('claims:', JSON.stringify(report.claims));

  const replay = await officer.verifyPresentation(presentation, { nonce: 'another-stop', aud: officerRequest.aud });
  console.log(`same presentation at another stop: ${replay.verified ? 'VERIFIED' : `refused (${replay.checks.find((c) => !c.ok)?.code})`}`);
  if (!report.verified || replay.verified) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
