import { describe, expect, it } from 'vitest';
import { generateKeyPair, signJwt, verifyJwt } from '@elicense/core';
import { outcomeOf as codeOf } from '../../../test/helpers/errors.js';

describe('compact JWS', () => {
  it('round-trips ES256 and EdDSA', async () => {
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const k = await generateKeyPair(alg);
      const { generateKeyPair: _g, createSigner } = await import('@elicense/core');
      const jwt = await signJwt({ typ: 'JWT' }, { a: 1 }, { alg, sign: createSigner(k.privateKey, alg) });
      const out = await verifyJwt(jwt, { key: k.publicJwk });
      expect(out.payload).toEqual({ a: 1 });
      expect(out.header.alg).toBe(alg);
    }
  });

  it('rejects a key of the wrong curve and an alg outside the allowlist', async () => {
    const { createSigner } = await import('@elicense/core');
    const ec = await generateKeyPair('ES256');
    const ed = await generateKeyPair('EdDSA');
    const jwt = await signJwt({}, { a: 1 }, { alg: 'ES256', sign: createSigner(ec.privateKey, 'ES256') });
    expect(await codeOf(verifyJwt(jwt, { key: ed.publicJwk, algorithms: ['ES256', 'EdDSA'] }))).toBe('ERR_KEY_INVALID');
    expect(await codeOf(verifyJwt(jwt, { key: ec.publicJwk, algorithms: ['EdDSA'] }))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
    expect(await codeOf(verifyJwt(jwt.slice(0, -4) + 'AAAA', { key: ec.publicJwk }))).toBe('ERR_SIGNATURE_INVALID');
    expect(await codeOf(verifyJwt('a.b', { key: ec.publicJwk }))).toBe('ERR_TOKEN_MALFORMED');
  });
});
