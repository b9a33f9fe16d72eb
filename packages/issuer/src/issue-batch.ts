import { ElicenseError, invalidArgument } from '@elicense/core';
import { prepareIssue } from './internal/prepare.js';
import type { PreparedIssue } from './internal/prepare.js';
import { recordIssued } from './internal/record.js';
import { signSdJwtVc } from './issue.js';
import { signJwtVc } from './issue-jwt-vc.js';
import type { IssueRequest, IssuedCredential, IssuerContext, StatusEntry } from './types.js';

/**
 * Options for {@link Issuer.issueBatch}.
 *
 * @example
 * ```ts
 * const options: IssueBatchOptions = { format: 'jwt_vc' }
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
 * the error's `details.issued` counts them.
 */
export async function issueBatch(ctx: IssuerContext, requests: readonly IssueRequest[], options: IssueBatchOptions = {}): Promise<IssuedCredential[]> {
  if (!Array.isArray(requests)) throw invalidArgument('requests', 'an array of issue requests', requests);
  const format = options.format ?? 'dc+sd-jwt';
  if (format !== 'dc+sd-jwt' && format !== 'jwt_vc') throw invalidArgument('options.format', '"dc+sd-jwt" or "jwt_vc"', format);
  const chunkSize = options.chunkSize ?? 1000;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw invalidArgument('options.chunkSize', 'a positive integer', chunkSize);

  const prepared: PreparedIssue[] = [];
  const ids = new Set<string>();
  for (const [i, req] of requests.entries()) {
    let p: PreparedIssue;
    try {
      p = await prepareIssue(ctx, req);
    } catch (e) {
      if (e instanceof ElicenseError) {
        throw new ElicenseError(e.code, `requests[${i}]: ${e.message}`, { cause: e, details: { ...e.details, index: i } });
      }
      throw e;
    }
    if (ids.has(p.id)) throw invalidArgument(`requests[${i}].id`, 'an id not used by another request of the batch', p.id);
    ids.add(p.id);
    prepared.push(p);
  }

  const sign = format === 'dc+sd-jwt' ? signSdJwtVc : signJwtVc;
  const issued: IssuedCredential[] = [];
  for (let start = 0; start < prepared.length; start += chunkSize) {
    const chunk = prepared.slice(start, start + chunkSize);
    try {
      const entries: Array<StatusEntry | undefined> =
        ctx.registry === undefined ? chunk.map(() => undefined) : await ctx.registry.allocate(chunk.length, chunk[0]!.iat);
      const signed = await Promise.all(chunk.map((p, i) => sign(ctx, p, entries[i])));
      await recordIssued(ctx, signed);
      issued.push(...signed);
    } catch (e) {
      if (issued.length === 0) throw e;
      const code = e instanceof ElicenseError ? e.code : 'ERR_STORE_FAILED';
      throw new ElicenseError(code, `batch stopped after ${issued.length} of ${prepared.length} credentials: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
        details: { issued: issued.length, issuedIds: issued.map((c) => c.id) },
      });
    }
  }
  return issued;
}
