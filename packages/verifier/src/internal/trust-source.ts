import { ElicenseError } from '@elicense/core';
import type { JWK } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import type { LicenceTypeInfo } from '@elicense/credentials';
import type { ReportBuilder } from './report.js';
import type { StatusChecker } from './status.js';

/**
 * Where one verification gets everything it relies on: which issuers may issue which types, issuer
 * keys, status lists and their anchors, and how fresh all that is. Online it is the verifier's
 * options, a DID resolver and status options ({@link OnlineTrust}); offline it is a verified trust
 * bundle ({@link BundleTrust}). The checks themselves are the same code for both.
 */
export interface TrustSource {
  /** Record facts about the trust in use before any check runs (offline: the bundle's version and age). */
  begin(report: ReportBuilder, now: number): void;
  /**
   * `issuer_trusted`: throw a coded error unless `iss` may issue `vct` at `at` (the credential's
   * `iat`) as seen at verification time `now`; a tolerated condition adds a warning to `report`.
   */
  checkIssuer(iss: string, vct: string | undefined, at: number, now: number, report: ReportBuilder): void;
  /** `issuer_key`: the public key `kid` names, which must be a key of `iss` usable at `at`. */
  issuerKey(iss: string, kid: string, at: number): Promise<JWK>;
  /** Every assertion key of `iss` usable at `at` (for a JWT without `kid`); none → ERR_DID_KEY_NOT_FOUND. */
  assertionKeys(iss: string, at: number): Promise<JWK[]>;
  /** `credential_type`: `vct` is a known licence type, and accepted. */
  checkType(vct: string | undefined): LicenceTypeInfo;
  /** The status list token (or W3C status list credential) at `uri`; none → ERR_STATUS_UNAVAILABLE. */
  statusList(uri: string): Promise<string>;
  /** An IETF status list token must be the anchored one of its list, where anchors are known (ERR_ANCHOR_MISMATCH). */
  checkAnchor(uri: string, token: string): Promise<void>;
  /** The key a status list of `iss` was signed with: `kid`, a key of `iss` usable at the list's `iat`. */
  statusListKey(iss: string, kid: string, at: number): Promise<JWK>;
  /** Judge the age of a status list issued at `iat` (offline: ERR_STATUS_STALE, or a warning). */
  checkStatusAge(uri: string, iat: number, now: number, report: ReportBuilder): void;
  /** Whether a credential without a status entry is refused. */
  readonly requireStatus: boolean;
  /** Checks status entries against this source's lists, caching verified lists. */
  readonly status: StatusChecker;
}

/** `vct` must be a licence type of the catalogue (and, offline, of the bundle) and, when the verifier restricts types, allowed. */
export function checkLicenceType(vct: string | undefined, allowed: ReadonlySet<string> | undefined, known?: (vct: string) => boolean): LicenceTypeInfo {
  const profile = vct === undefined ? undefined : findLicenceType(vct);
  if (profile === undefined || vct === undefined) {
    throw new ElicenseError('ERR_TYPE_UNKNOWN', `credential type ${JSON.stringify(vct)} is not a licence type of the catalogue`, { details: { vct } });
  }
  if (known !== undefined && !known(profile.vct)) {
    throw new ElicenseError('ERR_TYPE_UNKNOWN', `credential type ${profile.type} is not a type of the trust bundle`, { details: { vct } });
  }
  if (allowed !== undefined && !allowed.has(profile.vct)) {
    throw new ElicenseError('ERR_TYPE_NOT_ALLOWED', `credential type ${profile.type} is not accepted by this verifier`, { details: { vct } });
  }
  return profile;
}
