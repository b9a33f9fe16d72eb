import { ElicenseError, isElicenseError } from '@elicense/core';
import type { ErrorCode, JWK } from '@elicense/core';
import type { LicenceTypeInfo } from '@elicense/credentials';
import { didOfUrl } from '@elicense/did';
import { digestStatusListToken } from '@elicense/ledger/digest';
import type { TrustState } from '@elicense/trust';
import type { ReportBuilder } from './report.js';
import { StatusChecker } from './status.js';
import { checkLicenceType } from './trust-source.js';
import type { TrustSource } from './trust-source.js';

/** The offline verifier's choices, checked. */
export interface BundleTrustSettings {
  /** Allowed `vct`s (`undefined`: every type of the bundle). */
  allowed: ReadonlySet<string> | undefined;
  clockTolerance: number;
  maxBundleAge: number;
  maxStatusAge: number;
  onStale: 'warn' | 'refuse';
  requireStatus: boolean;
}

/**
 * Trust from one verified trust bundle: accreditations instead of a list of trusted issuers, keys
 * from the bundle's key history instead of a resolver, status lists and anchors from the bundle
 * instead of a fetcher or ledger. Nothing here touches the network. One instance per bundle
 * version, so its cache of verified status lists never outlives the bundle they came from.
 */
export class BundleTrust implements TrustSource {
  readonly state: TrustState;
  readonly #settings: BundleTrustSettings;
  readonly #types: ReadonlySet<string>;
  readonly status: StatusChecker;

  constructor(state: TrustState, settings: BundleTrustSettings) {
    this.state = state;
    this.#settings = settings;
    this.#types = new Set(state.types());
    this.status = new StatusChecker(this);
  }

  get requireStatus(): boolean {
    return this.#settings.requireStatus;
  }

  begin(report: ReportBuilder, now: number): void {
    report.freshness = { bundle: { version: this.state.version, issuedAt: this.state.issuedAt, age: Math.max(0, now - this.state.issuedAt) } };
  }

  /** Under `refuse`, stale data fails the check; under `warn`, the check passes with a warning. */
  #stale(code: ErrorCode, message: string, details: Record<string, unknown>, report: ReportBuilder): void {
    if (this.#settings.onStale === 'refuse') throw new ElicenseError(code, message, { details });
    report.warn(code, message);
  }

  /** The bundle must not be expired (always refused) nor stale; `iss` must hold an accreditation for `vct` in force at `at`. */
  checkIssuer(iss: string, vct: string | undefined, at: number, now: number, report: ReportBuilder): void {
    const { version, issuedAt, expiresAt } = this.state;
    if (expiresAt <= now - this.#settings.clockTolerance) {
      throw new ElicenseError('ERR_BUNDLE_EXPIRED', `the trust bundle (version ${version}) expired at ${expiresAt}, and it is now ${now}: sync a newer one`, {
        details: { version, expiresAt, now },
      });
    }
    const age = now - issuedAt;
    if (age > this.#settings.maxBundleAge) {
      this.#stale(
        'ERR_BUNDLE_STALE',
        `the trust bundle (version ${version}) is ${age} s old, more than the ${this.#settings.maxBundleAge} s this verifier accepts: sync a newer one`,
        { version, issuedAt, age, maxBundleAge: this.#settings.maxBundleAge },
        report,
      );
    }
    if (vct === undefined) {
      throw new ElicenseError('ERR_ISSUER_NOT_ACCREDITED', `the credential of ${iss} is of no licence type of the catalogue, so no accreditation can cover it`, {
        details: { did: iss, at, reason: 'none' },
      });
    }
    this.state.accreditationFor(iss, vct, at);
  }

  /** `kid` must be a DID URL of `iss` and a key of its history in the bundle, valid at `at`. */
  async issuerKey(iss: string, kid: string, at: number): Promise<JWK> {
    if (didOfUrl(kid) !== iss) {
      throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `header kid ${JSON.stringify(kid)} is not a key of the issuer ${iss}`, { details: { iss, kid } });
    }
    return this.state.issuerKey(kid, at);
  }

  /** Every key of the issuer's history valid at `at`. */
  async assertionKeys(iss: string, at: number): Promise<JWK[]> {
    const entries = this.state.payload.issuers[iss]?.keys ?? [];
    const keys: JWK[] = [];
    let lastError: unknown;
    for (const entry of entries) {
      try {
        keys.push(this.state.issuerKey(entry.kid, at));
      } catch (e) {
        lastError = e;
      }
    }
    if (keys.length > 0) return keys;
    if (isElicenseError(lastError)) throw lastError;
    throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `the trust bundle holds no key of ${iss}`, { details: { iss } });
  }

  checkType(vct: string | undefined): LicenceTypeInfo {
    return checkLicenceType(vct, this.#settings.allowed, (v) => this.#types.has(v));
  }

  async statusList(uri: string): Promise<string> {
    const list = this.state.statusList(uri);
    if (list === undefined) {
      throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the trust bundle (version ${this.state.version}) holds no status list for ${uri}`, { details: { uri } });
    }
    return list.token;
  }

  /** The token must be the one whose digest the bundle's anchor for its URI records. */
  async checkAnchor(uri: string, token: string): Promise<void> {
    const anchor = this.state.statusList(uri)?.anchor;
    if (anchor === undefined) {
      throw new ElicenseError('ERR_ANCHOR_MISMATCH', `the trust bundle holds no ledger anchor for the status list ${uri}`, { details: { uri } });
    }
    if ((await digestStatusListToken(token)) !== anchor.record.digest) {
      throw new ElicenseError('ERR_ANCHOR_MISMATCH', `the status list token for ${uri} is not the one anchored on the ledger (version ${anchor.record.version})`, {
        details: { uri, version: anchor.record.version },
      });
    }
  }

  /** A key of the credential's issuer, valid when the list was issued; a retired or compromised key keeps its code. */
  async statusListKey(iss: string, kid: string, at: number): Promise<JWK> {
    try {
      return await this.issuerKey(iss, kid, at);
    } catch (cause) {
      if (isElicenseError(cause) && (cause.code === 'ERR_KEY_RETIRED' || cause.code === 'ERR_KEY_COMPROMISED')) throw cause;
      throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list token is not signed by a key of the credential's issuer ${iss}`, { cause, details: { iss, kid } });
    }
  }

  checkStatusAge(uri: string, iat: number, now: number, report: ReportBuilder): void {
    const age = Math.max(0, now - iat);
    const freshness = report.freshness;
    if (freshness !== undefined && (freshness.statusList === undefined || freshness.statusList.age < age)) {
      freshness.statusList = { uri, issuedAt: iat, age };
    }
    const max = this.#settings.maxStatusAge;
    if (age > max) {
      this.#stale('ERR_STATUS_STALE', `the status list ${uri} is ${age} s old, more than the ${max} s this verifier accepts: sync a newer trust bundle`, { uri, iat, age, maxStatusAge: max }, report);
    }
  }
}
