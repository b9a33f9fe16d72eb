import { TrustState } from './trust-state.js'; // loading the class registers how verified bundles become states
import type { VerifyTrustBundleOptions } from './types.js';
import { readVerifyOptions, verifyBundle } from './internal/bundle.js';
import { trustStateOf } from './internal/state-factory.js';

/**
 * Verify a trust bundle (`typ: trust-bundle+jwt`) with nothing but the publisher's public key(s),
 * and re-check offline everything a verifier relies on. The header `kid` must name a configured
 * publisher key: a JWK with a `kid` member matches exactly that `kid`; a JWK without one matches its
 * RFC 7638 thumbprint, a key reference ending in `#<thumbprint>`, the RFC 9278 thumbprint URI, or its
 * did:key / did:jwk key reference.
 *
 * Errors: `ERR_INVALID_ARGUMENT` (options); `ERR_BUNDLE_MALFORMED` (over 16 MiB, not three parts,
 * undecodable, wrong `typ`, missing or ill-typed field, `iat` in the future, a status list token that
 * does not verify); `ERR_BUNDLE_UNTRUSTED` (no publisher key matches `kid` and `alg`);
 * `ERR_BUNDLE_SIGNATURE_INVALID`; `ERR_BUNDLE_EXPIRED` (`exp <= now - clockTolerance`);
 * `ERR_ACCREDITATION_INVALID`, `ERR_ACCREDITATION_CHAIN_BROKEN`; `ERR_ANCHOR_MISMATCH` (a token that is
 * not the one anchored, or an IETF token without anchor); `ERR_LEDGER_RECEIPT_INVALID` (a receipt of a
 * ledger whose key the bundle carries).
 *
 * @example
 * ```ts
 * const state = await verifyTrustBundle(await readFile('bundle.jws', 'utf8'), { publishers: [publisherJwk] })
 * state.version // 7
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function verifyTrustBundle(jws: string, options: VerifyTrustBundleOptions): Promise<TrustState> {
  const ctx = readVerifyOptions(options);
  return trustStateOf(await verifyBundle(jws, ctx, true));
}
