import type { JWK, JwsAlgorithm, SigningKey } from '../crypto/types.js';
import type { DecodedJws } from '../jws/compact.js';
import type { JsonObject } from '../json.js';

/**
 * A claim path: object keys and array indices from the top of the payload down; `null` selects every
 * element of an array (the SD-JWT VC claims path pointer). Functions that take paths also accept a
 * dotted string such as `'address.street_address'` or `'nationalities.0'` (see {@link parseClaimPath}).
 *
 * @example
 * ```ts
 * const path: ClaimPath = ['address', 'street_address']
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-5.6.1
 */
export type ClaimPath = readonly (string | number | null)[];

/**
 * Disclosure frame (sd-jwt-js syntax): `_sd` lists which keys (object) or indices (array) of this level
 * are selectively disclosable; nested frames under the key name (the index as a string for arrays)
 * apply recursively — a key that is both in `_sd` and has a nested frame is a recursive disclosure;
 * `_sd_decoy` is the number of decoy digests to add at this level. Keys named in the frame that the
 * claims do not contain are ignored, so one frame can serve credentials with optional claims.
 *
 * @example
 * ```ts
 * const frame: DisclosureFrame = { _sd: ['given_name', 'address'], address: { _sd: ['street_address'] }, nationalities: { _sd: [0, 1] } }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-6
 */
export interface DisclosureFrame {
  _sd?: readonly (string | number)[];
  _sd_decoy?: number;
  [key: string]: unknown;
}

/**
 * One Disclosure, decoded: `[salt, name, value]` for an object property, `[salt, value]` for an array element.
 *
 * @example
 * ```ts
 * const d = await decodeDisclosure('WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0')
 * d.value // 'FR'; d.name === undefined (array element)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.2
 */
export interface Disclosure {
  /** The salt, as in the Disclosure. */
  salt: string;
  /** Claim name; absent for array-element Disclosures. */
  name?: string;
  /** Claim value or array element. */
  value: unknown;
  /** The base64url string exactly as it appears in the token. */
  encoded: string;
  /** base64url digest of `encoded` under `_sd_alg`. */
  digest: string;
}

/**
 * Hash algorithms elicense issues `_sd_alg` with (IANA "Hash Name String" values).
 *
 * @example
 * ```ts
 * const hashAlg: SdHashAlgorithm = 'sha-256'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.1.1
 */
export type SdHashAlgorithm = 'sha-256' | 'sha-384' | 'sha-512';

/**
 * Options for {@link issueSdJwt}.
 *
 * @example
 * ```ts
 * const options: IssueSdJwtOptions = { signer: signingKeyFromJwk(issuerPrivateJwk), frame: { _sd: ['given_name'] } }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4
 */
export interface IssueSdJwtOptions {
  /** Signs the Issuer-signed JWT; `alg` (and `kid`, if set) go into the header. */
  signer: SigningKey;
  /** Which claims are selectively disclosable. Without a frame every claim is plaintext. */
  frame?: DisclosureFrame;
  /** Extra protected header members (`typ`, …); `alg`/`kid` come from the signer. */
  header?: JsonObject;
  /** Digest algorithm, written to `_sd_alg`. Default `sha-256`. */
  hashAlg?: SdHashAlgorithm;
  /** Salt source. Default: 128 bits from `randomBytes` (or the platform CSPRNG), base64url. */
  saltGenerator?: () => string;
  /** Random bytes for decoy digests (and default salts). Default `crypto.getRandomValues`. */
  randomBytes?: (n: number) => Uint8Array;
}

/**
 * An SD-JWT split into its parts and decoded, signatures not checked.
 *
 * @example
 * ```ts
 * const { jwt, disclosures, kbJwt } = await decodeSdJwt(token)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4
 */
export interface DecodedSdJwt {
  /** The Issuer-signed JWT: header, raw payload (with `_sd`), signing input and signature. */
  jwt: DecodedJws;
  /** The Disclosures in token order, digests computed with the payload's `_sd_alg` (default sha-256). */
  disclosures: Disclosure[];
  /** The Key Binding JWT, when the token is an SD-JWT+KB. */
  kbJwt?: DecodedJws;
}

/**
 * Options for {@link decodeSdJwt} and the holder-side {@link processSdJwt}.
 *
 * @example
 * ```ts
 * await decodeSdJwt(token, { maxLength: 64 * 1024 })
 * ```
 */
export interface DecodeSdJwtOptions {
  /** Largest accepted token, in characters. Default 1 MiB (1 048 576). */
  maxLength?: number;
}

