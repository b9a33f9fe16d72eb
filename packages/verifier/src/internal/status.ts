import { ElicenseError, isElicenseError, isJsonObject } from '@elicense/core';
import type { JWK, JsonObject } from '@elicense/core';
import { digestStatusListToken } from '@elicense/ledger';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import {
  StatusType,
  readBitstringStatusListEntry,
  readStatusReference,
  verifyBitstringStatusListCredentialJwt,
  verifyStatusListToken,
} from '@elicense/status';
import type { StatusList } from '@elicense/status';
import { decodeJws } from '@elicense/core';
import type { StatusOptions } from '../types.js';
import type { Policy } from './policy.js';
import { resolveIssuerKey } from './trust.js';

/** Verified lists kept per token, so a busy counter verifies each list's signature once. */
const CACHE_LIMIT = 64;

interface CachedList {
  list: StatusList;
  exp: number | undefined;
}

/** @internal Checks credential status against status list tokens and the ledger's anchors. */
export class StatusChecker {
  readonly #options: StatusOptions;
  readonly #cache = new Map<string, CachedList>();
  readonly #anchors = new Map<string, { record: AnchorRecord; receipt?: AnchorReceipt }>();
  readonly #checkedReceipts = new Set<AnchorReceipt>();

  constructor(options: StatusOptions) {
    this.#options = options;
    for (const a of options.anchors ?? []) {
      const isReceipt = 'record' in a && isJsonObject(a.record);
      const record = isReceipt ? (a.record as unknown as AnchorRecord) : (a as AnchorRecord);
      const prev = this.#anchors.get(record.uri);
      if (prev === undefined || prev.record.version < record.version) {
        this.#anchors.set(record.uri, isReceipt ? { record, receipt: a as AnchorReceipt } : { record });
      }
    }
  }

