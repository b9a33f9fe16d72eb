import { describe, expect, it } from 'vitest';
import { AUD, NONCE, NOW, expectFailedAt, scenario } from './helpers.js';

describe('Verifier.verifyCredential', () => {
  it('verifies an SD-JWT VC as issued, with every claim it carries', async () => {
    const { verifier, issued, issuer } = await scenario();
    const report = await verifier.verifyCredential(issued.credential);
    expect(report.verified).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual(['format', 'issuer_trusted', 'issuer_key', 'signature', 'disclosures', 'validity_period', 'credential_type', 'status']);
    expect(report.claims).toMatchObject({ name: '张伟', age_over_18: true, validity_period: { from: '2020-05-10', to: '2040-05-10' } });
    expect(report.issuer).toBe(issuer.did);
  });

  it('refuses a presentation (it has a KB-JWT) at format', async () => {
    const { verifier, present } = await scenario();
    expectFailedAt(await verifier.verifyCredential(await present(['name'], NONCE, AUD)), 'format', 'ERR_TOKEN_MALFORMED');
  });

  it('reports expiry with the time given', async () => {
    const { verifier, issued } = await scenario();
    expectFailedAt(await verifier.verifyCredential(issued.credential, { now: issued.expiresAt! }), 'validity_period', 'ERR_CREDENTIAL_EXPIRED');
    expect((await verifier.verifyCredential(issued.credential, { now: NOW + 1 })).verified).toBe(true);
  });
});
