import { checkVerifyOptions, completeSdJwtVerification, verifyIssuerSignedJwt } from '../internal/sd-jwt-verify.js';
import { splitSdJwt } from '../internal/sd-jwt.js';
import { cachedSdJwt, parseSdJwt, publicJws } from '../internal/sd-jwt-cache.js';
import { decodeJws } from '../jws/compact.js';
import type { VerifiedSdJwt, VerifySdJwtOptions } from './types.js';

/**
 * Verify an SD-JWT or SD-JWT+KB and return the Processed SD-JWT Payload (RFC 9901 §7.1 and §7.3):
 * the Issuer-signed JWT's `alg` (allowlist; never `none` or HMAC), `typ` (if asked) and signature;
 * `_sd_alg`; every Disclosure (well-formed, referenced exactly once, right kind for its place, no name
 * clashes, recursive Disclosures included; digests without a Disclosure are ignored as decoys);
 * `exp`/`nbf`/`iat` of the processed payload against `now`; and the KB-JWT — required when `nonce` or
 * `aud` is given (or `requireKeyBinding`), and verified whenever present: `typ` `kb+jwt`, signature by
 * `cnf.jwk`, `iat` within `kbMaxAge`, `nonce`, `aud`, `sd_hash`.
 *
 * Every failure is an {@link ElicenseError} with a stable code (`ERR_SIGNATURE_INVALID`,
 * `ERR_DISCLOSURE_UNREFERENCED`, `ERR_NONCE_MISMATCH`, …); bad options throw `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const { payload, kb } = await verifySdJwt(presentation, {
 *   issuerKey: issuerPublicJwk,
 *   nonce: '1234567890',
 *   aud: 'https://verifier.example.org',
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.3
 */
export async function verifySdJwt(token: string, options: VerifySdJwtOptions): Promise<VerifiedSdJwt> {
  const o = checkVerifyOptions(options);
  const split = splitSdJwt(token, o.maxLength);

  // §7.1 step 2: the Issuer-signed JWT, decoded once per distinct SD-JWT and then shared through the cache
  // (the signature is checked every time; a key-picking issuerKey function gets a copy it may keep or change)
  const hit = cachedSdJwt(split.sdJwt);
  const jwt = hit === undefined ? decodeJws(split.issuerJwt, 'ERR_TOKEN_MALFORMED', 'Issuer-signed JWT') : hit.jwt;
  await verifyIssuerSignedJwt(typeof options.issuerKey === 'function' ? publicJws(jwt) : jwt, options, o);

  // §7.1 step 3–6 and §7.3
  const parsed = hit ?? (await parseSdJwt(split, jwt));
  return completeSdJwtVerification({ jwt, disclosures: split.disclosures, kbJwt: split.kbJwt, sdJwt: split.sdJwt, parsed }, o, options);
}
