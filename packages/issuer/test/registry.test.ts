import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ElicenseError, decodeJws, decodeSdJwt, generateKeyPair, type ErrorCode, type JWK } from '@elicense/core';
import { Issuer, MemoryIssuerStore, type IssuerStore, type StatusRegistryOptions } from '@elicense/issuer';
import { digestStatusListToken, type AnchorReceipt, type AnchorRecord, type LedgerAdapter } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { StatusType, decodeStatusListToken, verifyBitstringStatusListCredentialJwt, verifyStatusListToken } from '@elicense/status';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

const BASE = 'https://status.gov.example/lists';
const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(ElicenseError);
  await expect(p).rejects.toMatchObject({ code });
}

/** A ledger that can be cut off from the issuer, as a network partition would: it delegates to a real ledger. */
class PartitionedLedger implements LedgerAdapter {
  down = false;
  constructor(readonly inner: LedgerAdapter) {}
  get id(): string {
    return this.inner.id;
  }
  #check(): void {
    if (this.down) throw new ElicenseError('ERR_LEDGER_UNAVAILABLE', 'ledger unreachable (partitioned)');
  }
  async anchor(record: AnchorRecord): Promise<AnchorReceipt> {
    this.#check();
    return this.inner.anchor(record);
  }
  async latest(uri: string): Promise<AnchorReceipt | undefined> {
    this.#check();
    return this.inner.latest(uri);
  }
  async history(uri: string): Promise<AnchorReceipt[]> {
    this.#check();
    return this.inner.history(uri);
  }
  async verifyReceipt(receipt: AnchorReceipt): Promise<AnchorRecord> {
    return this.inner.verifyReceipt(receipt);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

async function fileLedger(): Promise<FileLedger> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-registry-'));
  dirs.push(dir);
  const key = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: key });
  closers.push(() => ledger.close());
  return ledger;
}

async function setup(overrides: Partial<StatusRegistryOptions> & { clock?: { now: number } } = {}) {
  const clock = overrides.clock ?? { now: NOW };
  const store: IssuerStore = overrides.store ?? new MemoryIssuerStore();
  const ledger = overrides.ledger ?? (await fileLedger());
  const issuer = await Issuer.create({ now: () => clock.now, status: { store, ledger, baseUri: BASE, ...overrides } });
  const holder = (await generateKeyPair('ES256')).publicJwk;
  return { issuer, store, ledger, holder, clock };
}

function statusOf(credential: string) {
  const payload = decodeJws(credential.split('~')[0]!).payload as { status?: { status_list?: { idx: number; uri: string } } };
  return payload.status?.status_list;
}

async function listValue(issuer: Issuer, uri: string, idx: number): Promise<number> {
  const token = await issuer.statusListToken(uri);
  const verified = await verifyStatusListToken(token, { key: issuer.publicJwk, uri, issuer: issuer.did, now: NOW });
  return verified.list.get(idx);
}

