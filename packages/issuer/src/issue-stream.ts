import { ElicenseError, invalidArgument } from '@elicense/core';
import type { IssueBatchOptions } from './issue-batch.js';
import { IssuanceStopped, atRequest, issueChunks, readBatchOptions, type ChunkPlan } from './internal/issue-chunks.js';
import { prepareIssue } from './internal/prepare.js';
import type { IssueRequest, IssuedCredential, IssuerContext } from './types.js';

/**
 * Issue licences as they come, a chunk at a time: pull up to `chunkSize` requests from `requests`,
 * check them, allocate their status entries, sign them, record them in one store round trip, and
 * only then yield the chunk's credentials. Memory stays at one chunk however long the stream is.
 *
 * - Nothing yielded is unrecorded, and nothing recorded goes unyielded: when the consumer stops
 *   (`break`, `return()`), issuance stops after the chunk it last received, and `requests` is closed.
 * - A bad request stops the stream before its chunk is allocated: the chunks before it are issued,
 *   and the error (its own code, e.g. `ERR_INVALID_CLAIM`) carries `details.index` (its index in
 *   the stream) and `details.issued` (how many credentials are recorded).
 * - An id used twice in the stream, or already recorded, is refused with `ERR_STORE_CONFLICT` (as
 *   issuing it again with `issue()` would), `details.index` pointing at the second use.
 * - A failure of the signer or the store stops the stream with that error's code (`ERR_STORE_FAILED`
 *   for anything that is not an `ElicenseError`) and `details.issued`; a failure of `requests`
 *   itself is passed through as it is.
 *
 * Arguments are checked when called (`ERR_INVALID_ARGUMENT`), before anything is read.
 */
export function issueStream(
  ctx: IssuerContext,
  requests: Iterable<IssueRequest> | AsyncIterable<IssueRequest>,
  options: IssueBatchOptions = {},
): AsyncGenerator<IssuedCredential[], void, undefined> {
  if (!isIterable(requests)) throw invalidArgument('requests', 'an iterable or async iterable of issue requests', requests);
  const plan = readBatchOptions(options);
  return run(ctx, requests, { ...plan, prepare: (req: IssueRequest) => prepareIssue(ctx, req) });
}

async function* run(
  ctx: IssuerContext,
  requests: Iterable<IssueRequest> | AsyncIterable<IssueRequest>,
  plan: ChunkPlan<IssueRequest>,
): AsyncGenerator<IssuedCredential[], void, undefined> {
  try {
    yield* issueChunks(ctx, requests, plan);
  } catch (e) {
    if (!(e instanceof IssuanceStopped)) throw e;
    throw stopped(e);
  }
}

function stopped(e: IssuanceStopped): unknown {
  const { reason, issued, index } = e;
  if (e.stage === 'request') return atRequest(reason, index!, { issued });
  const code = reason instanceof ElicenseError ? reason.code : 'ERR_STORE_FAILED';
  const message = reason instanceof Error ? reason.message : String(reason);
  const at = index === undefined ? '' : `requests[${index}]: `;
  return new ElicenseError(code, `${at}issuance stopped after ${issued} credentials: ${message}`, {
    cause: reason,
    details: { ...(reason instanceof ElicenseError ? reason.details : {}), ...(index === undefined ? {} : { index }), issued },
  });
}

function isIterable(v: unknown): v is Iterable<unknown> | AsyncIterable<unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<Record<symbol, unknown>>;
  return typeof o[Symbol.asyncIterator] === 'function' || typeof o[Symbol.iterator] === 'function';
}