/**
 * What the Holder signs into a Key Binding JWT.
 *
 * @example
 * ```ts
 * const kb: KeyBindingOptions = { signer: holderKey, nonce: '1234567890', aud: 'https://verifier.example.org', iat: 1748536865 }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.3
 */
export interface KeyBindingOptions {
  /** The Holder's key (the one in `cnf.jwk`). */
  signer: SigningKey;
  /** The Verifier's nonce. */
  nonce: string;
  /** The Verifier, as a single string. */
  aud: string;
  /** Creation time, Unix seconds. */
  iat: number;
}

/**
 * Options for {@link presentSdJwt}.
 *
 * @example
 * ```ts
 * const options: PresentSdJwtOptions = { reveal: ['given_name', ['address', 'country']], exclude: [] }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.2
 */
export interface PresentSdJwtOptions {
  /**
   * Claims to disclose. Revealing a path reveals every Disclosure needed to reach it and the whole
   * subtree under it; `[]` discloses nothing.
   */
  reveal: readonly (ClaimPath | string)[];
  /**
   * Claims to withhold even though they lie under a revealed path (e.g. reveal `address` but
   * exclude `address.street_address`). An excluded path takes its subtree with it. Default none.
   */
  exclude?: readonly (ClaimPath | string)[];
  /** Adds a Key Binding JWT. */
  keyBinding?: KeyBindingOptions;
}

/**
 * Options for {@link verifySdJwt}: the safety choices, each with a safe default.
 *
 * @example
 * ```ts
 * const options: VerifySdJwtOptions = { issuerKey, nonce: '1234567890', aud: 'https://verifier.example.org', now: 1748536865 }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7
 */
export interface VerifySdJwtOptions {
  /**
   * The Issuer's public key, or a function that picks it from the protected header and the payload as
   * signed (before Disclosures are applied), e.g. by `kid` or `iss`. With the JWS JSON Serialization
   * ({@link verifySdJwtJson}) the function is called once per signature tried and receives that
   * signature's JOSE Header — protected and unprotected members together, without `disclosures` and
   * `kb_jwt` — so an unprotected `kid` can pick the key (a wrong pick only makes that signature fail).
   */
  issuerKey: JWK | ((header: JsonObject, payload: JsonObject) => JWK | Promise<JWK>);
  /**
   * JWS algorithm allowlist for the Issuer-signed JWT and the KB-JWT. Default ES256 and EdDSA (with
   * `Ed25519`, its fully-specified name). `none` and HMAC are never accepted.
   */
  algorithms?: readonly JwsAlgorithm[];
  /** Current time, Unix seconds. Default `Math.floor(Date.now() / 1000)`. */
  now?: number;
  /** Seconds of clock skew tolerated for `exp`, `nbf` and `iat`. Default 0. */
  clockTolerance?: number;
  /** Whether a KB-JWT is required. Default: true iff `nonce` or `aud` is given. */
  requireKeyBinding?: boolean;
  /** Expected KB-JWT `nonce`. */
  nonce?: string;
  /** Expected KB-JWT `aud`. */
  aud?: string;
  /** How many seconds a KB-JWT `iat` may lie in the past. Default 300. */
  kbMaxAge?: number;
  /** Required Issuer-signed JWT header `typ`, if any. */
  typ?: string | readonly string[];
  /** Largest accepted token, in characters. Default 1 MiB. */
  maxLength?: number;
}

/**
 * The result of {@link verifySdJwt}.
 *
 * @example
 * ```ts
 * const { payload, disclosures } = await verifySdJwt(token, options)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
 */
export interface VerifiedSdJwt {
  /** Issuer-signed JWT protected header. */
  header: JsonObject;
  /** The Processed SD-JWT Payload: digests replaced, `_sd`/`_sd_alg`/`...` removed, undisclosed elements dropped. */
  payload: JsonObject;
  /** The verified Key Binding JWT, when one was present. */
  kb?: { header: JsonObject; payload: JsonObject };
  /** Where each presented Disclosure landed in `payload`. */
  disclosures: { path: ClaimPath; disclosure: Disclosure }[];
}

/**
 * The result of {@link processSdJwt}: the Holder's view of a credential, every Disclosure it holds applied.
 *
 * @example
 * ```ts
 * const { payload, disclosures } = await processSdJwt(issued)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.2
 */
export interface ProcessedSdJwt {
  /** Issuer-signed JWT protected header. */
  header: JsonObject;
  /** The payload with every Disclosure in the token applied. */
  payload: JsonObject;
  /** Where each Disclosure landed in `payload`. */
  disclosures: { path: ClaimPath; disclosure: Disclosure }[];
}

