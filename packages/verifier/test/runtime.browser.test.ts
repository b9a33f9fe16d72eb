/**
 * The Chromium run exercises the browser code paths, not Node's: there is no `process`, status list
 * compression goes through the web backend of `@elicense/status` (`#compress` without the `node`
 * condition), and keys are generated, signatures made and checked by WebCrypto.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, signJwt, signingKeyFromJwk, verifyJwt } from '@elicense/core';
import { StatusList, StatusType, decodeStatusList, encodeStatusList } from '@elicense/status';
import { servedModuleFiles } from '../../../test/helpers/served-modules.js';
import { AUD, NONCE, scenario } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the browser run takes the browser code paths', () => {
  it('runs without Node globals', () => {
    expect(globalThis.process).toBeUndefined();
    expect((globalThis as { Buffer?: unknown }).Buffer).toBeUndefined();
    expect(typeof window).toBe('object');
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect(isSecureContext).toBe(true);
  });

  it('compresses status lists with the web backend of @elicense/status, never node:zlib', async () => {
    const list = new StatusList(1024, 2);
    list.set(7, StatusType.INVALID);
    const decoded = decodeStatusList(encodeStatusList(list), 2);
    expect(decoded.get(7)).toBe(StatusType.INVALID);
    // what `#compress` led to in this browser run: the web backend (fflate), never the node:zlib one
    const backends = (await servedModuleFiles('/packages/status/dist/internal/compress-')).map((f) => f.slice(f.lastIndexOf('/') + 1));
    expect(backends).toEqual(['compress-web.js']);
    expect(await servedModuleFiles('fflate')).not.toEqual([]);
  });

  it('signs and verifies with WebCrypto', async () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const generate = vi.spyOn(crypto.subtle, 'generateKey');
    const pair = await generateKeyPair('ES256', { extractable: true });
    const token = await signJwt({ typ: 'JWT' }, { sub: 'webcrypto' }, signingKeyFromJwk(pair.privateJwk!));
    expect((await verifyJwt(token, { key: pair.publicJwk })).payload).toEqual({ sub: 'webcrypto' });
    expect(generate).toHaveBeenCalledWith(expect.objectContaining({ name: 'ECDSA', namedCurve: 'P-256' }), true, ['sign', 'verify']);
    expect(sign).toHaveBeenCalledTimes(1);
    expect(sign.mock.calls[0]![0]).toMatchObject({ name: 'ECDSA', hash: 'SHA-256' });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('issues, presents and verifies a licence end to end, with WebCrypto doing every signature', async () => {
    const sign = vi.spyOn(crypto.subtle, 'sign');
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const { verifier, present } = await scenario();
    const report = await verifier.verifyPresentation(await present(), { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(true);
    // the issuer signed the credential, the wallet the KB-JWT; the verifier checked both
    expect(sign.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(verify.mock.calls.length).toBeGreaterThanOrEqual(2);
  });
});
