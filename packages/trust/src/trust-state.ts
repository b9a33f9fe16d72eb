import { ElicenseError, invalidArgument, type JWK, type JsonObject } from '@elicense/core';
import type { DIDDocument } from '@elicense/did';
import type { AnchorReceipt } from '@elicense/ledger';
import type { Accreditation, BundleStatusList, TrustBundlePayload, VerifyTrustBundleOptions } from './types.js';
import { isSeconds } from './internal/args.js';
import { chainingIds } from './internal/accreditations.js';
import { applyUpdate, readVerifyOptions, type VerifiedBundle } from './internal/bundle.js';
import { keyValidAt } from './internal/key-history.js';
import { setTrustStateFactory } from './internal/state-factory.js';

type NotAccreditedReason = 'none' | 'expired' | 'not_yet_valid' | 'revoked' | 'chain';

function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function checkTime(at: unknown, name = 'at'): number {
  if (!isSeconds(at)) throw invalidArgument(name, 'Unix seconds (a non-negative integer)', at);
  return at;
}

/**
 * What a verifier trusts, from a verified trust bundle (and the deltas applied to it): which
 * authorities accredited which agencies for which licence types and when, every issuer's DID
 * document and key history, type metadata, status list tokens and their ledger anchors. Immutable:
 * {@link TrustState.apply} returns a new state and leaves this one as it was, so a failed sync keeps
 * the last good bundle. Get one from {@link verifyTrustBundle} or {@link restoreTrustState}.
 *
 * @example
 * ```ts
 * let state = await verifyTrustBundle(bundleJws, { publishers: [publisherJwk] })
 * const accreditation = state.accreditationFor(payload.iss, payload.vct, payload.iat)
 * const issuerJwk = state.issuerKey(header.kid, payload.iat)
 * state = await state.apply(deltaJws, { publishers: [publisherJwk] }) // nightly sync
 * ```
 */
export class TrustState {
  /** The bundle payload (deep-frozen). */
  readonly payload: TrustBundlePayload;
  /** `version` of the bundle. */
  readonly version: number;
  /** `iat` of the bundle, Unix seconds. */
  readonly issuedAt: number;
  /** `exp` of the bundle, Unix seconds. */
  readonly expiresAt: number;
  /** `iss` of the bundle: who published it. */
  readonly publisher: string;
  /** base64url SHA-256 of the canonical JSON of the payload. */
  readonly digest: string;
  /** The JWSs that produced this state: persist them, and {@link restoreTrustState} gives it back. */
  readonly chain: { readonly bundle: string; readonly deltas: readonly string[] };

  readonly #verified: VerifiedBundle;

  static {
    setTrustStateFactory((verified) => new TrustState(verified));
  }

  private constructor(verified: VerifiedBundle) {
    this.#verified = verified;
    this.payload = verified.payload;
    this.version = verified.payload.version;
    this.issuedAt = verified.payload.iat;
    this.expiresAt = verified.payload.exp;
    this.publisher = verified.payload.iss;
    this.digest = verified.digest;
    this.chain = verified.chain;
    Object.freeze(this);
  }

