import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verifier, type VerificationReport } from '@elicense/verifier';
import { VerifierPool } from '@elicense/verifier/node';
import { outcomeOf } from '../../../test/helpers/errors.js';
import { AUD, NONCE, NOW, cleanup, world, type World } from './offline-world.js';

const MODULE = new URL('./fixtures/pool-verifier.mjs', import.meta.url);

let w: World;
let bundle: string;
/** Presentations of every licence type, and damaged copies of them, in a fixed order. */
let batch: string[];

beforeAll(async () => {
  w = await world();
  bundle = (await w.build()).bundle;
  const good = await Promise.all((['resident_id_card', 'driving_licence', 'business_licence', 'marriage_certificate'] as const).map((t) => w.present(t)));
  const bad = good.map((p, i) => (i % 2 === 0 ? p.slice(0, -3) + (p.endsWith('AAA') ? 'BBB' : 'AAA') : p.replace('~', '~x')));
  batch = [];
  for (let i = 0; i < 12; i++) batch.push(good[i % 4]!, bad[i % 4]!);
  batch.push('not a presentation');
}, 60_000);

afterAll(async () => {
  await w.ledger.close();
  await cleanup();
});

const items = (presentations: string[]) => presentations.map((presentation) => ({ presentation, nonce: NONCE, aud: AUD, now: NOW }));

async function singleThread(verifier: Verifier, presentations: string[]): Promise<VerificationReport[]> {
  const reports: VerificationReport[] = [];
  for (const p of presentations) reports.push(await verifier.verifyPresentation(p, { nonce: NONCE, aud: AUD, now: NOW }));
  return reports;
}

