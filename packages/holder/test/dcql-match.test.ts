import { describe, expect, it } from 'vitest';
import { matchDcqlQuery, parseDcqlQuery } from '@elicense/holder';
import type { DcqlCandidate, DcqlMatch, DcqlQuery, StoredCredential } from '@elicense/holder';
import { throwsWith } from '../../../test/helpers/errors.js';
import claimsPathExample from '../../../test/vectors/dcql/claims_path_pointer_example.extracted.json' with { type: 'json' };
import credentialsAlternatives from '../../../test/vectors/dcql/credentials_alternatives.json' with { type: 'json' };
import claimsAlternatives from '../../../test/vectors/dcql/claims_alternatives.json' with { type: 'json' };
import valueMatchingSimple from '../../../test/vectors/dcql/value_matching_simple.json' with { type: 'json' };
import simple from '../../../test/vectors/dcql/simple.json' with { type: 'json' };
import multiCredentials from '../../../test/vectors/dcql/multi_credentials.json' with { type: 'json' };
import complexMdoc from '../../../test/vectors/dcql/complex_mdoc.json' with { type: 'json' };
import dcqlJwtVc from '../../../test/vectors/dcql/dcql_jwt_vc.json' with { type: 'json' };
import sdJwtVcUnsecured from '../../../test/vectors/dcql/sd_jwt_vc_unsecured.json' with { type: 'json' };
import trustedAuthorities from '../../../test/vectors/dcql/trusted_authorities.extracted.json' with { type: 'json' };
import { ISSUER, LICENCE_CLAIMS, MINOR_ID_CARD, VCT, adultQuery, issued, sdJwtQuery, stored } from './dcql-fixtures.js';

type Json = Record<string, unknown>;

function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  return list[0] as T;
}

function candidate(match: DcqlMatch, queryId: string, credentialId: string): DcqlCandidate {
  const c = match.credentials[queryId]?.candidates.find((x) => x.credentialId === credentialId);
  expect(c, `${credentialId} answers ${queryId}`).toBeDefined();
  return c as DcqlCandidate;
}

const ADULT_QUERY = { credentials: [adultQuery()] };

const idCard = stored('resident_id_card', { id: 'id-card' });
const minorCard = stored('resident_id_card', { id: 'minor-card', input: MINOR_ID_CARD });
const drivingLicence = stored('driving_licence', { id: 'dl' });
const businessLicence = stored('business_licence', { id: 'bl' });
const marriage = stored('marriage_certificate', { id: 'mc' });
const WALLET: StoredCredential[] = [idCard, minorCard, drivingLicence, businessLicence, marriage];

