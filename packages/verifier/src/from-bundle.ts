import { ElicenseError, invalidArgument, isJsonObject } from '@elicense/core';
import type { JWK } from '@elicense/core';
import { restoreTrustState } from '@elicense/trust';
import { OfflineTrust } from './internal/offline-trust.js';
import { checkSafetyOptions, verificationTime } from './internal/policy.js';
import type { Policy } from './internal/policy.js';
import type { FreshnessPolicy, OfflineVerifierOptions } from './types.js';

/** One day, the default largest age of a bundle and of a status list. */
const DAY = 86_400;

/** Options of the online verifier that have no meaning offline: passing them is a mistake worth saying. */
const ONLINE_ONLY = ['trustedIssuers', 'resolver', 'status'] as const;

function positiveSeconds(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw invalidArgument(name, 'a positive number of seconds', v);
  return v;
}

function checkFreshness(freshness: FreshnessPolicy | undefined): { maxBundleAge: number; maxStatusAge: number; onStale: 'warn' | 'refuse' } {
  if (freshness !== undefined && !isJsonObject(freshness)) throw invalidArgument('options.freshness', 'an object', freshness);
  const f = freshness ?? {};
  const onStale = f.onStale ?? 'refuse';
  if (onStale !== 'warn' && onStale !== 'refuse') throw invalidArgument('options.freshness.onStale', '"warn" or "refuse"', onStale);
  return {
    maxBundleAge: positiveSeconds(f.maxBundleAge, 'options.freshness.maxBundleAge', DAY),
    maxStatusAge: positiveSeconds(f.maxStatusAge, 'options.freshness.maxStatusAge', DAY),
    onStale,
  };
}

function checkChain(bundle: unknown): { bundle: string; deltas: readonly string[] } {
  if (typeof bundle === 'string') {
    if (bundle.length === 0) throw invalidArgument('options.bundle', 'a trust bundle JWS or { bundle, deltas }', bundle);
    return { bundle, deltas: [] };
  }
  if (!isJsonObject(bundle) || typeof bundle.bundle !== 'string' || bundle.bundle.length === 0) {
    throw invalidArgument('options.bundle', 'a trust bundle JWS or { bundle, deltas }', bundle);
  }
  const deltas: unknown = bundle.deltas ?? [];
  if (!Array.isArray(deltas)) throw invalidArgument('options.bundle.deltas', 'an array of delta JWSs', deltas);
  deltas.forEach((d, i) => {
    if (typeof d !== 'string' || d.length === 0) throw invalidArgument(`options.bundle.deltas[${i}]`, 'a delta JWS', d);
  });
  return { bundle: bundle.bundle, deltas: [...(deltas as string[])] };
}

/**
 * Check the offline options, verify the trust bundle (and the deltas after it) with the
 * publishers' keys, and make the policy of an offline verifier. Misuse throws
 * ERR_INVALID_ARGUMENT; a bad bundle throws the trust package's typed error (ERR_BUNDLE_*,
 * ERR_ACCREDITATION_*, ERR_ANCHOR_MISMATCH, ERR_LEDGER_RECEIPT_INVALID).
 */
export async function openOfflineVerifier(options: OfflineVerifierOptions): Promise<{ policy: Policy; offline: OfflineTrust }> {
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object with bundle and publishers', options);
  for (const name of ONLINE_ONLY) {
    if ((options as unknown as Record<string, unknown>)[name] !== undefined) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `options.${name} is an online option: an offline verifier takes its issuers, keys and status lists from the trust bundle only`);
    }
  }
  const chain = checkChain(options.bundle);
  if (!Array.isArray(options.publishers) || options.publishers.length === 0) {
    throw invalidArgument('options.publishers', "a non-empty array of the bundle publisher's public JWKs", options.publishers);
  }
  options.publishers.forEach((jwk, i) => {
    if (!isJsonObject(jwk)) throw invalidArgument(`options.publishers[${i}]`, 'a public JWK', jwk);
  });
  const publishers: JWK[] = options.publishers.map((jwk) => ({ ...jwk }));
  const safety = checkSafetyOptions(options);
  const freshness = checkFreshness(options.freshness);
  if (options.requireStatus !== undefined && typeof options.requireStatus !== 'boolean') {
    throw invalidArgument('options.requireStatus', 'a boolean', options.requireStatus);
  }
  const partial: Omit<Policy, 'trust'> = safety.policy;
  const now = verificationTime(partial, undefined);
  const state = await restoreTrustState(chain, { publishers, now, clockTolerance: partial.clockTolerance });
  const offline = new OfflineTrust(state, publishers, {
    allowed: safety.allowed,
    clockTolerance: partial.clockTolerance,
    ...freshness,
    requireStatus: options.requireStatus ?? false,
  });
  return { policy: { ...partial, trust: () => offline.current() }, offline };
}
