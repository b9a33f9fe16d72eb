/**
 * @module @elicense/trust
 *
 * Offline trust for e-licence verifiers. A root authority accredits agencies (directly or through
 * intermediate authorities) to issue given licence types; a bundle publisher collects those
 * accreditations, the issuers' DID documents and key history, type metadata, and the latest status
 * list tokens with their ledger anchors into one signed trust bundle (`trust-bundle+jwt`), and
 * ships later versions as deltas. A verifier configured with nothing but the publisher's public
 * key checks the bundle once and then verifies licences with no network.
 */
export { createAccreditation } from './create-accreditation.js';
export { createAccreditationRevocation } from './create-accreditation-revocation.js';
export { buildTrustBundle } from './build-trust-bundle.js';
export { createBundleDelta } from './create-bundle-delta.js';
export { verifyTrustBundle } from './verify-trust-bundle.js';
export { restoreTrustState } from './restore-trust-state.js';
export { TrustState } from './trust-state.js';
export { ACCREDITATION_REVOCATION_TYP, ACCREDITATION_TYP, TRUST_BUNDLE_DELTA_TYP, TRUST_BUNDLE_TYP } from './constants.js';
export type {
  Accreditation,
  BuildTrustBundleOptions,
  BuiltTrustBundle,
  BundleIssuer,
  BundleLedger,
  BundleStatusList,
  CreateAccreditationOptions,
  CreateAccreditationRevocationOptions,
  KeyEvent,
  KeyHistoryEntry,
  KeyState,
  TrustBundleDeltaPayload,
  TrustBundlePayload,
  VerifyTrustBundleOptions,
} from './types.js';