describe('matchDcqlQuery: "an adult"', () => {
  it('offers age_over_18 before date_of_birth, and recommends it', () => {
    const match = matchDcqlQuery(parseDcqlQuery(ADULT_QUERY), WALLET);
    expect(match.satisfied).toBe(true);
    const { options } = candidate(match, 'adult', 'id-card');
    expect(options.map((o) => o.claimSet)).toEqual([['adult'], ['dob']]);
    expect(options.map((o) => o.claimSetIndex)).toEqual([0, 1]);
    expect(options[0]).toMatchObject({ reveal: [['age_over_18']], disclosed: [{ path: ['age_over_18'], value: true }], recommended: true });
    expect(options[1]).toMatchObject({ reveal: [['date_of_birth']], disclosed: [{ path: ['date_of_birth'], value: '1990-03-07' }], recommended: false });
  });

  it('does not let a card with age_over_18 false satisfy the adult set', () => {
    const match = matchDcqlQuery(parseDcqlQuery(ADULT_QUERY), [minorCard]);
    const option = only(candidate(match, 'adult', 'minor-card').options);
    expect(option.claimSet).toEqual(['dob']);
    expect(option.claimSetIndex).toBe(1);
    expect(option.recommended).toBe(true);
  });

  it('recommends the predicate even when the Verifier prefers the birth date', () => {
    const query = structuredClone(ADULT_QUERY);
    query.credentials[0]!.claim_sets = [['dob'], ['adult']];
    const { options } = candidate(matchDcqlQuery(parseDcqlQuery(query), [idCard]), 'adult', 'id-card');
    expect(options.map((o) => [o.claimSet, o.recommended])).toEqual([
      [['dob'], false],
      [['adult'], true],
    ]);
  });

  it('lists only credentials of the requested types; other licence types are not candidates', () => {
    const match = matchDcqlQuery(parseDcqlQuery(ADULT_QUERY), WALLET);
    expect(match.credentials.adult!.candidates.map((c) => c.credentialId)).toEqual(['id-card', 'minor-card']);
    expect(match.credentials.adult!.unusable).toEqual([]);
  });

  it('takes several vct_values: the driving licence has age_over_18 too', () => {
    const query = structuredClone(ADULT_QUERY);
    query.credentials[0]!.meta = { vct_values: [VCT.resident_id_card, VCT.driving_licence] };
    const match = matchDcqlQuery(parseDcqlQuery(query), WALLET);
    expect(match.credentials.adult!.candidates.map((c) => [c.credentialId, c.type])).toEqual([
      ['id-card', 'resident_id_card'],
      ['minor-card', 'resident_id_card'],
      ['dl', 'driving_licence'],
    ]);
  });

  it('is unsatisfied by a wallet holding no identity card', () => {
    const match = matchDcqlQuery(parseDcqlQuery(ADULT_QUERY), [drivingLicence, businessLicence]);
    expect(match.satisfied).toBe(false);
    expect(match.credentials.adult!.candidates).toEqual([]);
  });
});

