import { issueSdJwtVc } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { issueOne } from './internal/issue-one.js';
import { issuedCredential, type PreparedIssue } from './internal/prepare.js';
import type { IssueRequest, IssuedCredential, IssuerContext, StatusEntry } from './types.js';

/**
 * Issue one licence as an SD-JWT VC (`typ: dc+sd-jwt`) bound to the holder's key.
 *
 * The issuer-signed JWT carries, in plaintext: `iss` (the issuer DID), `vct`, `iat`, `nbf` (when
 * `validFrom` is given), `exp`, `cnf.jwk` (the holder key) and `jti`. Every licence claim follows
 * the licence profile's disclosure frame.
 *
 * `jti` is plaintext and never selectively disclosable: it is the issuer's handle to revoke or
 * re-issue the credential. It adds no linkability, since every presentation already carries the same
 * issuer signature. Verifiers check revocation through the status list index, not through `jti`.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-3.2.2
 */
export async function issueCredential(ctx: IssuerContext, req: IssueRequest): Promise<IssuedCredential> {
  return issueOne(ctx, req, signSdJwtVc);
}

/** Sign a prepared licence as an SD-JWT VC, with its status list entry when there is one. */
export async function signSdJwtVc(ctx: IssuerContext, p: PreparedIssue, entry: StatusEntry | undefined): Promise<IssuedCredential> {
  const payload: JsonObject = {
    iss: ctx.did,
    vct: p.vct,
    iat: p.iat,
    ...(p.nbf === undefined ? {} : { nbf: p.nbf }),
    ...(p.exp === undefined ? {} : { exp: p.exp }),
    cnf: { jwk: p.holder },
    jti: p.id,
    // IETF Token Status List §6.1: the referenced token names its list and index.
    ...(entry === undefined ? {} : { status: { status_list: { idx: entry.idx, uri: entry.uri } } }),
    ...p.claims,
  };
  const credential = await issueSdJwtVc(payload as Parameters<typeof issueSdJwtVc>[0], {
    signer: ctx.signingKey,
    frame: p.frame,
    ...(ctx.saltGenerator === undefined ? {} : { saltGenerator: ctx.saltGenerator }),
  });
  return issuedCredential(p, 'dc+sd-jwt', credential, entry);
}
