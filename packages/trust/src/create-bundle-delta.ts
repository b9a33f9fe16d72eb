import { invalidArgument, signJwt, type JsonObject, type SigningKey } from '@elicense/core';
import { TRUST_BUNDLE_DELTA_TYP } from './constants.js';
import type { TrustBundleDeltaPayload, TrustBundlePayload } from './types.js';
import { checkOptions, checkSigningKey, readNow } from './internal/args.js';
import { canonicalDigest } from './internal/canonical-json.js';
import { diffPayloads } from './internal/delta.js';
import { parseBundlePayload } from './internal/payload.js';

/**
 * Sign a delta (`typ: trust-bundle-delta+jwt`) that turns bundle `from` into bundle `to`: it names
 * both by version and digest, carries `to`'s `iat` and `exp`, the roots when they changed, and of
 * each map (issuers, accreditations, revocations, types, statusLists, ledgers) only the entries
 * added or changed (`set`) and the ids removed (`remove`). A verifier holding `from` applies it with
 * {@link TrustState.apply} and gets exactly `to`. Errors: `ERR_INVALID_ARGUMENT` (payloads that are
 * not bundles, `to.version <= from.version`, different publishers).
 *
 * @example
 * ```ts
 * const delta = await createBundleDelta({ from: lastWeek.payload, to: today.payload, publisher })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-3.1
 */
export async function createBundleDelta(options: { from: TrustBundlePayload; to: TrustBundlePayload; publisher: SigningKey; now?: number }): Promise<string> {
  const o = checkOptions(options);
  const publisher = checkSigningKey(o.publisher, 'options.publisher', false);
  const from = parseBundlePayload(o.from, 'ERR_INVALID_ARGUMENT', 'options.from');
  const to = parseBundlePayload(o.to, 'ERR_INVALID_ARGUMENT', 'options.to');
  if (to.version <= from.version) throw invalidArgument('options.to.version', `above options.from.version (${from.version})`, to.version);
  if (to.iss !== from.iss) throw invalidArgument('options.to.iss', `the publisher of options.from (${from.iss})`, to.iss);
  const now = readNow(o.now);
  const payload: TrustBundleDeltaPayload = {
    iss: to.iss,
    iat: now,
    from: { version: from.version, digest: canonicalDigest(from) },
    to: { version: to.version, digest: canonicalDigest(to), iat: to.iat, exp: to.exp },
    ...diffPayloads(from, to),
  };
  return signJwt({ typ: TRUST_BUNDLE_DELTA_TYP, kid: publisher.kid }, payload as unknown as JsonObject, publisher);
}