describe('matchDcqlQuery: licence claims', () => {
  it("finds a business licence's name and unified social credit code", () => {
    const query = {
      credentials: [sdJwtQuery('company', VCT.business_licence, { claims: [{ path: ['enterprise_name'] }, { path: ['unified_social_credit_code'] }] })],
    };
    const option = only(candidate(matchDcqlQuery(parseDcqlQuery(query), WALLET), 'company', 'bl').options);
    expect(option.claimSet).toBeUndefined();
    expect(option.reveal).toEqual([['enterprise_name'], ['unified_social_credit_code']]);
    expect(option.disclosed).toEqual([
      { path: ['enterprise_name'], value: LICENCE_CLAIMS.business_licence.enterprise_name },
      { path: ['unified_social_credit_code'], value: LICENCE_CLAIMS.business_licence.unified_social_credit_code },
    ]);
  });

  it('needs every claim when there are no claim_sets', () => {
    const query = { credentials: [sdJwtQuery('company', VCT.business_licence, { claims: [{ path: ['enterprise_name'] }, { path: ['registered_capital', 'amount'] }] })] };
    const { registered_capital: _capital, ...withoutCapital } = businessLicence.claims;
    const noCapital = stored('business_licence', { id: 'bl2', claims: withoutCapital });
    const match = matchDcqlQuery(parseDcqlQuery(query), [businessLicence, noCapital]);
    expect(match.credentials.company!.candidates.map((c) => c.credentialId)).toEqual(['bl']);
    expect(match.credentials.company!.unusable).toEqual([{ credentialId: 'bl2', reason: 'claims_not_satisfied' }]);
  });

  it('matches values by type and value', () => {
    const cases: [unknown[], string[], boolean][] = [
      [['CHN'], ['nationality'], true],
      [['USA', 'CHN'], ['nationality'], true],
      [['USA'], ['nationality'], false],
      [['chn'], ['nationality'], false],
      [[true], ['age_over_21'], true],
      [['true'], ['age_over_21'], false],
      [[1], ['age_over_21'], false],
      [['10000000.00'], ['registered_capital', 'amount'], true],
      [[10000000], ['registered_capital', 'amount'], false],
    ];
    for (const [values, path, ok] of cases) {
      const vct = path[0] === 'registered_capital' ? VCT.business_licence : VCT.driving_licence;
      const query = parseDcqlQuery({ credentials: [sdJwtQuery('q', vct, { claims: [{ path, values }] })] });
      expect(matchDcqlQuery(query, WALLET).satisfied, `${JSON.stringify(values)} against ${path.join('.')}`).toBe(ok);
    }
  });

  it('follows nested paths into the marriage certificate spouses', () => {
    const query = {
      credentials: [
        sdJwtQuery('marriage', VCT.marriage_certificate, {
          claims: [{ path: ['spouse_a', 'name'] }, { path: ['spouse_b', 'date_of_birth'] }, { path: ['registration_date'] }],
        }),
      ],
    };
    const option = only(candidate(matchDcqlQuery(parseDcqlQuery(query), WALLET), 'marriage', 'mc').options);
    expect(option.reveal).toEqual([['spouse_a', 'name'], ['spouse_b', 'date_of_birth'], ['registration_date']]);
    expect(option.disclosed.map((d) => d.value)).toEqual(['张伟', '1992-11-21', '2019-05-20']);
  });

  it('discloses a whole nested object when the path stops at it, and counts all of it', () => {
    const query = {
      credentials: [
        sdJwtQuery('marriage', VCT.marriage_certificate, {
          claims: [
            { id: 'whole', path: ['spouse_a'] },
            { id: 'name', path: ['spouse_a', 'name'] },
          ],
          claim_sets: [['whole'], ['name']],
        }),
      ],
    };
    const { options } = candidate(matchDcqlQuery(parseDcqlQuery(query), WALLET), 'marriage', 'mc');
    expect(options[0]!.disclosed).toEqual([{ path: ['spouse_a'], value: LICENCE_CLAIMS.marriage_certificate.spouse_a }]);
    expect(options.map((o) => o.recommended)).toEqual([false, true]);
  });

  it('treats a path through a string as an error: the claim is absent', () => {
    const query = { credentials: [sdJwtQuery('marriage', VCT.marriage_certificate, { claims: [{ path: ['spouse_a', 'name', 'family'] }] })] };
    const match = matchDcqlQuery(parseDcqlQuery(query), WALLET);
    expect(match.satisfied).toBe(false);
    expect(match.credentials.marriage!.unusable).toEqual([{ credentialId: 'mc', reason: 'claims_not_satisfied' }]);
  });

  it('selects every element of the vehicle classes with null, and only the matching ones with values', () => {
    const multiClass = stored('driving_licence', {
      id: 'dl-multi',
      input: { ...LICENCE_CLAIMS.driving_licence, vehicle_classes: ['A2', 'C1', 'D'] },
    });
    const all = parseDcqlQuery({ credentials: [sdJwtQuery('dl', VCT.driving_licence, { claims: [{ path: ['vehicle_classes', null] }] })] });
    expect(only(candidate(matchDcqlQuery(all, [multiClass]), 'dl', 'dl-multi').options).reveal).toEqual([
      ['vehicle_classes', 0],
      ['vehicle_classes', 1],
      ['vehicle_classes', 2],
    ]);
    const c1 = parseDcqlQuery({ credentials: [sdJwtQuery('dl', VCT.driving_licence, { claims: [{ path: ['vehicle_classes', null], values: ['C1'] }] })] });
    const option = only(candidate(matchDcqlQuery(c1, [multiClass, drivingLicence]), 'dl', 'dl-multi').options);
    expect(option.disclosed).toEqual([{ path: ['vehicle_classes', 1], value: 'C1' }]);
    const b1 = parseDcqlQuery({ credentials: [sdJwtQuery('dl', VCT.driving_licence, { claims: [{ path: ['vehicle_classes', null], values: ['B1', 'B2'] }] })] });
    expect(matchDcqlQuery(b1, [multiClass, drivingLicence]).satisfied).toBe(false);
  });

  it('selects an array element by index, and nothing past the end', () => {
    const first = parseDcqlQuery({ credentials: [sdJwtQuery('dl', VCT.driving_licence, { claims: [{ path: ['vehicle_classes', 0] }] })] });
    expect(only(candidate(matchDcqlQuery(first, [drivingLicence]), 'dl', 'dl').options).disclosed).toEqual([{ path: ['vehicle_classes', 0], value: 'C1' }]);
    const past = parseDcqlQuery({ credentials: [sdJwtQuery('dl', VCT.driving_licence, { claims: [{ path: ['vehicle_classes', 1] }] })] });
    expect(matchDcqlQuery(past, [drivingLicence]).satisfied).toBe(false);
    const indexIntoObject = parseDcqlQuery({ credentials: [sdJwtQuery('dl', VCT.driving_licence, { claims: [{ path: ['validity_period', 0] }] })] });
    expect(matchDcqlQuery(indexIntoObject, [drivingLicence]).satisfied).toBe(false);
  });

  it('without claims reveals nothing selectively disclosable', () => {
    const match = matchDcqlQuery(parseDcqlQuery({ credentials: [sdJwtQuery('card', VCT.resident_id_card)] }), WALLET);
    expect(match.satisfied).toBe(true);
    const option = only(candidate(match, 'card', 'id-card').options);
    expect(option).toEqual({ reveal: [], disclosed: [], recommended: true });
  });
});