describe('VerifierPool — the same reports as one Verifier, from every core', () => {
  it('online: a mixed batch gets, in order, exactly the reports a single-thread verifier gives', async () => {
    const trustedIssuers = [w.agency.did];
    const uris = new Set(Object.values(w.held).map((h) => h.issued.status!.uri));
    const status = { lists: Object.fromEntries(await Promise.all([...uris].map(async (uri) => [uri, await w.agency.statusListToken(uri)]))) };
    const pool = await VerifierPool.create({ threads: 2, batchSize: 3, verifier: { online: { trustedIssuers, status } } });
    try {
      expect(pool.threads).toBe(2);
      const reports = await pool.verifyPresentations(items(batch));
      expect(reports).toEqual(await singleThread(new Verifier({ trustedIssuers, status, now: () => NOW }), batch));
      expect(reports.filter((r) => r.verified)).toHaveLength(12);
      expect(reports[0]!.claims).not.toEqual({});
    } finally {
      await pool.close();
    }
  });

  it('offline: every worker opens the trust bundle; reports match Verifier.fromBundle, freshness included', async () => {
    const pool = await VerifierPool.create({ threads: 2, verifier: { offline: { bundle, publishers: w.publishers, now: NOW } } });
    try {
      const reports = await pool.verifyPresentations(items(batch));
      const reference = await Verifier.fromBundle({ bundle, publishers: w.publishers, now: () => NOW });
      expect(reports).toEqual(await singleThread(reference, batch));
      expect(reports[0]!.freshness?.bundle.age).toBe(3600);
    } finally {
      await pool.close();
    }
  });

  it('verifyPresentation, verifyCredential and verifyJwtVc run one check on a worker', async () => {
    const pool = await VerifierPool.create({ threads: 1, verifier: { offline: { bundle, publishers: w.publishers, now: NOW } } });
    try {
      const reference = await Verifier.fromBundle({ bundle, publishers: w.publishers, now: () => NOW });
      const credential = w.held.driving_licence.issued.credential;
      expect(await pool.verifyPresentation(batch[0]!, { nonce: NONCE, aud: AUD })).toEqual(await reference.verifyPresentation(batch[0]!, { nonce: NONCE, aud: AUD }));
      expect(await pool.verifyCredential(credential)).toEqual(await reference.verifyCredential(credential));
      expect((await pool.verifyCredential(credential)).verified).toBe(true);
      expect(await pool.verifyJwtVc(w.jwtVc.credential)).toEqual(await reference.verifyJwtVc(w.jwtVc.credential));
      expect((await pool.verifyJwtVc(w.jwtVc.credential)).verified).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a module of yours builds each verifier, with the data you give it', async () => {
    const pool = await VerifierPool.create({ threads: 2, verifier: { module: MODULE, data: { trustedIssuers: [w.agency.did], now: NOW } } });
    try {
      // the module's verifier has no status lists: the credential's status cannot be checked
      const [report] = await pool.verifyPresentations([{ presentation: batch[0]!, nonce: NONCE, aud: AUD }]);
      expect(report!.checks.filter((c) => !c.ok).map((c) => [c.check, c.code])).toEqual([['status', 'ERR_STATUS_UNAVAILABLE']]);
    } finally {
      await pool.close();
    }
  });
});

describe('VerifierPool — failures', () => {
  it('misuse inside a batch rejects with the verifier’s own code', async () => {
    const pool = await VerifierPool.create({ threads: 1, verifier: { online: { trustedIssuers: [w.agency.did] } } });
    try {
      const missingNonce = [{ presentation: batch[0]!, aud: AUD }] as never;
      expect(await outcomeOf(pool.verifyPresentations(missingNonce))).toBe('ERR_INVALID_ARGUMENT');
      expect(await outcomeOf(pool.verifyPresentations('x' as never))).toBe('ERR_INVALID_ARGUMENT');
      expect(await outcomeOf(pool.verifyPresentations([null] as never))).toBe('ERR_INVALID_ARGUMENT');
      expect(await pool.verifyPresentations([])).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('a worker that dies fails only what it held, with ERR_VERIFIER_POOL_FAILED, and is replaced', async () => {
    const pool = await VerifierPool.create({ threads: 2, batchSize: 1, verifier: { module: MODULE.href, data: { trustedIssuers: [w.agency.did], now: NOW } } });
    try {
      const fine = pool.verifyPresentations([{ presentation: batch[0]!, nonce: NONCE, aud: AUD }]);
      expect(await outcomeOf(pool.verifyPresentation('stop-the-thread', { nonce: NONCE, aud: AUD }))).toBe('ERR_VERIFIER_POOL_FAILED');
      expect((await fine)[0]!.checks[0]!.ok).toBe(true);
      expect(pool.threads).toBe(2);
      const after = await pool.verifyPresentations(items(batch.slice(0, 8)));
      expect(after.map((r) => r.checks[0]!.check)).toEqual(Array(8).fill('format'));
    } finally {
      await pool.close();
    }
  });

  it('a worker that cannot build its verifier fails create() with that error, for every setup', async () => {
    const garbage = await outcomeOf(Verifier.fromBundle({ bundle: 'garbage', publishers: w.publishers }));
    expect(garbage).toMatch(/^ERR_BUNDLE_/);
    expect(await outcomeOf(VerifierPool.create({ threads: 2, verifier: { offline: { bundle: 'garbage', publishers: w.publishers } } }))).toBe(garbage);
    expect(await outcomeOf(VerifierPool.create({ threads: 1, verifier: { online: { trustedIssuers: 'did:key:z' as never } } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ threads: 1, verifier: { module: 'data:text/javascript,export default () => ({})' } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ threads: 1, verifier: { module: 'data:text/javascript,export const x = 1' } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ threads: 1, verifier: { module: new URL('./fixtures/no-such-module.mjs', import.meta.url) } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ threads: 1, verifier: { module: 'data:text/javascript,export default () => { throw new Error("no config") }' } }))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('bad options are ERR_INVALID_ARGUMENT before any thread starts', async () => {
    const online = { online: { trustedIssuers: [w.agency.did] } };
    for (const threads of [0, 1.5, 257, '2']) expect(await outcomeOf(VerifierPool.create({ threads: threads as number, verifier: online }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ batchSize: 0, verifier: online }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ verifier: { module: './relative.mjs' } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ verifier: {} as never }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ verifier: { online: { trustedIssuers: [w.agency.did], now: -1 } } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create({ verifier: { module: MODULE, data: { now: () => NOW } } }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await outcomeOf(VerifierPool.create(undefined as never))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('close() fails what is running and everything after with ERR_VERIFIER_POOL_CLOSED', async () => {
    const pool = await VerifierPool.create({ threads: 1, verifier: { online: { trustedIssuers: [w.agency.did] } } });
    const running = outcomeOf(pool.verifyPresentations(items([...batch, ...batch, ...batch])));
    await pool.close();
    expect(await running).toBe('ERR_VERIFIER_POOL_CLOSED');
    expect(await outcomeOf(pool.verifyPresentation(batch[0]!, { nonce: NONCE, aud: AUD }))).toBe('ERR_VERIFIER_POOL_CLOSED');
    expect(await outcomeOf(pool.verifyJwtVc(w.jwtVc.credential))).toBe('ERR_VERIFIER_POOL_CLOSED');
    await pool.close();
  });
});
