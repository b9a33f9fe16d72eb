import { describe, expect, it } from 'vitest';
import { createSigner, generateKeyPair, issueSdJwtVc, processSdJwt } from '@elicense/core';
import type { DisclosureFrame } from '@elicense/core';
import { getLicenceProfile, prepareLicenceClaims } from '@elicense/credentials';
import { businessLicence, drivingLicence, individualBusinessLicence, marriageCertificate, residentIdCard } from './fixtures.js';
import { errorOf, noonInChina } from './helpers.js';

const now = noonInChina('2024-06-01');
const inputs = {
  business_licence: businessLicence,
  resident_id_card: residentIdCard,
  driving_licence: drivingLicence,
  marriage_certificate: marriageCertificate,
} as const;

/** Every key and `_sd` entry anywhere in a frame. */
function frameNames(frame: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof frame === 'object' && frame !== null) {
    for (const [k, v] of Object.entries(frame)) {
      out.add(k);
      if (k === '_sd' && Array.isArray(v)) for (const n of v) out.add(String(n));
      else frameNames(v, out);
    }
  }
  return out;
}

describe('prepareLicenceClaims', () => {
  it.each(Object.entries(inputs))('%s: validated + derived claims, every disclosable claim in _sd', (type, input) => {
    const prepared = prepareLicenceClaims(type, input, { now });
    const profile = getLicenceProfile(type);
    expect(prepared.profile).toBe(profile);
    expect(prepared.vct).toBe(profile.vct);
    expect(prepared.claims).toEqual({ ...profile.validate(input), ...profile.derive(profile.validate(input), now) });
    expect(prepared.frame._sd).toEqual(Object.keys(prepared.claims));
    for (const name of Object.keys(prepared.claims)) expect(profile.disclosable).toContain(name);
    const names = frameNames(prepared.frame);
    for (const envelope of ['vct', 'iss', 'cnf', 'status', 'exp', 'nbf', 'iat']) expect(names.has(envelope)).toBe(false);
  });

  it('accepts the vct as well as the type', () => {
    const byVct = prepareLicenceClaims('urn:elicense:vct:resident_id_card:1', residentIdCard, { now });
    expect(byVct.claims).toEqual(prepareLicenceClaims('resident_id_card', residentIdCard, { now }).claims);
  });

  it('adds the derived predicates after the licence claims', () => {
    const { claims } = prepareLicenceClaims('resident_id_card', residentIdCard, { now });
    expect(Object.keys(claims).slice(-4)).toEqual(['age_over_16', 'age_over_18', 'age_over_21', 'age_over_60']);
    expect(claims.age_over_18).toBe(true);
    expect(claims.age_over_60).toBe(false);
  });

  it('frames nested objects recursively and arrays element by element', () => {
    const marriage = prepareLicenceClaims('marriage_certificate', marriageCertificate, { now }).frame;
    expect(marriage.spouse_a).toEqual({ _sd: ['name', 'id_number', 'nationality', 'date_of_birth'] });
    expect(marriage.spouse_b).toEqual({ _sd: ['name', 'id_number', 'nationality', 'date_of_birth'] });
    const driving = prepareLicenceClaims('driving_licence', drivingLicence, { now }).frame;
    expect(driving.vehicle_classes).toEqual({ _sd: [0, 1] });
    expect(driving.validity_period).toEqual({ _sd: ['from', 'to'] });
    const business = prepareLicenceClaims('business_licence', businessLicence, { now }).frame;
    expect(business.registered_capital).toEqual({ _sd: ['amount', 'currency'] });
    expect(business.business_term).toEqual({ _sd: ['from', 'to'] });
  });

  it('leaves absent optional claims out of the frame', () => {
    const { frame, claims } = prepareLicenceClaims('business_licence', individualBusinessLicence, { now });
    expect(frame._sd).toEqual(Object.keys(claims));
    expect(frame._sd).not.toContain('registered_capital');
    expect(frame).not.toHaveProperty('business_term');
  });

  it('refuses envelope claims smuggled into the input', () => {
    for (const name of ['vct', 'iss', 'cnf', 'status', 'exp']) {
      expect(errorOf(() => prepareLicenceClaims('resident_id_card', { ...residentIdCard, [name]: 'x' }, { now }))).toEqual({
        code: 'ERR_INVALID_CLAIM',
        field: name,
      });
    }
  });

  it('reports unknown types, bad claims and bad options with their codes', () => {
    expect(errorOf(() => prepareLicenceClaims('hunting_licence', residentIdCard, { now }))).toEqual({ code: 'ERR_TYPE_UNKNOWN' });
    expect(errorOf(() => prepareLicenceClaims('resident_id_card', { ...residentIdCard, sex: 'female' }, { now }))).toEqual({
      code: 'ERR_INVALID_CLAIM',
      field: 'sex',
    });
    expect(errorOf(() => prepareLicenceClaims('resident_id_card', residentIdCard, { now: Number.NaN }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => prepareLicenceClaims('resident_id_card', residentIdCard, null as unknown as { now: number }))).toEqual({
      code: 'ERR_INVALID_ARGUMENT',
    });
    expect(errorOf(() => prepareLicenceClaims('resident_id_card', residentIdCard, { now: '2024' as unknown as number }))).toEqual({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });

  it('refuses a licence dated after the issuance time', () => {
    expect(errorOf(() => prepareLicenceClaims('driving_licence', drivingLicence, { now: noonInChina('2005-07-01') }))).toEqual({
      code: 'ERR_INVALID_CLAIM',
      field: 'date_of_first_issue',
    });
  });

  it('produces a frame that issues a real SD-JWT VC hiding every licence claim', async () => {
    const issuer = await generateKeyPair('ES256');
    const holder = await generateKeyPair('ES256');
    const signer = { alg: 'ES256' as const, sign: createSigner(issuer.privateKey, 'ES256') };
    for (const [type, input] of Object.entries(inputs)) {
      const { vct, claims, frame } = prepareLicenceClaims(type, input, { now });
      const typed: DisclosureFrame = frame;
      const token = await issueSdJwtVc(
        { iss: 'did:web:gov.example', vct, iat: now, cnf: { jwk: holder.publicJwk }, ...claims },
        { signer, frame: typed },
      );
      const signedPayload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
      for (const name of Object.keys(claims)) expect(signedPayload).not.toHaveProperty(name);
      expect(Object.keys(signedPayload).sort()).toEqual(['_sd', '_sd_alg', 'cnf', 'iat', 'iss', 'vct']);
      const { payload } = await processSdJwt(token);
      expect(payload).toEqual({ iss: 'did:web:gov.example', vct, iat: now, cnf: { jwk: holder.publicJwk }, ...claims });
    }
  });
});
