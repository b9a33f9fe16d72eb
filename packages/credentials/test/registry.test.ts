import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findLicenceProfile,
  getLicenceProfile,
  listLicenceProfiles,
  registerLicenceProfile,
  type LicenceProfile,
} from '@elicense/credentials';
import { errorOf } from './helpers.js';

const TYPES = ['business_licence', 'resident_id_card', 'driving_licence', 'marriage_certificate'];

type Display = Record<string, unknown>;
type ClaimMetadata = { path: (string | number | null)[]; display?: Display[]; sd?: string; mandatory?: boolean };

/** The SD-JWT VC spec's Appendix A.2 Type Metadata example, from the checked-in vectors. */
function specTypeMetadataExample(): { display: Display[]; claims: ClaimMetadata[] } {
  const url = new URL('../../../test/vectors/sd-jwt-vc/spec-examples.extracted.json', import.meta.url);
  const vectors = JSON.parse(readFileSync(url, 'utf8')) as {
    sections: { section: string; json_blocks: { json: Record<string, unknown> | null }[] }[];
  };
  const a2 = vectors.sections.find((s) => s.section === 'A.2');
  const doc = a2?.json_blocks.map((b) => b.json).find((j) => j !== null && Array.isArray(j.display) && Array.isArray(j.claims));
  if (doc === undefined || doc === null) throw new Error('A.2 Type Metadata example not found');
  return doc as unknown as { display: Display[]; claims: ClaimMetadata[] };
}