describe('matchDcqlQuery: envelope claims', () => {
  it('matches iss and vct from the stored credential; they are disclosed but never in reveal', () => {
    const query = parseDcqlQuery({
      credentials: [sdJwtQuery('card', VCT.resident_id_card, { claims: [{ path: ['iss'], values: [ISSUER] }, { path: ['vct'] }, { path: ['name'] }] })],
    });
    const option = only(candidate(matchDcqlQuery(query, [idCard]), 'card', 'id-card').options);
    expect(option.reveal).toEqual([['name']]);
    expect(option.disclosed).toEqual([
      { path: ['iss'], value: ISSUER },
      { path: ['vct'], value: VCT.resident_id_card },
      { path: ['name'], value: '张伟' },
    ]);
    const other = parseDcqlQuery({ credentials: [sdJwtQuery('card', VCT.resident_id_card, { claims: [{ path: ['iss'], values: ['did:web:other.example'] }] })] });
    expect(matchDcqlQuery(other, [idCard]).satisfied).toBe(false);
  });

  it('reads iat, exp, status and cnf from the issuer-signed JWT', async () => {
    const { credential } = await issued('resident_id_card');
    const query = parseDcqlQuery({
      credentials: [
        sdJwtQuery('card', VCT.resident_id_card, {
          claims: [{ path: ['iat'] }, { path: ['exp'] }, { path: ['status', 'status_list', 'idx'], values: [7] }, { path: ['cnf', 'jwk', 'kty'], values: ['EC'] }],
        }),
      ],
    });
    const option = only(candidate(matchDcqlQuery(query, [credential]), 'card', credential.id).options);
    expect(option.reveal).toEqual([]);
    expect(option.disclosed.map((d) => d.path[0])).toEqual(['iat', 'exp', 'status', 'cnf']);
  });

  it('refuses a stored credential whose SD-JWT cannot be read when the query needs its envelope', async () => {
    const query = parseDcqlQuery({ credentials: [sdJwtQuery('card', VCT.resident_id_card, { claims: [{ path: ['iat'] }] })] });
    await throwsWith(() => matchDcqlQuery(query, [idCard]), 'ERR_INVALID_ARGUMENT');
  });
});

