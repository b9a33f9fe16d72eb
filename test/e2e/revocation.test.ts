/**
 * The revocation story end to end: issue with a registry, present, revoke / suspend, publish and
 * anchor, and the verifier's `status` check — for SD-JWT VCs (IETF Token Status List) and W3C VC JWTs
 * (Bitstring Status List).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair, signingKeyFromJwk, type JWK } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { verifyFileLedgerReceipt, type AnchorReceipt } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { StatusList, createStatusListToken, decodeStatusListToken } from '@elicense/status';
import { Verifier, type StatusOptions, type VerificationReport } from '@elicense/verifier';
import { verifyCredential as didJwtVcVerify } from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import { getResolver } from '@elicense/did';
import { LICENCE_CLAIMS, NOW } from '../fixtures/licences.js';

const BASE = 'https://status.police.gov.example/lists';
const nonce = 'n-0001';
const aud = 'https://police.example/officer/1';
const dirs: string[] = [];
const ledgers: FileLedger[] = [];

afterEach(async () => {
  for (const l of ledgers.splice(0)) await l.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function world() {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-e2e-'));
  dirs.push(dir);
  const ledgerKey = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: ledgerKey });
  ledgers.push(ledger);
  const clock = () => NOW;
  const police = await Issuer.create({ now: clock, status: { store: new MemoryIssuerStore(), ledger, baseUri: BASE } });
  const resolver = new DidResolver();
  const wallet = await Wallet.create({ resolver, now: clock });
  const issued = await police.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: (await wallet.createHolderKey()).publicJwk });
  const stored = await wallet.receive(issued.credential);
  const present = () => wallet.present(stored.id, { reveal: ['name', 'vehicle_classes'], nonce, aud });
  const sync = async (): Promise<StatusOptions> => ({
    lists: { [issued.status!.uri]: await police.statusListToken(issued.status!.uri) },
    anchors: [(await ledger.latest(issued.status!.uri))!],
  });
  const verifier = (status: StatusOptions | undefined) =>
    new Verifier({ trustedIssuers: [police.did], resolver, now: clock, ...(status === undefined ? {} : { status }) });
  return { police, ledger, wallet, issued, present, sync, verifier, resolver };
}

function statusCheck(report: VerificationReport) {
  return report.checks.find((c) => c.check === 'status')!;
}

describe('revocation end to end (SD-JWT VC, IETF Token Status List)', () => {
  it('a valid licence passes the status check against the anchored list', async () => {
    const w = await world();
    await w.police.publishStatusLists();
    const report = await w.verifier(await w.sync()).verifyPresentation(await w.present(), { nonce, aud });
    expect(report.verified).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual([
      'format', 'issuer_trusted', 'issuer_key', 'signature', 'disclosures', 'validity_period', 'credential_type', 'holder_binding', 'nonce', 'audience', 'status',
    ]);
    expect(statusCheck(report)).toEqual({ check: 'status', ok: true });
  });

  it('a revoked licence fails with ERR_STATUS_REVOKED from the next list the verifier syncs', async () => {
    const w = await world();
    await w.police.publishStatusLists();
    const before = await w.sync();
    await w.police.revoke(w.issued.id);
    await w.police.publishStatusLists();
    const report = await w.verifier(await w.sync()).verifyPresentation(await w.present(), { nonce, aud });
    expect(report.verified).toBe(false);
    expect(statusCheck(report)).toMatchObject({ ok: false, code: 'ERR_STATUS_REVOKED' });
    expect(report.claims).toEqual({});
    // the list from before the revocation is no longer the anchored one
    const stale = await w.verifier({ lists: before.lists!, anchors: (await w.sync()).anchors! }).verifyPresentation(await w.present(), { nonce, aud });
    expect(statusCheck(stale)).toMatchObject({ ok: false, code: 'ERR_ANCHOR_MISMATCH' });
    // a credential as issued is checked the same way
    const asIssued = await w.verifier(await w.sync()).verifyCredential(w.issued.credential);
    expect(statusCheck(asIssued)).toMatchObject({ ok: false, code: 'ERR_STATUS_REVOKED' });
  });

  it('a suspended licence fails with ERR_STATUS_SUSPENDED and passes again once reinstated', async () => {
    const w = await world();
    await w.police.suspend(w.issued.id);
    await w.police.publishStatusLists();
    const suspended = await w.verifier(await w.sync()).verifyPresentation(await w.present(), { nonce, aud });
    expect(statusCheck(suspended)).toMatchObject({ ok: false, code: 'ERR_STATUS_SUSPENDED' });
    await w.police.reinstate(w.issued.id);
    await w.police.publishStatusLists();
    const back = await w.verifier(await w.sync()).verifyPresentation(await w.present(), { nonce, aud });
    expect(back.verified).toBe(true);
  });

  it('gets the list through an injected fetcher, verifying its signature once per token', async () => {
    const w = await world();
    await w.police.publishStatusLists();
    const fetched: string[] = [];
    const v = w.verifier({
      fetch: async (uri) => {
        fetched.push(uri);
        return w.police.statusListToken(uri);
      },
      ledger: w.ledger,
    });
    expect((await v.verifyPresentation(await w.present(), { nonce, aud })).verified).toBe(true);
    expect((await v.verifyCredential(w.issued.credential)).verified).toBe(true);
    expect(fetched).toEqual([w.issued.status!.uri, w.issued.status!.uri]);
  });

  it('a list that cannot be had or checked is reported, never passed', async () => {
    const w = await world();
    await w.police.publishStatusLists();
    const vp = await w.present();
    const uri = w.issued.status!.uri;
    const code = async (status: StatusOptions | undefined) => statusCheck(await w.verifier(status).verifyPresentation(vp, { nonce, aud })).code;
    expect(await code(undefined)).toBe('ERR_STATUS_UNAVAILABLE');
    expect(await code({ fetch: async () => Promise.reject(new Error('offline')) })).toBe('ERR_STATUS_UNAVAILABLE');
    // a list signed by another key
    const other = await generateKeyPair('ES256', { extractable: true });
    const { list } = decodeStatusListToken(await w.police.statusListToken(uri));
    const forged = await createStatusListToken({ uri, issuer: w.police.did, list, signingKey: signingKeyFromJwk(other.privateJwk!, w.police.kid), iat: NOW, exp: NOW + 3600 });
    expect(await code({ lists: { [uri]: forged } })).toBe('ERR_SIGNATURE_INVALID');
    const signingKey = await issuerKey(w.police);
    // the genuine list, without anchors to compare with: passes
    expect(await code({ lists: { [uri]: await w.police.statusListToken(uri) } })).toBeUndefined();
    // a list for another URI
    const elsewhere = await createStatusListToken({ uri: `${BASE}/99`, issuer: w.police.did, list, signingKey, iat: NOW, exp: NOW + 3600 });
    expect(await code({ lists: { [uri]: elsewhere } })).toBe('ERR_STATUS_LIST_MISMATCH');
    // an expired list
    const expired = await createStatusListToken({ uri, issuer: w.police.did, list, signingKey, iat: NOW - 7200, exp: NOW - 3600 });
    expect(await code({ lists: { [uri]: expired } })).toBe('ERR_STATUS_LIST_EXPIRED');
    // an index beyond the list
    const short = await createStatusListToken({ uri, issuer: w.police.did, list: new StatusList(8, 2), signingKey, iat: NOW, exp: NOW + 3600 });
    expect(await code({ lists: { [uri]: short } })).toBe('ERR_STATUS_INDEX_OUT_OF_RANGE');
    // garbage
    expect(await code({ lists: { [uri]: 'not.a.token' } })).toBe('ERR_STATUS_LIST_INVALID');
    // an anchor for another digest, or none
    const anchor = (await w.ledger.latest(uri))!;
    const wrong: AnchorReceipt = { ...anchor, record: { ...anchor.record, digest: 'A'.repeat(43) } };
    expect(await code({ lists: { [uri]: await w.police.statusListToken(uri) }, anchors: [wrong] })).toBe('ERR_ANCHOR_MISMATCH');
    expect(await code({ lists: { [uri]: await w.police.statusListToken(uri) }, anchors: [] })).toBe('ERR_ANCHOR_MISMATCH');
  });

  it('a credential without status passes unless the verifier requires one', async () => {
    const clock = () => NOW;
    const plain = await Issuer.create({ now: clock });
    const holder = (await generateKeyPair('ES256')).publicJwk;
    const issued = await plain.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder });
    const lax = new Verifier({ trustedIssuers: [plain.did], now: clock });
    expect(statusCheck(await lax.verifyCredential(issued.credential))).toMatchObject({ ok: true });
    const strict = new Verifier({ trustedIssuers: [plain.did], now: clock, status: { require: true } });
    expect(statusCheck(await strict.verifyCredential(issued.credential))).toMatchObject({ ok: false, code: 'ERR_STATUS_UNAVAILABLE' });
  });
});

async function issuerKey(issuer: Issuer) {
  const jwk = issuer.exportPrivateJwk() as JWK;
  return signingKeyFromJwk(jwk, issuer.kid);
}

describe('revocation end to end (W3C VC JWT, Bitstring Status List)', () => {
  it('checks the revocation and suspension entries against the issuer-signed status list credentials', async () => {
    const w = await world();
    const holder = (await generateKeyPair('ES256')).publicJwk;
    const a = await w.police.issueJwtVc({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    const b = await w.police.issueJwtVc({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    const fetchList = async (uri: string) => w.police.statusListCredential(uri);
    const v = w.verifier({ fetch: fetchList });
    expect((await v.verifyJwtVc(a.credential)).verified).toBe(true);
    await w.police.revoke(a.id);
    await w.police.suspend(b.id);
    const v2 = w.verifier({ fetch: fetchList });
    expect(statusCheck(await v2.verifyJwtVc(a.credential))).toMatchObject({ ok: false, code: 'ERR_STATUS_REVOKED' });
    expect(statusCheck(await v2.verifyJwtVc(b.credential))).toMatchObject({ ok: false, code: 'ERR_STATUS_SUSPENDED' });
    // a status list credential of the other purpose at the URI is refused
    const crossed = w.verifier({ fetch: async (uri) => w.police.statusListCredential(uri.replace('/revocation', '/suspension')) });
    expect((await crossed.verifyJwtVc(a.credential)).verified).toBe(false);
  });

  it('did-jwt-vc still accepts our VC JWTs with credentialStatus', async () => {
    const w = await world();
    const holder = (await generateKeyPair('ES256')).publicJwk;
    const issued = await w.police.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder });
    const verified = await didJwtVcVerify(issued.credential, new Resolver(getResolver()), { policy: { now: NOW } });
    expect(verified.verifiableCredential.credentialStatus).toBeDefined();
  });
});

describe('revocation end to end: anchors proven by their ledger receipts', () => {
  it('accepts the list when the receipt verifies offline with the ledger key, refuses forged receipts and bare records', async () => {
    const w = await world();
    await w.police.publishStatusLists();
    const synced = await w.sync();
    const receipt = synced.anchors![0] as AnchorReceipt;
    const offline = (r: AnchorReceipt) => verifyFileLedgerReceipt(r, w.ledger.publicJwk);
    const check = async (status: StatusOptions) => statusCheck(await w.verifier(status).verifyPresentation(await w.present(), { nonce, aud }));
    expect(await check({ ...synced, verifyReceipt: offline })).toEqual({ check: 'status', ok: true });
    const forged: AnchorReceipt = { ...receipt, proof: { ...receipt.proof, seq: 7 } };
    expect(await check({ lists: synced.lists!, anchors: [forged], verifyReceipt: offline })).toMatchObject({ ok: false, code: 'ERR_LEDGER_RECEIPT_INVALID' });
    expect(await check({ lists: synced.lists!, anchors: [receipt.record], verifyReceipt: offline })).toMatchObject({ ok: false, code: 'ERR_LEDGER_RECEIPT_INVALID' });
    const otherKey = await generateKeyPair('ES256');
    expect(await check({ ...synced, verifyReceipt: (r) => verifyFileLedgerReceipt(r, otherKey.publicJwk) })).toMatchObject({ ok: false, code: 'ERR_LEDGER_RECEIPT_INVALID' });
  });
});
