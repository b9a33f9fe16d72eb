import { expect } from 'vitest';
import { ElicenseError, generateKeyPair, signingKeyFromJwk, type ErrorCode, type JWK, type SigningKey } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { NOW } from '../../../test/fixtures/licences.js';

export { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

export const clock = (): number => NOW;

export async function rejectsWith(p: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(ElicenseError);
  await expect(p).rejects.toMatchObject({ code });
}

/** An issuer together with its raw signing key, to forge credentials a real Issuer would refuse to make. */
export async function issuerWithKey(options: { alg?: 'ES256' | 'EdDSA'; now?: () => number } = {}): Promise<{ issuer: Issuer; key: SigningKey; privateJwk: JWK }> {
  const pair = await generateKeyPair(options.alg ?? 'ES256', { extractable: true });
  const issuer = await Issuer.create({ privateJwk: pair.privateJwk!, now: options.now ?? clock });
  return { issuer, key: signingKeyFromJwk(pair.privateJwk!, issuer.kid), privateJwk: pair.privateJwk! };
}

/** Flip one character in the middle of the issuer JWT signature. */
export function tamperSignature(sdJwt: string): string {
  const [jwt, ...rest] = sdJwt.split('~');
  const dot = jwt!.lastIndexOf('.');
  const i = dot + 10;
  const c = jwt![i] === 'A' ? 'B' : 'A';
  return [jwt!.slice(0, i) + c + jwt!.slice(i + 1), ...rest].join('~');
}

export const resolver = new DidResolver();
