import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '@elicense/core';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { digestStatusListToken, type AnchorReceipt } from '@elicense/ledger';
import type { FileLedger } from '@elicense/ledger/node';
import { StatusType, verifyStatusListToken } from '@elicense/status';
import { buildTrustBundle, createAccreditation, verifyTrustBundle, type BuildTrustBundleOptions, type TrustBundlePayload } from '@elicense/trust';
import { LICENCE_CLAIMS } from '../../../test/fixtures/licences.js';
import { DAY, NOW, YEAR, codeOf, didKeyParty, offlineResolver, signBundle, tempLedger } from './helpers.js';

const BASE = 'https://status.police.gov.example/lists';
const URI = `${BASE}/1`;
let ledger: FileLedger;
const disposers: (() => Promise<void>)[] = [];
const clock = { now: NOW };

afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

/** A police issuer with a status registry on the file ledger, accredited by a root, and one published list. */
async function setup() {
  clock.now = NOW;
  const temp = await tempLedger(() => clock.now);
  ledger = temp.ledger;
  disposers.push(temp.dispose);
  const police = await Issuer.create({ now: () => clock.now, status: { store: new MemoryIssuerStore(), ledger, baseUri: BASE } });
  const holder = (await generateKeyPair('ES256')).publicJwk;
  const issued = await police.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
  const other = await police.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
  await police.revoke(issued.id);
  const first = await police.publishStatusLists();
  const v1 = await police.statusListToken(URI);
  const root = await didKeyParty();
  const publisher = await didKeyParty('EdDSA');
  const accreditation = await createAccreditation({ authority: root.key, subject: police.did, types: ['driving_licence'], validUntil: NOW + YEAR, now: NOW - DAY });
  const base: BuildTrustBundleOptions = {
    publisher: publisher.key,
    roots: [root.did],
    accreditations: [accreditation],
    resolver: offlineResolver,
    ledger,
    ledgers: [{ id: ledger.id, publicJwk: ledger.publicJwk }],
    now: NOW,
  };
  return { police, issued, other, first, v1, root, publisher, base, publishers: [publisher.publicJwk] };
}

