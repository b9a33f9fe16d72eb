/**
 * Streaming issuance (`Issuer.issueStream`): chunk by chunk, recorded before yielded, no read-ahead
 * beyond one chunk, early stop, bad requests, duplicate ids and store failures midway — with the
 * in-memory and the durable file store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ElicenseError, decodeJws, generateKeyPair, verifyJwt, verifySdJwtVc, type JWK } from '@elicense/core';
import { Issuer, MemoryIssuerStore, type IssueRequest, type IssuedCredential, type IssuerStore } from '@elicense/issuer';
import { FileIssuerStore } from '@elicense/issuer/node';
import { FileLedger } from '@elicense/ledger/node';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';
import { throwsWith } from '../../../test/helpers/errors.js';

const BASE = 'https://status.gov.example/lists';
const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-stream-'));
  dirs.push(dir);
  return dir;
}

async function fileLedger(): Promise<FileLedger> {
  const key = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const ledger = await FileLedger.open({ path: join(await tempDir(), 'ledger.jsonl'), signingKey: key, now: () => NOW });
  closers.push(() => ledger.close());
  return ledger;
}

async function fileStore(): Promise<FileIssuerStore> {
  const store = await FileIssuerStore.open(join(await tempDir(), 'registry'), { fsync: false });
  closers.push(() => store.close());
  return store;
}

const STORES: Array<[string, () => Promise<IssuerStore>]> = [
  ['in-memory store', async () => new MemoryIssuerStore()],
  ['file store', fileStore],
];

async function setup(store: IssuerStore) {
  const ledger = await fileLedger();
  const issuer = await Issuer.create({ now: () => NOW, status: { store, ledger, baseUri: BASE } });
  const holder = (await generateKeyPair('ES256')).publicJwk;
  return { issuer, store, holder };
}

function request(holder: JWK, id?: string): IssueRequest {
  return { type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder, ...(id === undefined ? {} : { id }) };
}

function badRequest(holder: JWK): IssueRequest {
  return { type: 'resident_id_card', claims: { ...LICENCE_CLAIMS.resident_id_card, citizen_id_number: '123' }, holder };
}

/** `count` requests made as they are pulled, counting pulls and noting whether the consumer closed the source. */
function source(count: number, make: (i: number) => IssueRequest) {
  const seen = { pulled: 0, closed: false };
  function* gen(): Generator<IssueRequest> {
    try {
      for (let i = 0; i < count; i++) {
        seen.pulled++;
        yield make(i);
      }
    } finally {
      seen.closed = true;
    }
  }
  return { requests: gen(), seen };
}

/** Positions handed out by the store, over every list. */
async function allocated(store: IssuerStore): Promise<number> {
  return (await store.lists()).reduce((n, l) => n + l.allocated, 0);
}

/** Every chunk of a stream, and the error that ended it (if any). */
async function drain(stream: AsyncIterable<IssuedCredential[]>): Promise<{ chunks: IssuedCredential[][]; error: ElicenseError | undefined }> {
  const chunks: IssuedCredential[][] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (e) {
    expect(e).toBeInstanceOf(ElicenseError);
    return { chunks, error: e as ElicenseError };
  }
  return { chunks, error: undefined };
}

async function expectRecorded(issuer: Issuer, credentials: readonly IssuedCredential[]): Promise<void> {
  for (const c of credentials) {
    expect(await issuer.credentialRecord(c.id)).toMatchObject({ id: c.id, listId: c.status!.listId, idx: c.status!.idx, status: 'valid' });
  }
}

/** A real in-memory store whose `saveCredentials` fails on the `n`-th call, as a disk or database going away would. */
class FailingStore extends MemoryIssuerStore {
  saves = 0;
  constructor(
    readonly failOn: number,
    readonly failure: unknown = new ElicenseError('ERR_STORE_FAILED', 'disk full'),
  ) {
    super();
  }
  override saveCredentials(...args: Parameters<IssuerStore['saveCredentials']>): Promise<void> {
    if (++this.saves === this.failOn) return Promise.reject(this.failure);
    return super.saveCredentials(...args);
  }
}

