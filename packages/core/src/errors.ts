/**
 * Every error the SDK raises on purpose is an {@link ElicenseError} with a stable `code`.
 * Codes never change meaning between versions; messages may. Test and branch on `code`.
 */

/** The stable error codes. */
export type ErrorCode =
  // misuse: bad arguments to a public function (thrown at once)
  | 'ERR_INVALID_ARGUMENT'
  // encoding and structure of tokens
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_TYP_INVALID'
  | 'ERR_CLAIM_MISSING'
  // algorithms, keys, signatures
  | 'ERR_ALGORITHM_NOT_ALLOWED'
  | 'ERR_KEY_INVALID'
  | 'ERR_SIGNATURE_INVALID'
  // SD-JWT disclosures (RFC 9901 §7)
  | 'ERR_SD_ALG_UNSUPPORTED'
  | 'ERR_DISCLOSURE_MALFORMED'
  | 'ERR_DISCLOSURE_UNREFERENCED'
  | 'ERR_DISCLOSURE_DIGEST_MISMATCH'
  | 'ERR_DIGEST_DUPLICATE'
  | 'ERR_CLAIM_NAME_CONFLICT'
  | 'ERR_CLAIM_NOT_DISCLOSABLE'
  | 'ERR_CLAIM_PATH_NOT_FOUND'
  // key binding
  | 'ERR_KEY_BINDING_MISSING'
  | 'ERR_KEY_BINDING_INVALID'
  | 'ERR_NONCE_MISMATCH'
  | 'ERR_AUDIENCE_MISMATCH'
  | 'ERR_SD_HASH_MISMATCH'
  | 'ERR_HOLDER_BINDING_MISMATCH'
  // validity in time
  | 'ERR_CREDENTIAL_EXPIRED'
  | 'ERR_CREDENTIAL_NOT_YET_VALID'
  | 'ERR_IAT_INVALID'
  // trust and types
  | 'ERR_ISSUER_UNTRUSTED'
  | 'ERR_TYPE_UNKNOWN'
  | 'ERR_TYPE_NOT_ALLOWED'
  | 'ERR_INVALID_CLAIM'
  // accreditation, key history and trust bundles (offline verification)
  | 'ERR_ISSUER_NOT_ACCREDITED'
  | 'ERR_ACCREDITATION_INVALID'
  | 'ERR_ACCREDITATION_CHAIN_BROKEN'
  | 'ERR_KEY_RETIRED'
  | 'ERR_KEY_COMPROMISED'
  | 'ERR_BUNDLE_MALFORMED'
  | 'ERR_BUNDLE_UNTRUSTED'
  | 'ERR_BUNDLE_SIGNATURE_INVALID'
  | 'ERR_BUNDLE_EXPIRED'
  | 'ERR_BUNDLE_ROLLBACK'
  | 'ERR_BUNDLE_DELTA_MISMATCH'
  | 'ERR_BUNDLE_STALE'
  | 'ERR_STATUS_STALE'
  // DIDs
  | 'ERR_DID_INVALID'
  | 'ERR_DID_METHOD_UNSUPPORTED'
  | 'ERR_DID_RESOLUTION_FAILED'
  | 'ERR_DID_KEY_NOT_FOUND'
  // status and ledger
  | 'ERR_STATUS_REVOKED'
  | 'ERR_STATUS_SUSPENDED'
  | 'ERR_STATUS_UNAVAILABLE'
  | 'ERR_STATUS_LIST_INVALID'
  | 'ERR_STATUS_LIST_LENGTH'
  | 'ERR_STATUS_INDEX_OUT_OF_RANGE'
  | 'ERR_STATUS_TRANSITION_INVALID'
  | 'ERR_STATUS_LIST_EXPIRED'
  | 'ERR_STATUS_LIST_NOT_YET_VALID'
  | 'ERR_STATUS_LIST_MISMATCH'
  | 'ERR_ANCHOR_MISMATCH'
  | 'ERR_LEDGER_UNAVAILABLE'
  | 'ERR_LEDGER_CONFLICT'
  | 'ERR_LEDGER_REVERTED'
  | 'ERR_LEDGER_TAMPERED'
  | 'ERR_LEDGER_RECEIPT_INVALID'
  | 'ERR_LEDGER_LOCKED'
  // storage
  | 'ERR_CREDENTIAL_NOT_FOUND'
  | 'ERR_STORE_FAILED'
  | 'ERR_STORE_CONFLICT'
  | 'ERR_STORE_LOCKED'
  | 'ERR_STORE_CORRUPT'
  // wallet: encrypted storage, backups, request matching
  | 'ERR_WALLET_SECRET_INVALID'
  | 'ERR_WALLET_CORRUPT'
  | 'ERR_WALLET_NOT_EMPTY'
  | 'ERR_BACKUP_INVALID'
  | 'ERR_FORMAT_VERSION_UNSUPPORTED'
  | 'ERR_HOLDER_KEY_UNAVAILABLE'
  | 'ERR_DCQL_INVALID'
  | 'ERR_DCQL_CLAIM_UNKNOWN'
  | 'ERR_DCQL_UNSATISFIED'
  // verification on worker threads
  | 'ERR_VERIFIER_POOL_CLOSED'
  | 'ERR_VERIFIER_POOL_FAILED'
  // code loaded on first use
  | 'ERR_MODULE_LOAD_FAILED';

/** Options for constructing an {@link ElicenseError}. */
export interface ElicenseErrorOptions {
  /** The underlying error, passed through. */
  cause?: unknown;
  /** Structured, machine-readable context (never secrets or personal data). */
  details?: Record<string, unknown>;
}

/**
 * The one base class of every error the SDK throws on purpose.
 *
 * @example
 * ```ts
 * try { await verifySdJwt(token, { issuerKey }) }
 * catch (e) { if (e instanceof ElicenseError && e.code === 'ERR_SIGNATURE_INVALID') { ... } }
 * ```
 */
export class ElicenseError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Structured context for the failure. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ElicenseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ElicenseError';
    this.code = code;
    this.details = options.details;
  }
}

/**
 * A licence claim broke a field rule (check digit, date, enumeration …). `field` names the claim path.
 *
 * @example
 * ```ts
 * if (e instanceof InvalidClaimError) console.log(e.field, e.reason)
 * ```
 */
export class InvalidClaimError extends ElicenseError {
  /** Claim path, e.g. `citizen_id_number` or `spouse_a.id_number`. */
  readonly field: string;
  /** What rule failed. */
  readonly reason: string;

  constructor(field: string, reason: string, options: ElicenseErrorOptions = {}) {
    super('ERR_INVALID_CLAIM', `invalid claim "${field}": ${reason}`, {
      ...options,
      details: { ...options.details, field, reason },
    });
    this.name = 'InvalidClaimError';
    this.field = field;
    this.reason = reason;
  }
}

/** True when `e` is an {@link ElicenseError}, optionally with the given code. */
export function isElicenseError(e: unknown, code?: ErrorCode): e is ElicenseError {
  return e instanceof ElicenseError && (code === undefined || e.code === code);
}
