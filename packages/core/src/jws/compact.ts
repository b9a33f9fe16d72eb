import { decodeBase64url, decodeBase64urlToString, encodeBase64url } from '../base64url.js';
import type { JsonObject } from '../json.js';
import { parseJsonObject } from '../json.js';
import { ElicenseError, type ErrorCode } from '../errors.js';

/** A compact JWS split into its parts and decoded, not verified. */
export interface DecodedJws {
  /** Protected header. */
  header: JsonObject;
  /** Payload parsed as a JSON object. */
  payload: JsonObject;
  /** `BASE64URL(header) '.' BASE64URL(payload)`, the bytes the signature covers. */
  signingInput: string;
  /** Raw signature bytes. */
  signature: Uint8Array;
}

/**
 * Split and decode a compact JWS whose payload is a JSON object (a JWT). No signature check.
 * Malformed input throws `code` (default `ERR_TOKEN_MALFORMED`) with `what` in the message.
 *
 * @example
 * ```ts
 * const { header, payload } = decodeJws(jwt)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export function decodeJws(token: string, code: ErrorCode = 'ERR_TOKEN_MALFORMED', what = 'JWT'): DecodedJws {
  if (typeof token !== 'string') throw new ElicenseError(code, `${what} must be a string, got ${typeof token}`);
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
    throw new ElicenseError(code, `${what} must have exactly three dot-separated parts`);
  }
  const h = token.slice(0, first);
  const p = token.slice(first + 1, second);
  const s = token.slice(second + 1);
  if (h.length === 0 || p.length === 0) throw new ElicenseError(code, `${what} has an empty header or payload`);
  const header = parseJsonObject(decodeBase64urlToString(h, code, `${what} header`), code, `${what} header`);
  const payload = parseJsonObject(decodeBase64urlToString(p, code, `${what} payload`), code, `${what} payload`);
  const signature = decodeBase64url(s, code, `${what} signature`);
  return { header, payload, signingInput: `${h}.${p}`, signature };
}

/** Build the compact JWS signing input for a header and payload. */
export function jwsSigningInput(header: JsonObject, payload: JsonObject): string {
  return `${encodeBase64url(JSON.stringify(header))}.${encodeBase64url(JSON.stringify(payload))}`;
}
