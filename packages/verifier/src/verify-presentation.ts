import { assertObject, assertString } from '@elicense/core';
import type { Policy } from './internal/policy.js';
import { verificationTime } from './internal/policy.js';
import { verifySdJwtVcReport } from './internal/verify-sd-jwt-vc.js';
import type { VerificationReport } from './types.js';

/**
 * Options for {@link Verifier.verifyPresentation}.
 *
 * @example
 * ```ts
 * await verifier.verifyPresentation(vp, { nonce: session.nonce, aud: 'https://hotel.example' })
 * ```
 */
export interface VerifyPresentationOptions {
  /** The nonce this verifier gave the wallet for this presentation. */
  nonce: string;
  /** This verifier's identifier, as the wallet was told to address it. */
  aud: string;
  /** Verification time, Unix seconds. Default: the verifier's clock. */
  now?: number;
}

/**
 * Verify an SD-JWT VC presentation (SD-JWT+KB): format, trust in the issuer, the issuer key from its
 * DID document, signature, disclosures, validity period, licence type, holder binding (KB-JWT signed
 * by `cnf.jwk` over the `sd_hash`, fresh), nonce and audience.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.3
 */
export async function verifyPresentation(policy: Policy, presentation: string, options: VerifyPresentationOptions): Promise<VerificationReport> {
  assertObject(options, 'options');
  assertString(options.nonce, 'options.nonce');
  assertString(options.aud, 'options.aud');
  const now = verificationTime(policy, options.now);
  return verifySdJwtVcReport(policy, presentation, now, {
    nonce: options.nonce,
    aud: options.aud,
  });
}
