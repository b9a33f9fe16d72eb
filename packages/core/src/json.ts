import { ElicenseError, type ErrorCode } from './errors.js';

/** A JSON object. */
export type JsonObject = { [key: string]: unknown };

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse JSON text, turning syntax errors into an {@link ElicenseError} with `code`.
 *
 * @example
 * ```ts
 * parseJson('{"a":1}', 'ERR_TOKEN_MALFORMED', 'JWT payload')
 * ```
 */
export function parseJson(text: string, code: ErrorCode = 'ERR_TOKEN_MALFORMED', what = 'JSON input'): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ElicenseError(code, `${what} is not valid JSON`, { cause });
  }
}

/** Parse JSON text that must be an object. */
export function parseJsonObject(text: string, code: ErrorCode = 'ERR_TOKEN_MALFORMED', what = 'JSON input'): JsonObject {
  const v = parseJson(text, code, what);
  if (!isJsonObject(v)) throw new ElicenseError(code, `${what} must be a JSON object`);
  return v;
}
