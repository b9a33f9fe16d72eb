import { describe, expect, it } from 'vitest';
import { decodeSdJwt, presentSdJwt } from '@elicense/core';
import { matchDcqlQuery, parseDcqlQuery, selectDcqlPresentations } from '@elicense/holder';
import type { DcqlChoice, DcqlMatch, DcqlQuery } from '@elicense/holder';
import { throwsWith } from '../../../test/helpers/errors.js';
import credentialsAlternatives from '../../../test/vectors/dcql/credentials_alternatives.json' with { type: 'json' };
import { LICENCE_CLAIMS, MINOR_ID_CARD, VCT, adultQuery, issued, sdJwtQuery, stored } from './dcql-fixtures.js';

type Json = Record<string, unknown>;

const idCard = stored('resident_id_card', { id: 'id-card' });
const minorCard = stored('resident_id_card', { id: 'minor-card', input: MINOR_ID_CARD });
const drivingLicence = stored('driving_licence', { id: 'dl' });
const secondLicence = stored('driving_licence', { id: 'dl-2', input: { ...LICENCE_CLAIMS.driving_licence, vehicle_classes: ['B2'] } });
const businessLicence = stored('business_licence', { id: 'bl' });

const unsatisfied = (f: () => unknown) => throwsWith(f, 'ERR_DCQL_UNSATISFIED');

function setup(raw: unknown, wallet = [idCard, minorCard, drivingLicence, secondLicence, businessLicence]): { query: DcqlQuery; match: DcqlMatch } {
  const query = parseDcqlQuery(raw);
  return { query, match: matchDcqlQuery(query, wallet) };
}

const EITHER = {
  credentials: [
    sdJwtQuery('id_card', VCT.resident_id_card, { claims: [{ path: ['name'] }] }),
    sdJwtQuery('driving', VCT.driving_licence, { claims: [{ path: ['name'] }] }),
    sdJwtQuery('company', VCT.business_licence, { claims: [{ path: ['enterprise_name'] }] }),
  ],
  credential_sets: [{ options: [['id_card'], ['driving']] }, { options: [['company']], required: false }],
};

describe('selectDcqlPresentations: defaults', () => {
  it('takes the first candidate and its first option (the Verifier’s preference)', () => {
    const { query, match } = setup({ credentials: [adultQuery()] });
    expect(selectDcqlPresentations(query, match)).toEqual([{ queryId: 'adult', credentialId: 'id-card', reveal: [['age_over_18']] }]);
    expect(selectDcqlPresentations(query, match, {})).toEqual(selectDcqlPresentations(query, match, { adult: {} }));
  });

  it('answers every Credential Query when there are no credential_sets, in query order', () => {
    const { query, match } = setup({
      credentials: [sdJwtQuery('company', VCT.business_licence, { claims: [{ path: ['enterprise_name'] }, { path: ['unified_social_credit_code'] }] }), adultQuery()],
    });
    expect(selectDcqlPresentations(query, match)).toEqual([
      { queryId: 'company', credentialId: 'bl', reveal: [['enterprise_name'], ['unified_social_credit_code']] },
      { queryId: 'adult', credentialId: 'id-card', reveal: [['age_over_18']] },
    ]);
  });

  it('takes the first option a required credential set can answer, and leaves optional sets out', () => {
    const { query, match } = setup(EITHER);
    expect(selectDcqlPresentations(query, match)).toEqual([{ queryId: 'id_card', credentialId: 'id-card', reveal: [['name']] }]);
    const licenceOnly = setup(EITHER, [drivingLicence, businessLicence]);
    expect(selectDcqlPresentations(licenceOnly.query, licenceOnly.match)).toEqual([{ queryId: 'driving', credentialId: 'dl', reveal: [['name']] }]);
  });

  it('reveals nothing selectively disclosable for a query without claims', () => {
    const { query, match } = setup({ credentials: [sdJwtQuery('card', VCT.resident_id_card)] });
    expect(selectDcqlPresentations(query, match)).toEqual([{ queryId: 'card', credentialId: 'id-card', reveal: [] }]);
  });
});

