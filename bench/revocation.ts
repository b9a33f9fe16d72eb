/**
 * "Revoke 10,000 and publish": an issuer with a revocation registry (in-memory issuer store, the
 * embedded file ledger in a temporary directory) has issued 10,000 resident ID cards (not timed);
 * then it revokes every one of them, one call per credential as a clerk's system would, and
 * publishes once: a new signed status list token per changed list, anchored on the ledger.
 * A single run: revoking is not repeatable (a second revocation is a no-op).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@elicense/core';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { FileLedger } from '@elicense/ledger/node';
import { LICENCE_CLAIMS, NOW } from '../test/fixtures/licences.js';
import type { BenchRow, Target } from './rows.js';

const COUNT = 10_000;

/** Time revoking 10,000 credentials one by one, then one `publishStatusLists()`. */
export async function revocation(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-bench-revocation-'));
  const now = (): number => NOW;
  const ledgerKey = await generateKeyPair('ES256', { extractable: true });
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: ledgerKey.privateJwk!, now });
  try {
    const issuer = await Issuer.create({
      now,
      status: { store: new MemoryIssuerStore(), ledger, baseUri: 'https://police.gov.example/status' },
    });
    const holder = (await generateKeyPair('ES256')).publicJwk;
    const issued = await issuer.issueBatch(Array.from({ length: COUNT }, () => ({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder })));
    await issuer.publishStatusLists(); // the lists as they stood before, so that publishing below signs only what changed

    const start = performance.now();
    for (const { id } of issued) await issuer.revoke(id);
    const revoked = performance.now();
    const { published, pending } = await issuer.publishStatusLists();
    const end = performance.now();
    if (published.length === 0 || pending.length !== 0) throw new Error('the revocations were not published and anchored');

    const lists = published.length === 1 ? '1 list' : `${published.length} lists`;
    return [
      { task: `revoke ${COUNT.toLocaleString('en')} credentials, one call each`, impl: 'elicense', ms: revoked - start },
      { task: `publish status lists after ${COUNT.toLocaleString('en')} revocations (${lists}, anchored)`, impl: 'elicense', ms: end - revoked },
      { task: `revoke ${COUNT.toLocaleString('en')} and publish`, impl: 'elicense', ms: end - start },
    ];
  } finally {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** No ratio targets: the figures are reported as they are. */
export const targets: Target[] = [];
