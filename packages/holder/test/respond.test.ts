import { describe, expect, it } from 'vitest';
import { decodeSdJwt, verifySdJwtVc } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import { Wallet } from '@elicense/holder';
import { LICENCE_CLAIMS, NOW, clock, rejectsWith, resolver, setup } from './helpers.js';

const RESIDENT_ID = 'urn:elicense:vct:resident_id_card:1';
const DRIVING = 'urn:elicense:vct:driving_licence:1';
const BUSINESS = 'urn:elicense:vct:business_licence:1';
const NONCE = 'n-7Hq2';
const AUD = 'x509_san_dns:hotel.example';

/** "An adult": the age predicate preferred, the birth date accepted. */
const ADULT = {
  credentials: [
    {
      id: 'adult',
      format: 'dc+sd-jwt',
      meta: { vct_values: [RESIDENT_ID, DRIVING] },
      claims: [
        { id: 'over18', path: ['age_over_18'], values: [true] },
        { id: 'dob', path: ['date_of_birth'] },
      ],
      claim_sets: [['over18'], ['dob']],
    },
  ],
};

/** "A business licence's name and credit code". */
const COMPANY = {
  credentials: [
    {
      id: 'company',
      format: 'dc+sd-jwt',
      meta: { vct_values: [BUSINESS] },
      claims: [{ path: ['enterprise_name'] }, { path: ['unified_social_credit_code'] }],
    },
  ],
};

async function disclosed(issuer: Issuer, vp: string): Promise<JsonObject> {
  const { payload } = await verifySdJwtVc(vp, { issuerKey: issuer.publicJwk, nonce: NONCE, aud: AUD, now: NOW });
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(payload)) if (!['iss', 'vct', 'iat', 'exp', 'nbf', 'cnf', 'jti', 'status', '_sd_alg'].includes(k)) out[k] = v;
  return out;
}

describe('Wallet.match and Wallet.respond (OpenID4VP DCQL)', () => {
  it('answers "an adult" with age_over_18, not the birth date', async () => {
    const { issuer, wallet, receive } = await setup();
    const card = await receive('resident_id_card');
    const match = await wallet.match(ADULT);
    expect(match.satisfied).toBe(true);
    const [candidate] = match.credentials.adult!.candidates;
    expect(candidate!.credentialId).toBe(card.id);
    expect(candidate!.options.map((o) => [o.reveal, o.recommended])).toEqual([
      [[['age_over_18']], true],
      [[['date_of_birth']], false],
    ]);

    const { vp_token } = await wallet.respond(ADULT, { nonce: NONCE, aud: AUD });
    expect(Object.keys(vp_token)).toEqual(['adult']);
    expect(await disclosed(issuer, vp_token.adult![0]!)).toEqual({ age_over_18: true });
    expect((await decodeSdJwt(vp_token.adult![0]!)).kbJwt?.payload).toMatchObject({ nonce: NONCE, aud: AUD });
  });

  it('presents the birth date only when the citizen picks that option', async () => {
    const { issuer, wallet, receive } = await setup();
    const card = await receive('resident_id_card');
    const { vp_token } = await wallet.respond(ADULT, { nonce: NONCE, aud: AUD, choice: { adult: { credentialId: card.id, option: 1 } } });
    expect(await disclosed(issuer, vp_token.adult![0]!)).toEqual({ date_of_birth: '1990-03-07' });
  });

  it('answers "a business licence\'s name and credit code" with exactly those claims', async () => {
    const { issuer, wallet, receive } = await setup();
    await receive('resident_id_card');
    await receive('business_licence');
    const { vp_token } = await wallet.respond(COMPANY, { nonce: NONCE, aud: AUD });
    expect(await disclosed(issuer, vp_token.company![0]!)).toEqual({
      enterprise_name: LICENCE_CLAIMS.business_licence.enterprise_name,
      unified_social_credit_code: LICENCE_CLAIMS.business_licence.unified_social_credit_code,
    });
  });

  it('uses whichever alternative of a credential set the wallet holds', async () => {
    const { issuer, wallet, receive } = await setup();
    await receive('driving_licence');
    const query = {
      credentials: [
        { id: 'id_card', format: 'dc+sd-jwt', meta: { vct_values: [RESIDENT_ID] }, claims: [{ path: ['name'] }] },
        { id: 'licence', format: 'dc+sd-jwt', meta: { vct_values: [DRIVING] }, claims: [{ path: ['name'] }] },
      ],
      credential_sets: [{ options: [['id_card'], ['licence']] }],
    };
    const { vp_token } = await wallet.respond(query, { nonce: NONCE, aud: AUD });
    expect(Object.keys(vp_token)).toEqual(['licence']);
    expect(await disclosed(issuer, vp_token.licence![0]!)).toEqual({ name: '李娜' });
  });

  it('does not offer a revoked, expired or unpresentable credential', async () => {
    const t = { now: NOW };
    const issuer = await Issuer.create({ now: clock });
    const wallet = await Wallet.create({ resolver, now: () => t.now });
    const key = await wallet.createHolderKey();
    await wallet.receive((await issuer.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder: key.publicJwk, validUntil: NOW + 60 })).credential);
    t.now = NOW + 120;
    const match = await wallet.match(ADULT);
    expect(match.satisfied).toBe(false);
    expect(match.credentials.adult!.unusable).toEqual([{ credentialId: expect.any(String), reason: 'expired' }]);
    await rejectsWith(wallet.respond(ADULT, { nonce: NONCE, aud: AUD }), 'ERR_DCQL_UNSATISFIED');
  });

  it('refuses a malformed query, a claim the type does not have, and a choice outside the match, changing nothing', async () => {
    const { wallet, receive } = await setup();
    const card = await receive('resident_id_card');
    const before = await wallet.list();
    await rejectsWith(wallet.match({ credentials: [] }), 'ERR_DCQL_INVALID');
    await rejectsWith(wallet.match('{"credentials": [ {"id": "x"'), 'ERR_DCQL_INVALID');
    await rejectsWith(wallet.respond({ credentials: [{ id: 'bad id!', format: 'dc+sd-jwt', meta: { vct_values: [RESIDENT_ID] } }] }, { nonce: NONCE, aud: AUD }), 'ERR_DCQL_INVALID');
    const unknownClaim = { credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: [RESIDENT_ID] }, claims: [{ path: ['vehicle_classes'] }] }] };
    await rejectsWith(wallet.match(unknownClaim), 'ERR_DCQL_CLAIM_UNKNOWN');
    await rejectsWith(wallet.respond(ADULT, { nonce: NONCE, aud: AUD, choice: { adult: { credentialId: card.id, option: 5 } } }), 'ERR_DCQL_UNSATISFIED');
    await rejectsWith(wallet.respond(ADULT, { nonce: NONCE, aud: AUD, choice: { adult: { credentialId: 'urn:uuid:other' } } }), 'ERR_DCQL_UNSATISFIED');
    await rejectsWith(wallet.respond(ADULT, { nonce: '', aud: AUD }), 'ERR_INVALID_ARGUMENT');
    expect(await wallet.list()).toEqual(before);
  });
});
