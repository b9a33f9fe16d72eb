import { parse } from 'did-resolver';
import { MAX_DID_LENGTH } from './internal/limits.js';

/**
 * The DID a DID URL belongs to (its path, query, parameters and fragment removed), or `undefined`
 * when the string is not a DID URL. Use it to check that a JWS `kid` names a key of `iss`.
 *
 * @example
 * ```ts
 * didOfUrl('did:web:gov.example:bureau#key-1') // 'did:web:gov.example:bureau'
 * ```
 * @see https://www.w3.org/TR/did-core/#did-url-syntax
 */
export function didOfUrl(didUrl: unknown): string | undefined {
  if (typeof didUrl !== 'string' || didUrl.length > MAX_DID_LENGTH) return undefined;
  return parse(didUrl)?.did ?? undefined;
}
