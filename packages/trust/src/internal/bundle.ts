import { ElicenseError, isElicenseError, type JWK } from '@elicense/core';
import { fileLedgerId } from '@elicense/ledger';
import { TRUST_BUNDLE_DELTA_TYP, TRUST_BUNDLE_TYP } from '../constants.js';
import type { Accreditation, TrustBundlePayload } from '../types.js';
import { checkOptions, checkPublishers, readNow, readTolerance } from './args.js';
import { checkAccreditations } from './accreditations.js';
import { canonicalDigest } from './canonical-json.js';
import { applyDeltaPayload, parseDeltaPayload } from './delta.js';
import { deepFreeze } from './freeze.js';
import { splitJws, typOf, verifyPublisherSignature, type SplitJws } from './jws.js';
import { parseBundlePayload } from './payload.js';
import { checkAnchorDigest, proveAnchorOffline, verifyStatusListEntry } from './status-lists.js';

/** A bundle that passed every check: what a TrustState holds. */
export interface VerifiedBundle {
  /** Deep-frozen. */
  payload: TrustBundlePayload;
  digest: string;
  /** Decoded accreditations by id, with `revokedAt`; frozen. */
  accreditations: ReadonlyMap<string, Accreditation>;
  chain: { readonly bundle: string; readonly deltas: readonly string[] };
}

/** The verification options, checked. */
export interface VerifyContext {
  publishers: JWK[];
  now: number;
  clockTolerance: number;
}

/** Check {@link VerifyTrustBundleOptions} (misuse → `ERR_INVALID_ARGUMENT`). */
export function readVerifyOptions(options: unknown): VerifyContext {
  const o = checkOptions(options);
  return { publishers: checkPublishers(o.publishers), now: readNow(o.now), clockTolerance: readTolerance(o.clockTolerance) };
}

/** The digest of a bundle payload: base64url SHA-256 of its canonical JSON. */
export function bundleDigest(payload: TrustBundlePayload): string {
  return canonicalDigest(payload, 'ERR_BUNDLE_MALFORMED', 'trust bundle payload');
}

