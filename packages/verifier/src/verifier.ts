import type { Policy } from './internal/policy.js';
import { makePolicy } from './internal/policy.js';
import { verifyCredential } from './verify-credential.js';
import type { VerifyCredentialOptions } from './verify-credential.js';
import { verifyJwtVc } from './verify-jwt-vc.js';
import type { VerifyJwtVcOptions } from './verify-jwt-vc.js';
import { verifyPresentation } from './verify-presentation.js';
import type { VerifyPresentationOptions } from './verify-presentation.js';
import type { VerificationReport, VerifierOptions } from './types.js';

/**
 * A relying party — a hotel desk, a bank, a traffic police app — that checks e-licences from the
 * issuers it trusts. Every `verify*` method returns a {@link VerificationReport} with one entry per
 * check and never throws for a bad token; only misuse (bad options) throws `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const hotel = new Verifier({ trustedIssuers: ['did:web:police.gov.example'], allowedTypes: ['resident_id_card'] })
 * const report = await hotel.verifyPresentation(presentation, { nonce, aud: 'https://hotel.example' })
 * report.verified // true
 * report.claims   // { age_over_18: true }
 * ```
 */
export class Verifier {
  readonly #policy: Policy;

  /**
   * @param options trusted issuers (DIDs, optionally with the types each may issue), allowed
   * types, resolver, algorithm allowlist, clock tolerance, KB-JWT max age and clock.
   */
  constructor(options: VerifierOptions) {
    this.#policy = makePolicy(options);
  }

  /**
   * Verify a presentation (SD-JWT VC + KB-JWT) made for this verifier with `nonce` and `aud`.
   * Checks: format, issuer_trusted, issuer_key, signature, disclosures, validity_period,
   * credential_type, holder_binding, nonce, audience, status.
   *
   * @example
   * ```ts
   * const report = await verifier.verifyPresentation(vp, { nonce: session.nonce, aud: 'https://bank.example' })
   * if (!report.verified) console.log(report.checks.find((c) => !c.ok && !c.skipped))
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.3
   */
  verifyPresentation(presentation: string, options: VerifyPresentationOptions): Promise<VerificationReport> {
    return verifyPresentation(this.#policy, presentation, options);
  }

  /**
   * Verify an SD-JWT VC as issued, without key binding (e.g. a copy the holder deposited).
   * Checks: format, issuer_trusted, issuer_key, signature, disclosures, validity_period, credential_type, status.
   *
   * @example
   * ```ts
   * const report = await verifier.verifyCredential(issued.credential)
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
   */
  verifyCredential(credential: string, options?: VerifyCredentialOptions): Promise<VerificationReport> {
    return verifyCredential(this.#policy, credential, options);
  }

  /**
   * Verify a W3C VC (VCDM 1.1) JWT such as `Issuer.issueJwtVc` makes: the key from the issuer's DID
   * document, our JOSE signature check, then did-jwt-vc's payload rules.
   * Checks: format, issuer_trusted, issuer_key, signature, validity_period, credential_type, audience, status.
   *
   * @example
   * ```ts
   * const report = await verifier.verifyJwtVc(jwtVc)
   * report.claims.enterprise_name
   * ```
   * @see https://www.w3.org/TR/vc-data-model-1.1/#json-web-token
   */
  verifyJwtVc(jwt: string, options?: VerifyJwtVcOptions): Promise<VerificationReport> {
    return verifyJwtVc(this.#policy, jwt, options);
  }
}
