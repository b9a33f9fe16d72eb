import { describe, expect, it } from 'vitest';
import { generateKeyPair, issueSdJwtVc, signingKeyFromJwk } from '@elicense/core';
import type { JWK, SigningKey } from '@elicense/core';
import { StatusList, createStatusListToken } from '@elicense/status';
import { Wallet } from '@elicense/holder';
import { NOW, clock, issuerWithKey, rejectsWith, resolver } from './helpers.js';

const LIST_A = 'https://status.gov.example/lists/1';
const LIST_B = 'https://status.gov.example/lists/2';

/** An issuer that signs credentials with status entries and publishes lists the wallet fetches. */
async function world() {
  const { issuer, key } = await issuerWithKey();
  const lists = new Map([
    [LIST_A, new StatusList(16, 2)],
    [LIST_B, new StatusList(16, 2)],
  ]);
  const tokens = new Map<string, string>();
  const fetched: string[] = [];
  const publish = async (signer: SigningKey = key, iat = NOW, extra: { exp?: number } = {}) => {
    for (const [uri, list] of lists) tokens.set(uri, await createStatusListToken({ uri, issuer: issuer.did, list, signingKey: signer, iat, exp: extra.exp ?? iat + 86_400 }));
  };
  const state = { offline: false };
  const wallet = await Wallet.create({
    resolver,
    now: clock,
    fetchStatusList: async (uri) => {
      fetched.push(uri);
      if (state.offline) throw new TypeError('fetch failed');
      const t = tokens.get(uri);
      if (t === undefined) throw new Error(`404 ${uri}`);
      return t;
    },
  });
  const issueWithStatus = async (uri: string | undefined, idx: number) => {
    const holder = await wallet.createHolderKey();
    const credential = await issueSdJwtVc(
      {
        iss: issuer.did,
        vct: 'urn:elicense:vct:resident_id_card:1',
        iat: NOW,
        exp: NOW + 365 * 86_400,
        cnf: { jwk: holder.publicJwk },
        name: '张伟',
        ...(uri === undefined ? {} : { status: { status_list: { idx, uri } } }),
      },
      { signer: key, frame: { _sd: ['name'] } },
    );
    return wallet.receive(credential);
  };
  return { issuer, key, lists, tokens, fetched, publish, state, wallet, issueWithStatus };
}

describe('Wallet.refreshStatus', () => {
  it('reads each credential from its status list, fetching each list once, and marks revoked and suspended ones', async () => {
    const w = await world();
    const a = await w.issueWithStatus(LIST_A, 3);
    const b = await w.issueWithStatus(LIST_A, 7);
    const c = await w.issueWithStatus(LIST_B, 1);
    const none = await w.issueWithStatus(undefined, 0);
    expect(a.statusReference).toEqual({ uri: LIST_A, idx: 3 });
    w.lists.get(LIST_A)!.set(7, 1);
    w.lists.get(LIST_B)!.set(1, 2);
    await w.publish(w.key, NOW - 600);

    const results = await w.wallet.refreshStatus();
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get(a.id)).toEqual({ id: a.id, state: 'valid', checked: true });
    expect(byId.get(b.id)).toEqual({ id: b.id, state: 'revoked', checked: true });
    expect(byId.get(c.id)).toEqual({ id: c.id, state: 'suspended', checked: true });
    expect(byId.get(none.id)).toEqual({ id: none.id, state: 'valid', checked: false });
    expect(w.fetched.sort()).toEqual([LIST_A, LIST_B]);

    expect((await w.wallet.list({ state: 'revoked' })).map((x) => x.id)).toEqual([b.id]);
    expect(await w.wallet.get(c.id)).toMatchObject({ state: 'suspended', status: { value: 2, checkedAt: NOW, listIssuedAt: NOW - 600 } });

    // reinstated: the next refresh says so
    w.lists.get(LIST_B)!.set(1, 0);
    await w.publish(w.key, NOW);
    await w.wallet.refreshStatus({ ids: [c.id] });
    expect(await w.wallet.get(c.id)).toMatchObject({ state: 'valid', status: { value: 0, listIssuedAt: NOW } });
  });

  it('keeps the last known status when a check fails, and says why', async () => {
    const w = await world();
    const a = await w.issueWithStatus(LIST_A, 3);
    w.lists.get(LIST_A)!.set(3, 1);
    await w.publish();
    await w.wallet.refreshStatus();
    expect((await w.wallet.get(a.id)).state).toBe('revoked');

    w.state.offline = true;
    const [offline] = await w.wallet.refreshStatus();
    expect(offline).toMatchObject({ id: a.id, state: 'revoked', checked: false, error: { code: 'ERR_STATUS_UNAVAILABLE' } });
    w.state.offline = false;

    // a list signed by a key that is not the issuer's
    const forger = await generateKeyPair('ES256', { extractable: true });
    await w.publish(signingKeyFromJwk(forger.privateJwk as JWK, w.issuer.kid));
    const [forged] = await w.wallet.refreshStatus();
    expect(forged).toMatchObject({ state: 'revoked', checked: false, error: { code: 'ERR_SIGNATURE_INVALID' } });

    // a list that expired
    await w.publish(w.key, NOW - 2 * 86_400, { exp: NOW - 86_400 });
    const [expired] = await w.wallet.refreshStatus();
    expect(expired).toMatchObject({ checked: false, error: { code: 'ERR_STATUS_LIST_EXPIRED' } });

    // the token of another list served at this URI
    await w.publish();
    w.tokens.set(LIST_A, w.tokens.get(LIST_B)!);
    const [swapped] = await w.wallet.refreshStatus();
    expect(swapped).toMatchObject({ checked: false, error: { code: 'ERR_STATUS_LIST_MISMATCH' } });
    expect(await w.wallet.get(a.id)).toMatchObject({ state: 'revoked', status: { value: 1 } });
  });

  it('refuses unknown ids and misuse', async () => {
    const w = await world();
    await rejectsWith(w.wallet.refreshStatus({ ids: ['urn:uuid:nope'] }), 'ERR_CREDENTIAL_NOT_FOUND');
    await rejectsWith(w.wallet.refreshStatus({ ids: 'all' as unknown as string[] }), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(Wallet.create({ fetchStatusList: 'https://x' as unknown as () => Promise<string> }), 'ERR_INVALID_ARGUMENT');
  });
});