  /**
   * An accreditation of `did` for `vct` in force at `at` (`nbf <= at < exp`, not revoked by then)
   * whose whole chain up to a root is in force at `at` too. Otherwise throws
   * `ERR_ISSUER_NOT_ACCREDITED` with details `{ did, vct, at, reason }`, reason one of `none` (no
   * accreditation for this type), `expired`, `not_yet_valid`, `revoked`, `chain` (an authority above
   * it is not in force at `at`).
   *
   * @example
   * ```ts
   * const a = state.accreditationFor('did:web:police.gov.example', 'urn:elicense:vct:driving_licence:1', credential.iat)
   * a.issuer // the authority that accredited the police
   * ```
   */
  accreditationFor(did: string, vct: string, at: number): Accreditation {
    if (typeof did !== 'string' || did.length === 0) throw invalidArgument('did', 'a DID', did);
    if (typeof vct !== 'string' || vct.length === 0) throw invalidArgument('vct', 'a non-empty string', vct);
    checkTime(at);
    const all = [...this.#verified.accreditations.values()];
    const candidates = all.filter((a) => a.subject === did && a.vct.includes(vct));
    let reason: NotAccreditedReason = 'none';
    if (candidates.length > 0) {
      const chaining = chainingIds(all, new Set(this.payload.roots), at);
      const found = candidates.find((a) => chaining.has(a.id));
      if (found !== undefined) return found;
      const reasons = candidates.map((a): NotAccreditedReason => {
        if (a.revokedAt !== undefined && at >= a.revokedAt) return 'revoked';
        if (at < a.validFrom) return 'not_yet_valid';
        if (at >= a.validUntil) return 'expired';
        return 'chain';
      });
      reason = (['chain', 'revoked', 'expired', 'not_yet_valid'] as const).find((r) => reasons.includes(r)) ?? 'none';
    }
    throw new ElicenseError('ERR_ISSUER_NOT_ACCREDITED', `${did} is not accredited for ${vct} at ${at} (${reason})`, {
      details: { did, vct, at, reason },
    });
  }

  /**
   * Every accreditation in the bundle (frozen), with `revokedAt` where a revocation is in the bundle.
   *
   * @example
   * ```ts
   * for (const a of state.accreditations()) console.log(a.subject, a.vct, a.validUntil)
   * ```
   */
  accreditations(): Accreditation[] {
    return [...this.#verified.accreditations.values()];
  }

  /**
   * Whether `did` holds any accreditation in the bundle at all (in force or not).
   *
   * @example
   * ```ts
   * if (!state.isAccredited(iss)) console.log('unknown issuer')
   * ```
   */
  isAccredited(did: string): boolean {
    for (const a of this.#verified.accreditations.values()) if (a.subject === did) return true;
    return false;
  }

  /**
   * The public key a JWS `kid` (`<did>#<fragment>`) names, if it was valid at `at` (the token's
   * `iat`): `validFrom <= at < validUntil`. Unknown DID or kid → `ERR_DID_KEY_NOT_FOUND`; outside
   * its window → `ERR_KEY_COMPROMISED` (compromised key) or `ERR_KEY_RETIRED`, with details
   * `{ kid, at, validFrom, validUntil, state }`.
   *
   * @example
   * ```ts
   * const jwk = state.issuerKey(header.kid, payload.iat)
   * await verifyJwt(jwt, { key: jwk })
   * ```
   */
  issuerKey(kid: string, at: number): JWK {
    if (typeof kid !== 'string') throw invalidArgument('kid', 'a key reference "<did>#<fragment>"', kid);
    checkTime(at);
    return structuredClone(keyValidAt(this.payload.issuers, kid, at).publicJwk);
  }

  /**
   * The DID document of `did` as snapshotted when the bundle was built (frozen), or `undefined`.
   *
   * @example
   * ```ts
   * new DidResolver({ documents: { [did]: state.document(did)! } })
   * ```
   */
  document(did: string): DIDDocument | undefined {
    return own(this.payload.issuers, did)?.document;
  }

  /**
   * The status list the bundle holds for `uri` (frozen): its token and, for IETF tokens, the anchor.
   *
   * @example
   * ```ts
   * const list = state.statusList(credential.status.status_list.uri)
   * ```
   */
  statusList(uri: string): BundleStatusList | undefined {
    return own(this.payload.statusLists, uri);
  }

  /**
   * Every status list token of the bundle, by URI.
   *
   * @example
   * ```ts
   * const tokens = state.statusListTokens() // { 'https://gov.example/status/1': 'eyJ…' }
   * ```
   */
  statusListTokens(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [uri, list] of Object.entries(this.payload.statusLists)) out[uri] = list.token;
    return out;
  }

  /**
   * The ledger anchors of the bundle's status lists (frozen).
   *
   * @example
   * ```ts
   * state.anchors().map((a) => a.record.version)
   * ```
   */
  anchors(): AnchorReceipt[] {
    return Object.values(this.payload.statusLists).flatMap((l) => (l.anchor === undefined ? [] : [l.anchor]));
  }

  /**
   * The public key of a ledger whose receipts verify offline, by ledger id.
   *
   * @example
   * ```ts
   * await verifyFileLedgerReceipt(receipt, state.ledgerKey(receipt.ledger)!)
   * ```
   */
  ledgerKey(id: string): JWK | undefined {
    const ledger = own(this.payload.ledgers, id);
    return ledger === undefined ? undefined : structuredClone(ledger.publicJwk);
  }

  /**
   * The licence types (`vct`s) the bundle has type metadata for.
   *
   * @example
   * ```ts
   * state.types() // ['urn:elicense:vct:driving_licence:1', …]
   * ```
   */
  types(): string[] {
    return Object.keys(this.payload.types);
  }

  /**
   * The SD-JWT VC type metadata of `vct` (frozen), or `undefined`.
   *
   * @example
   * ```ts
   * state.typeMetadata(vct)?.display
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-6
   */
  typeMetadata(vct: string): JsonObject | undefined {
    return own(this.payload.types, vct);
  }

  /**
   * Move to a newer bundle: `update` is a full bundle (`trust-bundle+jwt`) or a delta
   * (`trust-bundle-delta+jwt`). A full bundle is verified like {@link verifyTrustBundle}, must come
   * from the same publisher (`ERR_BUNDLE_UNTRUSTED`) and not be older (`ERR_BUNDLE_ROLLBACK`; the
   * same bundle again returns this state). A delta is signed like a bundle, must lead past this
   * version (`ERR_BUNDLE_ROLLBACK`), start from exactly this version and digest and yield the digest
   * it announces (`ERR_BUNDLE_DELTA_MISMATCH`); the result is then checked like a full bundle.
   * Resolves with a new state; this one never changes, so on any error keep using it.
   *
   * @example
   * ```ts
   * try { state = await state.apply(await download('delta'), { publishers }) }
   * catch (e) { if (e.code === 'ERR_BUNDLE_DELTA_MISMATCH') state = await state.apply(await download('bundle'), { publishers }) }
   * ```
   */
  async apply(update: string, options: VerifyTrustBundleOptions): Promise<TrustState> {
    const next = await applyUpdate(this.#verified, update, readVerifyOptions(options), true);
    return next === undefined ? this : new TrustState(next);
  }
}
