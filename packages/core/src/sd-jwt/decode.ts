import { ElicenseError } from '../errors.js';
import { checkMaxLength, splitSdJwt } from '../internal/sd-jwt.js';
import { decodeKbJwt, parseSdJwt, publicDisclosure, publicJws } from '../internal/sd-jwt-cache.js';
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
  const parsed = await parseSdJwt(split);
  const jwt = publicJws(parsed.jwt);
  const disclosures = parsed.disclosures.map(publicDisclosure);
  if (split.kbJwt === undefined) return { jwt, disclosures };
  return { jwt, disclosures, kbJwt: publicJws(decodeKbJwt(split.kbJwt, 'ERR_TOKEN_MALFORMED')) };
}