describe('status lists in the bundle', () => {
  it('carries real IETF status list tokens with their ledger anchors and W3C status list credentials, checked offline', async () => {
    const s = await setup();
    const w3c = await s.police.statusListCredential(`${URI}/revocation`);
    const built = await buildTrustBundle({ ...s.base, statusLists: [{ token: s.v1 }, { token: w3c }] });
    const anchor = (await ledger.latest(URI))!;
    expect(anchor.record).toEqual({ uri: URI, version: 1, digest: await digestStatusListToken(s.v1), time: NOW });
    expect(built.payload.statusLists).toEqual({ [URI]: { uri: URI, token: s.v1, anchor }, [`${URI}/revocation`]: { uri: `${URI}/revocation`, token: w3c } });
    expect(built.payload.ledgers).toEqual({ [ledger.id]: { id: ledger.id, publicJwk: ledger.publicJwk } });
    expect(Object.keys(built.payload.issuers)).toContain(s.police.did);
    // the verifier checks a credential's status offline, a day later, with what the bundle holds
    const state = await verifyTrustBundle(built.bundle, { publishers: s.publishers, now: NOW + 2 * DAY });
    expect(state.statusListTokens()).toEqual({ [URI]: s.v1, [`${URI}/revocation`]: w3c });
    expect(state.anchors()).toEqual([anchor]);
    expect(state.ledgerKey(ledger.id)).toEqual(ledger.publicJwk);
    const list = state.statusList(s.issued.status!.uri)!;
    const verified = await verifyStatusListToken(list.token, { key: state.issuerKey(s.police.kid, NOW), uri: URI, issuer: s.police.did, now: NOW + 1 });
    expect(verified.list.get(s.issued.status!.idx)).toBe(StatusType.INVALID);
    expect(verified.list.get(s.other.status!.idx)).toBe(StatusType.VALID);
    // a sparse 131,072-entry list stays small
    expect(s.v1.length).toBeLessThan(1000);
  });

  it('refuses at build a token whose anchor has another digest, that is not the latest, or that has no anchor (ERR_ANCHOR_MISMATCH)', async () => {
    const s = await setup();
    clock.now = NOW + 60;
    await s.police.revoke(s.other.id);
    await s.police.publishStatusLists();
    const v2 = await s.police.statusListToken(URI);
    const [a1, a2] = (await ledger.history(URI)) as [AnchorReceipt, AnchorReceipt];
    expect(a2.record.version).toBe(2);
    // v1 with the ledger: the latest anchor is v2's
    expect(await codeOf(buildTrustBundle({ ...s.base, now: NOW + 60, statusLists: [{ token: s.v1 }] }))).toBe('ERR_ANCHOR_MISMATCH');
    // v1 with its own (genuine) anchor: not the latest
    expect(await codeOf(buildTrustBundle({ ...s.base, now: NOW + 60, statusLists: [{ token: s.v1, anchor: a1 }] }))).toBe('ERR_ANCHOR_MISMATCH');
    // v2 with v1's anchor: wrong digest (checked offline with the ledger key only)
    expect(await codeOf(buildTrustBundle({ ...s.base, now: NOW + 60, ledger: undefined, statusLists: [{ token: v2, anchor: a1 }] } as never))).toBe('ERR_ANCHOR_MISMATCH');
    // no ledger, no anchor
    expect(await codeOf(buildTrustBundle({ ...s.base, now: NOW + 60, ledger: undefined, statusLists: [{ token: v2 }] } as never))).toBe('ERR_ANCHOR_MISMATCH');
    // the latest token with the ledger is fine; so is its anchor proven offline with the ledger key alone
    await expect(buildTrustBundle({ ...s.base, now: NOW + 60, statusLists: [{ token: v2 }] })).resolves.toBeDefined();
    await expect(buildTrustBundle({ ...s.base, now: NOW + 60, ledger: undefined, statusLists: [{ token: v2, anchor: a2 }] } as never)).resolves.toBeDefined();
  });

  it('refuses at build a receipt nothing can prove (ERR_LEDGER_RECEIPT_INVALID)', async () => {
    const s = await setup();
    const anchor = (await ledger.latest(URI))!;
    const noProof = { ...s.base, ledger: undefined, ledgers: [] } as never as BuildTrustBundleOptions;
    expect(await codeOf(buildTrustBundle({ ...noProof, statusLists: [{ token: s.v1, anchor }] }))).toBe('ERR_LEDGER_RECEIPT_INVALID');
    const tampered = structuredClone(anchor);
    tampered.proof.seq = (tampered.proof.seq as number) + 1;
    expect(await codeOf(buildTrustBundle({ ...s.base, statusLists: [{ token: s.v1, anchor: tampered }] }))).toBe('ERR_LEDGER_RECEIPT_INVALID');
    expect(await codeOf(buildTrustBundle({ ...s.base, ledger: undefined, statusLists: [{ token: s.v1, anchor: tampered }] } as never))).toBe('ERR_LEDGER_RECEIPT_INVALID');
  });

  it('refuses status lists of unaccredited issuers, expired tokens and duplicates', async () => {
    const s = await setup();
    const stranger = await Issuer.create({ now: () => clock.now, status: { store: new MemoryIssuerStore(), ledger, baseUri: 'https://status.stranger.example/lists' } });
    await stranger.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: (await generateKeyPair('ES256')).publicJwk });
    await stranger.publishStatusLists();
    const foreign = await stranger.statusListToken('https://status.stranger.example/lists/1');
    expect(await codeOf(buildTrustBundle({ ...s.base, statusLists: [{ token: foreign }] }))).toBe('ERR_ISSUER_NOT_ACCREDITED');
    expect(await codeOf(buildTrustBundle({ ...s.base, now: NOW + 2 * DAY, statusLists: [{ token: s.v1 }] }))).toBe('ERR_STATUS_LIST_EXPIRED');
    expect(await codeOf(buildTrustBundle({ ...s.base, statusLists: [{ token: s.v1 }, { token: s.v1 }] }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(buildTrustBundle({ ...s.base, statusLists: [{ token: 'x.y.z' }] }))).toBe('ERR_TOKEN_MALFORMED');
    expect(await codeOf(buildTrustBundle({ ...s.base, statusLists: [{ token: s.root.kid }] }))).toBe('ERR_TOKEN_MALFORMED');
  });

  it('re-checks anchors and receipts at verification (ERR_ANCHOR_MISMATCH, ERR_LEDGER_RECEIPT_INVALID)', async () => {
    const s = await setup();
    const w3c = await s.police.statusListCredential(`${URI}/revocation`);
    const built = await buildTrustBundle({ ...s.base, statusLists: [{ token: s.v1 }, { token: w3c }] });
    const check = async (change: (p: TrustBundlePayload) => void) => {
      const p = structuredClone(built.payload);
      change(p);
      return codeOf(verifyTrustBundle(await signBundle(p, s.publisher.key), { publishers: s.publishers, now: NOW }));
    };
    expect(await check((p) => (p.statusLists[URI]!.anchor!.record.digest = p.statusLists[URI]!.anchor!.record.digest.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))))).toBe(
      'ERR_ANCHOR_MISMATCH',
    );
    expect(await check((p) => delete p.statusLists[URI]!.anchor)).toBe('ERR_ANCHOR_MISMATCH');
    expect(await check((p) => (p.statusLists[URI]!.anchor!.record.uri = `${BASE}/9`))).toBe('ERR_ANCHOR_MISMATCH');
    expect(await check((p) => (p.statusLists[URI]!.anchor!.proof.prev = 'B'.repeat(43)))).toBe('ERR_LEDGER_RECEIPT_INVALID');
    // the same receipt is not proven offline without the ledger's key, and the publisher vouches for it
    const p = structuredClone(built.payload);
    p.ledgers = {};
    p.statusLists[URI]!.anchor!.proof.prev = 'B'.repeat(43);
    await expect(verifyTrustBundle(await signBundle(p, s.publisher.key), { publishers: s.publishers, now: NOW })).resolves.toBeDefined();
    // a status list token that does not verify, or is filed under another URI
    expect(await check((p) => (p.statusLists[URI]!.token = s.v1.slice(0, -4) + (s.v1.endsWith('AAAA') ? 'BBBB' : 'AAAA')))).toBe('ERR_BUNDLE_MALFORMED');
    expect(await check((p) => (p.statusLists[URI]!.token = w3c))).toBe('ERR_BUNDLE_MALFORMED');
    expect(await check((p) => (p.accreditations = {}))).toBe('ERR_BUNDLE_MALFORMED');
  });
});
