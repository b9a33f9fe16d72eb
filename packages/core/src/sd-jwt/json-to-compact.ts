import { ElicenseError } from '../errors.js';
import { invalidArgument } from '../arguments.js';
import { isJsonObject } from '../json.js';
import { compactOf, readSdJwtJson } from '../internal/sd-jwt-json.js';
import type { SdJwtJson, SdJwtJsonToCompactOptions } from './types.js';

/**
 * The compact SD-JWT or SD-JWT+KB equivalent to one in the JWS JSON Serialization (flattened or
 * general; an object or its JSON text): `<protected>.<payload>.<signature>~<Disclosure 1>~…~<Disclosure N>~`
 * plus the `kb_jwt`, if any — the string RFC 9901 §8.1 has `sd_hash` computed over. Nothing is verified;
 * the structure is checked (`ERR_TOKEN_MALFORMED`, `ERR_INPUT_TOO_LARGE`).
 *
 * A General JSON Serialization uses its first signature unless `signatureIndex` picks another; with a
 * KB-JWT only the first is possible, because the KB-JWT's `sd_hash` covers the form with the first
 * signature (another index throws `ERR_INVALID_ARGUMENT`).
 *
 * @example
 * ```ts
 * const compact = sdJwtJsonToCompact(json)
 * await verifySdJwt(compact, { issuerKey, nonce, aud }) // same result as verifySdJwtJson(json, ...)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.1
 */
export function sdJwtJsonToCompact(json: SdJwtJson | string, options: SdJwtJsonToCompactOptions = {}): string {
  if (!isJsonObject(options)) throw invalidArgument('options', 'an object', options);
  const index = options.signatureIndex ?? 0;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
    throw invalidArgument('options.signatureIndex', 'a non-negative integer', index);
  }
  const read = readSdJwtJson(json);
  if (index >= read.signatures.length) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `options.signatureIndex is ${index}, but the SD-JWT has ${read.signatures.length} signature(s)`);
  }
  if (index > 0 && read.kbJwt !== undefined) {
    throw new ElicenseError(
      'ERR_INVALID_ARGUMENT',
      `options.signatureIndex must be 0 for an SD-JWT+KB: the KB-JWT's sd_hash covers the compact form with the first signature, so signature ${index} would give an SD-JWT+KB that fails verification`,
    );
  }
  return compactOf(read, index);
}
