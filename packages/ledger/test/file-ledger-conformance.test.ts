import { join } from 'node:path';
import { FileLedger } from '@elicense/ledger/node';
import { runLedgerConformance } from './conformance.js';
import { ledgerKey, tempDir } from './helpers.js';

for (const alg of ['ES256', 'EdDSA'] as const) {
  runLedgerConformance(`FileLedger (${alg})`, async () => {
    const { dir, remove } = await tempDir();
    const { privateJwk } = await ledgerKey(alg);
    const ledger = await FileLedger.open({ path: join(dir, 'status.ledger'), signingKey: privateJwk, now: () => 1_767_225_600 });
    return { ledger, cleanup: remove };
  });
}
