import { ElicenseError, algorithmForKey, assertKeyForAlgorithm, createSigner, generateKeyPair, isJsonObject, publicJwkOf } from '@elicense/core';
import type { JWK, JwsAlgorithm, Signer } from '@elicense/core';
import type { IssuerOptions } from '../types.js';
import { assertFunction, invalidArgument } from '@elicense/core';

/** The issuer's key material, whichever way it came in. */
export interface IssuerKey {
  alg: 'ES256' | 'EdDSA';
  sign: Signer;
  publicJwk: JWK;
  privateJwk: JWK | undefined;
}

function normalizeAlg(alg: JwsAlgorithm, where: string): 'ES256' | 'EdDSA' {
  if (alg === 'ES256') return 'ES256';
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'EdDSA';
  throw new ElicenseError('ERR_ALGORITHM_NOT_ALLOWED', `${where}: issuers sign with ES256 (P-256) or EdDSA (Ed25519), got ${alg}`);
}

/** Resolve the issuer key from {@link IssuerOptions}: an external signer, a restored JWK, or a new key. */
export async function loadIssuerKey(options: IssuerOptions): Promise<IssuerKey> {
  const { alg, privateJwk, signer } = options;
  if (alg !== undefined && alg !== 'ES256' && alg !== 'EdDSA') throw invalidArgument('options.alg', '"ES256" or "EdDSA"', alg);
  if (privateJwk !== undefined && signer !== undefined) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', 'options.privateJwk and options.signer are exclusive; pass one');
  }
  if (signer !== undefined) {
    if (!isJsonObject(signer)) throw invalidArgument('options.signer', 'a SigningKey with its publicJwk', signer);
    assertFunction(signer.sign, 'options.signer.sign');
    const keyAlg = normalizeAlg(algorithmForKey(signer.publicJwk), 'options.signer.publicJwk');
    const signerAlg = normalizeAlg(signer.alg, 'options.signer.alg');
    if (signerAlg !== keyAlg) {
      throw new ElicenseError('ERR_KEY_INVALID', `options.signer.alg is ${signer.alg} but its publicJwk is a ${String(signer.publicJwk.crv)} key`);
    }
    if (alg !== undefined && alg !== keyAlg) throw invalidArgument('options.alg', `${keyAlg} to match options.signer`, alg);
    assertKeyForAlgorithm(signer.publicJwk, keyAlg);
    return { alg: keyAlg, sign: signer.sign, publicJwk: publicJwkOf(signer.publicJwk), privateJwk: undefined };
  }
  if (privateJwk !== undefined) {
    if (!isJsonObject(privateJwk)) throw new ElicenseError('ERR_KEY_INVALID', 'options.privateJwk must be a private JWK object');
    const keyAlg = normalizeAlg(algorithmForKey(privateJwk), 'options.privateJwk');
    if (alg !== undefined && alg !== keyAlg) throw invalidArgument('options.alg', `${keyAlg} to match options.privateJwk`, alg);
    assertKeyForAlgorithm(privateJwk, keyAlg, true);
    if (typeof privateJwk.d !== 'string') throw new ElicenseError('ERR_KEY_INVALID', 'options.privateJwk is missing its private member "d"');
    const sign = createSigner(privateJwk, keyAlg);
    // Fail now, not at the first issuance, if the key does not import.
    await sign(new Uint8Array(0));
    const publicJwk = publicJwkOf(privateJwk);
    return { alg: keyAlg, sign, publicJwk, privateJwk: { ...publicJwk, d: privateJwk.d } };
  }
  const pair = await generateKeyPair(alg ?? 'ES256', { extractable: options.extractable ?? true });
  return {
    alg: alg ?? 'ES256',
    sign: createSigner(pair.privateKey, pair.alg),
    publicJwk: pair.publicJwk,
    privateJwk: pair.privateJwk,
  };
}