describe.each(STORES)('Issuer.issueStream with the %s', (_, openStore) => {
  it('yields chunk after chunk of credentials that verify and are recorded, at distinct status indices', async () => {
    const { issuer, store, holder } = await setup(await openStore());
    const { requests, seen } = source(25, () => request(holder));
    const { chunks, error } = await drain(issuer.issueStream(requests, { chunkSize: 7 }));
    expect(error).toBeUndefined();
    expect(chunks.map((c) => c.length)).toEqual([7, 7, 7, 4]);
    expect(seen).toEqual({ pulled: 25, closed: true });
    const all = chunks.flat();
    for (const c of all) {
      const { payload } = await verifySdJwtVc(c.credential, { issuerKey: issuer.publicJwk, now: NOW });
      expect(payload).toMatchObject({ jti: c.id, status: { status_list: { idx: c.status!.idx, uri: c.status!.uri } } });
    }
    await expectRecorded(issuer, all);
    expect(new Set(all.map((c) => c.status!.idx)).size).toBe(25);
    expect(await allocated(store)).toBe(25);
  });

  it('reads no further ahead than the chunk it issues; stopping early keeps exactly what was yielded, and the next stream takes fresh indices', async () => {
    const { issuer, store, holder } = await setup(await openStore());
    const { requests, seen } = source(50, () => request(holder));
    const yielded: IssuedCredential[] = [];
    const pulledAtYield: number[] = [];
    for await (const chunk of issuer.issueStream(requests, { chunkSize: 5 })) {
      pulledAtYield.push(seen.pulled);
      yielded.push(...chunk);
      if (yielded.length === 10) break;
    }
    expect(pulledAtYield).toEqual([5, 10]);
    expect(seen).toEqual({ pulled: 10, closed: true }); // the source is closed, nothing more read
    expect(await allocated(store)).toBe(10); // nothing allocated beyond the yielded chunks
    await expectRecorded(issuer, yielded);

    const more = source(6, () => request(holder));
    const { chunks } = await drain(issuer.issueStream(more.requests, { chunkSize: 5 }));
    const next = chunks.flat();
    expect(next).toHaveLength(6);
    await expectRecorded(issuer, next);
    const before = new Set(yielded.map((c) => `${c.status!.listId}:${c.status!.idx}`));
    for (const c of next) expect(before.has(`${c.status!.listId}:${c.status!.idx}`)).toBe(false);
    expect(await allocated(store)).toBe(16);
  });

  it('stops at a bad request in the third chunk: the first two stay issued, the error gives its index and the count issued', async () => {
    const { issuer, store, holder } = await setup(await openStore());
    const { requests, seen } = source(30, (i) => (i === 12 ? badRequest(holder) : request(holder)));
    const { chunks, error } = await drain(issuer.issueStream(requests, { chunkSize: 5 }));
    expect(chunks.map((c) => c.length)).toEqual([5, 5]);
    expect(error?.code).toBe('ERR_INVALID_CLAIM');
    expect(error?.details).toMatchObject({ index: 12, issued: 10, field: 'citizen_id_number' });
    expect(seen).toEqual({ pulled: 13, closed: true }); // nothing read past the bad request
    expect(await allocated(store)).toBe(10); // its chunk was never allocated
    await expectRecorded(issuer, chunks.flat());
  });

  it('refuses an id used again in a later chunk without issuing it twice (ERR_STORE_CONFLICT, as issue() does)', async () => {
    const { issuer, holder } = await setup(await openStore());
    const id = 'urn:uuid:2b0c6a9e-5d1f-4c38-9a7e-3f6d1c2b8e40';
    const { requests } = source(12, (i) => request(holder, i === 2 || i === 7 ? id : undefined));
    const { chunks, error } = await drain(issuer.issueStream(requests, { chunkSize: 5 }));
    expect(chunks.map((c) => c.length)).toEqual([5]);
    expect(error?.code).toBe('ERR_STORE_CONFLICT');
    expect(error?.details).toMatchObject({ index: 7, issued: 5, id });
    expect((await issuer.credentialRecord(id)).idx).toBe(chunks[0]![2]!.status!.idx); // still the first one
    await expectRecorded(issuer, chunks.flat());
  });

  it('refuses an id used twice in one chunk before allocating it, and an id issued before the stream', async () => {
    const { issuer, store, holder } = await setup(await openStore());
    const id = 'urn:uuid:7d3e1f20-8b4a-4c6d-9e0f-1a2b3c4d5e6f';
    const same = await drain(issuer.issueStream([request(holder), request(holder, id), request(holder), request(holder, id)], { chunkSize: 5 }));
    expect(same.chunks).toEqual([]);
    expect(same.error?.code).toBe('ERR_STORE_CONFLICT');
    expect(same.error?.details).toMatchObject({ index: 3, issued: 0, id });
    expect(await allocated(store)).toBe(0);

    const first = await issuer.issue(request(holder, id));
    const again = await drain(issuer.issueStream([request(holder), request(holder, id)]));
    expect(again.chunks).toEqual([]);
    expect(again.error?.code).toBe('ERR_STORE_CONFLICT');
    expect(again.error?.details).toMatchObject({ index: 1, issued: 0 });
    expect((await issuer.credentialRecord(id)).idx).toBe(first.status!.idx);
  });

  it('takes an async iterable (a database cursor) as well', async () => {
    const { issuer, holder } = await setup(await openStore());
    let pulled = 0;
    async function* cursor(): AsyncGenerator<IssueRequest> {
      for (let i = 0; i < 9; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        pulled++;
        yield request(holder);
      }
    }
    const sizes: number[] = [];
    const all: IssuedCredential[] = [];
    for await (const chunk of issuer.issueStream(cursor(), { chunkSize: 4 })) {
      expect(pulled).toBe(all.length + chunk.length);
      sizes.push(chunk.length);
      all.push(...chunk);
    }
    expect(sizes).toEqual([4, 4, 1]);
    await expectRecorded(issuer, all);
  });
});

