import { encodeBase64url, getHasher, invalidArgument } from '@elicense/core';

/**
 * The digest an anchor carries: base64url (no padding) SHA-256 of a status list token exactly as
 * published, over its ASCII bytes. A compact JWS is ASCII; anything else is refused with
 * `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const digest = await digestStatusListToken(statusListToken) // 43 characters
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#section-5.1
 */
export async function digestStatusListToken(token: string): Promise<string> {
  if (typeof token !== 'string' || token.length === 0) throw invalidArgument('token', 'a non-empty string', token);
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c > 0x7f) throw invalidArgument('token', `ASCII text (a compact JWS); character ${i} is not ASCII`, token);
    bytes[i] = c;
  }
  return encodeBase64url(await getHasher('sha-256')(bytes));
}
