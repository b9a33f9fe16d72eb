import { describe, expect, it } from 'vitest';
import { DCQL_LIMITS, parseDcqlQuery } from '@elicense/holder';
import { throwsWith } from '../../../test/helpers/errors.js';
import simple from '../../../test/vectors/dcql/simple.json' with { type: 'json' };
import simpleMdoc from '../../../test/vectors/dcql/simple_mdoc.json' with { type: 'json' };
import multiCredentials from '../../../test/vectors/dcql/multi_credentials.json' with { type: 'json' };
import credentialsAlternatives from '../../../test/vectors/dcql/credentials_alternatives.json' with { type: 'json' };
import complexMdoc from '../../../test/vectors/dcql/complex_mdoc.json' with { type: 'json' };
import claimsAlternatives from '../../../test/vectors/dcql/claims_alternatives.json' with { type: 'json' };
import valueMatchingSimple from '../../../test/vectors/dcql/value_matching_simple.json' with { type: 'json' };
import dcqlJwtVc from '../../../test/vectors/dcql/dcql_jwt_vc.json' with { type: 'json' };
import trustedAuthorities from '../../../test/vectors/dcql/trusted_authorities.extracted.json' with { type: 'json' };

const SPEC_EXAMPLES: Record<string, unknown> = {
  'simple.json': simple,
  'simple_mdoc.json': simpleMdoc,
  'multi_credentials.json': multiCredentials,
  'credentials_alternatives.json': credentialsAlternatives,
  'complex_mdoc.json': complexMdoc,
  'claims_alternatives.json': claimsAlternatives,
  'value_matching_simple.json': valueMatchingSimple,
  'dcql_jwt_vc.json': dcqlJwtVc,
};

type Json = Record<string, unknown>;

/** A valid query to break one member of. */
function base(): Json {
  return {
    credentials: [
      {
        id: 'adult',
        format: 'dc+sd-jwt',
        meta: { vct_values: ['urn:elicense:vct:resident_id_card:1'] },
        claims: [
          { id: 'dob', path: ['date_of_birth'] },
          { id: 'a18', path: ['age_over_18'], values: [true] },
        ],
        claim_sets: [['a18'], ['dob']],
      },
      { id: 'dl', format: 'dc+sd-jwt', meta: { vct_values: ['urn:elicense:vct:driving_licence:1'] } },
    ],
    credential_sets: [{ options: [['adult'], ['dl']] }],
  };
}

const cq = (q: Json, i = 0): Json => (q.credentials as Json[])[i] as Json;