describe('matchDcqlQuery: credential_sets and multiple', () => {
  const EITHER = {
    credentials: [
      sdJwtQuery('id_card', VCT.resident_id_card, { claims: [{ path: ['name'] }] }),
      sdJwtQuery('driving', VCT.driving_licence, { claims: [{ path: ['name'] }] }),
    ],
    credential_sets: [{ options: [['id_card'], ['driving']] }],
  };

  it('is satisfied by a resident ID card OR a driving licence', () => {
    const onlyLicence = matchDcqlQuery(parseDcqlQuery(EITHER), [drivingLicence]);
    expect(onlyLicence.satisfied).toBe(true);
    expect(onlyLicence.credential_sets).toEqual([
      {
        required: true,
        satisfied: true,
        options: [
          { ids: ['id_card'], satisfiable: false },
          { ids: ['driving'], satisfiable: true },
        ],
      },
    ]);
    expect(matchDcqlQuery(parseDcqlQuery(EITHER), [businessLicence]).satisfied).toBe(false);
  });

  it('needs every Credential Query when there are no credential_sets', () => {
    const both = { credentials: EITHER.credentials };
    expect(matchDcqlQuery(parseDcqlQuery(both), [drivingLicence]).satisfied).toBe(false);
    expect(matchDcqlQuery(parseDcqlQuery(both), [drivingLicence, idCard]).satisfied).toBe(true);
  });

  it('is satisfied when only an optional set cannot be', () => {
    const query = { ...EITHER, credential_sets: [{ options: [['id_card']] }, { options: [['driving']], required: false }] };
    const match = matchDcqlQuery(parseDcqlQuery(query), [idCard]);
    expect(match.satisfied).toBe(true);
    expect(match.credential_sets.map((s) => s.satisfied)).toEqual([true, false]);
  });

  it('offers every credential of a `multiple` query', () => {
    const second = stored('driving_licence', { id: 'dl-2', input: { ...LICENCE_CLAIMS.driving_licence, vehicle_classes: ['B2'] } });
    const query = parseDcqlQuery({ credentials: [sdJwtQuery('licences', VCT.driving_licence, { multiple: true, claims: [{ path: ['vehicle_classes'] }] })] });
    const m = matchDcqlQuery(query, [drivingLicence, second]).credentials.licences!;
    expect(m.multiple).toBe(true);
    expect(m.candidates.map((c) => c.credentialId)).toEqual(['dl', 'dl-2']);
  });
});

