import { describe, expect, it } from 'vitest';
import type { CredentialStore, StoredCredential } from '@elicense/holder';

function entry(id: string, extra: Partial<StoredCredential> = {}): StoredCredential {
  return {
    id,
    format: 'dc+sd-jwt',
    type: 'resident_id_card',
    vct: 'urn:elicense:vct:resident_id_card:1',
    issuer: 'did:web:gov.example',
    credential: `eyJ.${id}.sig~`,
    claims: { name: '张伟', validity_period: { from: '2020-05-10', to: null } },
    receivedAt: 1_772_323_200,
    ...extra,
  };
}

/** The behaviour every {@link CredentialStore} must have. */
export function credentialStoreConformance(name: string, open: () => Promise<CredentialStore>): void {
  describe(`CredentialStore conformance: ${name}`, () => {
    it('returns undefined for an unknown id and an empty list at first', async () => {
      const store = await open();
      expect(await store.get('urn:uuid:nope')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('round-trips an entry exactly', async () => {
      const store = await open();
      const c = entry('a', { expiresAt: 1_900_000_000 });
      await store.put(c);
      expect(await store.get('a')).toEqual(c);
    });

    it('replaces an entry with the same id and keeps insertion order', async () => {
      const store = await open();
      await store.put(entry('a'));
      await store.put(entry('b'));
      await store.put(entry('c'));
      await store.put(entry('b', { type: 'driving_licence' }));
      expect((await store.list()).map((c) => [c.id, c.type])).toEqual([
        ['a', 'resident_id_card'],
        ['b', 'driving_licence'],
        ['c', 'resident_id_card'],
      ]);
    });

    it('deletes, reporting whether the entry was there', async () => {
      const store = await open();
      await store.put(entry('a'));
      expect(await store.delete('a')).toBe(true);
      expect(await store.delete('a')).toBe(false);
      expect(await store.get('a')).toBeUndefined();
    });

    it('hands out copies: mutating a result does not change the store', async () => {
      const store = await open();
      const c = entry('a');
      await store.put(c);
      c.claims.name = 'changed before read';
      const got = (await store.get('a'))!;
      expect(got.claims.name).toBe('张伟');
      got.claims.name = 'changed after read';
      (await store.list())[0]!.claims.name = 'changed in list';
      expect((await store.get('a'))!.claims.name).toBe('张伟');
    });

    it('keeps every one of many concurrent writes', async () => {
      const store = await open();
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(entry(`id-${i}`))));
      expect((await store.list()).map((c) => c.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `id-${i}`).sort());
    });
  });
}
