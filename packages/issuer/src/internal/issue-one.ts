import type { IssueRequest, IssuedCredential, IssuerContext, StatusEntry } from '../types.js';
import { prepareIssue } from './prepare.js';
import type { PreparedIssue } from './prepare.js';
import { recordIssued } from './record.js';

/** Signs a prepared licence in one format, with its status list entry when there is one. */
export type SignPrepared = (ctx: IssuerContext, p: PreparedIssue, entry: StatusEntry | undefined) => Promise<IssuedCredential>;

/** Check the request, allocate its status entry (with a registry), sign, and record it before returning. */
export async function issueOne(ctx: IssuerContext, req: IssueRequest, sign: SignPrepared): Promise<IssuedCredential> {
  const p = await prepareIssue(ctx, req);
  const entry = ctx.registry === undefined ? undefined : (await ctx.registry.allocate(1, p.iat))[0];
  const issued = await sign(ctx, p, entry);
  if (entry !== undefined) await recordIssued(ctx, [issued]);
  return issued;
}
