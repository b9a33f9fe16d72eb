import { describe, expect, it } from 'vitest';
import { decodeJws, encodeBase64url, sha256Bytes } from '@elicense/core';
import { getLicenceProfile } from '@elicense/credentials';
import { TRUST_BUNDLE_TYP, buildTrustBundle, createAccreditation, createAccreditationRevocation, verifyTrustBundle } from '@elicense/trust';
import { BUSINESS, DAY, DRIVING, MARRIAGE, NOW, RESIDENT, YEAR, chainWorld, codeOf, didKeyParty, errorOf, offlineResolver, signBundle } from './helpers.js';

/** JCS for the values a bundle holds, written out independently for the test. */
function jcs(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

describe('buildTrustBundle', () => {
  it('builds a signed bundle of a root → intermediate (may_accredit) → agency chain, with the issuers snapshotted', async () => {
    const w = await chainWorld();
    const built = await buildTrustBundle(w.base);
    const { header, payload } = decodeJws(built.bundle);
    expect(header).toEqual({ typ: TRUST_BUNDLE_TYP, kid: w.publisher.kid, alg: 'EdDSA' });
    expect(payload).toEqual(built.payload);
    expect(built.payload).toMatchObject({ iss: w.publisher.did, version: 1, iat: NOW, exp: NOW + 7 * DAY, roots: [w.root.did], revocations: {}, statusLists: {}, ledgers: {} });
    expect(Object.keys(built.payload.accreditations).sort()).toEqual(['acc-civil', 'acc-police', 'acc-province']);
    expect(Object.keys(built.payload.issuers).sort()).toEqual([w.root.did, w.province.did, w.police.did, w.civil.did].sort());
    const police = built.payload.issuers[w.police.did]!;
    expect(police.document).toEqual(await offlineResolver.resolve(w.police.did));
    expect(police.resolvedAt).toBe(NOW);
    expect(police.keys).toEqual([{ kid: w.police.kid, publicJwk: w.police.publicJwk, state: 'active' }]);
    // type metadata of every accredited vct, from the catalogue
    expect(Object.keys(built.payload.types).sort()).toEqual([DRIVING, MARRIAGE, RESIDENT].sort());
    expect(built.payload.types[DRIVING]).toEqual(getLicenceProfile('driving_licence').typeMetadata);
    // digest: SHA-256 of the canonical JSON (RFC 8785) of the payload
    expect(built.digest).toBe(encodeBase64url(sha256Bytes(new TextEncoder().encode(jcs(built.payload)))));
    // not pretty-printed
    expect(built.bundle).not.toMatch(/\s/);
    const state = await verifyTrustBundle(built.bundle, { publishers: w.publishers, now: NOW });
    expect(state.digest).toBe(built.digest);
    expect(state.accreditationFor(w.police.did, DRIVING, NOW).id).toBe('acc-police');
  });

  it('takes the issuer id, version, validity and type metadata when given', async () => {
    const w = await chainWorld();
    const types = { [DRIVING]: { vct: DRIVING, name: 'Driving licence' } };
    const built = await buildTrustBundle({ ...w.base, publisherId: 'https://trust.gov.example', version: 40, validity: DAY, types });
    expect(built.payload).toMatchObject({ iss: 'https://trust.gov.example', version: 40, exp: NOW + DAY, types });
    const plainKid = await buildTrustBundle({ ...w.base, publisher: { ...w.publisher.key, kid: 'bundle-key-1' } });
    expect(plainKid.payload.iss).toBe('bundle-key-1');
  });

  it('refuses an accreditation whose issuer does not chain to a root (ERR_ACCREDITATION_CHAIN_BROKEN)', async () => {
    const w = await chainWorld();
    const rogue = await didKeyParty();
    const self = await createAccreditation({ authority: rogue.key, subject: w.police.did, types: ['business_licence'], validUntil: NOW + YEAR, now: NOW });
    const e = await errorOf(buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, self] }));
    expect(e.code).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
    expect(e.details).toMatchObject({ issuer: rogue.did, subject: w.police.did });
    // without the intermediate's own accreditation, the agency's chain is broken too
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [w.toPolice] }))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
  });

  it('refuses accreditations by an intermediate without may_accredit, for types beyond its own, or outside its window', async () => {
    const w = await chainWorld();
    const agency = await didKeyParty();
    // civil affairs holds an accreditation without may_accredit
    const byCivil = await createAccreditation({ authority: w.civil.key, subject: agency.did, types: ['marriage_certificate'], validUntil: NOW + YEAR, now: NOW });
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, byCivil] }))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
    // the province may accredit driving and resident ID, not business licences
    const beyond = await createAccreditation({ authority: w.province.key, subject: agency.did, types: ['driving_licence', 'business_licence'], validUntil: NOW + YEAR, now: NOW });
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, beyond] }))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
    // issued before the province was accredited
    const early = await createAccreditation({ authority: w.province.key, subject: agency.did, types: ['resident_id_card'], validUntil: NOW + YEAR, now: NOW - 60 * DAY });
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, early] }))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
    // issued after the province's accreditation was revoked
    const revoke = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-province', revokedAt: NOW - DAY, now: NOW });
    const late = await createAccreditation({ authority: w.province.key, subject: agency.did, types: ['resident_id_card'], validUntil: NOW + YEAR, now: NOW });
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, late], revocations: [revoke] }))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
    // ... while what it accredited before the revocation still chains
    await expect(buildTrustBundle({ ...w.base, revocations: [revoke] })).resolves.toBeDefined();
  });

  it('does not loop on accreditation cycles that never reach a root', async () => {
    const w = await chainWorld();
    const a = await didKeyParty();
    const b = await didKeyParty();
    const ab = await createAccreditation({ authority: a.key, subject: b.did, types: ['business_licence'], mayAccredit: true, validUntil: NOW + YEAR, now: NOW - DAY });
    const ba = await createAccreditation({ authority: b.key, subject: a.did, types: ['business_licence'], mayAccredit: true, validUntil: NOW + YEAR, now: NOW - DAY });
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, ab, ba] }))).toBe('ERR_ACCREDITATION_CHAIN_BROKEN');
    // once the root accredits one of them, the cycle is anchored and both chain
    const rootToA = await createAccreditation({ authority: w.root.key, subject: a.did, types: ['business_licence'], mayAccredit: true, validUntil: NOW + YEAR, now: NOW - 2 * DAY });
    const built = await buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, rootToA, ab, ba] });
    const state = await verifyTrustBundle(built.bundle, { publishers: w.publishers, now: NOW });
    expect(state.accreditationFor(b.did, BUSINESS, NOW).issuer).toBe(a.did);
  });

  it('refuses accreditations and revocations that do not verify (ERR_ACCREDITATION_INVALID)', async () => {
    const w = await chainWorld();
    const [h, p, s] = w.toPolice.split('.') as [string, string, string];
    const forged = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [w.toProvince, forged] }))).toBe('ERR_ACCREDITATION_INVALID');
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [w.toProvince, 'not.a.jwt'] }))).toBe('ERR_ACCREDITATION_INVALID');
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [w.toProvince, 42 as never] }))).toBe('ERR_ACCREDITATION_INVALID');
    // signed by a key that is not the issuer's: kid of the root, signature by the police key
    const impostor = await createAccreditation({ authority: { ...w.police.key, kid: w.root.kid }, subject: w.police.did, types: ['business_licence'], validUntil: NOW + YEAR, now: NOW });
    expect(await codeOf(buildTrustBundle({ ...w.base, accreditations: [...w.base.accreditations, impostor] }))).toBe('ERR_ACCREDITATION_INVALID');
    // a revocation by someone who is neither the accreditation's issuer nor a root
    const byPolice = await createAccreditationRevocation({ authority: w.police.key, accreditation: 'acc-civil', now: NOW });
    expect(await codeOf(buildTrustBundle({ ...w.base, revocations: [byPolice] }))).toBe('ERR_ACCREDITATION_INVALID');
    // a revocation of an accreditation that is not in the bundle
    const unknown = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-nobody', now: NOW });
    expect(await codeOf(buildTrustBundle({ ...w.base, revocations: [unknown] }))).toBe('ERR_ACCREDITATION_INVALID');
    // the issuing intermediate may revoke what it accredited
    const byProvince = await createAccreditationRevocation({ authority: w.province.key, accreditation: 'acc-police', now: NOW });
    await expect(buildTrustBundle({ ...w.base, revocations: [byProvince] })).resolves.toBeDefined();
  });

  it('keeps the earliest of two revocations of one accreditation', async () => {
    const w = await chainWorld();
    const later = await createAccreditationRevocation({ authority: w.province.key, accreditation: 'acc-police', revokedAt: NOW, now: NOW });
    const earlier = await createAccreditationRevocation({ authority: w.root.key, accreditation: 'acc-police', revokedAt: NOW - DAY, now: NOW });
    const built = await buildTrustBundle({ ...w.base, revocations: [later, earlier] });
    expect(built.payload.revocations).toEqual({ 'acc-police': earlier });
  });

  it('refuses misuse with ERR_INVALID_ARGUMENT', async () => {
    const w = await chainWorld();
    const first = await buildTrustBundle(w.base);
    const other = await didKeyParty();
    const twin = await createAccreditation({ authority: w.root.key, subject: w.civil.did, types: ['business_licence'], validUntil: NOW + YEAR, id: 'acc-civil', now: NOW });
    const bad: Record<string, unknown>[] = [
      { roots: [] },
      { roots: ['not a did'] },
      { roots: [`${w.root.did}#x`] },
      { accreditations: 'x' },
      { accreditations: [...w.base.accreditations, twin] },
      { resolver: {} },
      { publisher: { ...w.publisher.key, kid: undefined } },
      { publisher: { ...w.publisher.key, alg: 'HS256' } },
      { version: 0 },
      { previous: first.payload, version: 1 },
      { previous: { ...first.payload, roots: 'x' } },
      { previous: first.payload, publisherId: 'https://other.example' },
      { validity: 0 },
      { now: 'today' },
      { keyEvents: [{ kid: `${other.did}#${other.did.slice(8)}`, state: 'retired', at: NOW }] },
      { keyEvents: [{ kid: `${w.police.did}#nope`, state: 'retired', at: NOW }] },
      { keyEvents: [{ kid: w.police.kid, state: 'lost', at: NOW }] },
      { keyEvents: [{ kid: w.police.kid, state: 'retired', at: -1 }] },
      { statusLists: [{}] },
      { ledger: { latest: 1 } },
      { ledgers: [{ id: 'file:x', publicJwk: w.root.publicJwk }] },
      { types: { [DRIVING]: 'metadata' } },
      { types: { [DRIVING]: { n: Number.NaN } } },
    ];
    for (const change of bad) {
      expect({ change, code: await codeOf(buildTrustBundle({ ...w.base, ...change } as never)) }).toEqual({ change, code: 'ERR_INVALID_ARGUMENT' });
    }
  });

  it('numbers versions from the previous bundle and carries its key history on', async () => {
    const w = await chainWorld();
    const v1 = await buildTrustBundle(w.base);
    const v2 = await buildTrustBundle({ ...w.base, previous: v1.payload, now: NOW + DAY });
    expect(v2.payload.version).toBe(2);
    // nothing about the issuers changed: their entries (resolvedAt included) are carried over as they were
    expect(v2.payload.issuers).toEqual(v1.payload.issuers);
    const v3 = await buildTrustBundle({ ...w.base, previous: v2.payload, now: NOW + 2 * DAY, keyEvents: [{ kid: w.police.kid, state: 'compromised', at: NOW + DAY }] });
    expect(v3.payload.issuers[w.police.did]!.keys).toEqual([{ kid: w.police.kid, publicJwk: w.police.publicJwk, state: 'compromised', validUntil: NOW + DAY }]);
  });

  it('can hand-craft a payload the publisher signs (used by the verify tests)', async () => {
    const w = await chainWorld();
    const built = await buildTrustBundle(w.base);
    const jws = await signBundle(built.payload, w.publisher.key);
    expect((await verifyTrustBundle(jws, { publishers: w.publishers, now: NOW })).digest).toBe(built.digest);
  });
});
