import { ElicenseError, decodeJws, isJsonObject } from '@elicense/core';
import type { JWK, JsonObject } from '@elicense/core';
import { StatusType, readStatusReference, verifyStatusListToken } from '@elicense/status/token';
import type { StatusList } from '@elicense/status/token';
import type { Policy } from './policy.js';
import type { ReportBuilder } from './report.js';
import type { TrustSource } from './trust-source.js';

/** Verified lists kept per token, so a busy counter verifies each list's signature once. */
const CACHE_LIMIT = 64;

/** A verified status list, with the times of the token or credential it came in. */
export interface CachedList {
  list: StatusList;
  iat: number;
  exp: number | undefined;
}

/**
 * @internal Checks credential status against the status lists of a {@link TrustSource}: lists,
 * anchors and signing keys all come from the source. W3C Bitstring Status List entries are checked
 * by `checkBitstringStatus` (only W3C VC JWT verification needs it), through the same source and cache.
 */
export class StatusChecker {
  readonly source: TrustSource;
  readonly #cache = new Map<string, CachedList>();

  constructor(source: TrustSource) {
    this.source = source;
  }

  /** The verified list cached under `token`, unless it expired. */
  cached(token: string, now: number, tolerance: number): CachedList | undefined {
    const hit = this.#cache.get(token);
    if (hit === undefined) return undefined;
    if (hit.exp !== undefined && hit.exp <= now - tolerance) {
      this.#cache.delete(token);
      return undefined;
    }
    return hit;
  }

  /** Cache a verified list under `token`, dropping the oldest entry when full. */
  remember(token: string, entry: CachedList): void {
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(token, entry);
  }

  /** The signing key of a status list token or credential: a key of the credential's issuer, valid when the list was issued. */
  async issuerKey(iss: string, token: string, now: number): Promise<JWK> {
    const { header, payload } = decodeJws(token, 'ERR_STATUS_LIST_INVALID', 'status list token');
    if (typeof header.kid !== 'string') {
      throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'the status list token header has no "kid" naming the issuer key');
    }
    const iat = typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : now;
    return this.source.statusListKey(iss, header.kid, iat);
  }

  /** Check `status.status_list` of an SD-JWT VC (IETF Token Status List). */
  async checkStatusList(policy: Policy, iss: string, payload: JsonObject, now: number, report: ReportBuilder): Promise<'checked' | 'none'> {
    const ref = readStatusReference(payload);
    if (ref === undefined) {
      if (payload.status !== undefined) {
        throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has a status mechanism this verifier does not support');
      }
      if (this.source.requireStatus) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has no status entry, and this verifier requires one');
      return 'none';
    }
    const token = await this.source.statusList(ref.uri);
    let entry = this.cached(token, now, policy.clockTolerance);
    if (entry === undefined) {
      await this.source.checkAnchor(ref.uri, token);
      const key = await this.issuerKey(iss, token, now);
      const verified = await verifyStatusListToken(token, { key, uri: ref.uri, now, clockTolerance: policy.clockTolerance, algorithms: policy.algorithms });
      if (verified.issuer !== undefined && verified.issuer !== iss) {
        throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list token was issued by ${verified.issuer}, not by the credential's issuer ${iss}`);
      }
      entry = { list: verified.list, iat: verified.iat, exp: verified.exp };
      this.remember(token, entry);
    }
    this.source.checkStatusAge(ref.uri, entry.iat, now, report);
    statusOutcome(entry.list.get(ref.idx), ref.uri, ref.idx);
    return 'checked';
  }
}

/** VALID passes; INVALID and SUSPENDED fail with their codes; anything else cannot be relied on. */
export function statusOutcome(value: number, uri: string, idx: number): void {
  if (value === StatusType.VALID) return;
  const details = { uri, idx, status: value };
  if (value === StatusType.INVALID) throw new ElicenseError('ERR_STATUS_REVOKED', 'the credential has been revoked by its issuer', { details });
  if (value === StatusType.SUSPENDED) throw new ElicenseError('ERR_STATUS_SUSPENDED', 'the credential is suspended by its issuer', { details });
  throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the credential has status 0x${value.toString(16)}, which this verifier does not understand`, { details });
}
