import type { JWK, JsonObject, SigningKey } from '@elicense/core';
import type { DidResolver } from '@elicense/did';
import type { AnchorReceipt, LedgerAdapter } from '@elicense/ledger';
import type { DIDDocument } from 'did-resolver';

/**
 * Where a key stands in its issuer's history: `active` (in the DID document now), `retired`
 * (rotated out: signatures made before `validUntil` stay good) or `compromised` (nothing it signed
 * at or after `validUntil` is accepted).
 *
 * @example
 * ```ts
 * const state: KeyState = 'retired'
 * ```
 */
export type KeyState = 'active' | 'retired' | 'compromised';

/**
 * One key of an issuer or authority over time. A signature made at time `t` (the token's `iat`)
 * is accepted with this key only when `validFrom <= t < validUntil` (an absent bound is open).
 *
 * @example
 * ```ts
 * const entry: KeyHistoryEntry = { kid: 'did:web:police.gov.example#key-2025', publicJwk, state: 'retired', validUntil: 1767225600 }
 * ```
 */
export interface KeyHistoryEntry {
  /** Absolute DID URL of the verification method (`<did>#<fragment>`). */
  kid: string;
  /** The public key (no private members). */
  publicJwk: JWK;
  /** Whether and why the key is no longer in use. */
  state: KeyState;
  /** Unix seconds from which the key signs; absent: since before the history began. */
  validFrom?: number;
  /** Unix seconds from which the key no longer signs; absent while `active`. */
  validUntil?: number;
}

/**
 * What a bundle holds about one DID (an issuing agency or an authority): its DID document as
 * resolved at sync time, and the history of its assertion keys.
 *
 * @example
 * ```ts
 * const police: BundleIssuer = bundle.issuers['did:web:police.gov.example']
 * ```
 */
export interface BundleIssuer {
  did: string;
  /** The DID document, snapshotted when the bundle was built (did:web fetched then). */
  document: DIDDocument;
  /** When the document was resolved, Unix seconds. */
  resolvedAt: number;
  /** Every assertion key the DID has had since the publisher first saw it, current ones `active`. */
  keys: KeyHistoryEntry[];
}

/**
 * A status list as synced: the token (an IETF `statuslist+jwt`, or a W3C Bitstring Status List
 * credential as a VC JWT) and, for IETF tokens, the ledger receipt of its anchor.
 *
 * @example
 * ```ts
 * const list: BundleStatusList = { uri, token, anchor: await ledger.latest(uri) }
 * ```
 */
export interface BundleStatusList {
  uri: string;
  token: string;
  /** The ledger's latest anchor of this list; its digest is the token's. */
  anchor?: AnchorReceipt;
}

/**
 * A ledger whose receipts a verifier can prove offline: the embedded file ledger's public key.
 *
 * @example
 * ```ts
 * const entry: BundleLedger = { id: ledger.id, publicJwk: ledger.publicJwk }
 * ```
 */
export interface BundleLedger {
  id: string;
  publicJwk: JWK;
}

/**
 * The payload of a trust bundle JWS (`typ: trust-bundle+jwt`). Every collection is a map keyed by
 * a stable id, so that a delta can say what was set and what was removed.
 *
 * @example
 * ```ts
 * const { payload } = await buildTrustBundle(options)
 * payload.version // 7
 * ```
 */
export interface TrustBundlePayload {
  /** The publisher: a DID or an https URL. */
  iss: string;
  /** Monotonic version, starting at 1. */
  version: number;
  /** `issuedAt`, Unix seconds. */
  iat: number;
  /** `expiresAt`, Unix seconds. */
  exp: number;
  /** The root authorities' DIDs: accreditation chains must end at one of them. */
  roots: string[];
  /** DID → what the bundle holds about it (issuers, intermediate and root authorities). */
  issuers: Record<string, BundleIssuer>;
  /** Accreditation id (`jti`) → the accreditation JWT (`typ: accreditation+jwt`). */
  accreditations: Record<string, string>;
  /** Accreditation id → the JWT revoking it (`typ: accreditation-revocation+jwt`). */
  revocations: Record<string, string>;
  /** `vct` → SD-JWT VC type metadata. */
  types: Record<string, JsonObject>;
  /** Status list URI → the list. */
  statusLists: Record<string, BundleStatusList>;
  /** Ledger id → its key, for ledgers whose receipts verify offline. */
  ledgers: Record<string, BundleLedger>;
}

