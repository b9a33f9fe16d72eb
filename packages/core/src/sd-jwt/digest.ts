import { hashStringFast } from '#backend';
import { encodeBase64url } from '../base64url.js';
import { getHasher } from '../crypto/hash.js';
import { ElicenseError } from '../errors.js';
import { utf8Encode } from '../internal/bytes.js';
import { DEFAULT_SD_ALG } from './constants.js';

/**
 * The digest of a Disclosure: base64url(hash(ASCII(disclosure))), over the base64url string exactly as
 * it appears in the token. Unknown `hashAlg` throws `ERR_SD_ALG_UNSUPPORTED`.
 *
 * @example
 * ```ts
 * await computeDisclosureDigest('WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0') // 'w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.2.3
 */
export async function computeDisclosureDigest(encoded: string, hashAlg: string = DEFAULT_SD_ALG): Promise<string> {
  if (typeof encoded !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', `disclosure must be a string, got ${typeof encoded}`);
  const hasher = getHasher(hashAlg); // throws ERR_SD_ALG_UNSUPPORTED
  return hashStringFast(hashAlg, encoded) ?? encodeBase64url(await hasher(utf8Encode(encoded)));
}

/**
 * The `sd_hash` of a presentation: base64url(hash(ASCII(`<Issuer-signed JWT>~<Disclosure 1>~…~<Disclosure N>~`))).
 * Given an SD-JWT+KB, the KB-JWT after the last `~` is left out, as the hash requires.
 *
 * @example
 * ```ts
 * const sd_hash = await computeSdHash(presentation, 'sha-256')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.3.1
 */
export async function computeSdHash(sdJwt: string, hashAlg: string = DEFAULT_SD_ALG): Promise<string> {
  if (typeof sdJwt !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', `SD-JWT must be a string, got ${typeof sdJwt}`);
  const end = sdJwt.lastIndexOf('~');
  if (end < 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'SD-JWT must contain "~" (an Issuer-signed JWT alone has no sd_hash)');
  const hasher = getHasher(hashAlg); // throws ERR_SD_ALG_UNSUPPORTED
  const input = end === sdJwt.length - 1 ? sdJwt : sdJwt.slice(0, end + 1);
  return hashStringFast(hashAlg, input) ?? encodeBase64url(await hasher(utf8Encode(input)));
}
