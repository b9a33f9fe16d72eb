import { describe, expect, it } from 'vitest';
import { DidResolver } from '@elicense/did';
import { Issuer } from '@elicense/issuer';
import { Wallet } from '@elicense/holder';
import { Verifier } from '@elicense/verifier';
import { LICENCE_CLAIMS, NOW } from '../fixtures/licences.js';

describe('marriage certificate: civil affairs bureau (did:web, offline document) → spouse wallet → housing office', () => {
  it('the housing office learns the registration date and both names only', async () => {
    const clock = () => NOW;
    const bureau = await Issuer.create({ method: 'web', domain: 'mca.gov.example:beijing:chaoyang', now: clock, defaultValidity: 10 * 365 * 86400 });
    expect(bureau.did).toBe('did:web:mca.gov.example:beijing:chaoyang');
    // verifiers hold the bureau's DID document offline: no network needed
    const documents = { [bureau.did]: await bureau.didDocument() };
    const resolver = new DidResolver({ documents, fetch: () => Promise.reject(new Error('offline')) });

    const wallet = await Wallet.create({ resolver, now: clock, trustedIssuers: [bureau.did] });
    const issued = await bureau.issue({ type: 'marriage_certificate', claims: LICENCE_CLAIMS.marriage_certificate, holder: (await wallet.createHolderKey()).publicJwk });
    expect(issued.expiresAt).toBe(NOW + 10 * 365 * 86400);
    const stored = await wallet.receive(issued.credential);
    expect(stored.claims.spouse_b).toEqual(LICENCE_CLAIMS.marriage_certificate.spouse_b);

    const housing = new Verifier({ trustedIssuers: [bureau.did], allowedTypes: ['urn:elicense:vct:marriage_certificate:1'], resolver, now: clock });
    const nonce = 'housing-application-9913';
    const aud = 'https://housing.gov.example';
    const presentation = await wallet.present(stored.id, { reveal: ['registration_date', 'spouse_a.name', 'spouse_b.name'], nonce, aud });
    const report = await housing.verifyPresentation(presentation, { nonce, aud });

    expect(report.verified).toBe(true);
    expect(report.claims).toEqual({
      registration_date: '2019-05-20',
      spouse_a: { name: '张伟' },
      spouse_b: { name: '李娜' },
    });
    expect(report.disclosed).toEqual(expect.arrayContaining(['registration_date', 'spouse_a', 'spouse_a.name', 'spouse_b', 'spouse_b.name']));
    expect(JSON.stringify(report.claims)).not.toContain(LICENCE_CLAIMS.marriage_certificate.spouse_a.id_number);
  });
});