/**
 * An accreditation, decoded and verified: `issuer` (the root or an accredited authority) allows
 * `subject` to issue `vct`s from `validFrom` until `validUntil` (or its revocation).
 *
 * @example
 * ```ts
 * const a: Accreditation = bundle.accreditationFor('did:web:police.gov.example', vct, iat)
 * ```
 */
export interface Accreditation {
  /** `jti`. */
  id: string;
  /** The accrediting authority's DID (`iss`). */
  issuer: string;
  /** The accredited agency's DID (`sub`). */
  subject: string;
  /** The licence types (`vct`s) it may issue. */
  vct: string[];
  /** Whether the subject may accredit others for these types (an intermediate authority). */
  mayAccredit: boolean;
  /** `iat`. */
  issuedAt: number;
  /** `nbf`. */
  validFrom: number;
  /** `exp`. */
  validUntil: number;
  /** When it was revoked (`revoked_at` of a revocation in the bundle), if it was. */
  revokedAt?: number;
  /** The JWT. */
  jwt: string;
}

/**
 * Options of {@link createAccreditation}.
 *
 * @example
 * ```ts
 * const options: CreateAccreditationOptions = { authority: rootKey, subject: police.did, types: ['driving_licence'], validUntil: now + 365 * 86400 }
 * ```
 */
export interface CreateAccreditationOptions {
  /** The accrediting authority's signing key; `kid` is a DID URL of its DID. */
  authority: SigningKey;
  /** The agency accredited. */
  subject: string;
  /** Licence types or `vct`s of the catalogue. */
  types: string[];
  /** Unix seconds; default `now`. */
  validFrom?: number;
  /** Unix seconds; required. */
  validUntil: number;
  /** Allow the subject to accredit others for these types. Default `false`. */
  mayAccredit?: boolean;
  /** `jti`; default a random id. */
  id?: string;
  /** Unix seconds; default the system clock. */
  now?: number;
}

/**
 * Options of {@link createAccreditationRevocation}.
 *
 * @example
 * ```ts
 * await createAccreditationRevocation({ authority: rootKey, accreditation: a.id, reason: 'licence fraud' })
 * ```
 */
export interface CreateAccreditationRevocationOptions {
  /** The key of the authority that made the accreditation, or of a root. */
  authority: SigningKey;
  /** The accreditation's id (`jti`). */
  accreditation: string;
  /** From when the accreditation no longer holds, Unix seconds; default `now`. May be earlier. */
  revokedAt?: number;
  reason?: string;
  /** `jti` of the revocation; default a random id. */
  id?: string;
  /** Unix seconds; default the system clock. */
  now?: number;
}

/**
 * A change of state of a key, declared by the publisher when building a bundle.
 *
 * @example
 * ```ts
 * const event: KeyEvent = { kid: 'did:web:police.gov.example#key-2025', state: 'compromised', at: 1767225600 }
 * ```
 */
export interface KeyEvent {
  kid: string;
  state: 'retired' | 'compromised';
  /** From when, Unix seconds. */
  at: number;
}

/**
 * Options of {@link buildTrustBundle}.
 *
 * @example
 * ```ts
 * const { bundle } = await buildTrustBundle({ publisher, roots: [root.did], accreditations, resolver, statusLists: [{ token }], ledger })
 * ```
 */