describe('matchDcqlQuery: the specification examples', () => {
  const exampleCredential = (claims: Json, id = 'pid-1', vct = sdJwtVcUnsecured.vct): StoredCredential =>
    stored('resident_id_card', { id, vct, claims, overrides: { type: 'identity_credential' } });
  const { vct: _vct, ...exampleClaims } = sdJwtVcUnsecured;
  const withAddress = { ...exampleClaims, address: { street_address: '42 Market Street' }, postal_code: '90210' };

  it('selects what §7.3 says each claims path pointer selects', () => {
    const credential = exampleCredential(claimsPathExample.credential);
    for (const { path, selected } of claimsPathExample.pointers) {
      const query = parseDcqlQuery({ credentials: [sdJwtQuery('q', sdJwtVcUnsecured.vct, { claims: [{ path }] })] });
      const option = only(candidate(matchDcqlQuery(query, [credential]), 'q', 'pid-1').options);
      expect(option.disclosed.map((d) => d.value), JSON.stringify(path)).toEqual(selected);
    }
  });

  it('aborts a pointer that meets a non-object or non-array anywhere in the selection (§7.1), even if other elements fit', () => {
    const degrees = [{ type: 'Bachelor of Science' }, 'Honorary doctorate'];
    const nested = [['British'], 'Betelgeusian'];
    const credential = exampleCredential({ ...claimsPathExample.credential, degrees, nested });
    for (const path of [['degrees', null, 'type'], ['nested', null, 0], ['nested', null, null]]) {
      const query = parseDcqlQuery({ credentials: [sdJwtQuery('q', sdJwtVcUnsecured.vct, { claims: [{ path }] })] });
      expect(matchDcqlQuery(query, [credential]).satisfied, JSON.stringify(path)).toBe(false);
    }
    const fine = parseDcqlQuery({ credentials: [sdJwtQuery('q', sdJwtVcUnsecured.vct, { claims: [{ path: ['degrees', 0, 'type'] }] })] });
    expect(matchDcqlQuery(fine, [credential]).satisfied).toBe(true);
  });

  it('answers simple.json only from a credential that has an address (the example credential has none)', () => {
    const query = parseDcqlQuery(simple);
    expect(matchDcqlQuery(query, [exampleCredential(exampleClaims)]).satisfied).toBe(false);
    const option = only(candidate(matchDcqlQuery(query, [exampleCredential(withAddress)]), 'my_credential', 'pid-1').options);
    expect(option.disclosed.map((d) => d.value)).toEqual(['Doe', 'John', '42 Market Street']);
  });

  it('applies the values of value_matching_simple.json', () => {
    const query = parseDcqlQuery(valueMatchingSimple);
    expect(matchDcqlQuery(query, [exampleCredential(withAddress)]).satisfied).toBe(true);
    expect(matchDcqlQuery(query, [exampleCredential({ ...withAddress, postal_code: '10115' })]).satisfied).toBe(false);
    expect(matchDcqlQuery(query, [exampleCredential({ ...withAddress, family_name: 'Dent' })]).satisfied).toBe(false);
    expect(matchDcqlQuery(query, [exampleCredential({ ...withAddress, postal_code: 90210 })]).satisfied).toBe(false);
  });

  it('offers the claim sets of claims_alternatives.json in order', () => {
    const query = parseDcqlQuery(claimsAlternatives);
    const both = { last_name: 'Dent', postal_code: '12345', locality: 'Milliways', region: 'Betelgeuse', date_of_birth: '1952-03-11' };
    expect(candidate(matchDcqlQuery(query, [exampleCredential(both)]), 'pid', 'pid-1').options.map((o) => o.claimSet)).toEqual([
      ['a', 'c', 'd', 'e'],
      ['a', 'b', 'e'],
    ]);
    const { locality: _l, ...postalOnly } = both;
    const option = only(candidate(matchDcqlQuery(query, [exampleCredential(postalOnly)]), 'pid', 'pid-1').options);
    expect(option).toMatchObject({ claimSet: ['a', 'b', 'e'], claimSetIndex: 1, recommended: true });
  });

  it('satisfies credentials_alternatives.json with pid alone or with both reduced credentials', () => {
    const query = parseDcqlQuery(credentialsAlternatives);
    const pid = exampleCredential({ given_name: 'John', family_name: 'Doe', address: { street_address: '42 Market Street' } });
    const reduced1 = exampleCredential({ given_name: 'John', family_name: 'Doe' }, 'r1', 'https://credentials.example.com/reduced_identity_credential');
    const reduced2 = exampleCredential({ postal_code: '90210', locality: 'Beverly Hills', region: 'CA' }, 'r2', 'https://cred.example/residence_credential');
    expect(matchDcqlQuery(query, [pid]).satisfied).toBe(true);
    expect(matchDcqlQuery(query, [reduced1]).satisfied).toBe(false);
    const reduced = matchDcqlQuery(query, [reduced1, reduced2]);
    expect(reduced.satisfied).toBe(true);
    expect(reduced.credential_sets.map((s) => s.options.map((o) => o.satisfiable))).toEqual([[false, false, true], [false]]);
  });

  it('finds no candidates for mso_mdoc and jwt_vc_json queries, which are still valid', () => {
    for (const example of [multiCredentials, complexMdoc, dcqlJwtVc]) {
      const match = matchDcqlQuery(parseDcqlQuery(example), WALLET);
      for (const m of Object.values(match.credentials)) {
        const format = parseDcqlQuery(example).credentials.find((c) => c.id === m.queryId)!.format;
        expect(m.formatSupported).toBe(format === 'dc+sd-jwt');
        if (format !== 'dc+sd-jwt') expect(m.candidates).toEqual([]);
      }
      expect(match.satisfied).toBe(false);
    }
  });
});

