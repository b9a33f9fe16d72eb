import { ElicenseError } from '@elicense/core';
import type { DisclosureFrame, JWK, JsonObject } from '@elicense/core';
import { prepareLicenceClaims } from '@elicense/credentials';
import type { IssueRequest, IssuedCredential, IssuerContext, StatusEntry } from '../types.js';
import { assertObject, assertString, invalidArgument, readClock, toSeconds } from '@elicense/core';
import { checkHolderKey } from './holder-key.js';
import { defaultExpiry } from './validity.js';

/** A request checked and turned into what both credential formats need. */
export interface PreparedIssue {
  id: string;
  type: string;
  vct: string;
  claims: JsonObject;
  frame: DisclosureFrame;
  holder: JWK;
  iat: number;
  nbf: number | undefined;
  exp: number | undefined;
}

/** Validate an {@link IssueRequest}: holder key, licence claims (via the catalogue), validity window. */
export async function prepareIssue(ctx: IssuerContext, req: IssueRequest): Promise<PreparedIssue> {
  assertObject(req, 'request');
  assertString(req.type, 'request.type');
  if (req.id !== undefined) assertString(req.id, 'request.id');
  const holder = await checkHolderKey(req.holder);
  const iat = readClock(ctx.now);
  // validated + derived claims; the catalogue never lets them use envelope names (iss, cnf, jti …)
  const prepared = prepareLicenceClaims(req.type, req.claims, { now: iat });
  const nbf = req.validFrom === undefined ? undefined : toSeconds(req.validFrom, 'request.validFrom');
  let exp = req.validUntil === undefined ? undefined : toSeconds(req.validUntil, 'request.validUntil');
  exp ??= defaultExpiry(prepared.claims, iat, ctx.defaultValidity);
  if (exp !== undefined && exp <= (nbf ?? iat)) {
    throw invalidArgument('request.validUntil', `later than the start of validity (${nbf ?? iat})`, exp);
  }
  return {
    id: req.id ?? `urn:uuid:${randomUuid()}`,
    type: prepared.profile.type,
    vct: prepared.vct,
    claims: prepared.claims,
    frame: prepared.frame,
    holder,
    iat,
    nbf,
    exp,
  };
}

function randomUuid(): string {
  const c = globalThis.crypto;
  if (!c || typeof c.randomUUID !== 'function') {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'crypto.randomUUID is not available here; pass request.id');
  }
  return c.randomUUID();
}

/** What issuing `p` in `format` returns, once signed. */
export function issuedCredential(
  p: PreparedIssue,
  format: IssuedCredential['format'],
  credential: string,
  entry: StatusEntry | undefined,
): IssuedCredential {
  return {
    id: p.id,
    format,
    type: p.type,
    vct: p.vct,
    credential,
    issuedAt: p.iat,
    ...(p.exp === undefined ? {} : { expiresAt: p.exp }),
    ...(entry === undefined ? {} : { status: entry }),
  };
}
