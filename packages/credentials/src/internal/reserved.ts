import { NON_DISCLOSABLE_CLAIMS } from '@elicense/core';

/** Claim names the credential envelope owns (JWT, SD-JWT, SD-JWT VC); never licence claims. */
const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  ...NON_DISCLOSABLE_CLAIMS,
  'sub',
  'aud',
  'iat',
  'jti',
  '_sd',
  '_sd_alg',
  '...',
]);

/** True for a claim name the credential envelope owns. */
export function isReservedClaimName(name: string): boolean {
  return RESERVED_CLAIMS.has(name);
}
