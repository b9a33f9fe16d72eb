/**
 * A border post's back office checks the resident ID cards presented at its gates during the last
 * minute, all at once, on every core of its server. The national ID bureau issues the cards; a trust
 * bundle publisher gives the post the bureau's accreditation, keys and anchored status list; a
 * `VerifierPool` opens that bundle in each worker thread and splits the queue between them. One
 * traveller's card was revoked this morning and one presentation was tampered with on the way: both
 * are refused, with the reason.
 *
 *   npx tsx examples/6-border-gate.ts
 */
import { availableParallelism } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateKeyPair } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { FileLedger } from '@elicense/ledger/node';
import { buildTrustBundle, createAccreditation } from '@elicense/trust';
import { VerifierPool } from '@elicense/verifier/node';
import { authority } from './5-offline-officer.js';

const TRAVELLERS = 40;
/** Four residents who cross often; each crossing is a fresh presentation. */
const RESIDENTS = [
  { citizen_id_number: '440305198506120314', name: '陈明', sex: 'male', date_of_birth: '1985-06-12', address: '深圳市南山区科技园路1号', issuing_authority: '深圳市公安局南山分局', validity_period: { from: '2020-05-10', to: '2040-05-10' } },
  { citizen_id_number: '440304199211212463', name: '林芳', sex: 'female', date_of_birth: '1992-11-21', address: '深圳市福田区福华路8号', issuing_authority: '深圳市公安局福田分局', validity_period: { from: '2020-05-10', to: '2040-05-10' } },
  { citizen_id_number: '110105200104091170', name: '王浩', sex: 'male', date_of_birth: '2001-04-09', address: '北京市朝阳区建国路88号', issuing_authority: '北京市公安局朝阳分局', validity_period: { from: '2020-05-10', to: '2030-05-10' } },
  { citizen_id_number: '310104197801300587', name: '赵丽', sex: 'female', date_of_birth: '1978-01-30', address: '上海市徐汇区漕溪北路20号', issuing_authority: '上海市公安局徐汇分局', validity_period: { from: '2020-05-10', to: '2040-05-10' } },
] as const;
const GATE = 'https://border.gov.example/gate/3';

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'border-gate-'));
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: (await generateKeyPair('ES256', { extractable: true })).privateJwk! });
  try {
    const now = Math.floor(Date.now() / 1000);
    const status = { store: new MemoryIssuerStore(), ledger, baseUri: 'https://status.id.gov.example/lists' };
    const bureau = await Issuer.create({ status, now: () => now });

    // Each traveller's wallet holds a resident ID card and answers the gate's request.
    const queue: { presentation: string; nonce: string; aud: string }[] = [];
    let revoked = '';
    for (let i = 0; i < TRAVELLERS; i++) {
      const wallet = await Wallet.create({ resolver: new DidResolver(), now: () => now });
      const issued = await bureau.issue({
        type: 'resident_id_card',
        claims: { ...RESIDENTS[i % RESIDENTS.length]!, ethnicity: '汉族' },
        holder: (await wallet.createHolderKey()).publicJwk,
      });
      if (i === 7) {
        await bureau.revoke(issued.id); // reported stolen
        revoked = `#${i + 1}`;
      }
      const { id } = await wallet.receive(issued.credential);
      const nonce = `gate-3-${i}`;
      queue.push({ presentation: await wallet.present(id, { reveal: ['name', 'age_over_18'], nonce, aud: GATE }), nonce, aud: GATE });
    }
    queue[21]!.presentation = queue[21]!.presentation.replace('~', '~WyJ0YW1wZXJlZCIsIm5hbWUiLCJNYWxsb3J5Il0~');
    await bureau.publishStatusLists();

    // The trust bundle the post synced this morning.
    const [root, publisher] = [await authority(), await authority()];
    const accreditation = await createAccreditation({ authority: root.key, subject: bureau.did, types: ['resident_id_card'], validFrom: now - 60, validUntil: now + 365 * 86_400, now });
    const { bundle } = await buildTrustBundle({
      publisher: publisher.key,
      roots: [root.did],
      accreditations: [accreditation],
      resolver: new DidResolver(),
      statusLists: [{ token: await bureau.statusListToken(`${status.baseUri}/1`) }],
      ledger,
      ledgers: [{ id: ledger.id, publicJwk: ledger.publicJwk }],
      now,
    });

    const pool = await VerifierPool.create({ threads: Math.min(availableParallelism(), 4), verifier: { offline: { bundle, publishers: [publisher.publicJwk] } } });
    try {
      const reports = await pool.verifyPresentations(queue);
      const verified = reports.filter((r) => r.verified).length;
      console.log(`checked ${reports.length} presentations on ${pool.threads} threads: ${verified} verified`);
      for (const [i, r] of reports.entries()) {
        if (r.verified) continue;
        const failed = r.checks.find((c) => !c.ok && !c.skipped)!;
        console.log(`refused #${i + 1}: ${failed.check} ${failed.code}`);
      }
      console.log(`revoked this morning: ${revoked}; tampered on the way: #22`);
      if (verified !== TRAVELLERS - 2) process.exitCode = 1;
    } finally {
      await pool.close();
    }
  } finally {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
