import { ElicenseError } from '../errors.js';
import type { JWK, JwsAlgorithm } from './types.js';
import { SUPPORTED_ALGORITHMS } from './types.js';

interface AlgorithmInfo {
  kty: 'EC' | 'OKP';
  crv: string;
  /** WebCrypto import parameters. */
  importParams: EcKeyImportParams | { name: 'Ed25519' };
  /** WebCrypto sign/verify parameters. */
  signParams: EcdsaParams | { name: 'Ed25519' };
  /** Raw signature length in bytes. */
  signatureLength: number;
}

const TABLE: Record<JwsAlgorithm, AlgorithmInfo> = {
  ES256: { kty: 'EC', crv: 'P-256', importParams: { name: 'ECDSA', namedCurve: 'P-256' }, signParams: { name: 'ECDSA', hash: 'SHA-256' }, signatureLength: 64 },
  ES384: { kty: 'EC', crv: 'P-384', importParams: { name: 'ECDSA', namedCurve: 'P-384' }, signParams: { name: 'ECDSA', hash: 'SHA-384' }, signatureLength: 96 },
  ES512: { kty: 'EC', crv: 'P-521', importParams: { name: 'ECDSA', namedCurve: 'P-521' }, signParams: { name: 'ECDSA', hash: 'SHA-512' }, signatureLength: 132 },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', importParams: { name: 'Ed25519' }, signParams: { name: 'Ed25519' }, signatureLength: 64 },
  Ed25519: { kty: 'OKP', crv: 'Ed25519', importParams: { name: 'Ed25519' }, signParams: { name: 'Ed25519' }, signatureLength: 64 },
};

/** True when `alg` is one of the algorithms elicense implements. */
export function isSupportedAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === 'string' && (SUPPORTED_ALGORITHMS as readonly string[]).includes(alg);
}

/** @internal */
export function algorithmInfo(alg: string): AlgorithmInfo {
  if (!isSupportedAlgorithm(alg)) {
    throw new ElicenseError('ERR_ALGORITHM_NOT_ALLOWED', `unsupported JWS algorithm ${JSON.stringify(alg)}`);
  }
  return TABLE[alg];
}

/**
 * The JWS algorithm that goes with a public key: ES256 for P-256, ES384 for P-384, ES512 for P-521,
 * EdDSA for Ed25519.
 *
 * @example
 * ```ts
 * algorithmForKey({ kty: 'EC', crv: 'P-256', x, y }) // 'ES256'
 * ```
 */
export function algorithmForKey(jwk: JWK): JwsAlgorithm {
  if (jwk.kty === 'EC') {
    if (jwk.crv === 'P-256') return 'ES256';
    if (jwk.crv === 'P-384') return 'ES384';
    if (jwk.crv === 'P-521') return 'ES512';
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  throw new ElicenseError('ERR_KEY_INVALID', `unsupported key type ${String(jwk.kty)}/${String(jwk.crv)}; expected EC P-256/P-384/P-521 or OKP Ed25519`);
}

/**
 * Check that a JWK is a well-formed key of the curve `alg` needs. Private members are refused unless
 * `allowPrivate`.
 */
export function assertKeyForAlgorithm(jwk: unknown, alg: JwsAlgorithm, allowPrivate = false): asserts jwk is JWK {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new ElicenseError('ERR_KEY_INVALID', `key must be a JWK object, got ${jwk === null ? 'null' : typeof jwk}`);
  }
  const k = jwk as JWK;
  const info = TABLE[alg];
  if (k.kty !== info.kty || k.crv !== info.crv) {
    throw new ElicenseError(
      'ERR_KEY_INVALID',
      `${alg} needs a ${info.kty} ${info.crv} key, got ${String(k.kty)}/${String(k.crv)}`,
    );
  }
  if (typeof k.x !== 'string' || (info.kty === 'EC' && typeof k.y !== 'string')) {
    throw new ElicenseError('ERR_KEY_INVALID', `${info.crv} JWK is missing its coordinates`);
  }
  if (!allowPrivate && k.d !== undefined) {
    throw new ElicenseError('ERR_KEY_INVALID', 'expected a public JWK but it contains the private member "d"');
  }
}
