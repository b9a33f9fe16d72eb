import type { ErrorCode, JWK, JsonObject, JwsAlgorithm } from '@elicense/core';
import type { DidResolver } from '@elicense/did';
import type { AnchorReceipt, AnchorRecord, LedgerAdapter } from '@elicense/ledger';

/**
 * An issuer the verifier trusts: its DID, and optionally the licence types (or `vct`s) it may issue.
 *
 * @example
 * ```ts
 * const police: TrustedIssuer = { did: 'did:web:police.gov.example', types: ['driving_licence'] }
 * ```
 */
export type TrustedIssuer = string | { did: string; types?: string[] };

/**
 * Options for the {@link Verifier} constructor: trust and the safety choices, with safe defaults.
 *
 * @example
 * ```ts
 * const options: VerifierOptions = { trustedIssuers: ['did:web:gov.example'], allowedTypes: ['resident_id_card'] }
 * ```
 */
export interface VerifierOptions {
  /** The issuers whose credentials are accepted. */
  trustedIssuers: TrustedIssuer[];
  /** Accept only these licence types (or `vct`s). Default: every type of the catalogue. */
  allowedTypes?: string[];
  /** Resolves issuer DIDs to their documents. Default: a `DidResolver` with the platform `fetch`. */
  resolver?: DidResolver;
  /** JWS algorithms accepted for credentials and KB-JWTs. Default `['ES256', 'EdDSA']`. */
  algorithms?: JwsAlgorithm[];
  /** Seconds of clock skew tolerated for `exp`, `nbf` and `iat`. Default 0. */
  clockTolerance?: number;
  /** How old a KB-JWT `iat` may be, in seconds. Default 300. */
  kbMaxAge?: number;
  /** The clock, in Unix seconds. Default: the system clock. */
  now?: () => number;
  /**
   * Where status lists come from. A credential that names a status list is checked against it; when
   * the list cannot be had or checked, the `status` check fails with `ERR_STATUS_UNAVAILABLE` — it is
   * never passed silently. Default: no lists, so such credentials fail the `status` check.
   */
  status?: StatusOptions;
}

/**
 * How the verifier gets and trusts status lists.
 *
 * @example
 * ```ts
 * const status: StatusOptions = {
 *   lists: { [uri]: statusListToken },             // synced earlier
 *   anchors: [await ledger.latest(uri)],            // the token must be the anchored one
 * }
 * ```
 */
export interface StatusOptions {
  /**
   * Status list tokens (`statuslist+jwt`) and W3C status list credentials (VC JWTs) the verifier
   * already holds, by URI.
   */
  lists?: Readonly<Record<string, string>>;
  /** Fetch a token or status list credential by URI when it is not in `lists` (e.g. over HTTPS). */
  fetch?: (uri: string) => Promise<string>;
  /**
   * The ledger's latest anchors (records or receipts). With anchors (or a `ledger`), a status list
   * token is accepted only if its digest is the latest anchored one of its list (`ERR_ANCHOR_MISMATCH`).
   */
  anchors?: ReadonlyArray<AnchorRecord | AnchorReceipt>;
  /**
   * Prove each receipt in `anchors` before relying on it, e.g.
   * `(r) => verifyFileLedgerReceipt(r, ledgerPublicJwk)` offline, or `ledger.verifyReceipt`. A receipt
   * that does not verify fails the `status` check (`ERR_LEDGER_RECEIPT_INVALID`). Without it, `anchors`
   * are trusted as given (e.g. fetched from the verifier's own ledger node).
   */
  verifyReceipt?: (receipt: AnchorReceipt) => Promise<unknown>;
  /** Ask a ledger for the latest anchor of a list not in `anchors`. */
  ledger?: Pick<LedgerAdapter, 'latest'>;
  /** Refuse credentials that carry no status entry. Default `false`. */
  require?: boolean;
}