/** [name, change to the base query, expected details.path] */
const MALFORMED: [string, (q: Json) => unknown, string][] = [
  ['a number', () => 42, ''],
  ['null', () => null, ''],
  ['an array', () => [], ''],
  ['a Date', () => new Date(0), ''],
  ['text that is not JSON', () => '{"credentials": [', ''],
  ['JSON text of an array', () => '[]', ''],
  ['no credentials', () => ({}), 'credentials'],
  ['a whole authorization request', (q) => ({ response_type: 'vp_token', dcql_query: q }), 'credentials'],
  ['a presentation_definition', () => ({ presentation_definition: { id: 'x', input_descriptors: [] } }), 'credentials'],
  ['credentials keyed by id (pre-1.0 drafts)', () => ({ credentials: { my_cred: { format: 'dc+sd-jwt' } } }), 'credentials'],
  ['empty credentials', () => ({ credentials: [] }), 'credentials'],
  ['credentials a string', () => ({ credentials: 'adult' }), 'credentials'],
  ['a Credential Query that is a number', (q) => ({ ...q, credentials: [42] }), 'credentials[0]'],
  ['a missing id', (q) => void delete cq(q).id, 'credentials[0].id'],
  ['an empty id', (q) => void (cq(q).id = ''), 'credentials[0].id'],
  ['an id with a space', (q) => void (cq(q).id = 'my cred'), 'credentials[0].id'],
  ['an id with a dot', (q) => void (cq(q).id = 'a.b'), 'credentials[0].id'],
  ['a numeric id', (q) => void (cq(q).id = 1), 'credentials[0].id'],
  ['a duplicate id', (q) => void (cq(q, 1).id = 'adult'), 'credentials[1].id'],
  ['a missing format', (q) => void delete cq(q).format, 'credentials[0].format'],
  ['an empty format', (q) => void (cq(q).format = ''), 'credentials[0].format'],
  ['multiple not a boolean', (q) => void (cq(q).multiple = 'yes'), 'credentials[0].multiple'],
  ['a missing meta', (q) => void delete cq(q).meta, 'credentials[0].meta'],
  ['meta an array', (q) => void (cq(q).meta = []), 'credentials[0].meta'],
  ['dc+sd-jwt without vct_values', (q) => void (cq(q).meta = {}), 'credentials[0].meta.vct_values'],
  ['empty vct_values', (q) => void (cq(q).meta = { vct_values: [] }), 'credentials[0].meta.vct_values'],
  ['vct_values a string', (q) => void (cq(q).meta = { vct_values: 'urn:x' }), 'credentials[0].meta.vct_values'],
  ['a vct that is a number', (q) => void (cq(q).meta = { vct_values: ['urn:x', 1] }), 'credentials[0].meta.vct_values[1]'],
  ['mso_mdoc without doctype_value', (q) => void Object.assign(cq(q, 1), { format: 'mso_mdoc', meta: {} }), 'credentials[1].meta.doctype_value'],
  [
    'jwt_vc_json with an empty type array',
    (q) => void Object.assign(cq(q, 1), { format: 'jwt_vc_json', meta: { type_values: [['IDCredential'], []] } }),
    'credentials[1].meta.type_values[1]',
  ],
  ['meta with a function', (q) => void (cq(q).meta = { vct_values: ['urn:x'], f: () => 1 }), 'credentials[0].meta.f'],
  ['meta with NaN', (q) => void (cq(q).meta = { vct_values: ['urn:x'], n: Number.NaN }), 'credentials[0].meta.n'],
  ['empty trusted_authorities', (q) => void (cq(q).trusted_authorities = []), 'credentials[0].trusted_authorities'],
  ['a trusted authority without type', (q) => void (cq(q).trusted_authorities = [{ values: ['x'] }]), 'credentials[0].trusted_authorities[0].type'],
  ['a trusted authority without values', (q) => void (cq(q).trusted_authorities = [{ type: 'aki', values: [] }]), 'credentials[0].trusted_authorities[0].values'],
  [
    'require_cryptographic_holder_binding a string',
    (q) => void (cq(q).require_cryptographic_holder_binding = 'true'),
    'credentials[0].require_cryptographic_holder_binding',
  ],
  ['empty claims', (q) => void (cq(q, 1).claims = []), 'credentials[1].claims'],
  ['claims an object', (q) => void (cq(q, 1).claims = { path: ['name'] }), 'credentials[1].claims'],
  ['a claim without path', (q) => void (cq(q, 1).claims = [{ id: 'n' }]), 'credentials[1].claims[0].path'],
  ['an empty path', (q) => void (cq(q, 1).claims = [{ path: [] }]), 'credentials[1].claims[0].path'],
  ['a dotted-string path', (q) => void (cq(q, 1).claims = [{ path: 'spouse_a.name' }]), 'credentials[1].claims[0].path'],
  ['a negative index', (q) => void (cq(q, 1).claims = [{ path: ['name'] }, { path: ['vehicle_classes', -1] }]), 'credentials[1].claims[1].path[1]'],
  ['a fractional index', (q) => void (cq(q, 1).claims = [{ path: ['vehicle_classes', 1.5] }]), 'credentials[1].claims[0].path[1]'],
  ['a boolean component', (q) => void (cq(q, 1).claims = [{ path: [true] }]), 'credentials[1].claims[0].path[0]'],
  ['an object component', (q) => void (cq(q, 1).claims = [{ path: ['a', {}] }]), 'credentials[1].claims[0].path[1]'],
  ['empty values', (q) => void (cq(q, 1).claims = [{ path: ['name'], values: [] }]), 'credentials[1].claims[0].values'],
  ['a fractional value', (q) => void (cq(q, 1).claims = [{ path: ['name'], values: [1.5] }]), 'credentials[1].claims[0].values[0]'],
  ['a null value', (q) => void (cq(q, 1).claims = [{ path: ['name'], values: ['x', null] }]), 'credentials[1].claims[0].values[1]'],
  ['an object value', (q) => void (cq(q, 1).claims = [{ path: ['name'], values: [{}] }]), 'credentials[1].claims[0].values[0]'],
  ['a bad claim id', (q) => void (cq(q, 1).claims = [{ id: 'a b', path: ['name'] }]), 'credentials[1].claims[0].id'],
  ['a duplicate claim id', (q) => void ((cq(q).claims as Json[])[1]!.id = 'dob'), 'credentials[0].claims[1].id'],
  ['claim_sets without claims', (q) => void (cq(q, 1).claim_sets = [['x']]), 'credentials[1].claim_sets'],
  ['claim_sets with a claim lacking an id', (q) => void delete (cq(q).claims as Json[])[1]!.id, 'credentials[0].claims[1].id'],
  ['empty claim_sets', (q) => void (cq(q).claim_sets = []), 'credentials[0].claim_sets'],
  ['an empty claim set', (q) => void (cq(q).claim_sets = [['a18'], []]), 'credentials[0].claim_sets[1]'],
  ['a claim set naming an unknown claim', (q) => void (cq(q).claim_sets = [['a18', 'dobb']]), 'credentials[0].claim_sets[0][1]'],
  ['a claim set naming a claim twice', (q) => void (cq(q).claim_sets = [['dob', 'dob']]), 'credentials[0].claim_sets[0][1]'],
  ['empty credential_sets', (q) => void (q.credential_sets = []), 'credential_sets'],
  ['credential_sets an object', (q) => void (q.credential_sets = { options: [['adult']] }), 'credential_sets'],
  ['a Credential Set Query without options', (q) => void (q.credential_sets = [{ required: true }]), 'credential_sets[0].options'],
  ['an empty option', (q) => void (q.credential_sets = [{ options: [['adult'], []] }]), 'credential_sets[0].options[1]'],
  ['an option naming an unknown query', (q) => void (q.credential_sets = [{ options: [['adult', 'passport']] }]), 'credential_sets[0].options[0][1]'],
  ['an option naming a query twice', (q) => void (q.credential_sets = [{ options: [['dl', 'dl']] }]), 'credential_sets[0].options[0][1]'],
  ['required a string', (q) => void (q.credential_sets = [{ options: [['dl']], required: 'no' }]), 'credential_sets[0].required'],
];