describe('Issuer.issueStream: failures and misuse', () => {
  it('reports how many are recorded when the store fails midway, and issues nothing after', async () => {
    const store = new FailingStore(3);
    const { issuer, holder } = await setup(store);
    const { requests, seen } = source(20, () => request(holder));
    const { chunks, error } = await drain(issuer.issueStream(requests, { chunkSize: 4 }));
    expect(chunks.map((c) => c.length)).toEqual([4, 4]);
    expect(error?.code).toBe('ERR_STORE_FAILED');
    expect(error?.details).toMatchObject({ issued: 8 });
    expect(error?.details).not.toHaveProperty('index');
    expect(error?.cause).toBe(store.failure);
    expect(seen).toEqual({ pulled: 12, closed: true });
    await expectRecorded(issuer, chunks.flat());
    expect(store.saves).toBe(3);
  });

  it('reports a failure that is not an ElicenseError as ERR_STORE_FAILED, with the count', async () => {
    const { issuer, holder } = await setup(new FailingStore(1, new Error('connection reset')));
    const { chunks, error } = await drain(issuer.issueStream([request(holder), request(holder)]));
    expect(chunks).toEqual([]);
    expect(error?.code).toBe('ERR_STORE_FAILED');
    expect(error?.details).toMatchObject({ issued: 0 });
  });

  it('passes a failure of the request source through as it is, after the chunks already issued', async () => {
    const { issuer, holder } = await setup(new MemoryIssuerStore());
    const broken = new Error('cursor lost');
    function* requests(): Generator<IssueRequest> {
      for (let i = 0; i < 3; i++) yield request(holder);
      throw broken;
    }
    const chunks: IssuedCredential[][] = [];
    let caught: unknown;
    try {
      for await (const chunk of issuer.issueStream(requests(), { chunkSize: 2 })) chunks.push(chunk);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(broken);
    expect(chunks.map((c) => c.length)).toEqual([2]);
  });

  it('issues W3C VC JWTs, and without a status registry credentials carry no status', async () => {
    const issuer = await Issuer.create({ now: () => NOW });
    const holder = (await generateKeyPair('ES256')).publicJwk;
    const { chunks } = await drain(issuer.issueStream([request(holder), request(holder), request(holder)], { format: 'jwt_vc', chunkSize: 2 }));
    expect(chunks.map((c) => c.length)).toEqual([2, 1]);
    for (const c of chunks.flat()) {
      expect(c.format).toBe('jwt_vc');
      expect(c.status).toBeUndefined();
      const { payload } = await verifyJwt(c.credential, { key: issuer.publicJwk, algorithms: ['ES256'] });
      expect(payload.jti).toBe(c.id);
    }
  });

  it('refuses bad arguments when called, before reading anything', async () => {
    const issuer = await Issuer.create({ now: () => NOW });
    const { requests, seen } = source(3, () => ({}) as IssueRequest);
    await throwsWith(() => issuer.issueStream(null as never), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => issuer.issueStream('resident_id_card' as never), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => issuer.issueStream({ length: 1 } as never), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => issuer.issueStream(requests, { chunkSize: 0 }), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => issuer.issueStream(requests, { chunkSize: 1.5 }), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => issuer.issueStream(requests, { format: 'ldp_vc' as never }), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => issuer.issueStream(requests, null as never), 'ERR_INVALID_ARGUMENT');
    expect(seen.pulled).toBe(0);
    const { error } = await drain(issuer.issueStream(requests));
    expect(error?.code).toBe('ERR_INVALID_ARGUMENT'); // a request that is not one
    expect(error?.details).toMatchObject({ index: 0, issued: 0 });
  });

  it('any number of requests in any chunk size: chunks in order, every credential recorded once', async () => {
    const { issuer, store, holder } = await setup(new MemoryIssuerStore());
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 9 }), async (count, chunkSize) => {
        const ids = Array.from({ length: count }, (_, i) => `urn:uuid:00000000-0000-4000-8000-${String(total + i).padStart(12, '0')}`);
        total += count;
        const { chunks, error } = await drain(issuer.issueStream(ids.map((id) => request(holder, id)), { chunkSize }));
        expect(error).toBeUndefined();
        const expected = Array.from({ length: Math.ceil(count / chunkSize) }, (_, k) => Math.min(chunkSize, count - k * chunkSize));
        expect(chunks.map((c) => c.length)).toEqual(expected);
        expect(chunks.flat().map((c) => c.id)).toEqual(ids);
        await expectRecorded(issuer, chunks.flat());
        expect(await allocated(store)).toBe(total);
      }),
      { numRuns: 15 },
    );
  });
});

describe('Issuer.issueBatch on the shared chunk step', () => {
  it('still checks everything first, and counts what was recorded when the store fails midway', async () => {
    const store = new FailingStore(2);
    const { issuer, holder } = await setup(store);
    const reqs = Array.from({ length: 12 }, () => request(holder));
    const dup = [request(holder, 'urn:uuid:x-1'), request(holder, 'urn:uuid:x-1')];
    const e = await throwsWith(() => issuer.issueBatch(dup), 'ERR_INVALID_ARGUMENT');
    expect(e.details).toBeUndefined();
    expect(await allocated(store)).toBe(0);
    const failed = await throwsWith(() => issuer.issueBatch(reqs, { chunkSize: 5 }), 'ERR_STORE_FAILED');
    expect(failed.details).toMatchObject({ issued: 5 });
    const issuedIds = failed.details!['issuedIds'] as string[];
    expect(issuedIds).toHaveLength(5);
    for (const id of issuedIds) expect((await issuer.credentialRecord(id)).status).toBe('valid');
    const ok = await issuer.issueBatch(reqs.slice(0, 3));
    expect(ok).toHaveLength(3);
    for (const c of ok) expect(decodeJws(c.credential.split('~')[0]!).payload.jti).toBe(c.id);
  });
});