describe('Issuer with a status registry: issuance', () => {
  it('gives every SD-JWT VC a status list entry (status.status_list {idx, uri}) and records it', async () => {
    const { issuer, holder } = await setup();
    const issued = await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    const entry = statusOf(issued.credential);
    expect(entry).toEqual({ idx: issued.status!.idx, uri: `${BASE}/1` });
    expect(issued.status!.idx).toBeGreaterThanOrEqual(0);
    expect(issued.status!.idx).toBeLessThan(131_072);
    // status is never selectively disclosable
    const decoded = await decodeSdJwt(issued.credential);
    expect(decoded.disclosures.map((d) => d.name)).not.toContain('status');
    const record = await issuer.credentialRecord(issued.id);
    expect(record).toMatchObject({ id: issued.id, type: 'driving_licence', format: 'dc+sd-jwt', listId: '1', idx: issued.status!.idx, status: 'valid', issuedAt: NOW });
    // no personal data in the record
    expect(JSON.stringify(record)).not.toContain(LICENCE_CLAIMS.driving_licence.name);
  });

  it('hands out indices at random and never twice, even for credentials issued in a row', async () => {
    const { issuer, holder } = await setup();
    const idx: number[] = [];
    for (let i = 0; i < 40; i++) {
      idx.push((await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder })).status!.idx);
    }
    expect(new Set(idx).size).toBe(idx.length);
    const steps = idx.slice(1).map((v, i) => Math.abs(v - idx[i]!));
    // consecutive credentials are not neighbours in the list
    expect(steps.filter((d) => d <= 1).length).toBe(0);
    expect(Math.max(...idx) - Math.min(...idx)).toBeGreaterThan(65_536);
  });

  it('gives W3C VC JWTs a BitstringStatusListEntry for revocation and for suspension at the same index', async () => {
    const { issuer, holder } = await setup();
    const issued = await issuer.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder });
    const { payload } = decodeJws(issued.credential);
    const status = (payload.vc as { credentialStatus: unknown }).credentialStatus;
    const uri = issued.status!.uri;
    expect(status).toEqual([
      { id: `${uri}/revocation#${issued.status!.idx}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(issued.status!.idx), statusListCredential: `${uri}/revocation` },
      { id: `${uri}/suspension#${issued.status!.idx}`, type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListIndex: String(issued.status!.idx), statusListCredential: `${uri}/suspension` },
    ]);
  });

  it('batch issuance checks every request first, then allocates and records chunk by chunk', async () => {
    const { issuer, holder, store } = await setup();
    const reqs = Array.from({ length: 25 }, () => ({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder }));
    const bad = [...reqs.slice(0, 3), { type: 'resident_id_card', claims: { ...LICENCE_CLAIMS.resident_id_card, citizen_id_number: '123' }, holder }];
    await rejectsWith(issuer.issueBatch(bad), 'ERR_INVALID_CLAIM');
    expect(await store.lists()).toEqual([]); // nothing allocated for a batch with a bad request
    const issued = await issuer.issueBatch(reqs, { chunkSize: 7 });
    expect(issued).toHaveLength(25);
    expect(new Set(issued.map((c) => c.status!.idx)).size).toBe(25);
    for (const c of issued) expect((await issuer.credentialRecord(c.id)).idx).toBe(c.status!.idx);
  });

  it('refuses to issue the same credential id twice', async () => {
    const { issuer, holder } = await setup();
    const req = { type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder, id: 'urn:uuid:5f1c9a52-3f7e-4a53-9d8e-0c6f1b2a7e11' };
    await issuer.issue(req);
    await rejectsWith(issuer.issue(req), 'ERR_STORE_CONFLICT');
  });

  it('opens a new list when one is full', async () => {
    const { issuer, holder, store } = await setup();
    await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder });
    // fill list 1 through the store, as 131,071 earlier issuances would have
    const filled = await store.allocate(131_071, () => {
      throw new Error('list 1 is not full yet');
    });
    expect(filled.every((a) => a.list.id === '1')).toBe(true);
    const next = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder });
    expect(next.status!.uri).toBe(`${BASE}/2`);
    expect(next.status!.listId).toBe('2');
  });

  it('refuses registry options that would weaken it', async () => {
    const ledger = await fileLedger();
    const store = new MemoryIssuerStore();
    await expect(Issuer.create({ status: { store, ledger, baseUri: BASE, listSize: 1024 } })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(Issuer.create({ status: { store, ledger, baseUri: 'ftp://x.example/lists' } })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(Issuer.create({ status: { store, baseUri: BASE } as unknown as StatusRegistryOptions })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    const plain = await Issuer.create();
    await rejectsWith(plain.revoke('urn:uuid:x'), 'ERR_INVALID_ARGUMENT');
  });
});

describe('Issuer with a status registry: revoke, suspend, reinstate, publish', () => {
  it('revokes, publishes a signed statuslist+jwt whose digest is anchored, and the entry reads INVALID', async () => {
    const { issuer, holder, ledger } = await setup();
    const a = await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    const b = await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    const change = await issuer.revoke(a.id);
    expect(change).toEqual({ id: a.id, status: 'revoked', listId: '1', idx: a.status!.idx });
    const result = await issuer.publishStatusLists();
    expect(result.published).toHaveLength(1);
    expect(result.pending).toEqual([]);
    const [pub] = result.published;
    expect(pub).toMatchObject({ listId: '1', uri: `${BASE}/1`, version: 1 });
    const token = await issuer.statusListToken(pub!.uri);
    expect(token).toBe(pub!.token);
    const { header, payload } = decodeStatusListToken(token);
    expect(header.typ).toBe('statuslist+jwt');
    expect(payload).toMatchObject({ sub: `${BASE}/1`, iat: NOW, exp: NOW + 86_400, ttl: 3_600, status_list: { bits: 2 } });
    expect(await listValue(issuer, pub!.uri, a.status!.idx)).toBe(StatusType.INVALID);
    expect(await listValue(issuer, pub!.uri, b.status!.idx)).toBe(StatusType.VALID);
    // the ledger holds the digest of exactly this token — and nothing personal
    const anchored = await ledger.latest(pub!.uri);
    expect(anchored!.record).toEqual({ uri: pub!.uri, version: 1, digest: await digestStatusListToken(token), time: NOW });
    expect(result.anchored).toEqual([anchored]);
    await expect(ledger.verifyReceipt(anchored!)).resolves.toEqual(anchored!.record);
    const status = await issuer.registryStatus();
    expect(status.lists).toEqual([
      { listId: '1', uri: pub!.uri, size: 131_072, allocated: 2, revision: 1, publishedVersion: 1, unpublishedChanges: false, tokenExpiresAt: NOW + 86_400, anchoredVersion: 1 },
    ]);
  });

  it('suspends (SUSPENDED) and reinstates (VALID); revocation is final', async () => {
    const { issuer, holder } = await setup();
    const c = await issuer.issue({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder });
    const uri = c.status!.uri;
    await issuer.suspend(c.id);
    await issuer.publishStatusLists();
    expect(await listValue(issuer, uri, c.status!.idx)).toBe(StatusType.SUSPENDED);
    await issuer.reinstate(c.id);
    await issuer.publishStatusLists();
    expect(await listValue(issuer, uri, c.status!.idx)).toBe(StatusType.VALID);
    await issuer.revoke(c.id);
    await rejectsWith(issuer.reinstate(c.id), 'ERR_STATUS_TRANSITION_INVALID');
    await rejectsWith(issuer.suspend(c.id), 'ERR_STATUS_TRANSITION_INVALID');
    await expect(issuer.revoke(c.id)).resolves.toMatchObject({ status: 'revoked' });
    expect((await issuer.credentialRecord(c.id)).status).toBe('revoked');
  });

  it('batch changes are all or none', async () => {
    const { issuer, holder } = await setup();
    const [a, b] = await issuer.issueBatch([
      { type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder },
      { type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder },
    ]);
    await rejectsWith(issuer.revokeMany([a!.id, 'urn:uuid:00000000-0000-4000-8000-000000000000']), 'ERR_CREDENTIAL_NOT_FOUND');
    expect((await issuer.credentialRecord(a!.id)).status).toBe('valid');
    const changes = await issuer.suspendMany([a!.id, b!.id]);
    expect(changes.map((c) => c.status)).toEqual(['suspended', 'suspended']);
    await issuer.revoke(a!.id);
    await rejectsWith(issuer.reinstateMany([b!.id, a!.id]), 'ERR_STATUS_TRANSITION_INVALID');
    expect((await issuer.credentialRecord(b!.id)).status).toBe('suspended');
    await expect(issuer.revokeMany([])).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await rejectsWith(issuer.credentialRecord('urn:uuid:nope'), 'ERR_CREDENTIAL_NOT_FOUND');
  });

  it('publishes only what changed, republishes a token nearing expiry, and everything with force', async () => {
    const { issuer, holder, clock } = await setup();
    const c = await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder });
    expect((await issuer.publishStatusLists()).published.map((p) => p.version)).toEqual([1]);
    expect((await issuer.publishStatusLists()).published).toEqual([]);
    expect((await issuer.publishStatusLists({ force: true })).published.map((p) => p.version)).toEqual([2]);
    clock.now += 86_400 - 3_600; // within ttl of the token's exp
    expect((await issuer.publishStatusLists()).published.map((p) => p.version)).toEqual([3]);
    await issuer.revoke(c.id);
    const last = await issuer.publishStatusLists();
    expect(last.published.map((p) => p.version)).toEqual([4]);
    expect(last.anchored.map((r) => r.record.version)).toEqual([4]);
  });

  it('serves W3C Bitstring Status List credentials for the revocation and suspension purposes', async () => {
    const { issuer, holder } = await setup();
    const r = await issuer.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder });
    const s = await issuer.issueJwtVc({ type: 'business_licence', claims: LICENCE_CLAIMS.business_licence, holder });
    await issuer.revoke(r.id);
    await issuer.suspend(s.id);
    const uri = r.status!.uri;
    const revocation = await verifyBitstringStatusListCredentialJwt(await issuer.statusListCredential(`${uri}/revocation`), {
      key: issuer.publicJwk,
      uri: `${uri}/revocation`,
      issuer: issuer.did,
      statusPurpose: 'revocation',
      now: NOW,
    });
    expect(revocation.list.get(r.status!.idx)).toBe(1);
    expect(revocation.list.get(s.status!.idx)).toBe(0);
    const suspension = await verifyBitstringStatusListCredentialJwt(await issuer.statusListCredential(`${uri}/suspension`), {
      key: issuer.publicJwk,
      uri: `${uri}/suspension`,
      issuer: issuer.did,
      statusPurpose: 'suspension',
      now: NOW,
    });
    expect(suspension.list.get(s.status!.idx)).toBe(1);
    expect(suspension.list.get(r.status!.idx)).toBe(0);
    await rejectsWith(issuer.statusListCredential(`${BASE}/9/revocation`), 'ERR_STATUS_LIST_INVALID');
    await rejectsWith(issuer.statusListToken(`${BASE}/1`), 'ERR_STATUS_UNAVAILABLE');
  });
});