describe('licence profile registry', () => {
  it('lists the four built-in profiles', () => {
    expect(listLicenceProfiles().map((p) => p.type).slice(0, 4)).toEqual(TYPES);
  });

  it.each(TYPES)('finds %s by type and by vct', (type) => {
    const profile = getLicenceProfile(type);
    expect(profile.type).toBe(type);
    expect(profile.vct).toBe(`urn:elicense:vct:${type}:1`);
    expect(getLicenceProfile(profile.vct)).toBe(profile);
    expect(findLicenceProfile(type)).toBe(profile);
    expect(findLicenceProfile(profile.vct)).toBe(profile);
  });

  it('reports an unknown type or vct with ERR_TYPE_UNKNOWN, and find returns undefined', () => {
    expect(errorOf(() => getLicenceProfile('fishing_licence'))).toEqual({ code: 'ERR_TYPE_UNKNOWN' });
    expect(errorOf(() => getLicenceProfile('urn:elicense:vct:driving_licence:2'))).toEqual({ code: 'ERR_TYPE_UNKNOWN' });
    expect(errorOf(() => getLicenceProfile(''))).toEqual({ code: 'ERR_TYPE_UNKNOWN' });
    expect(findLicenceProfile('fishing_licence')).toBeUndefined();
  });

  it('refuses a non-string type as misuse', () => {
    expect(errorOf(() => getLicenceProfile(42 as unknown as string))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('built-in profiles are frozen', () => {
    const profile = getLicenceProfile('driving_licence');
    expect(Object.isFrozen(profile)).toBe(true);
    expect(Object.isFrozen(profile.disclosable)).toBe(true);
    expect(Object.isFrozen(profile.typeMetadata)).toBe(true);
    expect(() => (profile.disclosable as string[]).push('x')).toThrow(TypeError);
  });

  it('registers a custom profile by type and vct, once', () => {
    const fishing: LicenceProfile = {
      type: 'fishing_licence',
      vct: 'urn:example:vct:fishing_licence:1',
      validate: (claims) => ({ ...(claims as object) }),
      derive: () => ({}),
      disclosable: ['name'],
      derived: [],
      typeMetadata: { vct: 'urn:example:vct:fishing_licence:1' },
    };
    registerLicenceProfile(fishing);
    registerLicenceProfile(fishing);
    expect(getLicenceProfile('fishing_licence')).toBe(fishing);
    expect(getLicenceProfile('urn:example:vct:fishing_licence:1')).toBe(fishing);
    expect(listLicenceProfiles()).toContain(fishing);
    expect(errorOf(() => registerLicenceProfile({ ...fishing }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('refuses to replace a built-in profile or to register a malformed one', () => {
    const builtIn = getLicenceProfile('resident_id_card');
    const base = { ...builtIn, type: 'other_card', vct: 'urn:example:vct:other_card:1', typeMetadata: { vct: 'urn:example:vct:other_card:1' } };
    expect(errorOf(() => registerLicenceProfile({ ...builtIn, validate: () => ({}) }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => registerLicenceProfile({ ...base, vct: builtIn.vct, typeMetadata: { vct: builtIn.vct } }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => registerLicenceProfile({ ...base, type: 'Bad Type' }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => registerLicenceProfile({ ...base, typeMetadata: { vct: 'urn:other' } }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => registerLicenceProfile({ ...base, disclosable: ['name', 'cnf'] }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => registerLicenceProfile({ ...base, validate: undefined } as unknown as LicenceProfile))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => registerLicenceProfile(null as unknown as LicenceProfile))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(findLicenceProfile('other_card')).toBeUndefined();
  });
});

describe('SD-JWT VC Type Metadata of the built-in profiles', () => {
  const example = specTypeMetadataExample();
  const specDisplayKeys = new Set(example.display.flatMap((d) => Object.keys(d)));
  const specClaimKeys = new Set(example.claims.flatMap((c) => Object.keys(c)));
  const specClaimDisplayKeys = new Set(example.claims.flatMap((c) => (c.display ?? []).flatMap((d) => Object.keys(d))));
  const langsOf = (display: Display[]) => display.map((d) => d.locale);

  it.each(TYPES)('%s: vct, name and zh-CN + en display for the type', (type) => {
    const { typeMetadata: md, vct } = getLicenceProfile(type);
    expect(md.vct).toBe(vct);
    expect(typeof md.name).toBe('string');
    expect(typeof md.description).toBe('string');
    const display = md.display as Display[];
    expect(langsOf(display)).toEqual(['zh-CN', 'en']);
    for (const d of display) {
      expect(typeof d.name).toBe('string');
      expect(d.lang).toBe(d.locale); // `lang` as in drafts up to -08
      for (const key of Object.keys(d)) if (key !== 'lang') expect(specDisplayKeys).toContain(key);
    }
  });

  it.each(TYPES)('%s: zh-CN + en label for every claim, every disclosable claim described, sd always', (type) => {
    const profile = getLicenceProfile(type);
    const claims = profile.typeMetadata.claims as ClaimMetadata[];
    const topLevel = claims.filter((c) => c.path.length === 1).map((c) => c.path[0]);
    expect(topLevel).toEqual([...profile.disclosable]);
    for (const derived of profile.derived) expect(profile.disclosable).toContain(derived);
    for (const c of claims) {
      for (const key of Object.keys(c)) expect(specClaimKeys).toContain(key);
      expect(c.path.length).toBeGreaterThan(0);
      expect(c.sd).toBe('always');
      const display = c.display ?? [];
      expect(langsOf(display)).toEqual(['zh-CN', 'en']);
      for (const d of display) {
        expect(typeof d.label === 'string' && d.label.length > 0).toBe(true);
        for (const key of Object.keys(d)) if (key !== 'lang') expect(specClaimDisplayKeys).toContain(key);
      }
    }
  });

  it('describes nested and array claims by path', () => {
    const paths = (type: string) => (getLicenceProfile(type).typeMetadata.claims as ClaimMetadata[]).map((c) => c.path);
    expect(paths('marriage_certificate')).toContainEqual(['spouse_a', 'id_number']);
    expect(paths('driving_licence')).toContainEqual(['vehicle_classes', null]);
    expect(paths('resident_id_card')).toContainEqual(['validity_period', 'to']);
    expect(paths('business_licence')).toContainEqual(['registered_capital', 'currency']);
  });

  it('marks optional claims, and their sub-claims, as not mandatory', () => {
    const claims = getLicenceProfile('business_licence').typeMetadata.claims as ClaimMetadata[];
    const mandatory = (path: string[]) => claims.find((c) => JSON.stringify(c.path) === JSON.stringify(path))?.mandatory;
    expect(mandatory(['unified_social_credit_code'])).toBe(true);
    expect(mandatory(['registered_capital'])).toBe(false);
    expect(mandatory(['registered_capital', 'amount'])).toBe(false);
  });
});