/**
 * The unprotected header of an SD-JWT in the JWS JSON Serialization: the Disclosures, the KB-JWT of an
 * SD-JWT+KB, and any other (unprotected, so not integrity-protected) JOSE Header parameters such as `kid`.
 *
 * @example
 * ```ts
 * const header: SdJwtJsonHeader = { disclosures: ['WyI2SWo3dE0tYTVpVlBHYm9TNXRtdlZBIiwgImZhbWlseV9uYW1lIiwgIkRvZSJd'], kid: 'issuer-key-1' }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.1
 */
export interface SdJwtJsonHeader {
  /** The Disclosures, each as in the compact form (base64url). */
  disclosures?: string[];
  /** The Key Binding JWT; present only in an SD-JWT+KB, where it is required. */
  kb_jwt?: string;
  [parameter: string]: unknown;
}

/**
 * An SD-JWT or SD-JWT+KB in the Flattened JWS JSON Serialization: one signature, and the Disclosures
 * and KB-JWT in the unprotected `header`.
 *
 * @example
 * ```ts
 * const json: SdJwtJsonFlattened = sdJwtCompactToJson(presentation)
 * json.header.disclosures // the Disclosures; json.header.kb_jwt // the KB-JWT
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.2
 */
export interface SdJwtJsonFlattened {
  /** BASE64URL(UTF8(JWS Protected Header)) of the Issuer-signed JWT. */
  protected: string;
  /** BASE64URL(JWS Payload): the Issuer-signed JWT's payload, with the digests. */
  payload: string;
  /** BASE64URL(JWS Signature). */
  signature: string;
  /** The unprotected header: `disclosures`, `kb_jwt` and other parameters. */
  header: SdJwtJsonHeader;
}

/**
 * One signature of the General JWS JSON Serialization.
 *
 * @example
 * ```ts
 * const second: SdJwtJsonSignature = { protected: 'eyJhbGciOiAiRVMyNTYiLCAidHlwIjogImV4YW1wbGUrc2Qtand0In0', signature: 'lI-A…', header: { kid: 'issuer-key-2' } }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.2.1
 */
export interface SdJwtJsonSignature {
  /** BASE64URL(UTF8(JWS Protected Header)) of this signature. */
  protected: string;
  /** BASE64URL(JWS Signature) over `protected` `.` `payload`. */
  signature: string;
  /** The unprotected header; only the first signature's may hold `disclosures` and `kb_jwt`. */
  header?: SdJwtJsonHeader;
}

/**
 * An SD-JWT or SD-JWT+KB in the General JWS JSON Serialization: one payload signed several times.
 * `disclosures` and `kb_jwt`, if present, are in the unprotected header of the first signature and in
 * no other.
 *
 * @example
 * ```ts
 * const json: SdJwtJsonGeneral = { payload, signatures: [{ protected, signature, header: { disclosures, kb_jwt, kid: 'issuer-key-1' } }, second] }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.3
 */
export interface SdJwtJsonGeneral {
  /** BASE64URL(JWS Payload), shared by every signature. */
  payload: string;
  /** At least one signature; the first carries the Disclosures and the KB-JWT. */
  signatures: SdJwtJsonSignature[];
}

/**
 * An SD-JWT or SD-JWT+KB in the JWS JSON Serialization, flattened or general.
 *
 * @example
 * ```ts
 * const json: SdJwtJson = JSON.parse(received)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8
 */
export type SdJwtJson = SdJwtJsonFlattened | SdJwtJsonGeneral;

/**
 * Options for {@link sdJwtJsonToCompact}.
 *
 * @example
 * ```ts
 * sdJwtJsonToCompact(general, { signatureIndex: 1 })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.1
 */
export interface SdJwtJsonToCompactOptions {
  /**
   * Which signature of a General JSON Serialization becomes the compact Issuer-signed JWT. Default 0,
   * the first — the one `sd_hash` is computed with, and the only choice when there is a KB-JWT.
   */
  signatureIndex?: number;
}

/**
 * The result of {@link verifySdJwtJson}: the same as {@link verifySdJwt}'s, plus which signature verified.
 *
 * @example
 * ```ts
 * const { payload, signatureIndex } = await verifySdJwtJson(json, { issuerKey: (header) => keys[String(header.kid)] })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9901#section-8.4
 */
export interface VerifiedSdJwtJson extends VerifiedSdJwt {
  /** Index in `signatures` of the signature that verified (always 0 for the Flattened JSON Serialization). */
  signatureIndex: number;
}
