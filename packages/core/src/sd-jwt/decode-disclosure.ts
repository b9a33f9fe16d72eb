import { decodeBase64urlToString } from '../base64url.js';
import { ElicenseError } from '../errors.js';
import { parseJson } from '../json.js';
import { DEFAULT_SD_ALG, SD_ALG_KEY, SD_ARRAY_ELEMENT_KEY, SD_DIGESTS_KEY } from './constants.js';
import { computeDisclosureDigest } from './digest.js';
import type { Disclosure } from './types.js';

const RESERVED_NAMES: ReadonlySet<string> = new Set([SD_DIGESTS_KEY, SD_ARRAY_ELEMENT_KEY, SD_ALG_KEY]);

/**
 * Decode one Disclosure and compute its digest. Throws `ERR_DISCLOSURE_MALFORMED` unless it is strict
 * base64url of UTF-8 JSON that is an array of `[salt, name, value]` or `[salt, value]` with a string salt
 * and a string name other than `_sd`, `...` and `_sd_alg`.
 *
 * @example
 * ```ts
 * const d = await decodeDisclosure('WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0')
 * // { salt: '_26bc4LT-ac6q2KI6cBW5es', name: 'family_name', value: 'Möbius', digest: 'X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0', ... }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.2
 */
export async function decodeDisclosure(encoded: string, hashAlg: string = DEFAULT_SD_ALG): Promise<Disclosure> {
  if (typeof encoded !== 'string' || encoded.length === 0) {
    throw new ElicenseError('ERR_DISCLOSURE_MALFORMED', `disclosure must be a non-empty base64url string, got ${typeof encoded === 'string' ? 'an empty string' : typeof encoded}`);
  }
  const text = decodeBase64urlToString(encoded, 'ERR_DISCLOSURE_MALFORMED', 'disclosure');
  const parsed = parseJson(text, 'ERR_DISCLOSURE_MALFORMED', 'disclosure');
  if (!Array.isArray(parsed) || (parsed.length !== 2 && parsed.length !== 3)) {
    throw new ElicenseError('ERR_DISCLOSURE_MALFORMED', 'disclosure must be a JSON array of [salt, claim name, claim value] or [salt, array element]');
  }
  const salt: unknown = parsed[0];
  if (typeof salt !== 'string') {
    throw new ElicenseError('ERR_DISCLOSURE_MALFORMED', `disclosure salt must be a string, got ${salt === null ? 'null' : typeof salt}`);
  }
  const digest = await computeDisclosureDigest(encoded, hashAlg);
  if (parsed.length === 2) return { salt, value: parsed[1] as unknown, encoded, digest };
  const name: unknown = parsed[1];
  if (typeof name !== 'string') {
    throw new ElicenseError('ERR_DISCLOSURE_MALFORMED', `disclosure claim name must be a string, got ${name === null ? 'null' : typeof name}`);
  }
  if (RESERVED_NAMES.has(name)) {
    throw new ElicenseError('ERR_DISCLOSURE_MALFORMED', `disclosure claim name must not be ${JSON.stringify(name)}`);
  }
  return { salt, name, value: parsed[2] as unknown, encoded, digest };
}