describe('matchDcqlQuery: unknown claims', () => {
  it('throws ERR_DCQL_CLAIM_UNKNOWN for a claim the licence type does not have', async () => {
    const query = parseDcqlQuery({
      credentials: [sdJwtQuery('card', VCT.resident_id_card, { claims: [{ path: ['name'] }, { path: ['vehicle_classes', null] }] })],
    });
    const error = await throwsWith(() => matchDcqlQuery(query, WALLET), 'ERR_DCQL_CLAIM_UNKNOWN');
    expect(error.details).toEqual({ queryId: 'card', path: ['vehicle_classes', null] });
    await throwsWith(() => matchDcqlQuery(query, []), 'ERR_DCQL_CLAIM_UNKNOWN');
  });

  it('names a misspelt business licence claim', async () => {
    const query = parseDcqlQuery({ credentials: [sdJwtQuery('company', VCT.business_licence, { claims: [{ path: ['company_name'] }] })] });
    const error = await throwsWith(() => matchDcqlQuery(query, WALLET), 'ERR_DCQL_CLAIM_UNKNOWN');
    expect(error.details).toEqual({ queryId: 'company', path: ['company_name'] });
  });

  it('throws for a path that starts with null or an index: a credential is an object', async () => {
    for (const path of [[null], [0, 'name']]) {
      const query = parseDcqlQuery({ credentials: [sdJwtQuery('card', VCT.resident_id_card, { claims: [{ path }] })] });
      await throwsWith(() => matchDcqlQuery(query, WALLET), 'ERR_DCQL_CLAIM_UNKNOWN');
    }
  });

  it('accepts claims of any listed type, derived predicates and envelope claims', () => {
    const query = parseDcqlQuery({
      credentials: [
        sdJwtQuery('any', [VCT.resident_id_card, VCT.driving_licence], {
          claims: [
            { id: 'a', path: ['ethnicity'] },
            { id: 'b', path: ['vehicle_classes'] },
            { id: 'c', path: ['age_over_60'] },
            { id: 'd', path: ['status'] },
            { id: 'e', path: ['validity_period', 'no_such_member'] },
          ],
          claim_sets: [['a'], ['b'], ['c'], ['d'], ['e']],
        }),
      ],
    });
    expect(() => matchDcqlQuery(query, [])).not.toThrow();
  });

  it('does not judge claims when a vct is not in the catalogue', () => {
    const unknownOnly = parseDcqlQuery({ credentials: [sdJwtQuery('x', 'urn:example:vct:fishing_licence:1', { claims: [{ path: ['fish'] }] })] });
    expect(matchDcqlQuery(unknownOnly, WALLET).satisfied).toBe(false);
    const mixed = parseDcqlQuery({ credentials: [sdJwtQuery('x', [VCT.resident_id_card, 'urn:example:vct:fishing_licence:1'], { claims: [{ path: ['fish'] }] })] });
    expect(matchDcqlQuery(mixed, WALLET).credentials.x!.unusable).toEqual([
      { credentialId: 'id-card', reason: 'claims_not_satisfied' },
      { credentialId: 'minor-card', reason: 'claims_not_satisfied' },
    ]);
  });
});

describe('matchDcqlQuery: credentials that cannot be offered', () => {
  it('leaves out expired, revoked, suspended, not yet valid and unpresentable credentials, and says why', () => {
    const wallet = [
      stored('resident_id_card', { id: 'expired', overrides: { state: 'expired' } }),
      stored('resident_id_card', { id: 'revoked', overrides: { state: 'revoked' } }),
      stored('resident_id_card', { id: 'suspended', overrides: { state: 'suspended' } }),
      stored('resident_id_card', { id: 'early', overrides: { state: 'not_yet_valid' } }),
      stored('resident_id_card', { id: 'keyless', overrides: { presentable: false } }),
      idCard,
    ];
    const m = matchDcqlQuery(parseDcqlQuery(ADULT_QUERY), wallet).credentials.adult!;
    expect(m.candidates.map((c) => c.credentialId)).toEqual(['id-card']);
    expect(m.unusable).toEqual([
      { credentialId: 'expired', reason: 'expired' },
      { credentialId: 'revoked', reason: 'revoked' },
      { credentialId: 'suspended', reason: 'suspended' },
      { credentialId: 'early', reason: 'not_yet_valid' },
      { credentialId: 'keyless', reason: 'not_presentable' },
    ]);
  });
});

