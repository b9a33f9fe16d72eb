import { ElicenseError, algorithmForKey, calculateJwkThumbprint, publicJwkOf, type JWK } from '@elicense/core';
import { DidResolver, type DIDDocument } from '@elicense/did';
import type { BundleIssuer, KeyEvent, KeyHistoryEntry } from '../types.js';
import { didOfKeyReference, isKeyReference } from './args.js';

/**
 * The entry of `kid` in the key history of its DID, checked to be valid at `at`:
 * `validFrom <= at < validUntil` (an absent bound is open). Unknown DID or kid →
 * `ERR_DID_KEY_NOT_FOUND`; outside the window → `ERR_KEY_COMPROMISED` for a compromised key, else
 * `ERR_KEY_RETIRED`; details `{ kid, at, validFrom, validUntil, state }`.
 */
export function keyValidAt(issuers: Readonly<Record<string, BundleIssuer>>, kid: string, at: number): KeyHistoryEntry {
  const entry = findKeyEntry(issuers, kid);
  const { validFrom, validUntil, state } = entry;
  if ((validFrom !== undefined && at < validFrom) || (validUntil !== undefined && at >= validUntil)) {
    const code = state === 'compromised' ? 'ERR_KEY_COMPROMISED' : 'ERR_KEY_RETIRED';
    const window = `[${validFrom ?? '-∞'}, ${validUntil ?? '∞'})`;
    throw new ElicenseError(code, `key ${JSON.stringify(kid)} (${state}) is valid in ${window}, not at ${at}`, {
      details: { kid, at, validFrom, validUntil, state },
    });
  }
  return entry;
}

/** The key history entry of `kid`, or `ERR_DID_KEY_NOT_FOUND`. */
export function findKeyEntry(issuers: Readonly<Record<string, BundleIssuer>>, kid: string): KeyHistoryEntry {
  if (!isKeyReference(kid)) {
    throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `${JSON.stringify(kid)} is not a key reference "<did>#<fragment>"`, { details: { kid } });
  }
  const did = didOfKeyReference(kid);
  const issuer = Object.prototype.hasOwnProperty.call(issuers, did) ? issuers[did] : undefined;
  if (issuer === undefined) {
    throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `the trust bundle holds nothing about ${did}`, { details: { kid, did } });
  }
  const entry = issuer.keys.find((k) => k.kid === kid);
  if (entry === undefined) {
    throw new ElicenseError('ERR_DID_KEY_NOT_FOUND', `${did} has no key ${JSON.stringify(kid)} in its key history`, { details: { kid, did } });
  }
  return entry;
}

/**
 * The assertion keys of a DID document that elicense can verify with (P-256/P-384/P-521, Ed25519),
 * in document order, as `{ kid, publicJwk }` with minimal public JWKs. Others (X25519, secp256k1,
 * RSA …) are left out: nothing in a bundle can be checked with them.
 */
export async function assertionKeys(doc: DIDDocument): Promise<{ kid: string; publicJwk: JWK }[]> {
  const resolver = new DidResolver({ documents: { [doc.id]: doc }, cacheTtl: 0 });
  const refs: unknown[] = Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [];
  const out: { kid: string; publicJwk: JWK }[] = [];
  for (const ref of refs) {
    const id = typeof ref === 'string' ? ref : typeof ref === 'object' && ref !== null && typeof (ref as { id?: unknown }).id === 'string' ? (ref as { id: string }).id : undefined;
    if (id === undefined) continue;
    const kid = id.startsWith('#') ? doc.id + id : id;
    if (!isKeyReference(kid, doc.id) || out.some((k) => k.kid === kid)) continue;
    let jwk: JWK;
    try {
      jwk = (await resolver.resolveKey(kid, 'assertionMethod')).publicJwk;
      algorithmForKey(jwk);
      jwk = publicJwkOf(jwk);
    } catch {
      continue;
    }
    out.push({ kid, publicJwk: jwk });
  }
  return out;
}

/**
 * The key history of a DID after a sync: the previous history carried on, every current assertion
 * key `active` (its `validFrom` kept when known), a key that was active but left the document
 * `retired` at `now`. A retired or compromised key stays so even if the document lists it again.
 * A kid whose key material changed is refused (`ERR_KEY_INVALID`): keys keep their JWK forever.
 */
export async function nextKeyHistory(
  did: string,
  previous: readonly KeyHistoryEntry[],
  current: readonly { kid: string; publicJwk: JWK }[],
  now: number,
): Promise<KeyHistoryEntry[]> {
  const out: KeyHistoryEntry[] = previous.map((e) => structuredClone(e) as KeyHistoryEntry);
  const currentKids = new Set(current.map((k) => k.kid));
  for (const entry of out) {
    if (entry.state === 'active' && !currentKids.has(entry.kid)) {
      entry.state = 'retired';
      entry.validUntil = Math.min(entry.validUntil ?? now, now);
      checkWindow(entry);
    }
  }
  for (const key of current) {
    const known = out.find((e) => e.kid === key.kid);
    if (known === undefined) {
      out.push({ kid: key.kid, publicJwk: key.publicJwk, state: 'active' });
    } else if ((await calculateJwkThumbprint(known.publicJwk)) !== (await calculateJwkThumbprint(key.publicJwk))) {
      throw new ElicenseError(
        'ERR_KEY_INVALID',
        `the DID document of ${did} names a different key ${JSON.stringify(key.kid)} than before; a key reference keeps its key forever, so a rotated key needs a new fragment`,
        { details: { did, kid: key.kid } },
      );
    }
  }
  return out;
}

/**
 * Record a retirement or compromise: `state` and `validUntil = at`. A compromise always marks the
 * key compromised and an earlier `at` wins; a retirement never extends an earlier end and never
 * turns a compromised key back to retired.
 */
export function applyKeyEvent(entry: KeyHistoryEntry, event: KeyEvent): void {
  entry.validUntil = Math.min(entry.validUntil ?? event.at, event.at);
  if (event.state === 'compromised' || entry.state !== 'compromised') entry.state = event.state;
  checkWindow(entry);
}

function checkWindow(entry: KeyHistoryEntry): void {
  if (entry.validFrom !== undefined && entry.validUntil !== undefined && entry.validFrom >= entry.validUntil) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `key ${JSON.stringify(entry.kid)} would end (${entry.validUntil}) before it starts (${entry.validFrom})`, {
      details: { kid: entry.kid, validFrom: entry.validFrom, validUntil: entry.validUntil },
    });
  }
}
