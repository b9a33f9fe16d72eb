import { describe, expect, it } from 'vitest';
import { decodeJws, verifyJwt } from '@elicense/core';
import { ACCREDITATION_REVOCATION_TYP, ACCREDITATION_TYP, createAccreditation, createAccreditationRevocation } from '@elicense/trust';
import { DAY, DRIVING, NOW, RESIDENT, YEAR, codeOf, didKeyParty, offlineResolver } from './helpers.js';

describe('createAccreditation', () => {
  it('signs an accreditation+jwt that verifies with the authority key its kid names', async () => {
    const root = await didKeyParty();
    const police = await didKeyParty();
    const jwt = await createAccreditation({
      authority: root.key,
      subject: police.did,
      types: ['driving_licence', RESIDENT, DRIVING],
      validFrom: NOW + DAY,
      validUntil: NOW + YEAR,
      id: 'urn:example:acc:1',
      now: NOW,
    });
    const { header, payload } = decodeJws(jwt);
    expect(header).toEqual({ typ: ACCREDITATION_TYP, kid: root.kid, alg: 'ES256' });
    expect(payload).toEqual({ iss: root.did, sub: police.did, iat: NOW, nbf: NOW + DAY, exp: NOW + YEAR, jti: 'urn:example:acc:1', vct: [DRIVING, RESIDENT] });
    const key = await offlineResolver.resolveKey(header.kid as string, 'assertionMethod');
    await expect(verifyJwt(jwt, { key: key.publicJwk, typ: ACCREDITATION_TYP })).resolves.toBeDefined();
  });

  it('sets may_accredit only for intermediate authorities, and defaults nbf to now and jti to a random urn:uuid', async () => {
    const root = await didKeyParty('EdDSA');
    const province = await didKeyParty();
    const a = decodeJws(await createAccreditation({ authority: root.key, subject: province.did, types: ['driving_licence'], validUntil: NOW + YEAR, mayAccredit: true, now: NOW })).payload;
    const b = decodeJws(await createAccreditation({ authority: root.key, subject: province.did, types: ['driving_licence'], validUntil: NOW + YEAR, mayAccredit: false, now: NOW })).payload;
    expect(a.may_accredit).toBe(true);
    expect(b).not.toHaveProperty('may_accredit');
    expect(a.nbf).toBe(NOW);
    expect(a.jti).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(a.jti).not.toBe(b.jti);
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    const root = await didKeyParty();
    const police = await didKeyParty();
    const base = { authority: root.key, subject: police.did, types: ['driving_licence'], validUntil: NOW + YEAR, now: NOW };
    const bad: Record<string, unknown>[] = [
      { types: ['fishing_licence'] },
      { types: [] },
      { types: 'driving_licence' },
      { types: [42] },
      { validUntil: NOW },
      { validFrom: NOW + 10, validUntil: NOW + 5 },
      { validUntil: undefined },
      { validUntil: 1.5 },
      { subject: 'police' },
      { subject: `${police.did}#key-1` },
      { authority: { ...root.key, kid: 'key-1' } },
      { authority: { ...root.key, kid: undefined } },
      { authority: { ...root.key, alg: 'RS256' } },
      { authority: { ...root.key, sign: 'no' } },
      { mayAccredit: 'yes' },
      { id: '' },
      { now: -1 },
    ];
    for (const change of bad) {
      expect({ change, code: await codeOf(createAccreditation({ ...base, ...change } as never)) }).toEqual({ change, code: 'ERR_INVALID_ARGUMENT' });
    }
    expect(await codeOf(createAccreditation(null as never))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('createAccreditationRevocation', () => {
  it('signs an accreditation-revocation+jwt naming the accreditation', async () => {
    const root = await didKeyParty();
    const jwt = await createAccreditationRevocation({ authority: root.key, accreditation: 'urn:example:acc:1', revokedAt: NOW - DAY, reason: 'fraud', id: 'urn:example:rev:1', now: NOW });
    const { header, payload } = decodeJws(jwt);
    expect(header).toEqual({ typ: ACCREDITATION_REVOCATION_TYP, kid: root.kid, alg: 'ES256' });
    expect(payload).toEqual({ iss: root.did, sub: 'urn:example:acc:1', iat: NOW, jti: 'urn:example:rev:1', revoked_at: NOW - DAY, reason: 'fraud' });
    await expect(verifyJwt(jwt, { key: root.publicJwk })).resolves.toBeDefined();
    const defaults = decodeJws(await createAccreditationRevocation({ authority: root.key, accreditation: 'urn:example:acc:1', now: NOW })).payload;
    expect(defaults.revoked_at).toBe(NOW);
    expect(defaults).not.toHaveProperty('reason');
    expect(defaults.jti).toMatch(/^urn:uuid:/);
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    const root = await didKeyParty();
    const base = { authority: root.key, accreditation: 'urn:example:acc:1', now: NOW };
    for (const change of [{ accreditation: '' }, { accreditation: 7 }, { revokedAt: -5 }, { reason: 5 }, { authority: { ...root.key, kid: 'k' } }, { id: 3 }]) {
      expect({ change, code: await codeOf(createAccreditationRevocation({ ...base, ...change } as never)) }).toEqual({ change, code: 'ERR_INVALID_ARGUMENT' });
    }
  });
});
