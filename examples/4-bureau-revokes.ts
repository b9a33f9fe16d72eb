/**
 * The bureau keeps a revocation registry on its own disk — a crash-safe issuer store and a
 * hash-chained file ledger, no server — revokes the driving licence, publishes the status list and
 * anchors it; the traffic officer, synced with the latest list and its anchor, refuses the licence.
 *
 *   npx tsx examples/4-bureau-revokes.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateKeyPair } from '@elicense/core';
import { Wallet } from '@elicense/holder';
import { Issuer } from '@elicense/issuer';
import { FileIssuerStore } from '@elicense/issuer/node';
import { verifyFileLedgerReceipt, type AnchorReceipt } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { Verifier } from '@elicense/verifier';
import { drivingLicence } from './1-bureau-issues.js';
import { officerRequest } from './2-wallet-presents.js';

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bureau-registry-'));
  const store = await FileIssuerStore.open(join(dir, 'store'));
  const ledgerKey = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: ledgerKey });
  try {
    const bureau = await Issuer.create({ status: { store, ledger, baseUri: 'https://status.sz.gov.example/lists' } });
    const wallet = await Wallet.create();
    const issued = await bureau.issue({ type: 'driving_licence', claims: drivingLicence, holder: (await wallet.createHolderKey()).publicJwk });
    const stored = await wallet.receive(issued.credential);
    console.log(`issued ${issued.id} with status entry ${issued.status!.uri} #${issued.status!.idx}`);

    await bureau.revoke(issued.id);
    const { published, anchored } = await bureau.publishStatusLists();
    console.log(`revoked; published ${published.map((p) => `${p.uri} v${p.version}`).join(', ')}; anchored on ${anchored[0]!.ledger}`);

    // What the officer's device synced: the list, and the ledger's receipt for it (checked offline with the ledger key).
    const uri = issued.status!.uri;
    const officer = new Verifier({
      trustedIssuers: [bureau.did],
      status: {
        lists: { [uri]: await bureau.statusListToken(uri) },
        anchors: [(await ledger.latest(uri))!],
        verifyReceipt: (r: AnchorReceipt) => verifyFileLedgerReceipt(r, ledger.publicJwk),
      },
    });
    const presentation = await wallet.present(stored.id, officerRequest);
    const report = await officer.verifyPresentation(presentation, { nonce: officerRequest.nonce, aud: officerRequest.aud });
    const status = report.checks.find((c) => c.check === 'status')!;
    console.log(`officer: ${report.verified ? 'VERIFIED' : `refused — status ${status.code}`}`);
    if (report.verified || status.code !== 'ERR_STATUS_REVOKED') process.exitCode = 1;
  } finally {
    await Promise.all([store.close(), ledger.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
