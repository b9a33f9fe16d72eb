import { ElicenseError } from '../errors.js';
import { decodeJws } from '../jws/compact.js';
import { checkMaxLength, decodeDisclosures, sdAlgOf, splitSdJwt } from '../internal/sd-jwt.js';
import type { DecodeSdJwtOptions, DecodedSdJwt } from './types.js';

/**
 * Split a compact SD-JWT or SD-JWT+KB into the Issuer-signed JWT, its Disclosures (with digests under
 * the payload's `_sd_alg`) and the KB-JWT. No signature or digest checks — use {@link verifySdJwt} for that.
 * Throws `ERR_TOKEN_MALFORMED`, `ERR_DISCLOSURE_MALFORMED`, `ERR_SD_ALG_UNSUPPORTED` or `ERR_INPUT_TOO_LARGE`.
 *
 * @example
 * ```ts
 * const { jwt, disclosures, kbJwt } = await decodeSdJwt(token)
 * jwt.payload._sd // the digests
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4
 */
export async function decodeSdJwt(token: string, options: DecodeSdJwtOptions = {}): Promise<DecodedSdJwt> {
  if (typeof options !== 'object' || options === null) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const split = splitSdJwt(token, checkMaxLength(options.maxLength));
  const jwt = decodeJws(split.issuerJwt, 'ERR_TOKEN_MALFORMED', 'Issuer-signed JWT');
  const disclosures = await decodeDisclosures(split.disclosures, sdAlgOf(jwt.payload));
  if (split.kbJwt === undefined) return { jwt, disclosures };
  return { jwt, disclosures, kbJwt: decodeJws(split.kbJwt, 'ERR_TOKEN_MALFORMED', 'KB-JWT') };
}
