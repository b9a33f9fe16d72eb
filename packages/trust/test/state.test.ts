import { describe, expect, it } from 'vitest';
import { getLicenceProfile } from '@elicense/credentials';
import { buildTrustBundle, createAccreditation, createAccreditationRevocation, verifyTrustBundle, type TrustState } from '@elicense/trust';
import { BUSINESS, DAY, DRIVING, MARRIAGE, NOW, RESIDENT, YEAR, chainWorld, codeOf, errorOf } from './helpers.js';

async function reasonOf(state: TrustState, did: string, vct: string, at: number): Promise<unknown> {
  const e = await errorOf(() => state.accreditationFor(did, vct, at));
  expect(e.code).toBe('ERR_ISSUER_NOT_ACCREDITED');
  expect(e.details).toMatchObject({ did, vct, at });
  return e.details!.reason;
}

describe('TrustState.accreditationFor', () => {
  it('finds the accreditation in force whose chain is in force, and says why when there is none', async () => {
    const w = await chainWorld();
    const state = await verifyTrustBundle((await buildTrustBundle(w.base)).bundle, { publishers: w.publishers, now: NOW });
    const a = state.accreditationFor(w.police.did, DRIVING, NOW);
    expect(a).toMatchObject({ id: 'acc-police', issuer: w.province.did, subject: w.police.did, vct: [DRIVING], mayAccredit: false, issuedAt: NOW - 10 * DAY, validFrom: NOW - 10 * DAY, validUntil: NOW + YEAR, jwt: w.toPolice });
    expect(a).not.toHaveProperty('revokedAt');
    expect(state.accreditationFor(w.province.did, RESIDENT, NOW).mayAccredit).toBe(true);
    expect(state.accreditationFor(w.civil.did, MARRIAGE, NOW).issuer).toBe(w.root.did);
    // a type the agency is not accredited for, an unknown issuer
    expect(await reasonOf(state, w.police.did, RESIDENT, NOW)).toBe('none');
    expect(await reasonOf(state, 'did:web:unknown.example', DRIVING, NOW)).toBe('none');
    // the window: nbf <= at < exp
    expect(state.accreditationFor(w.police.did, DRIVING, NOW - 10 * DAY).id).toBe('acc-police');
    expect(await reasonOf(state, w.police.did, DRIVING, NOW - 10 * DAY - 1)).toBe('not_yet_valid');
    expect(state.accreditationFor(w.police.did, DRIVING, NOW + YEAR - 1).id).toBe('acc-police');
    expect(await reasonOf(state, w.police.did, DRIVING, NOW + YEAR)).toBe('expired');
  });

  it('refuses after a revocation takes effect, and accepts before it', async () => {
    const w = await chainWorld();
    const revocation = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-civil', revokedAt: NOW - DAY, reason: 'merged', now: NOW });
    const state = await verifyTrustBundle((await buildTrustBundle({ ...w.base, revocations: [revocation] })).bundle, { publishers: w.publishers, now: NOW });
    expect(state.accreditationFor(w.civil.did, MARRIAGE, NOW - DAY - 1).revokedAt).toBe(NOW - DAY);
    expect(await reasonOf(state, w.civil.did, MARRIAGE, NOW - DAY)).toBe('revoked');
    expect(await reasonOf(state, w.civil.did, MARRIAGE, NOW)).toBe('revoked');
  });

  it('refuses an agency whose intermediate authority is no longer in force (reason chain)', async () => {
    const w = await chainWorld();
    // the province's accreditation is revoked from NOW; the police accreditation itself still runs
    const revocation = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-province', revokedAt: NOW, now: NOW });
    const state = await verifyTrustBundle((await buildTrustBundle({ ...w.base, revocations: [revocation] })).bundle, { publishers: w.publishers, now: NOW });
    expect(state.accreditationFor(w.police.did, DRIVING, NOW - 1).id).toBe('acc-police');
    expect(await reasonOf(state, w.police.did, DRIVING, NOW)).toBe('chain');
    // an intermediate accreditation that ends before the agency's does
    const short = await createAccreditation({ authority: w.root.key, subject: w.province.did, types: ['driving_licence'], mayAccredit: true, validFrom: NOW - 30 * DAY, validUntil: NOW + DAY, id: 'acc-province', now: NOW - 30 * DAY });
    const state2 = await verifyTrustBundle((await buildTrustBundle({ ...w.base, accreditations: [short, w.toPolice] })).bundle, { publishers: w.publishers, now: NOW });
    expect(state2.accreditationFor(w.police.did, DRIVING, NOW + DAY - 1).id).toBe('acc-police');
    expect(await reasonOf(state2, w.police.did, DRIVING, NOW + DAY)).toBe('chain');
  });

  it('uses any accreditation that holds: a renewal covers the time after the first one ends', async () => {
    const w = await chainWorld();
    const renewal = await createAccreditation({ authority: w.root.key, subject: w.civil.did, types: ['marriage_certificate', 'business_licence'], validFrom: NOW + YEAR - DAY, validUntil: NOW + 3 * YEAR, id: 'acc-civil-2', now: NOW });
    const state = await verifyTrustBundle((await buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, renewal] })).bundle, { publishers: w.publishers, now: NOW });
    expect(state.accreditationFor(w.civil.did, MARRIAGE, NOW).id).toBe('acc-civil');
    expect(state.accreditationFor(w.civil.did, MARRIAGE, NOW + 2 * YEAR).id).toBe('acc-civil-2');
    expect(await reasonOf(state, w.civil.did, BUSINESS, NOW)).toBe('not_yet_valid');
    expect(state.isAccredited(w.civil.did)).toBe(true);
    expect(state.isAccredited(w.root.did)).toBe(false);
    expect(state.accreditations().map((a) => a.id).sort()).toEqual(['acc-civil', 'acc-civil-2', 'acc-police', 'acc-province']);
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    const w = await chainWorld();
    const state = await verifyTrustBundle((await buildTrustBundle(w.base)).bundle, { publishers: w.publishers, now: NOW });
    expect(await codeOf(() => state.accreditationFor(w.police.did, DRIVING, -1))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => state.accreditationFor(w.police.did, DRIVING, '2026' as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => state.accreditationFor('', DRIVING, NOW))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => state.accreditationFor(w.police.did, 5 as never, NOW))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => state.issuerKey(w.police.kid, 1.5))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(() => state.issuerKey(undefined as never, NOW))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('TrustState: what a verifier reads', () => {
  it('exposes the payload frozen, and issuer keys, documents and type metadata', async () => {
    const w = await chainWorld();
    const built = await buildTrustBundle(w.base);
    const state = await verifyTrustBundle(built.bundle, { publishers: w.publishers, now: NOW });
    expect(state).toMatchObject({ version: 1, issuedAt: NOW, expiresAt: NOW + 7 * DAY, publisher: w.publisher.did, digest: built.digest });
    expect(state.chain).toEqual({ bundle: built.bundle, deltas: [] });
    expect(state.payload).toEqual(built.payload);
    expect(Object.isFrozen(state.payload)).toBe(true);
    expect(Object.isFrozen(state.payload.issuers[w.police.did]!.keys[0]!.publicJwk)).toBe(true);
    expect(() => {
      (state.payload as { version: number }).version = 9;
    }).toThrow(TypeError);
    expect(() => {
      (state as { version: number }).version = 9;
    }).toThrow(TypeError);
    expect(state.issuerKey(w.police.kid, NOW)).toEqual(w.police.publicJwk);
    expect(await codeOf(() => state.issuerKey(`${w.police.did}#other`, NOW))).toBe('ERR_DID_KEY_NOT_FOUND');
    expect(await codeOf(() => state.issuerKey('did:key:zUnknown#zUnknown', NOW))).toBe('ERR_DID_KEY_NOT_FOUND');
    expect(await codeOf(() => state.issuerKey(w.police.did, NOW))).toBe('ERR_DID_KEY_NOT_FOUND');
    expect(state.document(w.police.did)!.id).toBe(w.police.did);
    expect(state.document('did:web:nobody.example')).toBeUndefined();
    expect(state.types().sort()).toEqual([DRIVING, MARRIAGE, RESIDENT].sort());
    expect(state.typeMetadata(DRIVING)).toEqual(getLicenceProfile('driving_licence').typeMetadata);
    expect(state.typeMetadata(BUSINESS)).toBeUndefined();
    expect(state.typeMetadata('toString')).toBeUndefined();
    expect(state.statusList('https://status.example/1')).toBeUndefined();
    expect(state.statusListTokens()).toEqual({});
    expect(state.anchors()).toEqual([]);
    expect(state.ledgerKey('file:x')).toBeUndefined();
  });
});