/**
 * The name of one verification check.
 *
 * - `format`: the token parses (SD-JWT VC `typ`, `iss`, `kid`, `vct` present; for a W3C VC JWT, the
 *   VCDM 1.1 JWT payload rules);
 * - `issuer_trusted`: `iss` is a trusted issuer, allowed to issue this type (offline: the bundle is
 *   neither expired nor stale, and `iss` holds an accreditation for the type in force at `iat`);
 * - `issuer_key`: `kid` is a DID URL of `iss`, naming an assertion key of its DID document (offline:
 *   a key of its key history, valid at `iat`);
 * - `signature`: the issuer's signature (and the allowed algorithm);
 * - `disclosures`: every disclosure is referenced once by a digest (RFC 9901 §7.1);
 * - `validity_period`: `nbf` / `exp` against the clock;
 * - `credential_type`: `vct` is a known licence type, and allowed;
 * - `holder_binding`: a KB-JWT signed by `cnf.jwk`, fresh, over the presented `sd_hash`;
 * - `nonce`, `audience`: the KB-JWT (or JWT `aud`) matches what the verifier asked for;
 * - `status`: the credential's status list entry (IETF Token Status List, or W3C Bitstring Status
 *   List for W3C VC JWTs) is VALID in a list signed by the issuer (and anchored, when anchors are given;
 *   offline: the list comes from the bundle and must not be stale).
 *
 * @example
 * ```ts
 * const failed: CheckName | undefined = report.checks.find((c) => !c.ok)?.check
 * ```
 */
export type CheckName =
  | 'format'
  | 'issuer_trusted'
  | 'issuer_key'
  | 'signature'
  | 'disclosures'
  | 'validity_period'
  | 'credential_type'
  | 'holder_binding'
  | 'nonce'
  | 'audience'
  | 'status';

/**
 * The outcome of one check. A check that could not run because an earlier one failed has
 * `ok: false` and `skipped: true`, and no `code`.
 *
 * @example
 * ```ts
 * for (const c of report.checks) console.log(c.check, c.ok ? 'ok' : (c.code ?? 'not run'))
 * ```
 */
export interface CheckResult {
  /** Which check. */
  check: CheckName;
  /** Whether it passed. */
  ok: boolean;
  /** Why it failed: the stable error code. */
  code?: ErrorCode;
  /** A human-readable explanation. */
  message?: string;
  /** True when the check was not run because an earlier check failed. */
  skipped?: boolean;
}

/**
 * What a verification found: one entry per check, in order, and the disclosed licence claims.
 * `type`, `vct`, `issuer`, `issuedAt` and `expiresAt` are filled in as soon as the token parses, so a
 * clerk can see whose credential failed; rely on them only when `verified` is true.
 *
 * @example
 * ```ts
 * const report = await verifier.verifyPresentation(vp, { nonce, aud })
 * if (report.verified) show(report.claims) else show(report.checks.find((c) => !c.ok))
 * ```
 */
export interface VerificationReport {
  /** True only when every check passed. */
  verified: boolean;
  /** One entry per check, in order. */
  checks: CheckResult[];
  /** The disclosed licence claims (no `iss`, `cnf`, `_sd` …); `{}` when not verified. */
  claims: JsonObject;
  /** The disclosed claim paths, dotted (`address.city`); `[]` when not verified. */
  disclosed: string[];
  /** The licence type, e.g. `resident_id_card`. */
  type?: string;
  /** The credential type identifier. */
  vct?: string;
  /** The issuer DID. */
  issuer?: string;
  /** `iat`, Unix seconds. */
  issuedAt?: number;
  /** `exp`, Unix seconds. */
  expiresAt?: number;
  /**
   * How fresh the trust data was (offline mode only, where it is always present): the trust
   * bundle's version, `issuedAt` and age, and the status list used (when one was).
   */
  freshness?: ReportFreshness;
  /** What passed but deserves attention (e.g. `ERR_BUNDLE_STALE` under `onStale: 'warn'`); only when non-empty. */
  warnings?: VerificationWarning[];
}

/**
 * How fresh the trust data of an offline verification was. Ages are in seconds at verification time.
 *
 * @example
 * ```ts
 * const { bundle, statusList } = report.freshness!
 * if (bundle.age > 12 * 3600) showBanner(`trust data is ${Math.round(bundle.age / 3600)} h old — sync soon`)
 * ```
 */