/** Split an update and tell a full bundle from a delta by its header `typ`. */
export function openUpdate(jws: unknown, what: string): { kind: 'bundle' | 'delta'; jws: SplitJws } {
  if (typeof jws !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', `${what} must be a compact JWS string, got ${typeof jws}`);
  const split = splitJws(jws, what);
  const typ = typOf(split.header);
  if (typ === TRUST_BUNDLE_TYP) return { kind: 'bundle', jws: split };
  if (typ === TRUST_BUNDLE_DELTA_TYP) return { kind: 'delta', jws: split };
  throw new ElicenseError('ERR_BUNDLE_MALFORMED', `${what} header typ must be ${TRUST_BUNDLE_TYP} or ${TRUST_BUNDLE_DELTA_TYP}, got ${JSON.stringify(split.header.typ)}`);
}

/** Publisher signature, then the payload's shape. */
async function openBundle(split: SplitJws, ctx: VerifyContext): Promise<TrustBundlePayload> {
  await verifyPublisherSignature(split, ctx.publishers, 'trust bundle');
  return parseBundlePayload(split.payload, 'ERR_BUNDLE_MALFORMED', 'trust bundle');
}

/** `iat` not in the future (`ERR_BUNDLE_MALFORMED`); `exp` not passed (`ERR_BUNDLE_EXPIRED`) when `checkExpiry`. */
export function checkTimes(payload: { iat: number; exp: number; version: number }, ctx: VerifyContext, checkExpiry: boolean): void {
  if (payload.iat > ctx.now + ctx.clockTolerance) {
    throw new ElicenseError('ERR_BUNDLE_MALFORMED', `trust bundle version ${payload.version} is issued in the future (iat ${payload.iat}, now ${ctx.now})`, {
      details: { iat: payload.iat, now: ctx.now },
    });
  }
  if (checkExpiry && payload.exp <= ctx.now - ctx.clockTolerance) {
    throw new ElicenseError('ERR_BUNDLE_EXPIRED', `trust bundle version ${payload.version} expired at ${payload.exp} (now ${ctx.now}); sync a newer one`, {
      details: { exp: payload.exp, now: ctx.now, version: payload.version },
    });
  }
}

/**
 * Everything a verifier relies on, re-checked offline with what the bundle holds: accreditations,
 * revocations and chains; ledger ids; each status list token (signature with its issuer's key as of
 * its `iat`, URI, issuer accredited); each anchor's digest; each receipt of a ledger the bundle
 * carries a key for.
 */
export async function checkContents(payload: TrustBundlePayload): Promise<Map<string, Accreditation>> {
  const accreditations = await checkAccreditations(payload);
  for (const [id, ledger] of Object.entries(payload.ledgers)) {
    if ((await fileLedgerId(ledger.publicJwk).catch(() => undefined)) !== id) {
      throw new ElicenseError('ERR_BUNDLE_MALFORMED', `trust bundle: ledger ${JSON.stringify(id)} is not the file ledger of the key it carries`, { details: { id } });
    }
  }
  const subjects = new Set([...accreditations.values()].map((a) => a.subject));
  for (const [uri, entry] of Object.entries(payload.statusLists)) {
    let info;
    try {
      info = await verifyStatusListEntry(entry.token, payload.issuers, undefined);
      if (info.uri !== uri) throw new ElicenseError('ERR_STATUS_LIST_MISMATCH', `the token is for ${JSON.stringify(info.uri)}`);
      if (!subjects.has(info.issuer)) throw new ElicenseError('ERR_ISSUER_NOT_ACCREDITED', `its issuer ${info.issuer} holds no accreditation in the bundle`);
    } catch (cause) {
      const reason = isElicenseError(cause) ? `${cause.code}: ${cause.message}` : String(cause);
      throw new ElicenseError('ERR_BUNDLE_MALFORMED', `trust bundle: status list ${uri} does not verify (${reason})`, { cause, details: { uri } });
    }
    if (entry.anchor === undefined) {
      if (info.kind === 'ietf') {
        throw new ElicenseError('ERR_ANCHOR_MISMATCH', `trust bundle: status list ${uri} has no ledger anchor`, { details: { uri } });
      }
      continue;
    }
    await checkAnchorDigest(uri, entry.token, entry.anchor);
    await proveAnchorOffline(entry.anchor, payload.ledgers);
  }
  return accreditations;
}

function freezeAccreditations(map: Map<string, Accreditation>): ReadonlyMap<string, Accreditation> {
  for (const a of map.values()) deepFreeze(a);
  return map;
}

/** Verify a full bundle: envelope, times, contents. */
export async function verifyBundle(jws: unknown, ctx: VerifyContext, checkExpiry: boolean): Promise<VerifiedBundle> {
  const { kind, jws: split } = openUpdate(jws, 'trust bundle');
  if (kind !== 'bundle') throw new ElicenseError('ERR_BUNDLE_MALFORMED', `a trust bundle must have header typ ${TRUST_BUNDLE_TYP}, got a delta`);
  const payload = await openBundle(split, ctx);
  checkTimes(payload, ctx, checkExpiry);
  return seal(payload, { bundle: jws as string, deltas: [] });
}

async function seal(payload: TrustBundlePayload, chain: VerifiedBundle['chain']): Promise<VerifiedBundle> {
  const accreditations = freezeAccreditations(await checkContents(payload));
  const digest = bundleDigest(payload);
  return { payload: deepFreeze(payload), digest, accreditations, chain: Object.freeze({ bundle: chain.bundle, deltas: Object.freeze([...chain.deltas]) }) };
}

/**
 * Apply a full bundle or a delta to a verified bundle. Resolves with the new verified bundle, or
 * `undefined` when `update` is the same bundle again. Never changes `current`.
 */
export async function applyUpdate(current: VerifiedBundle, update: unknown, ctx: VerifyContext, checkExpiry: boolean): Promise<VerifiedBundle | undefined> {
  const { kind, jws } = openUpdate(update, 'trust bundle update');
  const { version, digest, iss } = { version: current.payload.version, digest: current.digest, iss: current.payload.iss };
  if (kind === 'bundle') {
    const payload = await openBundle(jws, ctx);
    if (payload.iss !== iss) {
      throw new ElicenseError('ERR_BUNDLE_UNTRUSTED', `the bundle is published by ${JSON.stringify(payload.iss)}, not ${JSON.stringify(iss)}`, {
        details: { iss: payload.iss, expected: iss },
      });
    }
    if (payload.version < version) throw rollback(payload.version, version);
    if (payload.version === version) {
      if (bundleDigest(payload) === digest) return undefined;
      throw new ElicenseError('ERR_BUNDLE_ROLLBACK', `a different bundle with the current version ${version} was offered`, { details: { version } });
    }
    checkTimes(payload, ctx, checkExpiry);
    return seal(payload, { bundle: update as string, deltas: [] });
  }
  await verifyPublisherSignature(jws, ctx.publishers, 'trust bundle delta');
  const delta = parseDeltaPayload(jws.payload, 'ERR_BUNDLE_MALFORMED', 'trust bundle delta');
  if (delta.iss !== iss) {
    throw new ElicenseError('ERR_BUNDLE_UNTRUSTED', `the delta is published by ${JSON.stringify(delta.iss)}, not ${JSON.stringify(iss)}`, {
      details: { iss: delta.iss, expected: iss },
    });
  }
  if (delta.iat > ctx.now + ctx.clockTolerance) {
    throw new ElicenseError('ERR_BUNDLE_MALFORMED', `the delta is issued in the future (iat ${delta.iat}, now ${ctx.now})`, { details: { iat: delta.iat } });
  }
  if (delta.to.version <= version) throw rollback(delta.to.version, version);
  if (delta.from.version !== version || delta.from.digest !== digest) {
    throw new ElicenseError(
      'ERR_BUNDLE_DELTA_MISMATCH',
      `the delta applies to bundle version ${delta.from.version} (${delta.from.digest}), not to the current version ${version} (${digest}); sync the full bundle`,
      { details: { from: delta.from, current: { version, digest } } },
    );
  }
  const next = applyDeltaPayload(current.payload, delta);
  const nextDigest = canonicalDigest(next, 'ERR_BUNDLE_MALFORMED', 'trust bundle delta result');
  if (nextDigest !== delta.to.digest) {
    throw new ElicenseError('ERR_BUNDLE_DELTA_MISMATCH', `applying the delta does not give bundle version ${delta.to.version} (digest ${nextDigest}, expected ${delta.to.digest})`, {
      details: { digest: nextDigest, expected: delta.to.digest, version: delta.to.version },
    });
  }
  const payload = parseBundlePayload(next, 'ERR_BUNDLE_MALFORMED', `trust bundle version ${delta.to.version} (from a delta)`);
  checkTimes(payload, ctx, checkExpiry);
  return seal(payload, { bundle: current.chain.bundle, deltas: [...current.chain.deltas, update as string] });
}

function rollback(offered: number, current: number): ElicenseError {
  return new ElicenseError('ERR_BUNDLE_ROLLBACK', `version ${offered} is not newer than the current version ${current}`, { details: { version: offered, current } });
}