export interface BuildTrustBundleOptions {
  /** The publisher's signing key (`kid` set). */
  publisher: SigningKey;
  /** `iss` of the bundle; default the DID of `publisher.kid`, else `publisher.kid`. */
  publisherId?: string;
  /** The previous bundle: its version + 1 is the new one, and its key history is carried on. */
  previous?: TrustBundlePayload;
  /** Default `previous.version + 1`, or 1. Must be above `previous.version`. */
  version?: number;
  roots: string[];
  accreditations: string[];
  revocations?: string[];
  /** Resolves every DID of the bundle at build time (did:web is fetched now and snapshotted). */
  resolver: DidResolver;
  /** Retirements and compromises to record in the key history. */
  keyEvents?: KeyEvent[];
  /** `vct` → type metadata; default the catalogue's metadata of every accredited `vct`. */
  types?: Record<string, JsonObject>;
  /** Status list tokens to carry; `anchor` may be given, else it is asked of `ledger`. */
  statusLists?: { token: string; anchor?: AnchorReceipt }[];
  /** Checks each IETF token against the ledger's latest anchor at build time. */
  ledger?: Pick<LedgerAdapter, 'latest' | 'verifyReceipt'>;
  /** Ledgers whose receipts verify offline (the file ledger's public key). */
  ledgers?: BundleLedger[];
  /** Unix seconds; default the system clock. */
  now?: number;
  /** Seconds until `exp`; default 7 days. */
  validity?: number;
}

/**
 * A built bundle: the JWS to ship and its payload.
 *
 * @example
 * ```ts
 * await writeFile('bundle.jws', built.bundle)
 * ```
 */
export interface BuiltTrustBundle {
  bundle: string;
  payload: TrustBundlePayload;
  /** SHA-256 of the canonical JSON of the payload, base64url. */
  digest: string;
}

/**
 * Options of {@link verifyTrustBundle} and {@link TrustState.apply}.
 *
 * @example
 * ```ts
 * const state = await verifyTrustBundle(jws, { publishers: [publisherJwk] })
 * ```
 */
export interface VerifyTrustBundleOptions {
  /** The bundle publisher's public keys: the only trust a verifier is configured with. */
  publishers: JWK[];
  /** Unix seconds; default the system clock. */
  now?: number;
  /** Seconds of clock skew tolerated for `iat` / `exp`. Default 0. */
  clockTolerance?: number;
}

/**
 * The payload of a trust bundle delta JWS (`typ: trust-bundle-delta+jwt`): how to turn the bundle
 * `from` into the bundle `to`. `set` holds the map entries that were added or changed (whole
 * entries), `remove` the ids of those that went away; `roots` is present only when it changed.
 *
 * @example
 * ```ts
 * const delta: TrustBundleDeltaPayload = decodeJws(update).payload as TrustBundleDeltaPayload
 * Object.keys(delta.set.statusLists ?? {}) // the status lists that changed
 * ```
 */
export interface TrustBundleDeltaPayload {
  /** The publisher, as in the bundles. */
  iss: string;
  /** When the delta was signed, Unix seconds. */
  iat: number;
  /** The bundle it applies to: its version and digest. */
  from: { version: number; digest: string };
  /** The bundle it yields: version, digest, and the new `iat` and `exp`. */
  to: { version: number; digest: string; iat: number; exp: number };
  /** The new roots, only when they changed. */
  roots?: string[];
  /** Map entries added or changed, per map. */
  set: {
    issuers?: Record<string, BundleIssuer>;
    accreditations?: Record<string, string>;
    revocations?: Record<string, string>;
    types?: Record<string, JsonObject>;
    statusLists?: Record<string, BundleStatusList>;
    ledgers?: Record<string, BundleLedger>;
  };
  /** Ids of map entries removed, per map. */
  remove: {
    issuers?: string[];
    accreditations?: string[];
    revocations?: string[];
    types?: string[];
    statusLists?: string[];
    ledgers?: string[];
  };
}
