/**
 * @module @elicense/core
 *
 * The pure heart of elicense: errors with stable codes, base64url and JSON helpers, keys, signers
 * and verifiers with WebCrypto defaults, compact JWS, and SD-JWT (RFC 9901) with the SD-JWT VC
 * profile — issue with a disclosure frame, present a chosen subset with a key-binding JWT, and
 * verify with every rule of RFC 9901 §7. No I/O: time, randomness and keys are injected.
 */
export { ElicenseError, InvalidClaimError, isElicenseError } from './errors.js';
export type { ErrorCode, ElicenseErrorOptions } from './errors.js';
export { encodeBase64url, decodeBase64url, decodeBase64urlToString } from './base64url.js';
export { isJsonObject, parseJson, parseJsonObject } from './json.js';
export { loadOnFirstUse } from './load-on-first-use.js';
export {
  assertBytes,
  assertFunction,
  assertInteger,
  assertObject,
  assertString,
  describeValue,
  invalidArgument,
  readClock,
  toSeconds,
} from './arguments.js';
export type { JsonObject } from './json.js';
export type { JWK, JwsAlgorithm, Signer, Verifier, Hasher, SigningKey } from './crypto/types.js';
export { SUPPORTED_ALGORITHMS, DEFAULT_ALGORITHMS } from './crypto/types.js';
export { algorithmForKey, assertKeyForAlgorithm, isSupportedAlgorithm } from './crypto/algorithms.js';
export { getHasher, SUPPORTED_HASH_ALGORITHMS } from './crypto/hash.js';
export { sha256Bytes } from './crypto/sha256-bytes.js';
export {
  createSigner,
  createVerifier,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  publicJwkOf,
  signingKeyFromJwk,
  verifySignature,
} from './crypto/webcrypto.js';
export type { GeneratedKeyPair } from './crypto/webcrypto.js';
export { calculateJwkThumbprint } from './jwk/thumbprint.js';
export { decodeJws, jwsSigningInput } from './jws/compact.js';
export type { DecodedJws } from './jws/compact.js';
export { signJwt } from './jws/sign.js';
export { verifyJwt, verifyDecodedJws } from './jws/verify.js';
export type { VerifyJwtOptions } from './jws/verify.js';
export type {
  ClaimPath,
  DisclosureFrame,
  Disclosure,
  SdHashAlgorithm,
  IssueSdJwtOptions,
  DecodedSdJwt,
  DecodeSdJwtOptions,
  KeyBindingOptions,
  PresentSdJwtOptions,
  VerifySdJwtOptions,
  VerifiedSdJwt,
  ProcessedSdJwt,
} from './sd-jwt/types.js';
export {
  SD_DIGESTS_KEY,
  SD_ARRAY_ELEMENT_KEY,
  SD_ALG_KEY,
  DEFAULT_SD_ALG,
  KB_JWT_TYP,
  DEFAULT_MAX_TOKEN_LENGTH,
  DEFAULT_KB_MAX_AGE,
} from './sd-jwt/constants.js';
export { parseClaimPath, formatClaimPath } from './sd-jwt/claim-path.js';
export { computeDisclosureDigest, computeSdHash } from './sd-jwt/digest.js';
export { decodeDisclosure } from './sd-jwt/decode-disclosure.js';
export { issueSdJwt } from './sd-jwt/issue.js';
export { decodeSdJwt } from './sd-jwt/decode.js';
export { processSdJwt } from './sd-jwt/process.js';
export { presentSdJwt } from './sd-jwt/present.js';
export { verifySdJwt } from './sd-jwt/verify.js';
export type { SdJwtVcPayload, VerifySdJwtVcOptions, VerifiedSdJwtVc } from './sd-jwt-vc/types.js';
export { SD_JWT_VC_TYP, SD_JWT_VC_LEGACY_TYP, NON_DISCLOSABLE_CLAIMS } from './sd-jwt-vc/constants.js';
export { issueSdJwtVc } from './sd-jwt-vc/issue.js';
export { verifySdJwtVc } from './sd-jwt-vc/verify.js';
export type {
  SdJwtJson,
  SdJwtJsonFlattened,
  SdJwtJsonGeneral,
  SdJwtJsonSignature,
  SdJwtJsonHeader,
  SdJwtJsonToCompactOptions,
  VerifiedSdJwtJson,
} from './sd-jwt/types.js';
export { sdJwtJsonToCompact } from './sd-jwt/json-to-compact.js';
export { sdJwtCompactToJson } from './sd-jwt/compact-to-json.js';
export { verifySdJwtJson } from './sd-jwt/verify-json.js';