describe('parseDcqlQuery: the specification examples', () => {
  it.each(Object.entries(SPEC_EXAMPLES))('parses %s', (_name, example) => {
    const query = parseDcqlQuery(example);
    expect(query.credentials.map((c) => c.id)).toEqual((example as { credentials: { id: string }[] }).credentials.map((c) => c.id));
    expect(parseDcqlQuery(JSON.stringify(example))).toEqual(query);
  });

  it('fills in the defaults of §6.1 and §6.2', () => {
    const query = parseDcqlQuery(credentialsAlternatives);
    for (const c of query.credentials) {
      expect(c.multiple).toBe(false);
      expect(c.require_cryptographic_holder_binding).toBe(true);
    }
    expect(query.credential_sets?.map((s) => s.required)).toEqual([true, false]);
  });

  it('keeps what the examples ask for', () => {
    const claims = parseDcqlQuery(claimsAlternatives).credentials[0]!;
    expect(claims.claim_sets).toEqual([
      ['a', 'c', 'd', 'e'],
      ['a', 'b', 'e'],
    ]);
    const values = parseDcqlQuery(valueMatchingSimple).credentials[0]!.claims!;
    expect(values[3]).toEqual({ path: ['postal_code'], values: ['90210', '90211'] });
    expect(parseDcqlQuery(simpleMdoc).credentials[0]!.meta.doctype_value).toBe('org.iso.7367.1.mVRC');
    expect(parseDcqlQuery(dcqlJwtVc).credentials[0]!.meta.type_values).toEqual([['IDCredential']]);
  });

  it('allows the same claim id in different Credential Queries (complex_mdoc.json)', () => {
    const query = parseDcqlQuery(complexMdoc);
    expect(query.credentials[0]!.claims![0]!.id).toBe(query.credentials[2]!.claims![0]!.id);
  });

  it('accepts the trusted_authorities entries of §6.1.1', () => {
    const raw = { credentials: [{ ...(simple.credentials[0] as Json), trusted_authorities: trustedAuthorities }] };
    expect(parseDcqlQuery(raw).credentials[0]!.trusted_authorities).toEqual(trustedAuthorities);
  });
});

