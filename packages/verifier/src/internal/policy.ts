import { DEFAULT_ALGORITHMS, ElicenseError, isJsonObject, isSupportedAlgorithm } from '@elicense/core';
import type { JwsAlgorithm } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import type { VerifierOptions } from '../types.js';
import { OnlineTrust } from './online-trust.js';
import type { TrustSource } from './trust-source.js';
import { assertFunction, invalidArgument } from '@elicense/core';

/** The verifier's safety choices, checked, and where its trust comes from. */
export interface Policy {
  algorithms: readonly JwsAlgorithm[];
  clockTolerance: number;
  kbMaxAge: number;
  now: () => number;
  /**
   * The trust source for one verification. Taken once when a verification starts, so that a
   * verification runs against one trust bundle even when the verifier syncs meanwhile.
   */
  trust: () => TrustSource;
}

/** The options both modes share, checked. */
export type SafetyOptions = Pick<VerifierOptions, 'allowedTypes' | 'algorithms' | 'clockTolerance' | 'kbMaxAge' | 'now'>;

/** The `vct` of a licence type or `vct` of the catalogue; anything else is misuse. */
export function vctOf(type: unknown, name: string): string {
  if (typeof type !== 'string' || type.length === 0) throw invalidArgument(name, 'a licence type or vct', type);
  const profile = findLicenceType(type);
  if (profile === undefined) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}: ${JSON.stringify(type)} is not a licence type or vct of the catalogue`);
  }
  return profile.vct;
}

/** Check and normalize {@link VerifierOptions}; misuse throws ERR_INVALID_ARGUMENT. */
export function makePolicy(options: VerifierOptions): Policy {
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object with trustedIssuers', options);
  if (!Array.isArray(options.trustedIssuers)) throw invalidArgument('options.trustedIssuers', 'an array of issuer DIDs or { did, types }', options.trustedIssuers);
  const trusted = new Map<string, Set<string> | undefined>();
  options.trustedIssuers.forEach((entry, i) => {
    const name = `options.trustedIssuers[${i}]`;
    const did = typeof entry === 'string' ? entry : isJsonObject(entry) ? entry.did : undefined;
    if (typeof did !== 'string' || !/^did:[a-z0-9]+:.+/.test(did)) throw invalidArgument(typeof entry === 'string' ? name : `${name}.did`, 'a DID', did ?? entry);
    let types: Set<string> | undefined;
    if (typeof entry !== 'string' && entry.types !== undefined) {
      if (!Array.isArray(entry.types)) throw invalidArgument(`${name}.types`, 'an array of licence types', entry.types);
      types = new Set(entry.types.map((t, j) => vctOf(t, `${name}.types[${j}]`)));
    }
    const prev = trusted.get(did);
    if (trusted.has(did) && (prev === undefined || types === undefined)) trusted.set(did, undefined);
    else trusted.set(did, types === undefined ? undefined : new Set([...(prev ?? []), ...types]));
  });
  const safety = checkSafetyOptions(options);
  const resolver = options.resolver;
  if (resolver !== undefined && (!isJsonObject(resolver) || typeof resolver.resolveKey !== 'function')) {
    throw invalidArgument('options.resolver', 'a DidResolver', resolver);
  }
  const status = options.status ?? {};
  if (!isJsonObject(status)) throw invalidArgument('options.status', 'an object', status);
  if (status.lists !== undefined) {
    if (!isJsonObject(status.lists)) throw invalidArgument('options.status.lists', 'an object of URI → token', status.lists);
    for (const [uri, token] of Object.entries(status.lists)) {
      if (typeof token !== 'string') throw invalidArgument(`options.status.lists[${JSON.stringify(uri)}]`, 'a token string', token);
    }
  }
  if (status.fetch !== undefined) assertFunction(status.fetch, 'options.status.fetch');
  if (status.verifyReceipt !== undefined) assertFunction(status.verifyReceipt, 'options.status.verifyReceipt');
  if (status.anchors !== undefined) {
    if (!Array.isArray(status.anchors)) throw invalidArgument('options.status.anchors', 'an array of anchor records or receipts', status.anchors);
    status.anchors.forEach((a, i) => {
      const r: unknown = isJsonObject(a) && isJsonObject(a.record) ? a.record : a;
      if (!isJsonObject(r) || typeof r.uri !== 'string' || typeof r.digest !== 'string' || typeof r.version !== 'number') {
        throw invalidArgument(`options.status.anchors[${i}]`, 'an anchor record { uri, version, digest, time } or receipt', a);
      }
    });
  }
  if (status.ledger !== undefined && (!isJsonObject(status.ledger) || typeof status.ledger.latest !== 'function')) {
    throw invalidArgument('options.status.ledger', 'a LedgerAdapter', status.ledger);
  }
  if (status.require !== undefined && typeof status.require !== 'boolean') throw invalidArgument('options.status.require', 'a boolean', status.require);
  const trust = new OnlineTrust({ trusted, allowed: safety.allowed, status, ...(resolver === undefined ? {} : { resolver }) });
  return { ...safety.policy, trust: () => trust };
}

/** Check and normalize the safety options (types as `vct`s); misuse throws ERR_INVALID_ARGUMENT. */
export function checkSafetyOptions(options: SafetyOptions): { policy: Omit<Policy, 'trust'>; allowed: ReadonlySet<string> | undefined } {
  let allowed: Set<string> | undefined;
  if (options.allowedTypes !== undefined) {
    if (!Array.isArray(options.allowedTypes)) throw invalidArgument('options.allowedTypes', 'an array of licence types', options.allowedTypes);
    allowed = new Set(options.allowedTypes.map((t, i) => vctOf(t, `options.allowedTypes[${i}]`)));
  }
  let algorithms: readonly JwsAlgorithm[] = DEFAULT_ALGORITHMS;
  if (options.algorithms !== undefined) {
    if (!Array.isArray(options.algorithms) || options.algorithms.length === 0) {
      throw invalidArgument('options.algorithms', 'a non-empty array of JWS algorithms', options.algorithms);
    }
    options.algorithms.forEach((a, i) => {
      if (!isSupportedAlgorithm(a)) throw invalidArgument(`options.algorithms[${i}]`, 'one of ES256, ES384, ES512, EdDSA', a);
    });
    algorithms = [...options.algorithms];
  }
  const clockTolerance = options.clockTolerance ?? 0;
  if (typeof clockTolerance !== 'number' || !Number.isSafeInteger(clockTolerance) || clockTolerance < 0) {
    throw invalidArgument('options.clockTolerance', 'a non-negative number of seconds', clockTolerance);
  }
  const kbMaxAge = options.kbMaxAge ?? 300;
  if (typeof kbMaxAge !== 'number' || !Number.isSafeInteger(kbMaxAge) || kbMaxAge <= 0) {
    throw invalidArgument('options.kbMaxAge', 'a positive number of seconds', kbMaxAge);
  }
  if (options.now !== undefined) assertFunction(options.now, 'options.now');
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return { policy: { algorithms, clockTolerance, kbMaxAge, now }, allowed };
}

/** The time for one verification: `options.now` if given, else the verifier's clock. */
export function verificationTime(policy: Pick<Policy, 'now'>, now: unknown): number {
  if (now === undefined) {
    const t = policy.now();
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw invalidArgument('now()', 'Unix seconds', t);
    return Math.floor(t);
  }
  if (typeof now !== 'number' || !Number.isSafeInteger(now) || now < 0) throw invalidArgument('options.now', 'Unix seconds (a non-negative integer)', now);
  return now;
}
