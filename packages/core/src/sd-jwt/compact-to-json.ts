import { ElicenseError } from '../errors.js';
import { splitSdJwt } from '../internal/sd-jwt.js';
import { DISCLOSURES, KB_JWT } from '../internal/sd-jwt-json.js';
import { decodeJws } from '../jws/compact.js';
import type { SdJwtJsonFlattened, SdJwtJsonHeader } from './types.js';

/**
 * Turn a compact SD-JWT or SD-JWT+KB into the Flattened JWS JSON Serialization: the Issuer-signed JWT's
 * three parts become `protected`, `payload` and `signature`; the Disclosures (in order) go to the
 * unprotected header's `disclosures` and the KB-JWT, if any, to `kb_jwt`. Signatures and `sd_hash` stay
 * valid, since `sd_hash` is defined over the compact form. Nothing is verified; malformed input throws
 * `ERR_TOKEN_MALFORMED` (or `ERR_INPUT_TOO_LARGE` beyond 1 MiB).
 *
 * @example
 * ```ts
 * const json = sdJwtCompactToJson(presentation)
 * // { protected: 'eyJhbGciOi…', payload: 'eyJfc2QiOi…', signature: 'd-0d8Z…', header: { disclosures: ['WyI2SWo3…'], kb_jwt: 'eyJhbGci…' } }
 * await verifySdJwtJson(json, { issuerKey, nonce, aud })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.2
 */
export function sdJwtCompactToJson(token: string): SdJwtJsonFlattened {
  const split = splitSdJwt(token);
  const jwt = decodeJws(split.issuerJwt, 'ERR_TOKEN_MALFORMED', 'Issuer-signed JWT');
  for (const parameter of [DISCLOSURES, KB_JWT]) {
    if (Object.hasOwn(jwt.header, parameter)) {
      throw new ElicenseError('ERR_TOKEN_MALFORMED', `the Issuer-signed JWT's protected header has "${parameter}", which the JWS JSON Serialization reserves for the unprotected header`);
    }
  }
  const [protectedHeader, payload, signature] = split.issuerJwt.split('.') as [string, string, string];
  const header: SdJwtJsonHeader = { disclosures: [...split.disclosures] };
  if (split.kbJwt !== undefined) header.kb_jwt = split.kbJwt;
  return { protected: protectedHeader, payload, signature, header };
}
