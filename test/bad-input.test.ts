/**
 * Every public entry point that takes a token answers garbage, truncations and single-character
 * corruptions with an ElicenseError (or a failed report) — never a crash, never an acceptance.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ElicenseError, decodeSdJwt, presentSdJwt, verifySdJwtVc, type SigningKey } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer } from '@elicense/issuer';
import { Verifier } from '@elicense/verifier';
import { LICENCE_CLAIMS, NOW } from './fixtures/licences.js';

const GARBAGE: unknown[] = ['', '~', '~~~', 'a.b.c~', 'eyJhbGciOiJub25lIn0.e30.~', 'x'.repeat(3_000_000), '....~....~', 'a~b~c', null, undefined, 42, {}, [], 'eyJ~', '\u0000~\u0000', 'e30.e30.e30~e30~e30'];

describe('bad input across the public API', () => {
  let credential: string;
  let presentation: string;
  let issuer: Issuer;
  let wallet: Wallet;
  let verifier: Verifier;
  const kbSigner: SigningKey = { alg: 'ES256', sign: async () => new Uint8Array(64) };

  beforeAll(async () => {
    issuer = await Issuer.create({ now: () => NOW });
    wallet = await Wallet.create({ resolver: new DidResolver(), now: () => NOW });
    verifier = new Verifier({ trustedIssuers: [issuer.did], resolver: new DidResolver(), now: () => NOW });
    credential = (await issuer.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: (await wallet.createHolderKey()).publicJwk })).credential;
    const stored = await wallet.receive(credential);
    presentation = await wallet.present(stored.id, { reveal: ['name'], nonce: 'n', aud: 'a', now: NOW });
  });

  /** Run every entry point on `x`; return the non-ElicenseError failures and wrongful acceptances. */
  async function probe(x: unknown, mayVerify: boolean): Promise<string[]> {
    const problems: string[] = [];
    const calls: [string, () => Promise<unknown>][] = [
      ['decodeSdJwt', () => decodeSdJwt(x as string)],
      ['verifySdJwtVc', () => verifySdJwtVc(x as string, { issuerKey: issuer.publicJwk, nonce: 'n', aud: 'a', now: NOW })],
      ['presentSdJwt', () => presentSdJwt(x as string, { reveal: ['name'], keyBinding: { signer: kbSigner, nonce: 'n', aud: 'a', iat: NOW } })],
      ['Wallet.receive', () => wallet.receive(x as string)],
      ['verifyPresentation', async () => { const r = await verifier.verifyPresentation(x as string, { nonce: 'n', aud: 'a' }); if (r.verified && !mayVerify) throw new Error('accepted'); }],
      ['verifyCredential', async () => { const r = await verifier.verifyCredential(x as string); if (r.verified && !mayVerify) throw new Error('accepted'); }],
      ['verifyJwtVc', async () => { const r = await verifier.verifyJwtVc(x as string); if (r.verified) throw new Error('accepted'); }],
    ];
    for (const [name, call] of calls) {
      try {
        await call();
      } catch (e) {
        if (!(e instanceof ElicenseError)) problems.push(`${name}: ${String(e)}`);
        else expect(e.code).toMatch(/^ERR_[A-Z_]+$/);
      }
    }
    return problems;
  }

  it('garbage and wrong types', async () => {
    for (const x of GARBAGE) expect(await probe(x, false)).toEqual([]);
  });

  it('truncations: only a prefix that drops whole disclosures may still verify (holders may withhold them)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: credential.length - 1 }), async (cut) => {
        const x = credential.slice(0, cut);
        expect(await probe(x, x.endsWith('~'))).toEqual([]);
      }),
      { numRuns: 150, seed: 9901 },
    );
  });

  it('one changed character in a credential or a presentation is never accepted', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: alphabet.length - 1 }), async (usePresentation, at, c) => {
        const token = usePresentation ? presentation : credential;
        const i = at % token.length;
        const ch = alphabet[c]!;
        fc.pre(token[i] !== ch);
        const x = token.slice(0, i) + ch + token.slice(i + 1);
        // A change that only re-encodes a trailing base64url pad bit is not a change of the signed bytes:
        // strict decoding refuses those too, so nothing may verify here.
        expect(await probe(x, false)).toEqual([]);
      }),
      { numRuns: 200, seed: 7515 },
    );
  });
});
