import type { ErrorCode, JsonObject, JwsAlgorithm } from '@elicense/core';
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
 * - `issuer_trusted`: `iss` is a trusted issuer, allowed to issue this type;
 * - `issuer_key`: `kid` is a DID URL of `iss`, naming an assertion key of its DID document;
 * - `signature`: the issuer's signature (and the allowed algorithm);
 * - `disclosures`: every disclosure is referenced once by a digest (RFC 9901 §7.1);
 * - `validity_period`: `nbf` / `exp` against the clock;
 * - `credential_type`: `vct` is a known licence type, and allowed;
 * - `holder_binding`: a KB-JWT signed by `cnf.jwk`, fresh, over the presented `sd_hash`;
 * - `nonce`, `audience`: the KB-JWT (or JWT `aud`) matches what the verifier asked for;
 * - `status`: the credential's status list entry (IETF Token Status List, or W3C Bitstring Status
 *   List for W3C VC JWTs) is VALID in a list signed by the issuer (and anchored, when anchors are given).
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
}
