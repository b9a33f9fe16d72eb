/**
 * @module @elicense/verifier
 *
 * The relying-party side of elicense, for browsers, phones and servers. A {@link Verifier} is
 * configured with the issuers it trusts (by DID, optionally per licence type), the licence types it
 * accepts and its safety choices; it checks SD-JWT VC presentations with key binding, SD-JWT VCs as
 * issued, and W3C VC JWTs, taking issuer keys only from the issuers' DID documents, and returns a
 * report with one entry per check and only the claims the holder chose to disclose. Offline, a
 * verifier built with {@link Verifier.fromBundle} trusts only a trust bundle publisher's key and takes
 * accreditations, key history, status lists and anchors from the signed bundle, with no network.
 */
export { Verifier } from './verifier.js';
export type { VerifyPresentationOptions } from './verify-presentation.js';
export type { VerifyCredentialOptions } from './verify-credential.js';
export type { VerifyJwtVcOptions } from './verify-jwt-vc.js';
export type {
  VerifierOptions,
  VerificationReport,
  CheckName,
  CheckResult,
  TrustedIssuer,
  StatusOptions,
  OfflineVerifierOptions,
  FreshnessPolicy,
  SyncResult,
  ReportFreshness,
  VerificationWarning,
} from './types.js';
