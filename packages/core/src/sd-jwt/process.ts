import { ElicenseError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { checkMaxLength, splitSdJwt } from '../internal/sd-jwt.js';
import { cloneJson, parseSdJwt, processedOf, publicJwsPart, publicPlaced } from '../internal/sd-jwt-cache.js';
import type { DecodeSdJwtOptions, ProcessedSdJwt } from './types.js';

/**
 * The Holder's view of an SD-JWT: every Disclosure it carries applied to the payload, with the path where
 * each one landed — what a wallet shows and picks claims from. Runs every structural check of RFC 9901
 * §7.1 step 3–5 but does **not** verify the Issuer's signature or any time claim; a trailing KB-JWT
 * is ignored. Use {@link verifySdJwt} to verify.
 *
 * @example
 * ```ts
 * const { payload, disclosures } = await processSdJwt(issued)
 * disclosures.map((d) => d.path) // [['given_name'], ['address'], ['nationalities', 0], ...]
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.2
 */
export async function processSdJwt(token: string, options: DecodeSdJwtOptions = {}): Promise<ProcessedSdJwt> {
  if (typeof options !== 'object' || options === null) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const split = splitSdJwt(token, checkMaxLength(options.maxLength));
  const parsed = await parseSdJwt(split);
  const { payload, placed } = processedOf(parsed);
  return { header: publicJwsPart(parsed.jwt, 0), payload: cloneJson(payload) as JsonObject, disclosures: publicPlaced(placed) };
}
