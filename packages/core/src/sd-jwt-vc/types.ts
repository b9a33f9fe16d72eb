import type { JWK } from '../crypto/types.js';
import type { JsonObject } from '../json.js';
import type { VerifiedSdJwt, VerifySdJwtOptions } from '../sd-jwt/types.js';

/**
 * The Unsecured Payload of an SD-JWT VC: `iss` and `vct` are required here; `cnf.jwk` binds the Holder.
 *
 * @example
 * ```ts
 * const payload: SdJwtVcPayload = { iss: 'did:web:gov.example', vct: 'https://gov.example/vct/driving_licence', cnf: { jwk: holderJwk }, name: '张伟' }
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.2.2
 */
export interface SdJwtVcPayload {
  iss: string;
  vct: string;
  iat?: number;
  nbf?: number;
  exp?: number;
  sub?: string;
  cnf?: { jwk: JWK };
  status?: JsonObject;
  [claim: string]: unknown;
}

/**
 * Options for {@link verifySdJwtVc}: those of {@link verifySdJwt}, plus the accepted `vct` values.
 * `typ` defaults to `dc+sd-jwt` or the legacy `vc+sd-jwt`.
 *
 * @example
 * ```ts
 * const options: VerifySdJwtVcOptions = { issuerKey, vct: 'https://credentials.example.com/identity_credential', nonce, aud }
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.4
 */
export interface VerifySdJwtVcOptions extends VerifySdJwtOptions {
  /** Accepted credential types; any `vct` when absent. */
  vct?: string | readonly string[];
}

/**
 * The result of {@link verifySdJwtVc}.
 *
 * @example
 * ```ts
 * const { vct, iss, payload } = await verifySdJwtVc(presentation, options)
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-2.4
 */
export interface VerifiedSdJwtVc extends VerifiedSdJwt {
  /** The credential type. */
  vct: string;
  /** The Issuer. */
  iss: string;
}
