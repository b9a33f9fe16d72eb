import { encodeBase64url } from '../base64url.js';
import { isSupportedAlgorithm } from '../crypto/algorithms.js';
import type { SigningKey } from '../crypto/types.js';
import { ElicenseError } from '../errors.js';
import { utf8Encode } from '../internal/bytes.js';
import type { JsonObject } from '../json.js';
import { jwsSigningInput } from './compact.js';

/**
 * Sign a JWT: `alg` (and `kid`, when the key has one) are set from `key`; other header members
 * (such as `typ`) come from `header`.
 *
 * @example
 * ```ts
 * const jwt = await signJwt({ typ: 'kb+jwt' }, { nonce, aud, iat }, holderKey)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.1
 */
export async function signJwt(header: JsonObject, payload: JsonObject, key: SigningKey): Promise<string> {
  if (!isSupportedAlgorithm(key.alg)) {
    throw new ElicenseError('ERR_ALGORITHM_NOT_ALLOWED', `cannot sign with algorithm ${JSON.stringify(key.alg)}`);
  }
  const fullHeader: JsonObject = { ...header, alg: key.alg };
  if (key.kid !== undefined && fullHeader.kid === undefined) fullHeader.kid = key.kid;
  const input = jwsSigningInput(fullHeader, payload);
  const signature = await key.sign(utf8Encode(input));
  if (!(signature instanceof Uint8Array)) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'the Signer must resolve to a Uint8Array signature');
  }
  return `${input}.${encodeBase64url(signature)}`;
}