describe('Issuer with a status registry: the outbox never loses a revocation', () => {
  it('records the revocation while the ledger is unreachable, retries with backoff, and anchors every publication once it is back', async () => {
    const inner = await fileLedger();
    const ledger = new PartitionedLedger(inner);
    const { issuer, holder, clock } = await setup({ ledger, retryDelay: 10, maxRetryDelay: 40 });
    const c = await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder });
    ledger.down = true;
    await issuer.revoke(c.id);
    const first = await issuer.publishStatusLists();
    expect(first.published.map((p) => p.version)).toEqual([1]);
    expect(first.anchored).toEqual([]);
    expect(first.pending).toHaveLength(1);
    expect(first.pending[0]).toMatchObject({ listId: '1', attempts: 1, nextAttemptAt: NOW + 10 });
    expect(first.pending[0]!.lastError).toContain('ERR_LEDGER_UNAVAILABLE');
    // the revocation is recorded and already in the signed token, whatever the ledger does
    expect(await listValue(issuer, c.status!.uri, c.status!.idx)).toBe(StatusType.INVALID);
    // not due yet: no attempt
    expect((await issuer.anchorPending()).pending[0]!.attempts).toBe(1);
    clock.now += 10;
    expect((await issuer.anchorPending()).pending[0]).toMatchObject({ attempts: 2, nextAttemptAt: clock.now + 20 });
    clock.now += 20;
    expect((await issuer.anchorPending()).pending[0]).toMatchObject({ attempts: 3, nextAttemptAt: clock.now + 40 });
    clock.now += 40;
    expect((await issuer.anchorPending()).pending[0]).toMatchObject({ attempts: 4, nextAttemptAt: clock.now + 40 }); // capped
    // a second publication queues behind the first
    await issuer.suspend((await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder })).id);
    expect((await issuer.publishStatusLists()).pending.map((p) => p.record.version)).toEqual([1, 2]);
    expect((await issuer.registryStatus()).pending).toHaveLength(2);

    ledger.down = false;
    clock.now += 40;
    const back = await issuer.anchorPending();
    expect(back.anchored.map((r) => r.record.version)).toEqual([1, 2]);
    expect(back.pending).toEqual([]);
    const history = await inner.history(c.status!.uri);
    expect(history.map((r) => r.record.version)).toEqual([1, 2]);
    expect((await issuer.registryStatus()).lists[0]).toMatchObject({ publishedVersion: 2, anchoredVersion: 2 });
  });

  it('retries in the background with startAnchoring', async () => {
    const ledger = new PartitionedLedger(await fileLedger());
    const { issuer, holder, clock } = await setup({ ledger, retryDelay: 1 });
    await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder });
    ledger.down = true;
    expect((await issuer.publishStatusLists()).pending).toHaveLength(1);
    ledger.down = false;
    clock.now += 5;
    const stop = issuer.startAnchoring({ intervalMs: 20 });
    try {
      await expect.poll(async () => (await issuer.registryStatus()).pending.length, { timeout: 5_000, interval: 25 }).toBe(0);
    } finally {
      stop();
    }
  });
});
