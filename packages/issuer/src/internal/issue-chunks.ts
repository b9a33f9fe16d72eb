import { ElicenseError, assertObject, invalidArgument } from '@elicense/core';
import type { IssueBatchOptions } from '../issue-batch.js';
import { signSdJwtVc } from '../issue.js';
import { signJwtVc } from '../issue-jwt-vc.js';
import type { IssuedCredential, IssuerContext, StatusEntry } from '../types.js';
import type { SignPrepared } from './issue-one.js';
import type { PreparedIssue } from './prepare.js';
import { recordIssued } from './record.js';

/**
 * The chunk loop shared by batch and streaming issuance: pull items one at a time, prepare each,
 * and once `chunkSize` are prepared (or the items end) issue them as one chunk — allocate their
 * status entries, sign them, record them in one store round trip — and only then yield the chunk.
 * Nothing is read ahead beyond the chunk being built, and nothing is kept once a chunk is yielded.
 */

/**
 * Why a chunked issuance stopped; thrown by {@link issueChunks}, and always turned into the public
 * error by its caller (it never reaches users).
 */
export class IssuanceStopped extends Error {
  constructor(
    /** What went wrong. */
    readonly reason: unknown,
    /** Credentials issued and recorded before it. */
    readonly issued: number,
    /** Index of the item at fault, when one is (a bad request, an id already used). */
    readonly index: number | undefined,
    /** `request`: an item could not be prepared (nothing of its chunk was issued); `chunk`: allocating, signing or recording a chunk failed. */
    readonly stage: 'request' | 'chunk',
  ) {
    super('issuance stopped');
  }
}

/** The signer and chunk size that `options` of a batch or stream ask for, checked. */
export function readBatchOptions(options: IssueBatchOptions): { sign: SignPrepared; chunkSize: number } {
  assertObject(options, 'options');
  const format = options.format ?? 'dc+sd-jwt';
  if (format !== 'dc+sd-jwt' && format !== 'jwt_vc') throw invalidArgument('options.format', '"dc+sd-jwt" or "jwt_vc"', format);
  const chunkSize = options.chunkSize ?? 1000;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw invalidArgument('options.chunkSize', 'a positive integer', chunkSize);
  return { sign: format === 'dc+sd-jwt' ? signSdJwtVc : signJwtVc, chunkSize };
}

/** How to issue items of type `T` chunk by chunk. */
export interface ChunkPlan<T> {
  /** Items issued per store round trip. */
  chunkSize: number;
  /** The credential format's signer. */
  sign: SignPrepared;
  /** Turn item `index` into a prepared request (or throw what is wrong with it). */
  prepare(item: T, index: number): PreparedIssue | Promise<PreparedIssue>;
}

/**
 * Issue `items` chunk by chunk (see the module comment). A request whose id another request of the
 * same chunk uses stops the issuance before the chunk is allocated (`ERR_STORE_CONFLICT`, as issuing
 * an id twice one at a time would); an id recorded earlier is refused by the store when the chunk is
 * recorded. Failures of `prepare` and of a chunk are thrown as {@link IssuanceStopped}; a failure of
 * the items' own iterator is thrown as it is.
 */
export async function* issueChunks<T>(
  ctx: IssuerContext,
  items: Iterable<T> | AsyncIterable<T>,
  plan: ChunkPlan<T>,
): AsyncGenerator<IssuedCredential[], void, undefined> {
  let issued = 0;
  let index = 0;
  let chunk: PreparedIssue[] = [];
  let ids = new Map<string, number>();
  for await (const item of items) {
    let p: PreparedIssue;
    try {
      p = await plan.prepare(item, index);
    } catch (e) {
      throw new IssuanceStopped(e, issued, index, 'request');
    }
    const earlier = ids.get(p.id);
    if (earlier !== undefined) throw new IssuanceStopped(duplicateId(p.id, earlier), issued, index, 'request');
    ids.set(p.id, index);
    chunk.push(p);
    index++;
    if (chunk.length === plan.chunkSize) {
      const done = await issueChunk(ctx, chunk, plan.sign, issued, ids);
      chunk = [];
      ids = new Map();
      issued += done.length;
      yield done;
    }
  }
  if (chunk.length > 0) yield await issueChunk(ctx, chunk, plan.sign, issued, ids);
}

function duplicateId(id: string, earlier: number): ElicenseError {
  return new ElicenseError('ERR_STORE_CONFLICT', `id ${JSON.stringify(id)} is already used by request ${earlier}`, { details: { id } });
}

/** Allocate, sign and record one chunk (one store round trip); `issued` is the count before it, `ids` its ids by item index. */
async function issueChunk(
  ctx: IssuerContext,
  chunk: readonly PreparedIssue[],
  sign: SignPrepared,
  issued: number,
  ids: ReadonlyMap<string, number>,
): Promise<IssuedCredential[]> {
  try {
    const entries: StatusEntry[] | undefined = ctx.registry === undefined ? undefined : await ctx.registry.allocate(chunk.length, chunk[0]!.iat);
    const signed = await Promise.all(chunk.map((p, i) => sign(ctx, p, entries?.[i])));
    await recordIssued(ctx, signed);
    return signed;
  } catch (e) {
    // the store names the id it refused (memory and file stores do): point at that request
    const id = e instanceof ElicenseError && e.code === 'ERR_STORE_CONFLICT' ? e.details?.['id'] : undefined;
    throw new IssuanceStopped(e, issued, typeof id === 'string' ? ids.get(id) : undefined, 'chunk');
  }
}

/**
 * `error` with the request index in front of its message and in its details (`details.index`), and
 * `extra` details; anything but an {@link ElicenseError} is returned as it is.
 */
export function atRequest(error: unknown, index: number, extra: Record<string, unknown> = {}): unknown {
  if (!(error instanceof ElicenseError)) return error;
  return new ElicenseError(error.code, `requests[${index}]: ${error.message}`, { cause: error, details: { ...error.details, index, ...extra } });
}
