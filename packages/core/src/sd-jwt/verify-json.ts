import { ElicenseError } from '../errors.js';
import { compactOf, readSdJwtJson } from '../internal/sd-jwt-json.js';
import { checkVerifyOptions, completeSdJwtVerification, verifyIssuerSignedJwt } from '../internal/sd-jwt-verify.js';
import type { SdJwtJson, VerifiedSdJwtJson, VerifySdJwtOptions } from './types.js';

/**
 * Verify an SD-JWT or SD-JWT+KB in the JWS JSON Serialization (flattened or general; an object or its
 * JSON text) with every check {@link verifySdJwt} makes, the same options, result and error codes —
 * the Disclosures are taken from the unprotected header's `disclosures` and the KB-JWT from `kb_jwt`,
 * and `sd_hash` is checked over the compact form built from the first signature (RFC 9901 §8.1, §8.4).
 *
 * Signatures (General JSON Serialization): they are tried in order, each with the key `issuerKey`
 * gives — a function receives that signature's JOSE Header (protected and unprotected members, so an
 * unprotected `kid` can pick the key) — and the first that verifies (`alg` allowed, `typ` if asked,
 * signature valid) is used: at least one must, as RFC 7515 §5.2 requires; `signatureIndex` says which.
 * When none verifies, the first signature's error is thrown (its code; `details.signatures` lists each
 * signature's code). `disclosures` or `kb_jwt` anywhere but the first signature's unprotected header,
 * and every other structural fault, is `ERR_TOKEN_MALFORMED`.
 *
 * @example
 * ```ts
 * const keys: Record<string, JWK> = { 'issuer-key-1': issuerJwk1, 'issuer-key-2': issuerJwk2 }
 * const { payload, kb, signatureIndex } = await verifySdJwtJson(json, {
 *   issuerKey: (header) => keys[String(header.kid)] ?? issuerJwk1,
 *   nonce: '1234567890',
 *   aud: 'https://verifier.example.org',
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.4
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function verifySdJwtJson(json: SdJwtJson | string, options: VerifySdJwtOptions): Promise<VerifiedSdJwtJson> {
  const o = checkVerifyOptions(options);
  const read = readSdJwtJson(json, o.maxLength);
  const n = read.signatures.length;

  // §7.1 step 2, once per signature until one verifies
  const failures: unknown[] = [];
  let index = -1;
  for (let i = 0; i < n; i++) {
    const sig = read.signatures[i]!;
    try {
      await verifyIssuerSignedJwt(sig.jws, options, o, n === 1 ? 'Issuer-signed JWT' : `Issuer-signed JWT (signature ${i + 1} of ${n})`, sig.joseHeader);
      index = i;
      break;
    } catch (e) {
      failures.push(e);
    }
  }
  if (index < 0) throw noSignatureVerifies(failures);

  // §7.1 step 3–6 and §7.3, with sd_hash over the compact form with the first signature (§8.1)
  const result = await completeSdJwtVerification(
    { jwt: read.signatures[index]!.jws, disclosures: read.disclosures, kbJwt: read.kbJwt, sdJwt: compactOf(read, 0, false) },
    o,
    options,
  );
  return { ...result, signatureIndex: index };
}

function noSignatureVerifies(failures: unknown[]): unknown {
  const first = failures[0];
  if (failures.length === 1 || !(first instanceof ElicenseError)) return first;
  const messages = failures.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  return new ElicenseError(first.code, `none of the ${failures.length} signatures verifies: ${messages}`, {
    cause: first,
    details: { signatures: failures.map((e, i) => ({ index: i, code: e instanceof ElicenseError ? e.code : undefined })) },
  });
}
