import { ElicenseError, isElicenseError, isJsonObject } from '@elicense/core';
import type { JWK } from '@elicense/core';
import type { LicenceTypeInfo } from '@elicense/credentials';
import { DidResolver, didOfUrl } from '@elicense/did';
import { digestStatusListToken } from '@elicense/ledger/digest';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import type { StatusOptions } from '../types.js';
import { StatusChecker } from './status.js';
import { checkLicenceType } from './trust-source.js';
import type { TrustSource } from './trust-source.js';

const SELF_CERTIFIED_LIMIT = 256;

/** What the online verifier was configured with, checked. */
export interface OnlineTrustSettings {
  /** Trusted issuer DID → the `vct`s it may issue (`undefined`: any). */
  trusted: ReadonlyMap<string, ReadonlySet<string> | undefined>;
  /** Allowed `vct`s (`undefined`: every type of the catalogue). */
  allowed: ReadonlySet<string> | undefined;
  /** Default: a `DidResolver` for did:key, did:jwk and did:web, made with the trust source. */
  resolver?: DidResolver;
  status: StatusOptions;
}

/**
 * Trust from the verifier's options: a list of trusted issuers, keys from their DID documents
 * through a resolver, status lists held or fetched, anchors given or asked of a ledger.
 */
export class OnlineTrust implements TrustSource {
  readonly #settings: OnlineTrustSettings;
  readonly #resolver: DidResolver;
  readonly #anchors = new Map<string, { record: AnchorRecord; receipt?: AnchorReceipt }>();
  readonly #checkedReceipts = new Set<AnchorReceipt>();
  /** Keys of self-certifying issuer DIDs (did:key, did:jwk) by `kid`: their documents follow from the DID alone. */
  readonly #selfCertifiedKeys = new Map<string, JWK>();
  readonly status: StatusChecker;

  constructor(settings: OnlineTrustSettings) {
    this.#settings = settings;
    this.#resolver = settings.resolver ?? new DidResolver();
    for (const a of settings.status.anchors ?? []) {
      const isReceipt = 'record' in a && isJsonObject(a.record);
      const record = isReceipt ? (a.record as unknown as AnchorRecord) : (a as AnchorRecord);
      const prev = this.#anchors.get(record.uri);
      if (prev === undefined || prev.record.version < record.version) {
        this.#anchors.set(record.uri, isReceipt ? { record, receipt: a as AnchorReceipt } : { record });
      }
    }
    this.status = new StatusChecker(this);
  }

  get requireStatus(): boolean {
    return this.#settings.status.require === true;
  }

  begin(): void {
    // Nothing to record: online trust has no bundle.
  }

  /** `iss` must be a trusted issuer and, when its entry lists types, allowed to issue `vct`. */
  checkIssuer(iss: string, vct: string | undefined): void {
    const trusted = this.#settings.trusted;
    if (!trusted.has(iss)) {
      throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `issuer ${iss} is not a trusted issuer`, { details: { iss } });
    }
    const types = trusted.get(iss);
    if (types !== undefined && (vct === undefined || !types.has(vct))) {
      throw new ElicenseError('ERR_ISSUER_UNTRUSTED', `issuer ${iss} is trusted, but not to issue ${JSON.stringify(vct)}`, { details: { iss, vct } });
    }
  }

  /**
   * The issuer key: `kid` must be a DID URL of `iss`, naming a verification method listed under
   * `assertionMethod` in the issuer's DID document.
   */
  async issuerKey(iss: string, kid: string): Promise<JWK> {
    if (didOfUrl(kid) !== iss) {
      throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `header kid ${JSON.stringify(kid)} is not a key of the issuer ${iss}`, { details: { iss, kid } });
    }
    const cached = this.#selfCertifiedKeys.get(kid);
    if (cached !== undefined) return { ...cached };
    const { publicJwk } = await this.#resolver.resolveKey(kid, 'assertionMethod');
    if (iss.startsWith('did:key:') || iss.startsWith('did:jwk:')) {
      if (this.#selfCertifiedKeys.size >= SELF_CERTIFIED_LIMIT) this.#selfCertifiedKeys.delete(this.#selfCertifiedKeys.keys().next().value!);
      this.#selfCertifiedKeys.set(kid, { ...publicJwk });
    }
    return publicJwk;
  }

  /** Every assertion key of the issuer's DID document. */
  async assertionKeys(iss: string): Promise<JWK[]> {
    const resolver = this.#resolver;
    const doc = await resolver.resolve(iss);
    const refs = (doc.assertionMethod ?? []).map((m) => (typeof m === 'string' ? m : m.id));
    const keys: JWK[] = [];
    for (const ref of refs) {
      const id = ref.startsWith('#') ? `${iss}${ref}` : ref;
      if (didOfUrl(id) !== iss) continue;
      try {
        keys.push((await resolver.resolveKey(id, 'assertionMethod')).publicJwk);
      } catch {
        /* a key we cannot use does not stop the others */
      }
    }
    if (keys.length === 0) {
      throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `the DID document of ${iss} has no usable assertionMethod key`, { details: { iss } });
    }
    return keys;
  }

  checkType(vct: string | undefined): LicenceTypeInfo {
    return checkLicenceType(vct, this.#settings.allowed);
  }

  async statusList(uri: string): Promise<string> {
    const options = this.#settings.status;
    const held = options.lists?.[uri];
    if (typeof held === 'string') return held;
    const fetch = options.fetch;
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

  /** With a receipt verifier, an anchor counts only once its receipt is proven (and only receipts can be). */
  async #proven(entry: { record: AnchorRecord; receipt?: AnchorReceipt }): Promise<AnchorRecord> {
    const verify = this.#settings.status.verifyReceipt;
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

  /** The token must be the one the ledger holds as the latest anchor of its list, when anchors are known. */
  async checkAnchor(uri: string, token: string): Promise<void> {
    const options = this.#settings.status;
    const ledger = options.ledger;
    if (options.anchors === undefined && ledger === undefined) return;
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

  async statusListKey(iss: string, kid: string): Promise<JWK> {
    try {
      return await this.issuerKey(iss, kid);
    } catch (cause) {
      throw new ElicenseError('ERR_SIGNATURE_INVALID', `the status list token is not signed by the credential's issuer ${iss}`, { cause, details: { iss, kid } });
    }
  }

  checkStatusAge(): void {
    // Online, a list is as fresh as its issuer made it: its own `exp` is checked when it is verified.
  }
}
