import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner, generateKeyPair, type JWK, type SigningKey } from '@elicense/core';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import {
  buildTrustBundle,
  createAccreditation,
  createAccreditationRevocation,
  createBundleDelta,
  restoreTrustState,
  verifyTrustBundle,
  type BuiltTrustBundle,
  type KeyEvent,
  type TrustState,
} from '@elicense/trust';
import { LICENCE_CLAIMS } from '../../../test/fixtures/licences.js';
import { DidWebServer, NOW, YEAR, didKeyParty, tempLedger, webResolver, type Party } from './helpers.js';

const HOUR = 3600;
const server = new DidWebServer();
let pool: Party[];
let webKeys: { publicJwk: JWK; sign: SigningKey['sign'] }[];
let run = 0;

beforeAll(async () => {
  await server.start();
  pool = await Promise.all(Array.from({ length: 4 }, () => didKeyParty()));
  webKeys = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const pair = await generateKeyPair('ES256');
      return { publicJwk: pair.publicJwk, sign: createSigner(pair.privateKey, 'ES256') };
    }),
  );
});
afterAll(() => server.close());

type Change =
  | { kind: 'accredit'; agency: number }
  | { kind: 'drop'; agency: number }
  | { kind: 'revoke'; agency: number }
  | { kind: 'rotate' }
  | { kind: 'compromise'; agency: number }
  | { kind: 'status' };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('accredit' as const), agency: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('drop' as const), agency: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('revoke' as const), agency: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ kind: 'rotate' as const }),
  fc.record({ kind: fc.constant('compromise' as const), agency: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ kind: 'status' as const }),
);

/** Apply a sequence of changes, one bundle per change, the first one built from nothing. */
async function history(changes: Change[]) {
  run += 1;
  const clock = { now: NOW };
  const temp = await tempLedger(() => clock.now);
  try {
    const root = await didKeyParty();
    const publisher = await didKeyParty('EdDSA');
    // a did:web issuer whose document rotates through keys
    const webDid = server.did(`run-${run}/bureau`);
    let webKey = 0;
    server.serve(webDid, [{ publicJwk: webKeys[0]!.publicJwk, id: 'k0' }]);
    const status = { store: new MemoryIssuerStore(), ledger: temp.ledger, baseUri: `https://status.example/run-${run}` };
    // the bureau signs with its current key; a rotation restarts it on the same registry with the next key
    const bureauWith = (k: number) =>
      Issuer.create({ method: 'web', domain: webDid, keyId: `k${k}`, signer: { alg: 'ES256', ...webKeys[k]! }, now: () => clock.now, status });
    let bureau = await bureauWith(0);
    const issued = await bureau.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: pool[0]!.publicJwk });
    const uri = issued.status!.uri;
    await bureau.publishStatusLists();
    const toBureau = await createAccreditation({ authority: root.key, subject: webDid, types: ['resident_id_card'], validUntil: NOW + YEAR, id: 'acc-bureau', now: NOW - HOUR });
    const extra = new Map<number, string>();
    const revocations = new Map<number, string>();
    const keyEvents: KeyEvent[] = [];
    let previous: BuiltTrustBundle | undefined;
    const bundles: BuiltTrustBundle[] = [];
    for (const [i, c] of [{ kind: 'status' } as Change, ...changes].entries()) {
      clock.now = NOW + i * HOUR;
      const agency = 'agency' in c ? pool[c.agency]! : undefined;
      if (c.kind === 'accredit' && !extra.has(c.agency)) {
        extra.set(c.agency, await createAccreditation({ authority: root.key, subject: agency!.did, types: ['business_licence'], validUntil: NOW + YEAR, id: `acc-${c.agency}-${i}`, now: clock.now }));
      } else if (c.kind === 'drop') {
        extra.delete(c.agency);
        revocations.delete(c.agency);
      } else if (c.kind === 'revoke' && extra.has(c.agency) && !revocations.has(c.agency)) {
        const jti = JSON.parse(Buffer.from(extra.get(c.agency)!.split('.')[1]!, 'base64url').toString()).jti as string;
        revocations.set(c.agency, await createAccreditationRevocation({ authority: root.key, accreditation: jti, now: clock.now }));
      } else if (c.kind === 'rotate' && webKey < webKeys.length - 1) {
        webKey += 1;
        server.serve(webDid, [{ publicJwk: webKeys[webKey]!.publicJwk, id: `k${webKey}` }]);
        bureau = await bureauWith(webKey);
      } else if (c.kind === 'compromise' && extra.has(c.agency) && !keyEvents.some((e) => e.kid === agency!.kid)) {
        keyEvents.push({ kid: agency!.kid, state: 'compromised', at: clock.now });
      } else if (c.kind === 'status') {
        await bureau.publishStatusLists({ force: true });
      }
      const built = await buildTrustBundle({
        publisher: publisher.key,
        roots: [root.did],
        accreditations: [toBureau, ...extra.values()],
        revocations: [...revocations.values()],
        keyEvents: keyEvents.filter((e) => [...extra.keys()].some((a) => pool[a]!.kid === e.kid)),
        resolver: webResolver(),
        statusLists: [{ token: await bureau.statusListToken(uri) }],
        ledger: temp.ledger,
        ledgers: [{ id: temp.ledger.id, publicJwk: temp.ledger.publicJwk }],
        now: clock.now,
        ...(previous === undefined ? {} : { previous: previous.payload }),
      });
      bundles.push(built);
      previous = built;
    }
    return { bundles, publishers: [publisher.publicJwk], publisher };
  } finally {
    await temp.dispose();
  }
}

describe('delta sync (property)', () => {
  it('a delta from any version i to any j > i, applied to state i, gives state j; a restored chain gives the live state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 5 }), fc.nat(), fc.nat(), async (changes, a, b) => {
        const { bundles, publishers, publisher } = await history(changes);
        const i = a % (bundles.length - 1);
        const j = i + 1 + (b % (bundles.length - 1 - i));
        const from = bundles[i]!;
        const to = bundles[j]!;
        const options = { publishers, now: to.payload.iat };
        const state = await verifyTrustBundle(from.bundle, { publishers, now: from.payload.iat });
        const delta = await createBundleDelta({ from: from.payload, to: to.payload, publisher: publisher.key, now: to.payload.iat });
        const applied = await state.apply(delta, options);
        expect(applied.payload).toEqual(to.payload);
        expect(applied.digest).toBe(to.digest);
        expect(state.digest).toBe(from.digest);
        // step by step from the first bundle, then restored from the chain
        let live: TrustState = await verifyTrustBundle(bundles[0]!.bundle, { publishers, now: bundles[0]!.payload.iat });
        for (let k = 1; k < bundles.length; k++) {
          const d = await createBundleDelta({ from: bundles[k - 1]!.payload, to: bundles[k]!.payload, publisher: publisher.key, now: bundles[k]!.payload.iat });
          live = await live.apply(d, { publishers, now: bundles[k]!.payload.iat });
        }
        const last = bundles.at(-1)!;
        expect(live.digest).toBe(last.digest);
        const restored = await restoreTrustState(live.chain, { publishers, now: last.payload.iat });
        expect(restored.payload).toEqual(live.payload);
        expect(restored.digest).toBe(live.digest);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
