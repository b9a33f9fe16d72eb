import { ElicenseError, decodeJws, isJsonObject } from '@elicense/core';
import type { JWK, JsonObject } from '@elicense/core';
import {
  StatusType,
  readBitstringStatusListEntry,
  readStatusReference,
  verifyBitstringStatusListCredentialJwt,
  verifyStatusListToken,
} from '@elicense/status';
import type { StatusList } from '@elicense/status';
import type { Policy } from './policy.js';
import type { ReportBuilder } from './report.js';
import type { TrustSource } from './trust-source.js';

/** Verified lists kept per token, so a busy counter verifies each list's signature once. */
const CACHE_LIMIT = 64;

interface CachedList {
  list: StatusList;
  iat: number;
  exp: number | undefined;
}

/**
 * @internal Checks credential status against the status lists of a {@link TrustSource}: lists,
 * anchors and signing keys all come from the source.
 */
export class StatusChecker {
  readonly #source: TrustSource;
  readonly #cache = new Map<string, CachedList>();

  constructor(source: TrustSource) {
    this.#source = source;
  }

  #cached(token: string, now: number, tolerance: number): CachedList | undefined {
    const hit = this.#cache.get(token);
    if (hit === undefined) return undefined;
    if (hit.exp !== undefined && hit.exp <= now - tolerance) {
      this.#cache.delete(token);
      return undefined;
    }
    return hit;
  }

  #remember(token: string, entry: CachedList): void {
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(token, entry);
  }

  /** The signing key of a status list token or credential: a key of the credential's issuer, valid when the list was issued. */
  async #issuerKey(iss: string, token: string, now: number): Promise<JWK> {
    const { header, payload } = decodeJws(token, 'ERR_STATUS_LIST_INVALID', 'status list token');
    if (typeof header.kid !== 'string') {
      throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'the status list token header has no "kid" naming the issuer key');
    }
    const iat = typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : now;
    return this.#source.statusListKey(iss, header.kid, iat);
  }

  /** Check `status.status_list` of an SD-JWT VC (IETF Token Status List). */
  async checkStatusList(policy: Policy, iss: string, payload: JsonObject, now: number, report: ReportBuilder): Promise<'checked' | 'none'> {
    const ref = readStatusReference(payload);
    if (ref === undefined) {
      if (payload.status !== undefined) {
        throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has a status mechanism this verifier does not support');
      }
      if (this.#source.requireStatus) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has no status entry, and this verifier requires one');
      return 'none';
    }
    const token = await this.#source.statusList(ref.uri);
    let entry = this.#cached(token, now, policy.clockTolerance);
    if (entry === undefined) {
      await this.#source.checkAnchor(ref.uri, token);
      const key = await this.#issuerKey(iss, token, now);
      const verified = await verifyStatusListToken(token, { key, uri: ref.uri, now, clockTolerance: policy.clockTolerance, algorithms: policy.algorithms });
      if (verified.issuer !== undefined && verified.issuer !== iss) {
        throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list token was issued by ${verified.issuer}, not by the credential's issuer ${iss}`);
      }
      entry = { list: verified.list, iat: verified.iat, exp: verified.exp };
      this.#remember(token, entry);
    }
    this.#source.checkStatusAge(ref.uri, entry.iat, now, report);
    statusOutcome(entry.list.get(ref.idx), ref.uri, ref.idx);
    return 'checked';
  }

  /** Check the `credentialStatus` entries of a W3C VC (Bitstring Status List). */
  async checkBitstring(policy: Policy, iss: string, credentialStatus: unknown, now: number, report: ReportBuilder): Promise<'checked' | 'none'> {
    if (credentialStatus === undefined) {
      if (this.#source.requireStatus) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has no credentialStatus, and this verifier requires one');
      return 'none';
    }
    const entries = Array.isArray(credentialStatus) ? credentialStatus : [credentialStatus];
    if (entries.length === 0) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'credentialStatus is an empty array');
    for (const raw of entries) {
      if (!isJsonObject(raw) || raw.type !== 'BitstringStatusListEntry') {
        throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `credentialStatus of type ${JSON.stringify(isJsonObject(raw) ? raw.type : raw)} is not supported`);
      }
      const entry = readBitstringStatusListEntry(raw);
      const jwt = await this.#source.statusList(entry.uri);
      const cacheKey = `${entry.statusPurpose} ${jwt}`;
      let held = this.#cached(cacheKey, now, policy.clockTolerance);
      if (held === undefined) {
        const key = await this.#issuerKey(iss, jwt, now);
        const verified = await verifyBitstringStatusListCredentialJwt(jwt, {
          key,
          uri: entry.uri,
          issuer: iss,
          statusPurpose: entry.statusPurpose,
          now,
          clockTolerance: policy.clockTolerance,
          algorithms: policy.algorithms,
        });
        held = { list: verified.list, iat: verified.iat, exp: verified.exp };
        this.#remember(cacheKey, held);
      }
      this.#source.checkStatusAge(entry.uri, held.iat, now, report);
      const value = held.list.get(entry.index);
      if (value === 0) continue;
      if (entry.statusPurpose === 'revocation') statusOutcome(StatusType.INVALID, entry.uri, entry.index);
      if (entry.statusPurpose === 'suspension') statusOutcome(StatusType.SUSPENDED, entry.uri, entry.index);
      throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `status purpose ${JSON.stringify(entry.statusPurpose)} is set and not understood by this verifier`);
    }
    return 'checked';
  }
}

/** VALID passes; INVALID and SUSPENDED fail with their codes; anything else cannot be relied on. */
function statusOutcome(value: number, uri: string, idx: number): void {
  if (value === StatusType.VALID) return;
  const details = { uri, idx, status: value };
  if (value === StatusType.INVALID) throw new ElicenseError('ERR_STATUS_REVOKED', 'the credential has been revoked by its issuer', { details });
  if (value === StatusType.SUSPENDED) throw new ElicenseError('ERR_STATUS_SUSPENDED', 'the credential is suspended by its issuer', { details });
  throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the credential has status 0x${value.toString(16)}, which this verifier does not understand`, { details });
}
