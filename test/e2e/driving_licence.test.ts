import { describe, expect, it } from 'vitest';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { Wallet } from '@elicense/holder';
import { Verifier } from '@elicense/verifier';
import { LICENCE_CLAIMS, NOW } from '../fixtures/licences.js';

describe('driving licence: traffic police (did:key, ES256) → driver wallet (EdDSA key) → roadside check', () => {
  it('the officer sees name, vehicle classes and validity, nothing else', async () => {
    const clock = () => NOW;
    const police = await Issuer.create({ now: clock });
    const resolver = new DidResolver();
    const wallet = await Wallet.create({ alg: 'EdDSA', resolver, now: clock });
    const key = await wallet.createHolderKey();
    expect(key.publicJwk.crv).toBe('Ed25519');

    const issued = await police.issue({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: key.publicJwk });
    expect(issued.expiresAt).toBe(Date.UTC(2030, 6, 2) / 1000 - 8 * 3600);
    const stored = await wallet.receive(issued.credential);
    expect(await wallet.list({ type: 'driving_licence' })).toHaveLength(1);

    const officer = new Verifier({ trustedIssuers: [{ did: police.did, types: ['driving_licence'] }], resolver, now: clock });
    const nonce = 'roadside-2026-03-01-0001';
    const aud = 'did:web:police.example:officer:8841';
    const presentation = await wallet.present(stored.id, { reveal: ['name', 'vehicle_classes', 'validity_period'], nonce, aud });
    const report = await officer.verifyPresentation(presentation, { nonce, aud });

    expect(report.verified).toBe(true);
    expect(report.claims).toEqual({
      name: '李娜',
      vehicle_classes: ['C1'],
      validity_period: { from: '2020-07-01', to: '2030-07-01' },
    });
    expect(report.claims).not.toHaveProperty('licence_number');
    expect(report.claims).not.toHaveProperty('address');
    expect(report.expiresAt).toBe(issued.expiresAt);
  });
});
