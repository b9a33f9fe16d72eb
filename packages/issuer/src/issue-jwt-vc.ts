import { didJwkFromJwk } from '@elicense/did';
import { createVerifiableCredentialJwt } from 'did-jwt-vc';
import type { JwtCredentialPayload } from 'did-jwt-vc';

type CredentialStatus = NonNullable<JwtCredentialPayload['vc']['credentialStatus']>;
import { toDidJwtSigner } from './internal/did-jwt-signer.js';
import { createBitstringStatusListEntry } from '@elicense/status';
import { issueOne } from './internal/issue-one.js';
import { issuedCredential, type PreparedIssue } from './internal/prepare.js';
import type { IssueRequest, IssuedCredential, IssuerContext, StatusEntry } from './types.js';

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
  return issueOne(ctx, req, signJwtVc);
}

/**
 * Sign a prepared licence as a W3C VC JWT. With a status list entry, `credentialStatus` holds two
 * `BitstringStatusListEntry` objects at the entry's index: one for the `revocation` purpose and one
 * for `suspension`, each naming the list's W3C status list credential.
 *
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
 */
export async function signJwtVc(ctx: IssuerContext, p: PreparedIssue, entry: StatusEntry | undefined): Promise<IssuedCredential> {
  const registry = ctx.registry;
  const credentialStatus =
    entry === undefined || registry === undefined
      ? undefined
      : (['revocation', 'suspension'] as const).map((statusPurpose) =>
          createBitstringStatusListEntry({ uri: registry.bitstringUri(entry.uri, statusPurpose), index: entry.idx, statusPurpose }),
        );
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
      // did-jwt-vc types credentialStatus as one object; Bitstring Status List §2.1 gives one entry per purpose.
      ...(credentialStatus === undefined ? {} : { credentialStatus: credentialStatus as unknown as CredentialStatus }),
    },
    // did-jwt-vc's JWT encoding keeps issuer properties other than `id` in a top-level `issuer`.
    ...(ctx.name === undefined ? {} : { issuer: { id: ctx.did, name: ctx.name } }),
  };
  const credential = await createVerifiableCredentialJwt(
    payload,
    { did: ctx.did, signer: toDidJwtSigner(ctx.signingKey), alg: ctx.alg },
    { header: { kid: ctx.kid, typ: 'JWT' }, removeOriginalFields: true },
  );
  return issuedCredential(p, 'jwt_vc', credential, entry);
}