describe('parseDcqlQuery: the result', () => {
  it('is deeply frozen and a copy of the input', () => {
    const input = base();
    const query = parseDcqlQuery(input);
    expect(Object.isFrozen(query)).toBe(true);
    expect(Object.isFrozen(query.credentials[0]!.claims![1]!.values)).toBe(true);
    expect(Object.isFrozen(query.credentials[0]!.meta.vct_values)).toBe(true);
    expect(Object.isFrozen(query.credential_sets![0]!.options[0])).toBe(true);
    (cq(input).claims as Json[])[0]!.path = ['name'];
    expect(query.credentials[0]!.claims![0]!.path).toEqual(['date_of_birth']);
  });

  it('returns a parsed query unchanged', () => {
    const query = parseDcqlQuery(base());
    expect(parseDcqlQuery(query)).toBe(query);
  });

  it('drops unknown members but keeps meta as sent', () => {
    const input = base();
    input.purpose = 'ignored';
    cq(input).intent_to_retain = true;
    cq(input).meta = { vct_values: ['urn:x'], extension: { nested: [1, 'two', null] } };
    const query = parseDcqlQuery(input) as unknown as Json;
    expect(query).not.toHaveProperty('purpose');
    expect(cq(query)).not.toHaveProperty('intent_to_retain');
    expect(cq(query).meta).toEqual({ vct_values: ['urn:x'], extension: { nested: [1, 'two', null] } });
  });

  it('treats a query that does not name credential_sets as having none', () => {
    const input = base();
    delete input.credential_sets;
    expect(parseDcqlQuery(input)).not.toHaveProperty('credential_sets');
  });

  it('accepts every claims path pointer component and value type', () => {
    const input = base();
    cq(input, 1).claims = [{ path: ['vehicle_classes', null] }, { path: ['vehicle_classes', 0], values: ['C1', 7, false] }, { path: [''] }];
    const claims = parseDcqlQuery(input).credentials[1]!.claims!;
    expect(claims.map((c) => c.path)).toEqual([['vehicle_classes', null], ['vehicle_classes', 0], ['']]);
    expect(claims[1]!.values).toEqual(['C1', 7, false]);
  });

  it('takes a query id "__proto__" as an id like any other', () => {
    const input = base();
    cq(input, 1).id = '__proto__';
    input.credential_sets = [{ options: [['adult'], ['__proto__']] }];
    expect(parseDcqlQuery(JSON.stringify(input)).credentials[1]!.id).toBe('__proto__');
  });
});