  /** With a receipt verifier, an anchor counts only once its receipt is proven (and only receipts can be). */
  async #proven(entry: { record: AnchorRecord; receipt?: AnchorReceipt }): Promise<AnchorRecord> {
    const verify = this.#options.verifyReceipt;
    if (verify === undefined) return entry.record;
    if (entry.receipt === undefined) {
      throw new ElicenseError('ERR_LEDGER_RECEIPT_INVALID', `the anchor of ${entry.record.uri} is a bare record, but this verifier checks ledger receipts`);
    }
    if (!this.#checkedReceipts.has(entry.receipt)) {
      try {
        await verify(entry.receipt);
      } catch (cause) {
        if (isElicenseError(cause)) throw cause;
        throw new ElicenseError('ERR_LEDGER_RECEIPT_INVALID', `the ledger receipt for ${entry.record.uri} does not verify`, { cause });
      }
      this.#checkedReceipts.add(entry.receipt);
    }
    return entry.record;
  }

  /** Whether a credential without a status entry is refused. */
  get required(): boolean {
    return this.#options.require === true;
  }

  async #fetch(uri: string): Promise<string> {
    const held = this.#options.lists?.[uri];
    if (typeof held === 'string') return held;
    const fetch = this.#options.fetch;
    if (fetch === undefined) {
      throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `no status list for ${uri} is held and no fetcher is configured`, { details: { uri } });
    }
    let token: unknown;
    try {
      token = await fetch(uri);
    } catch (cause) {
      throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the status list at ${uri} could not be fetched: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, details: { uri } });
    }
    if (typeof token !== 'string') throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `the fetcher returned no token for ${uri}`, { details: { uri } });
    return token;
  }

  /** The token must be the one the ledger holds as the latest anchor of its list, when anchors are known. */
  async #checkAnchor(uri: string, token: string): Promise<void> {
    const ledger = this.#options.ledger;
    if (this.#options.anchors === undefined && ledger === undefined) return;
    const held = this.#anchors.get(uri);
    let anchor = held === undefined ? undefined : await this.#proven(held);
    if (anchor === undefined && ledger !== undefined) {
      try {
        anchor = (await ledger.latest(uri))?.record;
      } catch (cause) {
        if (isElicenseError(cause)) throw cause;
        throw new ElicenseError('ERR_LEDGER_UNAVAILABLE', `the ledger could not be asked for the anchor of ${uri}`, { cause, details: { uri } });
      }
    }
    if (anchor === undefined) {
      throw new ElicenseError('ERR_ANCHOR_MISMATCH', `the status list ${uri} has no anchor on the ledger`, { details: { uri } });
    }
    if ((await digestStatusListToken(token)) !== anchor.digest) {
      throw new ElicenseError('ERR_ANCHOR_MISMATCH', `the status list token for ${uri} is not the one anchored on the ledger (version ${anchor.version})`, {
        details: { uri, version: anchor.version },
      });
    }
  }

  #cached(token: string, now: number, tolerance: number): StatusList | undefined {
    const hit = this.#cache.get(token);
    if (hit === undefined) return undefined;
    if (hit.exp !== undefined && hit.exp <= now - tolerance) {
      this.#cache.delete(token);
      return undefined;
    }
    return hit.list;
  }

  #remember(token: string, list: StatusList, exp: number | undefined): void {
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(token, { list, exp });
  }

  /** The signing key of a status list token or credential: a key of the credential's issuer. */
  async #issuerKey(policy: Policy, iss: string, token: string): Promise<JWK> {
    const { header } = decodeJws(token, 'ERR_STATUS_LIST_INVALID', 'status list token');
    if (typeof header.kid !== 'string') {
      throw new ElicenseError('ERR_STATUS_LIST_INVALID', 'the status list token header has no "kid" naming the issuer key');
    }
    try {
      return await resolveIssuerKey(policy, iss, header.kid);
    } catch (cause) {
      throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list token is not signed by the credential's issuer ${iss}`, { cause, details: { iss, kid: header.kid } });
    }
  }

  /** Check `status.status_list` of an SD-JWT VC (IETF Token Status List). */
  async checkStatusList(policy: Policy, iss: string, payload: JsonObject, now: number): Promise<'checked' | 'none'> {
    const ref = readStatusReference(payload);
    if (ref === undefined) {
      if (payload.status !== undefined) {
        throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has a status mechanism this verifier does not support');
      }
      if (this.required) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has no status entry, and this verifier requires one');
      return 'none';
    }
    const token = await this.#fetch(ref.uri);
    let list = this.#cached(token, now, policy.clockTolerance);
    if (list === undefined) {
      await this.#checkAnchor(ref.uri, token);
      const key = await this.#issuerKey(policy, iss, token);
      const verified = await verifyStatusListToken(token, { key, uri: ref.uri, now, clockTolerance: policy.clockTolerance, algorithms: policy.algorithms });
      if (verified.issuer !== undefined && verified.issuer !== iss) {
        throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list token was issued by ${verified.issuer}, not by the credential's issuer ${iss}`);
      }
      list = verified.list;
      this.#remember(token, list, verified.exp);
    }
    statusOutcome(list.get(ref.idx), ref.uri, ref.idx);
    return 'checked';
  }

  /** Check the `credentialStatus` entries of a W3C VC (Bitstring Status List). */
  async checkBitstring(policy: Policy, iss: string, credentialStatus: unknown, now: number): Promise<'checked' | 'none'> {
    if (credentialStatus === undefined) {
      if (this.required) throw new ElicenseError('ERR_STATUS_UNAVAILABLE', 'the credential has no credentialStatus, and this verifier requires one');
      return 'none';
    }
    const entries = Array.isArray(credentialStatus) ? credentialStatus : [credentialStatus];
    if (entries.length === 0) throw new ElicenseError('ERR_TOKEN_MALFORMED', 'credentialStatus is an empty array');
    for (const raw of entries) {
      if (!isJsonObject(raw) || raw.type !== 'BitstringStatusListEntry') {
        throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `credentialStatus of type ${JSON.stringify(isJsonObject(raw) ? raw.type : raw)} is not supported`);
      }
      const entry = readBitstringStatusListEntry(raw);
      const jwt = await this.#fetch(entry.uri);
      const cacheKey = `${entry.statusPurpose} ${jwt}`;
      let list = this.#cached(cacheKey, now, policy.clockTolerance);
      if (list === undefined) {
        const key = await this.#issuerKey(policy, iss, jwt);
        const verified = await verifyBitstringStatusListCredentialJwt(jwt, {
          key,
          uri: entry.uri,
          issuer: iss,
          statusPurpose: entry.statusPurpose,
          now,
          clockTolerance: policy.clockTolerance,
          algorithms: policy.algorithms,
        });
        list = verified.list;
        this.#remember(cacheKey, list, verified.exp);
      }
      const value = list.get(entry.index);
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