describe('selectDcqlPresentations: the citizen’s choice', () => {
  it('takes the chosen credential and option', () => {
    const { query, match } = setup({ credentials: [adultQuery()] });
    expect(selectDcqlPresentations(query, match, { adult: { option: 1 } })).toEqual([{ queryId: 'adult', credentialId: 'id-card', reveal: [['date_of_birth']] }]);
    expect(selectDcqlPresentations(query, match, { adult: { credentialId: 'minor-card' } })).toEqual([
      { queryId: 'adult', credentialId: 'minor-card', reveal: [['date_of_birth']] },
    ]);
  });

  it('takes another alternative of a credential set when the choice names it', () => {
    const { query, match } = setup(EITHER);
    expect(selectDcqlPresentations(query, match, { driving: { credentialId: 'dl-2' } })).toEqual([{ queryId: 'driving', credentialId: 'dl-2', reveal: [['name']] }]);
  });

  it('answers an optional set the choice opts into, with defaults for {}', () => {
    const { query, match } = setup(EITHER);
    expect(selectDcqlPresentations(query, match, { company: {} })).toEqual([
      { queryId: 'id_card', credentialId: 'id-card', reveal: [['name']] },
      { queryId: 'company', credentialId: 'bl', reveal: [['enterprise_name']] },
    ]);
  });

  it('presents several credentials for a `multiple` query', () => {
    const { query, match } = setup({ credentials: [sdJwtQuery('licences', VCT.driving_licence, { multiple: true, claims: [{ path: ['vehicle_classes', null] }] })] });
    expect(selectDcqlPresentations(query, match, { licences: [{ credentialId: 'dl' }, { credentialId: 'dl-2' }] })).toEqual([
      { queryId: 'licences', credentialId: 'dl', reveal: [['vehicle_classes', 0]] },
      { queryId: 'licences', credentialId: 'dl-2', reveal: [['vehicle_classes', 0]] },
    ]);
    expect(selectDcqlPresentations(query, match, { licences: [{}] })).toHaveLength(1);
  });

  it('completes the reduced-credentials option of credentials_alternatives.json', async () => {
    const pid = (id: string, vct: string, claims: Json) => stored('resident_id_card', { id, vct, claims });
    const wallet = [
      pid('p', 'https://credentials.example.com/identity_credential', { given_name: 'John', family_name: 'Doe', address: { street_address: '42 Market Street' } }),
      pid('r1', 'https://credentials.example.com/reduced_identity_credential', { given_name: 'John', family_name: 'Doe' }),
      pid('r2', 'https://cred.example/residence_credential', { postal_code: '90210', locality: 'Beverly Hills', region: 'CA' }),
    ];
    const { query, match } = setup(credentialsAlternatives, wallet);
    expect(selectDcqlPresentations(query, match).map((s) => s.credentialId)).toEqual(['p']);
    expect(selectDcqlPresentations(query, match, { pid_reduced_cred_1: {} }).map((s) => [s.queryId, s.credentialId])).toEqual([
      ['pid_reduced_cred_1', 'r1'],
      ['pid_reduced_cred_2', 'r2'],
    ]);
    const partial = setup(credentialsAlternatives, wallet.slice(0, 2));
    const error = await unsatisfied(() => selectDcqlPresentations(partial.query, partial.match, { pid_reduced_cred_1: {} }));
    expect(error.details).toEqual({ credentialSet: 0 });
  });
});