export interface ReportFreshness {
  /** The trust bundle in use. */
  bundle: { version: number; issuedAt: number; age: number };
  /** The status list the credential's status was read from (the oldest one, when there were several). */
  statusList?: { uri: string; issuedAt: number; age: number };
}

/**
 * A condition that did not fail the verification but that the verifier app should show.
 *
 * @example
 * ```ts
 * for (const w of report.warnings ?? []) console.warn(w.code, w.message) // ERR_STATUS_STALE …
 * ```
 */
export interface VerificationWarning {
  /** The stable code the condition would have failed with under a `refuse` policy. */
  code: ErrorCode;
  /** A human-readable explanation. */
  message: string;
}

/**
 * How old trust data may be in offline mode, and what happens when it is older.
 *
 * @example
 * ```ts
 * const freshness: FreshnessPolicy = { maxBundleAge: 2 * 86400, maxStatusAge: 86400, onStale: 'warn' }
 * ```
 */
export interface FreshnessPolicy {
  /** Largest accepted age of the trust bundle (`now - issuedAt`), seconds. Default 86,400. */
  maxBundleAge?: number;
  /** Largest accepted age of a status list (`now - iat` of its token), seconds. Default 86,400. */
  maxStatusAge?: number;
  /**
   * `refuse` (default): stale data fails the check (`issuer_trusted` with `ERR_BUNDLE_STALE`,
   * `status` with `ERR_STATUS_STALE`); `warn`: the check passes and the report carries a warning.
   * An expired bundle is always refused (`ERR_BUNDLE_EXPIRED`).
   */
  onStale?: 'warn' | 'refuse';
}

/**
 * Options of {@link Verifier.fromBundle}: the trust bundle (or a persisted chain), the bundle
 * publisher's public keys — the only trust configured — and the same safety choices as online.
 *
 * @example
 * ```ts
 * const options: OfflineVerifierOptions = {
 *   bundle: await readFile('trust-bundle.jws', 'utf8'),
 *   publishers: [publisherPublicJwk],
 *   allowedTypes: ['driving_licence'],
 *   freshness: { maxBundleAge: 2 * 86400, onStale: 'warn' },
 * }
 * ```
 */
export interface OfflineVerifierOptions {
  /** A trust bundle JWS, or a persisted chain (`verifier.trust.chain`): a bundle and the deltas applied to it. */
  bundle: string | { bundle: string; deltas?: readonly string[] };
  /** The bundle publisher's public keys (a `kid` member, when present, is matched against the bundle header). */
  publishers: JWK[];
  /** Accept only these licence types (or `vct`s). Default: every type the bundle carries. */
  allowedTypes?: string[];
  /** JWS algorithms accepted for credentials, KB-JWTs and status lists. Default `['ES256', 'EdDSA']`. */
  algorithms?: JwsAlgorithm[];
  /** Seconds of clock skew tolerated for `exp`, `nbf` and `iat` (also of the bundle). Default 0. */
  clockTolerance?: number;
  /** How old a KB-JWT `iat` may be, in seconds. Default 300. */
  kbMaxAge?: number;
  /** The clock, in Unix seconds. Default: the system clock. */
  now?: () => number;
  /** How old the bundle and its status lists may be. */
  freshness?: FreshnessPolicy;
  /** Refuse credentials that carry no status entry. Default `false`. */
  requireStatus?: boolean;
}

/**
 * What {@link Verifier.sync} did: applied a newer full bundle, applied a delta, or found the same
 * bundle already in use.
 *
 * @example
 * ```ts
 * const { kind, version, previousVersion } = await verifier.sync(update)
 * console.log(`${kind}: v${previousVersion} → v${version}`)
 * ```
 */
export interface SyncResult {
  kind: 'full' | 'delta' | 'unchanged';
  /** The bundle version now in use. */
  version: number;
  /** The bundle version in use before. */
  previousVersion: number;
}
