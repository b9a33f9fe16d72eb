import { ElicenseError, invalidArgument } from '@elicense/core';
import { IssuanceStopped, atRequest, issueChunks, readBatchOptions } from './internal/issue-chunks.js';
import { prepareIssue } from './internal/prepare.js';
import type { PreparedIssue } from './internal/prepare.js';
import type { IssueRequest, IssuedCredential, IssuerContext } from './types.js';

/**
 * Options for {@link Issuer.issueBatch} and {@link Issuer.issueStream}.
 *
 * @example
 * ```ts
 * const options: IssueBatchOptions = { format: 'jwt_vc', chunkSize: 500 }
 * ```
 */
export interface IssueBatchOptions {
  /** `dc+sd-jwt` (default) or `jwt_vc`. */
  format?: 'dc+sd-jwt' | 'jwt_vc';
  /** Credentials allocated, signed and recorded per store round trip. Default 1,000. */
  chunkSize?: number;
}

/**
 * Issue many licences: every request is checked first (one bad request issues nothing), then they
 * are allocated, signed and recorded chunk by chunk — one store round trip per chunk, not per
 * credential. If the store or signer fails midway, the chunks already recorded stay issued and
 * the error's `details.issued` counts them (`details.issuedIds` names them).
 */
export async function issueBatch(ctx: IssuerContext, requests: readonly IssueRequest[], options: IssueBatchOptions = {}): Promise<IssuedCredential[]> {
  if (!Array.isArray(requests)) throw invalidArgument('requests', 'an array of issue requests', requests);
  const plan = readBatchOptions(options);

  const prepared: PreparedIssue[] = [];
  const ids = new Set<string>();
  for (const [i, req] of requests.entries()) {
    let p: PreparedIssue;
    try {
      p = await prepareIssue(ctx, req);
    } catch (e) {
      throw atRequest(e, i);
    }
    if (ids.has(p.id)) throw invalidArgument(`requests[${i}].id`, 'an id not used by another request of the batch', p.id);
    ids.add(p.id);
    prepared.push(p);
  }

  const issued: IssuedCredential[] = [];
  try {
    for await (const chunk of issueChunks(ctx, prepared, { ...plan, prepare: (p) => p })) issued.push(...chunk);
  } catch (e) {
    if (!(e instanceof IssuanceStopped)) throw e;
    const cause = e.reason;
    if (issued.length === 0) throw cause;
    const code = cause instanceof ElicenseError ? cause.code : 'ERR_STORE_FAILED';
    throw new ElicenseError(code, `batch stopped after ${issued.length} of ${prepared.length} credentials: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
      details: { issued: issued.length, issuedIds: issued.map((c) => c.id), ...(e.index === undefined ? {} : { index: e.index }) },
    });
  }
  return issued;
}
