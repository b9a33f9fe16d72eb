import { describe, expect, it } from 'vitest';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { Wallet } from '@elicense/holder';
import { Verifier } from '@elicense/verifier';
import { LICENCE_CLAIMS, NOW } from '../fixtures/licences.js';

describe('resident ID card: police bureau (did:key, ES256) → citizen wallet → hotel', () => {
  it('the hotel learns only that the guest is over 18', async () => {
    const clock = () => NOW;
    const police = await Issuer.create({ now: clock, name: '北京市公安局朝阳分局' });
    expect(police.did).toMatch(/^did:key:zDn/);
    const resolver = new DidResolver();
    const wallet = await Wallet.create({ resolver, now: clock, trustedIssuers: [police.did] });

    const issued = await police.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: (await wallet.createHolderKey()).publicJwk });
    expect(issued.format).toBe('dc+sd-jwt');
    expect(issued.vct).toBe('urn:elicense:vct:resident_id_card:1');
    // the card's own term ends 2040-05-10 (China time)
    expect(issued.expiresAt).toBe(Date.UTC(2040, 4, 11) / 1000 - 8 * 3600);

    const stored = await wallet.receive(issued.credential);
    expect(stored.id).toBe(issued.id);
    expect(stored.claims.name).toBe('张伟');
    expect(stored.claims.age_over_18).toBe(true);

    const hotel = new Verifier({ trustedIssuers: [{ did: police.did, types: ['resident_id_card'] }], allowedTypes: ['resident_id_card'], resolver, now: clock });
    const nonce = 'hotel-checkin-7f3a';
    const aud = 'https://hotel.example';
    const presentation = await wallet.present(stored.id, { reveal: ['age_over_18'], nonce, aud });
    const report = await hotel.verifyPresentation(presentation, { nonce, aud });

    expect(report.verified).toBe(true);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    expect(report.claims).toEqual({ age_over_18: true });
    expect(report.disclosed).toEqual(['age_over_18']);
    expect(report.type).toBe('resident_id_card');
    expect(report.issuer).toBe(police.did);
    // nothing personal travels in the clear
    expect(presentation).not.toContain(Buffer.from('张伟').toString('base64url'));
    for (const part of presentation.split('~').slice(1, -1)) {
      expect(Buffer.from(part, 'base64url').toString()).toContain('age_over_18');
    }
  });
});
