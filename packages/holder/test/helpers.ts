import { expect } from 'vitest';
import { ElicenseError, generateKeyPair, signingKeyFromJwk, type ErrorCode, type JWK, type SigningKey } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { Wallet, type WalletOptions } from '@elicense/holder';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

export { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

export const clock = (): number => NOW;
export const resolver = new DidResolver();

/** PBKDF2 iterations for test wallets: the minimum, so tests stay fast (real wallets use the default). */
export const FAST_KDF = 10_000;

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

export type LicenceName = keyof typeof LICENCE_CLAIMS;

/** An issuer and a wallet; `issue(type)` issues to a new holder key of the wallet, as an app would. */
export async function setup(walletOptions: WalletOptions = {}) {
  const issuer = await Issuer.create({ now: clock });
  const wallet = await Wallet.create({ resolver, now: clock, ...walletOptions });
  const issue = async (type: LicenceName, holder?: JWK) =>
    issuer.issue({ type, claims: LICENCE_CLAIMS[type], holder: holder ?? (await wallet.createHolderKey()).publicJwk });
  const receive = async (type: LicenceName) => wallet.receive((await issue(type)).credential);
  return { issuer, wallet, issue, receive };
}