describe('matchDcqlQuery: trusted_authorities', () => {
  const query = (entries: unknown) =>
    parseDcqlQuery({ credentials: [sdJwtQuery('card', VCT.resident_id_card, { trusted_authorities: entries, claims: [{ path: ['name'] }] })] });

  it('reports the types of §6.1.1 as unevaluated instead of guessing', () => {
    const m = matchDcqlQuery(query(trustedAuthorities), [idCard]).credentials.card!;
    expect(m.unevaluatedTrustedAuthorities).toEqual(['aki', 'etsi_tl', 'openid_federation']);
    expect(only(m.candidates).trust).toBe('unevaluated');
  });

  it('evaluates a type the wallet has an evaluator for', () => {
    const byIssuer = { did: (c: StoredCredential, values: readonly string[]) => values.includes(c.issuer) };
    const trusted = matchDcqlQuery(query([{ type: 'did', values: [ISSUER] }, ...trustedAuthorities]), [idCard], { trustedAuthorities: byIssuer });
    expect(trusted.credentials.card!.unevaluatedTrustedAuthorities).toEqual(['aki', 'etsi_tl', 'openid_federation']);
    expect(only(trusted.credentials.card!.candidates).trust).toBe('matched');
    const rejected = matchDcqlQuery(query([{ type: 'did', values: ['did:web:elsewhere.example'] }]), [idCard], { trustedAuthorities: byIssuer });
    expect(rejected.satisfied).toBe(false);
    expect(rejected.credentials.card!.unusable).toEqual([{ credentialId: 'id-card', reason: 'untrusted' }]);
    const partly = matchDcqlQuery(query([{ type: 'did', values: ['did:web:elsewhere.example'] }, ...trustedAuthorities]), [idCard], {
      trustedAuthorities: byIssuer,
    });
    expect(only(partly.credentials.card!.candidates).trust).toBe('unevaluated');
  });

  it('has no trust verdict for a query without trusted_authorities', () => {
    const m = matchDcqlQuery(parseDcqlQuery(ADULT_QUERY), [idCard]).credentials.adult!;
    expect(m.unevaluatedTrustedAuthorities).toEqual([]);
    expect(only(m.candidates)).not.toHaveProperty('trust');
  });

  it('refuses an evaluator that is not a function or does not return a boolean', async () => {
    await throwsWith(() => matchDcqlQuery(query(trustedAuthorities), [idCard], { trustedAuthorities: { aki: 'yes' } as never }), 'ERR_INVALID_ARGUMENT');
    await throwsWith(() => matchDcqlQuery(query(trustedAuthorities), [idCard], { trustedAuthorities: { aki: () => 1 } as never }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('matchDcqlQuery: arguments and result', () => {
  it('validates a raw query itself', async () => {
    expect(matchDcqlQuery(ADULT_QUERY as unknown as DcqlQuery, [idCard]).satisfied).toBe(true);
    const error = await throwsWith(() => matchDcqlQuery({ credentials: [] } as unknown as DcqlQuery, [idCard]), 'ERR_DCQL_INVALID');
    expect(error.details?.path).toBe('credentials');
  });

  it('refuses credentials that are not StoredCredentials, and duplicate ids', async () => {
    const query = parseDcqlQuery(ADULT_QUERY);
    for (const bad of [undefined, {}, [null], [{ ...idCard, id: '' }], [{ ...idCard, claims: [] }], [{ ...idCard, vct: 1 }], [idCard, idCard]]) {
      await throwsWith(() => matchDcqlQuery(query, bad as never), 'ERR_INVALID_ARGUMENT');
    }
    await throwsWith(() => matchDcqlQuery(query, [idCard], null as never), 'ERR_INVALID_ARGUMENT');
  });

  it('returns a deeply frozen result that does not share the wallet data', () => {
    const match = matchDcqlQuery(parseDcqlQuery({ credentials: [sdJwtQuery('mc', VCT.marriage_certificate, { claims: [{ path: ['spouse_a'] }] })] }), [marriage]);
    const option = only(candidate(match, 'mc', 'mc').options);
    expect(Object.isFrozen(match.credentials)).toBe(true);
    expect(Object.isFrozen(option.disclosed[0]!.value)).toBe(true);
    expect(Object.isFrozen(marriage.claims.spouse_a)).toBe(false);
  });

  it('keys the result by query id, "__proto__" included', () => {
    const query = parseDcqlQuery({ credentials: [sdJwtQuery('__proto__', VCT.resident_id_card)] });
    const match = matchDcqlQuery(query, [idCard]);
    expect(Object.keys(match.credentials)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(match.credentials)).toBe(Object.prototype);
    expect(match.credentials['__proto__']!.candidates).toHaveLength(1);
  });
});