describe('parseDcqlQuery: malformed queries', () => {
  it.each(MALFORMED)('refuses %s (ERR_DCQL_INVALID at the member)', async (_name, change, path) => {
    const q = base();
    const result = change(q);
    const input = result === undefined ? q : result;
    const error = await throwsWith(() => parseDcqlQuery(input), 'ERR_DCQL_INVALID');
    expect(error.details?.path).toBe(path);
  });
});

describe('parseDcqlQuery: bounds', () => {
  const query = (credentials: unknown[]): Json => ({ credentials });
  const credential = (id: string, claims?: unknown[]): Json => ({
    id,
    format: 'dc+sd-jwt',
    meta: { vct_values: ['urn:x'] },
    ...(claims === undefined ? {} : { claims }),
  });

  it(`accepts ${DCQL_LIMITS.maxCredentialQueries} Credential Queries and refuses one more`, async () => {
    const ids = Array.from({ length: DCQL_LIMITS.maxCredentialQueries + 1 }, (_, i) => `q${i}`);
    expect(parseDcqlQuery(query(ids.slice(1).map((id) => credential(id)))).credentials).toHaveLength(DCQL_LIMITS.maxCredentialQueries);
    const error = await throwsWith(() => parseDcqlQuery(query(ids.map((id) => credential(id)))), 'ERR_DCQL_INVALID');
    expect(error.details?.path).toBe('credentials');
  });

  it(`refuses more than ${DCQL_LIMITS.maxClaimsQueries} Claims Queries over the whole query`, async () => {
    const claims = Array.from({ length: 100 }, (_, i) => ({ path: [`c${i}`] }));
    expect(parseDcqlQuery(query([credential('a', claims), credential('b', claims)])).credentials).toHaveLength(2);
    const error = await throwsWith(
      () => parseDcqlQuery(query([credential('a', claims), credential('b', claims), credential('c', claims)])),
      'ERR_DCQL_INVALID',
    );
    expect(error.details?.path).toBe('credentials[2].claims');
  });

  it('refuses an over-long path, too many values, an over-long string, deep meta and huge JSON text', async () => {
    const deep: Json = {};
    let node = deep;
    for (let i = 0; i < DCQL_LIMITS.maxMetaDepth + 2; i++) node = node.a = {} as Json;
    const cases: [unknown, string][] = [
      [query([credential('a', [{ path: Array.from({ length: DCQL_LIMITS.maxPathLength + 1 }, () => null) }])]), 'credentials[0].claims[0].path'],
      [query([credential('a', [{ path: ['x'], values: Array.from({ length: DCQL_LIMITS.maxValues + 1 }, (_, i) => i) }])]), 'credentials[0].claims[0].values'],
      [query([credential('a'.repeat(DCQL_LIMITS.maxStringLength + 1))]), 'credentials[0].id'],
      [query([{ ...credential('a'), meta: { vct_values: ['urn:x'], deep } }]), `credentials[0].meta.deep${'.a'.repeat(DCQL_LIMITS.maxMetaDepth - 1)}`],
      [JSON.stringify(query([credential('a')])).padEnd(DCQL_LIMITS.maxJsonLength + 1, ' '), ''],
    ];
    for (const [input, path] of cases) {
      const error = await throwsWith(() => parseDcqlQuery(input), 'ERR_DCQL_INVALID');
      expect(error.details?.path).toBe(path);
    }
  });

  it('refuses a cyclic meta object instead of recursing forever', async () => {
    const cyclic: Json = { vct_values: ['urn:x'] };
    cyclic.self = cyclic;
    await throwsWith(() => parseDcqlQuery(query([{ ...credential('a'), meta: cyclic }])), 'ERR_DCQL_INVALID');
  });

  it('refuses a sparse array of a billion Credential Queries without walking it', async () => {
    const sparse: unknown[] = [];
    sparse.length = 1_000_000_000;
    const error = await throwsWith(() => parseDcqlQuery({ credentials: sparse }), 'ERR_DCQL_INVALID');
    expect(error.details?.path).toBe('credentials');
  });
});
