/**
 * A verifier sees the same credential (and often the same presentation) again and again: decoded
 * structures are reused between calls, so every call must still judge its own input with every
 * check, and a report must belong to its caller.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@elicense/core';
import { AUD, NONCE, expectFailedAt, scenario } from './helpers.js';

/** Replace the character at `i` with another base64url character. */
function flip(token: string, i: number): string {
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

describe('verifying the same credential again', () => {
  it('gives the same report each time, and changing one report changes nothing for the next', async () => {
    const { verifier, present } = await scenario();
    const vp = await present(['name', 'validity_period']);
    const first = await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD });
    expect(first.verified).toBe(true);
    const expected = structuredClone(first);
    (first.claims.validity_period as JsonObject).to = '2099-01-01';
    first.claims.name = 'changed';
    first.disclosed.length = 0;
    const second = await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD });
    expect(second).toEqual(expected);
  });

  it('judges each presentation of one credential by its own nonce, audience and disclosures', async () => {
    const { verifier, present } = await scenario();
    const a = await present(['name'], 'nonce-a');
    const b = await present(['sex', 'name'], 'nonce-b', 'https://bank.example');
    expect((await verifier.verifyPresentation(a, { nonce: 'nonce-a', aud: AUD })).claims).toEqual({ name: '张伟' });
    expect((await verifier.verifyPresentation(b, { nonce: 'nonce-b', aud: 'https://bank.example' })).claims).toEqual({ name: '张伟', sex: 'male' });
    expectFailedAt(await verifier.verifyPresentation(a, { nonce: 'nonce-b', aud: AUD }), 'nonce', 'ERR_NONCE_MISMATCH');
    expectFailedAt(await verifier.verifyPresentation(b, { nonce: 'nonce-b', aud: AUD }), 'audience', 'ERR_AUDIENCE_MISMATCH');
    expect((await verifier.verifyPresentation(a, { nonce: 'nonce-a', aud: AUD })).verified).toBe(true);
  });

  it('still rejects a tampered copy after the genuine one verified', async () => {
    const { verifier, present, issued } = await scenario();
    const vp = await present(['name']);
    expect((await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD })).verified).toBe(true);
    // the middle of the issuer-signed payload: same length, same ends
    const jwtEnd = vp.indexOf('~');
    const middle = flip(vp, Math.floor((vp.indexOf('.') + jwtEnd) / 2));
    expect(middle).toHaveLength(vp.length);
    const report = await verifier.verifyPresentation(middle, { nonce: NONCE, aud: AUD });
    expect(report.verified).toBe(false);
    expect(report.checks.find((c) => !c.ok && !c.skipped)?.code).toMatch(/^ERR_(SIGNATURE_INVALID|TOKEN_MALFORMED|CLAIM_MISSING|ISSUER_UNTRUSTED|TYPE_UNKNOWN|DID_KEY_NOT_FOUND)$/);
    // the issuer's signature itself
    expectFailedAt(await verifier.verifyPresentation(flip(vp, jwtEnd - 10), { nonce: NONCE, aud: AUD }), 'signature', 'ERR_SIGNATURE_INVALID');
    // the KB-JWT's signature
    expectFailedAt(await verifier.verifyPresentation(flip(vp, vp.length - 10), { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_KEY_BINDING_INVALID');
    // a Disclosure the presentation did not carry, added after the KB-JWT was made
    const added = issued.credential.split('~').find((d, i) => i > 0 && d.length > 0 && !vp.includes(d))!;
    const withExtra = vp.replace('~', `~${added}~`);
    expectFailedAt(await verifier.verifyPresentation(withExtra, { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_SD_HASH_MISMATCH');
    expect((await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD })).verified).toBe(true);
  });

  it('checks a credential and its presentation separately', async () => {
    const { verifier, present, issued } = await scenario();
    expect((await verifier.verifyCredential(issued.credential)).verified).toBe(true);
    const vp = await present(['name']);
    expect((await verifier.verifyPresentation(vp, { nonce: NONCE, aud: AUD })).verified).toBe(true);
    expectFailedAt(await verifier.verifyCredential(vp), 'format', 'ERR_TOKEN_MALFORMED');
    expectFailedAt(await verifier.verifyPresentation(issued.credential, { nonce: NONCE, aud: AUD }), 'holder_binding', 'ERR_KEY_BINDING_MISSING');
  });
});
