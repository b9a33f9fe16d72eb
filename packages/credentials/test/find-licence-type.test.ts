import { describe, expect, it } from 'vitest';
import { findLicenceProfile, findLicenceType, listLicenceProfiles, registerLicenceProfile } from '@elicense/credentials';
import type { LicenceProfile } from '@elicense/credentials';
import { errorOf } from './helpers.js';

/** Top-level claim names of a profile: disclosable, derived, and those its Type Metadata describes. */
function claimNamesOf(p: LicenceProfile): string[] {
  const fromMetadata = (p.typeMetadata.claims as { path: unknown[] }[]).map((c) => c.path[0] as string);
  return [...new Set([...p.disclosable, ...p.derived, ...fromMetadata])];
}

describe('findLicenceType', () => {
  it('knows each built-in type by type and by vct, with the claims of its profile', () => {
    const builtIn = listLicenceProfiles().slice(0, 4);
    expect(builtIn.map((p) => p.type)).toEqual(['business_licence', 'resident_id_card', 'driving_licence', 'marriage_certificate']);
    for (const p of builtIn) {
      const info = findLicenceType(p.type);
      expect(info).toEqual({ type: p.type, vct: p.vct, claimNames: claimNamesOf(p) });
      expect(findLicenceType(p.vct)).toBe(info);
      expect(Object.isFrozen(info)).toBe(true);
      expect(Object.isFrozen(info!.claimNames)).toBe(true);
    }
  });

  it('answers undefined exactly where findLicenceProfile does', () => {
    for (const key of ['', 'fishing_licence', 'urn:elicense:vct:driving_licence:2', 'DRIVING_LICENCE', '__proto__', 'constructor', 'toString']) {
      expect(findLicenceType(key)).toBeUndefined();
      expect(findLicenceProfile(key)).toBeUndefined();
    }
  });

  it('refuses a non-string as misuse', () => {
    expect(errorOf(() => findLicenceType(42 as unknown as string))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(errorOf(() => findLicenceType(undefined as unknown as string))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('knows a registered profile, with the claims its Type Metadata adds', () => {
    const vct = 'urn:example:vct:boat_licence:1';
    expect(findLicenceType('boat_licence')).toBeUndefined();
    const boat: LicenceProfile = {
      type: 'boat_licence',
      vct,
      validate: (c) => c as Record<string, never>,
      derive: () => ({ age_over_16: true }),
      disclosable: ['name', 'hull_number'],
      derived: ['age_over_16'],
      typeMetadata: { vct, claims: [{ path: ['name'] }, { path: ['engine', 'power'] }, { path: [null] }, 'junk'] },
    };
    registerLicenceProfile(boat);
    const info = findLicenceType(vct);
    expect(info).toEqual({ type: 'boat_licence', vct, claimNames: ['name', 'hull_number', 'age_over_16', 'engine'] });
    expect(findLicenceType('boat_licence')).toBe(info);
    // a refused registration leaves no trace
    expect(errorOf(() => registerLicenceProfile({ ...boat, type: 'other_boat' }))).toEqual({ code: 'ERR_INVALID_ARGUMENT' });
    expect(findLicenceType('other_boat')).toBeUndefined();
  });
});
