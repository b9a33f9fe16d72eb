import { ElicenseError, algorithmForKey, invalidArgument, type JWK, type JwsAlgorithm, type SigningKey } from '@elicense/core';
import { didOfUrl } from '@elicense/did';

/** The algorithms accreditations, revocations, bundles and deltas are signed with. */
export const ALGORITHMS: readonly JwsAlgorithm[] = ['ES256', 'EdDSA'];

/** Largest trust bundle or delta accepted: 16 MiB. */
export const MAX_TOKEN_LENGTH = 16 * 1024 * 1024;

/** Default bundle validity: 7 days. */
export const DEFAULT_VALIDITY = 7 * 24 * 3600;

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Unix seconds: a non-negative safe integer. */
export function isSeconds(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** An optional `now` option (Unix seconds), default the system clock. */
export function readNow(v: unknown, name = 'options.now'): number {
  if (v === undefined) return Math.floor(Date.now() / 1000);
  if (!isSeconds(v)) throw invalidArgument(name, 'Unix seconds (a non-negative integer)', v);
  return v;
}

/** An optional `clockTolerance` option: non-negative integer seconds, default 0. */
export function readTolerance(v: unknown, name = 'options.clockTolerance'): number {
  if (v === undefined) return 0;
  if (!isSeconds(v)) throw invalidArgument(name, 'a non-negative integer (seconds)', v);
  return v;
}

/** A time argument (Unix seconds). */
export function checkSeconds(v: unknown, name: string): number {
  if (!isSeconds(v)) throw invalidArgument(name, 'Unix seconds (a non-negative integer)', v);
  return v;
}

/** A bare DID (no path, query or fragment). */
export function isDid(v: unknown): v is string {
  return typeof v === 'string' && didOfUrl(v) === v;
}

/** A DID URL `<did>#<fragment>` naming a key of `did` (when given). */
export function isKeyReference(v: unknown, did?: string): v is string {
  if (typeof v !== 'string') return false;
  const hash = v.indexOf('#');
  if (hash < 0 || hash === v.length - 1) return false;
  const owner = v.slice(0, hash);
  return didOfUrl(v) === owner && (did === undefined || owner === did);
}

/** The DID a key reference belongs to. */
export function didOfKeyReference(kid: string): string {
  return kid.slice(0, kid.indexOf('#'));
}

/**
 * A signing key for accreditations, revocations, bundles and deltas: `alg` ES256 or EdDSA, a `sign`
 * function, and a `kid` (always put in the header). `didKid` requires the kid to be a DID URL.
 */
export function checkSigningKey(key: unknown, name: string, didKid: boolean): SigningKey & { kid: string } {
  if (typeof key !== 'object' || key === null) throw invalidArgument(name, 'a SigningKey { alg, sign, kid }', key);
  const k = key as Partial<SigningKey>;
  if (typeof k.sign !== 'function') throw invalidArgument(`${name}.sign`, 'a function', k.sign);
  if (!ALGORITHMS.includes(k.alg as JwsAlgorithm)) throw invalidArgument(`${name}.alg`, '"ES256" or "EdDSA"', k.alg);
  if (typeof k.kid !== 'string' || k.kid.length === 0) throw invalidArgument(`${name}.kid`, 'a non-empty string (it goes into the JWS header)', k.kid);
  if (didKid && !isKeyReference(k.kid)) throw invalidArgument(`${name}.kid`, 'a DID URL "<did>#<fragment>"', k.kid);
  return k as SigningKey & { kid: string };
}

/** True when a JWK carries private key material. */
export function hasPrivateMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_JWK_MEMBERS.some((m) => jwk[m] !== undefined);
}

/**
 * A public JWK of a key elicense verifies with (EC P-256/P-384/P-521 or OKP Ed25519), or the reason
 * it is not one.
 */
export function publicKeyProblem(jwk: unknown): string | undefined {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'not a JWK object';
  const k = jwk as JWK;
  if (hasPrivateMembers(k)) return 'it contains private key material';
  try {
    algorithmForKey(k);
  } catch {
    return `unsupported key type ${String(k.kty)}/${String(k.crv)}`;
  }
  if (typeof k.x !== 'string' || (k.kty === 'EC' && typeof k.y !== 'string')) return 'its coordinates are missing';
  if (k.kid !== undefined && typeof k.kid !== 'string') return '"kid" is not a string';
  return undefined;
}

/** The bundle publishers' keys of {@link VerifyTrustBundleOptions}. */
export function checkPublishers(v: unknown, name = 'options.publishers'): JWK[] {
  if (!Array.isArray(v) || v.length === 0) throw invalidArgument(name, 'a non-empty array of public JWKs', v);
  v.forEach((jwk, i) => {
    const problem = publicKeyProblem(jwk);
    if (problem !== undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}[${i}] must be a public ES256 or EdDSA JWK: ${problem}`);
    const alg = algorithmForKey(jwk as JWK);
    if (!ALGORITHMS.includes(alg)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}[${i}] must be a P-256 or Ed25519 key, got ${alg}`);
  });
  return v as JWK[];
}

/** An options object. */
export function checkOptions(v: unknown, name = 'options'): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidArgument(name, 'an object', v);
  return v as Record<string, unknown>;
}
