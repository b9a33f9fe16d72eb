import { ElicenseError, decodeJws, isElicenseError, verifyJwt, type JsonObject } from '@elicense/core';
import { ACCREDITATION_REVOCATION_TYP, ACCREDITATION_TYP } from '../constants.js';
import type { Accreditation, BundleIssuer, TrustBundlePayload } from '../types.js';
import { ALGORITHMS, isDid, isKeyReference, isSeconds } from './args.js';
import { keyValidAt } from './key-history.js';

/** A decoded accreditation revocation. */
export interface Revocation {
  /** `jti`. */
  id: string;
  /** Who revoked (`iss`). */
  issuer: string;
  /** The accreditation revoked (`sub`). */
  accreditation: string;
  issuedAt: number;
  revokedAt: number;
  reason?: string;
  kid: string;
  jwt: string;
}

function invalid(message: string, details: Record<string, unknown>, cause?: unknown): ElicenseError {
  return new ElicenseError('ERR_ACCREDITATION_INVALID', message, { details, ...(cause === undefined ? {} : { cause }) });
}

/** Decode a JWT of the given `typ` signed with an ES256/EdDSA key of its `iss` (no signature check). */
function decodeSigned(jwt: unknown, typ: string, what: string): { payload: JsonObject; kid: string; iss: string } {
  if (typeof jwt !== 'string') throw invalid(`${what} must be a JWT string`, {});
  const { header, payload } = decodeJws(jwt, 'ERR_ACCREDITATION_INVALID', what);
  if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== typ) {
    throw invalid(`${what} header typ must be ${typ}, got ${JSON.stringify(header.typ)}`, { typ: header.typ });
  }
  if (!ALGORITHMS.includes(header.alg as never)) throw invalid(`${what} must be signed with ES256 or EdDSA, got ${JSON.stringify(header.alg)}`, { alg: header.alg });
  if (!isDid(payload.iss)) throw invalid(`${what} "iss" must be a DID`, { iss: payload.iss });
  if (!isKeyReference(header.kid, payload.iss)) {
    throw invalid(`${what} header kid must be a key reference "${payload.iss}#<fragment>" of its iss, got ${JSON.stringify(header.kid)}`, { kid: header.kid });
  }
  if (!isSeconds(payload.iat)) throw invalid(`${what} "iat" must be Unix seconds`, {});
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti === '__proto__') throw invalid(`${what} "jti" must be a non-empty string`, {});
  return { payload, kid: header.kid, iss: payload.iss };
}

/**
 * Decode an accreditation JWT (`typ: accreditation+jwt`) into an {@link Accreditation}, checking
 * every claim's type. No signature check. Bad → `ERR_ACCREDITATION_INVALID`.
 */
export function decodeAccreditation(jwt: unknown, what = 'accreditation'): { accreditation: Accreditation; kid: string } {
  const { payload, kid, iss } = decodeSigned(jwt, ACCREDITATION_TYP, what);
  const { sub, iat, nbf, exp, jti, vct, may_accredit: mayAccredit } = payload;
  const id = jti as string;
  const details = { id };
  if (!isDid(sub)) throw invalid(`${what} ${id} "sub" must be a DID`, details);
  if (!isSeconds(nbf) || !isSeconds(exp)) throw invalid(`${what} ${id} "nbf" and "exp" must be Unix seconds`, details);
  if (exp <= nbf) throw invalid(`${what} ${id} ends ("exp") before it starts ("nbf")`, details);
  if (!Array.isArray(vct) || vct.length === 0 || !vct.every((v): v is string => typeof v === 'string' && v.length > 0)) {
    throw invalid(`${what} ${id} "vct" must be a non-empty array of licence types`, details);
  }
  if (new Set(vct).size !== vct.length) throw invalid(`${what} ${id} "vct" lists a type twice`, details);
  if (mayAccredit !== undefined && typeof mayAccredit !== 'boolean') throw invalid(`${what} ${id} "may_accredit" must be true when present`, details);
  return {
    accreditation: {
      id,
      issuer: iss,
      subject: sub,
      vct: [...vct],
      mayAccredit: mayAccredit === true,
      issuedAt: iat as number,
      validFrom: nbf,
      validUntil: exp,
      jwt: jwt as string,
    },
    kid,
  };
}

/** Decode an accreditation revocation JWT (`typ: accreditation-revocation+jwt`). No signature check. */
export function decodeRevocation(jwt: unknown, what = 'accreditation revocation'): Revocation {
  const { payload, kid, iss } = decodeSigned(jwt, ACCREDITATION_REVOCATION_TYP, what);
  const { sub, iat, jti, revoked_at: revokedAt, reason } = payload;
  if (typeof sub !== 'string' || sub.length === 0) throw invalid(`${what} "sub" must name an accreditation (its jti)`, { id: jti });
  if (!isSeconds(revokedAt)) throw invalid(`${what} "revoked_at" must be Unix seconds`, { id: jti });
  if (reason !== undefined && typeof reason !== 'string') throw invalid(`${what} "reason" must be a string`, { id: jti });
  return {
    id: jti as string,
    issuer: iss,
    accreditation: sub,
    issuedAt: iat as number,
    revokedAt,
    ...(reason === undefined ? {} : { reason }),
    kid,
    jwt: jwt as string,
  };
}

