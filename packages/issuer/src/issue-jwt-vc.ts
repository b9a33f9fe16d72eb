import { didJwkFromJwk } from '@elicense/did';
import { createVerifiableCredentialJwt } from 'did-jwt-vc';
import type { JwtCredentialPayload } from 'did-jwt-vc';
import { toDidJwtSigner } from './internal/did-jwt-signer.js';
import { prepareIssue } from './internal/prepare.js';
import type { IssueRequest, IssuedCredential, IssuerContext } from './types.js';

/** The VCDM 1.1 base context. */
const VCDM_1_1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

/** `resident_id_card` → `ResidentIdCard`: the W3C `type` term of a licence. */
export function w3cTypeName(type: string): string {
  return type
    .split('_')
    .map((w) => (w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
}

/**
 * Issue one licence as a W3C Verifiable Credential (VCDM 1.1) in JWT encoding, through did-jwt-vc's
 * `createVerifiableCredentialJwt` with our signer. All claims are in `vc.credentialSubject` (a JWT VC
 * has no selective disclosure); the subject is the holder key as a `did:jwk` (`sub`), and the header
 * `kid` is the issuer's DID URL.
 *
 * @see https://www.w3.org/TR/vc-data-model-1.1/#json-web-token
 */
export async function issueJwtVcCredential(ctx: IssuerContext, req: IssueRequest): Promise<IssuedCredential> {
  const p = await prepareIssue(ctx, req);
  const payload: JwtCredentialPayload = {
    sub: didJwkFromJwk(p.holder),
    jti: p.id,
    iat: p.iat,
    nbf: p.nbf ?? p.iat,
    ...(p.exp === undefined ? {} : { exp: p.exp }),
    vc: {
      '@context': [VCDM_1_1_CONTEXT],
      type: ['VerifiableCredential', w3cTypeName(p.type)],
      credentialSubject: { ...p.claims },
      // credentialStatus: a W3C Bitstring Status List entry goes here once status lists exist.
    },
    // did-jwt-vc's JWT encoding keeps issuer properties other than `id` in a top-level `issuer`.
    ...(ctx.name === undefined ? {} : { issuer: { id: ctx.did, name: ctx.name } }),
  };
  const credential = await createVerifiableCredentialJwt(
    payload,
    { did: ctx.did, signer: toDidJwtSigner(ctx.signingKey), alg: ctx.alg },
    { header: { kid: ctx.kid, typ: 'JWT' }, removeOriginalFields: true },
  );
  return {
    id: p.id,
    format: 'jwt_vc',
    type: p.type,
    vct: p.vct,
    credential,
    issuedAt: p.iat,
    ...(p.exp === undefined ? {} : { expiresAt: p.exp }),
  };
}