describe('selectDcqlPresentations: choices that do not satisfy the query', () => {
  it('refuses an option the credential does not offer', async () => {
    const { query, match } = setup({ credentials: [adultQuery()] });
    const error = await unsatisfied(() => selectDcqlPresentations(query, match, { adult: { credentialId: 'minor-card', option: 1 } }));
    expect(error.details).toEqual({ queryId: 'adult', credentialId: 'minor-card', option: 1 });
    await unsatisfied(() => selectDcqlPresentations(query, match, { adult: { option: 2 } }));
  });

  it('refuses a credential that does not answer the query', async () => {
    const { query, match } = setup({ credentials: [adultQuery()] });
    for (const credentialId of ['bl', 'dl', 'no-such-credential']) {
      const error = await unsatisfied(() => selectDcqlPresentations(query, match, { adult: { credentialId } }));
      expect(error.details).toEqual({ queryId: 'adult', credentialId });
    }
  });

  it('refuses when a required Credential Query has no candidate', async () => {
    const { query, match } = setup({ credentials: [adultQuery(), sdJwtQuery('marriage', VCT.marriage_certificate)] });
    expect(match.satisfied).toBe(false);
    const error = await unsatisfied(() => selectDcqlPresentations(query, match));
    expect(error.details).toEqual({ queryId: 'marriage' });
  });

  it('refuses when no option of a required credential set can be answered', async () => {
    const { query, match } = setup(EITHER, [businessLicence]);
    const error = await unsatisfied(() => selectDcqlPresentations(query, match, { company: {} }));
    expect(error.details).toEqual({ credentialSet: 0 });
  });

  it('refuses an optional set the choice opts into when it cannot be answered', async () => {
    const { query, match } = setup(EITHER, [idCard]);
    await unsatisfied(() => selectDcqlPresentations(query, match, { company: {} }));
  });

  it('refuses several credentials for a query without `multiple`, the same credential twice, and none', async () => {
    const { query, match } = setup({ credentials: [sdJwtQuery('licence', VCT.driving_licence)] });
    await unsatisfied(() => selectDcqlPresentations(query, match, { licence: [{ credentialId: 'dl' }, { credentialId: 'dl-2' }] }));
    const multiple = setup({ credentials: [sdJwtQuery('licence', VCT.driving_licence, { multiple: true })] });
    await unsatisfied(() => selectDcqlPresentations(multiple.query, multiple.match, { licence: [{ credentialId: 'dl' }, { credentialId: 'dl' }] }));
    await unsatisfied(() => selectDcqlPresentations(multiple.query, multiple.match, { licence: [{}, {}] }));
    await unsatisfied(() => selectDcqlPresentations(multiple.query, multiple.match, { licence: [] }));
  });

  it('refuses a choice for a query the request does not have, or that no chosen option includes', async () => {
    const { query, match } = setup({ credentials: [adultQuery()] });
    const error = await unsatisfied(() => selectDcqlPresentations(query, match, { passport: {} }));
    expect(error.details).toEqual({ queryId: 'passport' });
    const sets = setup({ ...EITHER, credential_sets: [{ options: [['id_card'], ['driving']] }] });
    const unreferenced = await unsatisfied(() => selectDcqlPresentations(sets.query, sets.match, { company: {} }));
    expect(unreferenced.details).toEqual({ queryId: 'company' });
    await unsatisfied(() => selectDcqlPresentations(sets.query, sets.match, { id_card: {}, driving: {} }));
  });
});

describe('selectDcqlPresentations: misuse', () => {
  it('refuses a match made for another query', async () => {
    const a = setup({ credentials: [adultQuery()] });
    const b = setup(EITHER);
    await throwsWith(() => selectDcqlPresentations(a.query, b.match), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => selectDcqlPresentations(b.query, a.match), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => selectDcqlPresentations(a.query, null as never), 'ERR_INVALID_ARGUMENT');
  });

  it('refuses a malformed choice', async () => {
    const { query, match } = setup({ credentials: [adultQuery()] });
    const bad: unknown[] = [null, [], 'adult', { adult: 'id-card' }, { adult: { option: -1 } }, { adult: { option: 0.5 } }, { adult: { credentialId: 7 } }, { adult: [null] }];
    for (const choice of bad) {
      await throwsWith(() => selectDcqlPresentations(query, match, choice as DcqlChoice), 'ERR_INVALID_ARGUMENT');
    }
  });

  it('validates a raw query', async () => {
    const { match } = setup({ credentials: [adultQuery()] });
    await throwsWith(() => selectDcqlPresentations({ credentials: 'x' } as unknown as DcqlQuery, match), 'ERR_DCQL_INVALID');
  });
});

describe('selectDcqlPresentations: the reveal paths present', () => {
  it('discloses exactly age_over_18 of a real SD-JWT VC', async () => {
    const { token, credential } = await issued('resident_id_card');
    const query = parseDcqlQuery({ credentials: [adultQuery()] });
    const [selection] = selectDcqlPresentations(query, matchDcqlQuery(query, [credential]));
    const presentation = await presentSdJwt(token, { reveal: [...selection!.reveal] });
    const decoded = await decodeSdJwt(presentation);
    expect(decoded.disclosures.map((d) => d.name)).toEqual(['age_over_18']);
  });

  it('discloses one vehicle class element and its array, nothing else', async () => {
    const { token, credential } = await issued('driving_licence', { ...LICENCE_CLAIMS.driving_licence, vehicle_classes: ['A2', 'C1', 'D'] });
    const query = parseDcqlQuery({ credentials: [sdJwtQuery('dl', VCT.driving_licence, { claims: [{ path: ['vehicle_classes', null], values: ['C1'] }] })] });
    const [selection] = selectDcqlPresentations(query, matchDcqlQuery(query, [credential]));
    const decoded = await decodeSdJwt(await presentSdJwt(token, { reveal: [...selection!.reveal] }));
    expect(decoded.disclosures.map((d) => d.name ?? d.value).sort()).toEqual(['C1', 'vehicle_classes']);
  });
});