/** Verify a JWT's signature with the key its `kid` names in the key history, valid at `iat`. */
async function verifyWithHistory(
  jwt: string,
  kid: string,
  iat: number,
  issuers: Readonly<Record<string, BundleIssuer>>,
  typ: string,
  what: string,
  details: Record<string, unknown>,
): Promise<void> {
  try {
    const entry = keyValidAt(issuers, kid, iat);
    await verifyJwt(jwt, { key: entry.publicJwk, algorithms: ALGORITHMS, typ, what });
  } catch (cause) {
    const reason = isElicenseError(cause) ? `${cause.code}: ${cause.message}` : String(cause);
    throw invalid(`${what} does not verify with ${kid} at its iat ${iat} (${reason})`, { ...details, kid }, cause);
  }
}

/** In force at `t`: `validFrom <= t < validUntil` and not yet revoked. */
export function inForce(a: Accreditation, t: number): boolean {
  return a.validFrom <= t && t < a.validUntil && (a.revokedAt === undefined || t < a.revokedAt);
}

/**
 * The ids of the accreditations that chain to a root. Without `at`: the bundle rule — an
 * accreditation chains when its `iss` is a root, or is the `sub` of a chaining accreditation with
 * `may_accredit` covering all its `vct`s and in force at its `iat`. With `at`: every link, this one
 * included, must be in force at `at`. Computed as a fixpoint, so cycles never loop.
 */
export function chainingIds(accreditations: readonly Accreditation[], roots: ReadonlySet<string>, at?: number): Set<string> {
  const ok = new Set<string>();
  const bySubject = new Map<string, Accreditation[]>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const a of accreditations) {
      if (ok.has(a.id) || (at !== undefined && !inForce(a, at))) continue;
      const t = at ?? a.issuedAt;
      const chains =
        roots.has(a.issuer) ||
        (bySubject.get(a.issuer) ?? []).some((p) => p.mayAccredit && a.vct.every((v) => p.vct.includes(v)) && inForce(p, t));
      if (chains) {
        ok.add(a.id);
        bySubject.set(a.subject, [...(bySubject.get(a.subject) ?? []), a]);
        changed = true;
      }
    }
  }
  return ok;
}

/**
 * Check every accreditation and revocation of a bundle against the key history the bundle holds,
 * and every accreditation's chain to a root. Returns the accreditations by id, with `revokedAt`.
 * Errors: `ERR_ACCREDITATION_INVALID` (shape, signature, key not valid at `iat`, map key ≠ `jti`,
 * revocation of an unknown accreditation or by someone other than its issuer or a root),
 * `ERR_ACCREDITATION_CHAIN_BROKEN`.
 */
export async function checkAccreditations(payload: TrustBundlePayload): Promise<Map<string, Accreditation>> {
  const byId = new Map<string, Accreditation>();
  for (const [id, jwt] of Object.entries(payload.accreditations)) {
    const what = `accreditation ${JSON.stringify(id)}`;
    const { accreditation, kid } = decodeAccreditation(jwt, what);
    if (accreditation.id !== id) throw invalid(`${what} is filed under a key other than its jti ${JSON.stringify(accreditation.id)}`, { id });
    await verifyWithHistory(jwt, kid, accreditation.issuedAt, payload.issuers, ACCREDITATION_TYP, what, { id });
    byId.set(id, accreditation);
  }
  const roots = new Set(payload.roots);
  for (const [id, jwt] of Object.entries(payload.revocations)) {
    const what = `revocation of accreditation ${JSON.stringify(id)}`;
    const revocation = decodeRevocation(jwt, what);
    if (revocation.accreditation !== id) throw invalid(`${what} revokes ${JSON.stringify(revocation.accreditation)} instead`, { id });
    const accreditation = byId.get(id);
    if (accreditation === undefined) throw invalid(`${what} names an accreditation that is not in the bundle`, { id });
    if (revocation.issuer !== accreditation.issuer && !roots.has(revocation.issuer)) {
      throw invalid(`${what} is signed by ${revocation.issuer}, neither the accreditation's issuer nor a root`, { id, issuer: revocation.issuer });
    }
    await verifyWithHistory(jwt, revocation.kid, revocation.issuedAt, payload.issuers, ACCREDITATION_REVOCATION_TYP, what, { id });
    accreditation.revokedAt = revocation.revokedAt;
  }
  const all = [...byId.values()];
  const chaining = chainingIds(all, roots);
  for (const a of all) {
    if (!chaining.has(a.id)) {
      throw new ElicenseError(
        'ERR_ACCREDITATION_CHAIN_BROKEN',
        `accreditation ${JSON.stringify(a.id)} of ${a.subject} by ${a.issuer} does not chain to a root: ${a.issuer} is not a root and holds no accreditation with may_accredit for ${a.vct.join(', ')} in force at ${a.issuedAt}`,
        { details: { id: a.id, issuer: a.issuer, subject: a.subject } },
      );
    }
  }
  return byId;
}
