import { assertObject } from '@elicense/core';
import type { Policy } from './internal/policy.js';
import { verificationTime } from './internal/policy.js';
import { verifySdJwtVcReport } from './internal/verify-sd-jwt-vc.js';
import type { VerificationReport } from './types.js';

/**
 * Options for {@link Verifier.verifyCredential}.
 *
 * @example
 * ```ts
 * await verifier.verifyCredential(credential, { now: Math.floor(Date.now() / 1000) })
 * ```
 */
export interface VerifyCredentialOptions {
  /** Verification time, Unix seconds. Default: the verifier's clock. */
  now?: number;
}

/**
 * Verify an SD-JWT VC as issued (no KB-JWT): every check of a presentation except holder binding,
 * nonce and audience. Proves what the issuer said, not that the bearer holds the key.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
 */
export async function verifyCredential(policy: Policy, credential: string, options: VerifyCredentialOptions = {}): Promise<VerificationReport> {
  assertObject(options, 'options');
  const now = verificationTime(policy, options.now);
  return verifySdJwtVcReport(policy, credential, now, undefined);
}
