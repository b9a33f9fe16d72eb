import type { JsonObject } from '@elicense/core';

/** Claims of the credential envelope (JWT, SD-JWT and SD-JWT VC), not of the licence. */
const ENVELOPE = new Set(['iss', 'sub', 'aud', 'vct', 'vct#integrity', 'iat', 'nbf', 'exp', 'cnf', 'status', 'jti', '_sd', '_sd_alg']);

/** The licence claims of a processed SD-JWT VC payload. */
export function licenceClaims(payload: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(payload)) if (!ENVELOPE.has(k)) out[k] = v;
  return out;
}
