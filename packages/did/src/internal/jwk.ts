import { decodeBase64url, ElicenseError, type ErrorCode, type JWK } from '@elicense/core';
import { isObject } from './assert.js';
import { hasPrivateJwkMembers } from './document.js';
import { assertEcPoint, okpJwk } from './multikey.js';

const EC_COORDINATE_LENGTH: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 };
const OKP_KEY_LENGTH: Record<string, number> = { Ed25519: 32, X25519: 32, Ed448: 57, X448: 56 };

function member(jwk: Record<string, unknown>, name: string, code: ErrorCode, what: string): Uint8Array {
  const v = jwk[name];
  if (typeof v !== 'string' || v.length === 0) throw new ElicenseError(code, `${what} member "${name}" must be a base64url string`);
  return decodeBase64url(v, code, `${what} member "${name}"`);
}

/**
 * Check that `jwk` is a well-formed public JWK (RFC 7517/7518/8037): known key type and curve,
 * coordinates of the right length, EC points on their curve, Ed25519 points decodable, `use` either
 * `sig` or `enc`. Private material always fails with ERR_KEY_INVALID; anything else with `code`.
 */
export function assertPublicJwk(jwk: unknown, code: ErrorCode, what: string): asserts jwk is JWK {
  if (!isObject(jwk)) throw new ElicenseError(code, `${what} must be a JSON object`);
  if (hasPrivateJwkMembers(jwk)) {
    throw new ElicenseError('ERR_KEY_INVALID', `${what} contains private key material; only public keys may be used`);
  }
  const { kty, crv } = jwk;
  if (kty === 'EC') {
    const n = typeof crv === 'string' ? EC_COORDINATE_LENGTH[crv] : undefined;
    if (n === undefined) throw new ElicenseError(code, `${what} has unsupported EC curve ${JSON.stringify(crv)}`);
    for (const m of ['x', 'y']) {
      const len = member(jwk, m, code, what).length;
      if (len !== n) throw new ElicenseError(code, `${what} member "${m}" of a ${String(crv)} key must be ${n} bytes, got ${len}`);
    }
    assertEcPoint(jwk as JWK, code, what);
  } else if (kty === 'OKP') {
    const n = typeof crv === 'string' ? OKP_KEY_LENGTH[crv] : undefined;
    if (n === undefined) throw new ElicenseError(code, `${what} has unsupported OKP curve ${JSON.stringify(crv)}`);
    const x = member(jwk, 'x', code, what);
    if (x.length !== n) throw new ElicenseError(code, `${what} member "x" of an ${String(crv)} key must be ${n} bytes, got ${x.length}`);
    if (crv === 'Ed25519') okpJwk('Ed25519', x, code, what);
  } else if (kty === 'RSA') {
    member(jwk, 'n', code, what);
    member(jwk, 'e', code, what);
  } else {
    throw new ElicenseError(code, `${what} has unsupported key type ${JSON.stringify(kty)}; expected EC, OKP or RSA`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig' && jwk.use !== 'enc') {
    throw new ElicenseError(code, `${what} member "use" must be "sig" or "enc", got ${JSON.stringify(jwk.use)}`);
  }
}

/** JSON with object members in lexicographic order at every level (deterministic did:jwk values). */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
