import { ElicenseError, describeValue, parseJson } from '@elicense/core';
import { deepFreeze } from '../internal/dcql/freeze.js';
import { isParsed, markParsed } from '../internal/dcql/parsed.js';
import { DCQL_LIMITS } from './constants.js';
import type {
  DcqlClaimValue,
  DcqlClaimsQuery,
  DcqlCredentialQuery,
  DcqlCredentialSetQuery,
  DcqlMeta,
  DcqlQuery,
  DcqlTrustedAuthoritiesQuery,
} from './types.js';

type Obj = Record<string, unknown>;

/** Credential Query and Claims Query ids: non-empty, alphanumeric, `_` or `-`. */
const ID = /^[A-Za-z0-9_-]+$/;

function invalid(path: string, message: string): ElicenseError {
  const where = path === '' ? 'the DCQL query' : `DCQL query member ${path}`;
  return new ElicenseError('ERR_DCQL_INVALID', `${where} ${message}`, { details: { path } });
}

function own(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function object(v: unknown, path: string, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(path, `must be ${what} (a JSON object), got ${describeValue(v)}`);
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw invalid(path, `must be ${what} (a plain JSON object)`);
  return v as Obj;
}

function array(v: unknown, path: string, max: number, what: string): unknown[] {
  if (!Array.isArray(v)) throw invalid(path, `must be a non-empty array of ${what}, got ${describeValue(v)}`);
  if (v.length === 0) throw invalid(path, `must be a non-empty array of ${what}`);
  if (v.length > max) throw invalid(path, `has ${v.length} entries; at most ${max} are accepted`);
  return v as unknown[];
}

function string(v: unknown, path: string, what: string): string {
  if (typeof v !== 'string' || v.length === 0) throw invalid(path, `must be ${what} (a non-empty string), got ${describeValue(v)}`);
  if (v.length > DCQL_LIMITS.maxStringLength) throw invalid(path, `is ${v.length} characters long; at most ${DCQL_LIMITS.maxStringLength} are accepted`);
  return v;
}

function identifier(v: unknown, path: string): string {
  const s = string(v, path, 'an identifier');
  if (!ID.test(s)) throw invalid(path, `must consist of letters, digits, "_" and "-" only, got ${describeValue(s)}`);
  return s;
}

function boolean(v: unknown, path: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw invalid(path, `must be a boolean, got ${describeValue(v)}`);
  return v;
}

function strings(v: unknown, path: string, what: string): string[] {
  return array(v, path, DCQL_LIMITS.maxValues, what).map((s, i) => string(s, `${path}[${i}]`, what));
}

/** A list of ids that must each be one of `known`, none twice. */
function references(v: unknown, path: string, max: number, known: ReadonlySet<string>, what: string): string[] {
  const seen = new Set<string>();
  return array(v, path, max, `${what} ids`).map((x, i) => {
    const p = `${path}[${i}]`;
    const id = identifier(x, p);
    if (!known.has(id)) throw invalid(p, `names ${describeValue(id)}, which is not the id of any ${what}`);
    if (seen.has(id)) throw invalid(p, `repeats ${describeValue(id)}`);
    seen.add(id);
    return id;
  });
}

/** A copy of the format-specific `meta` object: any JSON, bounded in depth and size. */
function copyMeta(v: unknown, path: string, depth: number, budget: { members: number }): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalid(path, 'must be a finite number');
    return v;
  }
  if (typeof v === 'string') {
    if (v.length > DCQL_LIMITS.maxStringLength) throw invalid(path, `is ${v.length} characters long; at most ${DCQL_LIMITS.maxStringLength} are accepted`);
    return v;
  }
  if (depth >= DCQL_LIMITS.maxMetaDepth) throw invalid(path, `nests deeper than ${DCQL_LIMITS.maxMetaDepth} levels`);
  const size = Array.isArray(v) ? v.length : typeof v === 'object' ? Object.keys(v).length : 0;
  budget.members += size;
  if (budget.members > DCQL_LIMITS.maxMetaMembers) throw invalid(path, `makes meta larger than ${DCQL_LIMITS.maxMetaMembers} members`);
  if (Array.isArray(v)) return v.map((x, i) => copyMeta(x, `${path}[${i}]`, depth + 1, budget));
  const o = object(v, path, 'a JSON value');
  return Object.fromEntries(Object.keys(o).map((k) => [k, copyMeta(o[k], `${path}.${k}`, depth + 1, budget)]));
}

function parseMeta(v: unknown, path: string, format: string): DcqlMeta {
  if (v === undefined) throw invalid(path, 'is missing (required; use {} for no constraints)');
  object(v, path, 'the meta object');
  const meta = copyMeta(v, path, 0, { members: 0 }) as Obj;
  if (format === 'dc+sd-jwt') {
    if (meta.vct_values === undefined) throw invalid(`${path}.vct_values`, 'is missing (required for format dc+sd-jwt)');
    strings(meta.vct_values, `${path}.vct_values`, 'credential types (vct)');
  } else if (format === 'mso_mdoc') {
    if (meta.doctype_value === undefined) throw invalid(`${path}.doctype_value`, 'is missing (required for format mso_mdoc)');
    string(meta.doctype_value, `${path}.doctype_value`, 'a doctype');
  } else if (format === 'jwt_vc_json' || format === 'ldp_vc') {
    if (meta.type_values === undefined) throw invalid(`${path}.type_values`, `is missing (required for format ${format})`);
    array(meta.type_values, `${path}.type_values`, DCQL_LIMITS.maxValues, 'type arrays').forEach((t, i) => strings(t, `${path}.type_values[${i}]`, 'types'));
  }
  return meta as DcqlMeta;
}

function parseTrustedAuthorities(v: unknown, path: string): DcqlTrustedAuthoritiesQuery[] {
  return array(v, path, DCQL_LIMITS.maxValues, 'Trusted Authorities Queries').map((x, i) => {
    const p = `${path}[${i}]`;
    const o = object(x, p, 'a Trusted Authorities Query');
    const type = string(own(o, 'type'), `${p}.type`, 'a trusted authority type');
    const values = strings(own(o, 'values'), `${p}.values`, 'trusted authority values');
    return { type, values };
  });
}

function parsePath(v: unknown, path: string): (string | number | null)[] {
  if (!Array.isArray(v)) throw invalid(path, `must be a claims path pointer (a non-empty array), got ${describeValue(v)}`);
  if (v.length === 0) throw invalid(path, 'must be a non-empty claims path pointer');
  if (v.length > DCQL_LIMITS.maxPathLength) throw invalid(path, `has ${v.length} components; at most ${DCQL_LIMITS.maxPathLength} are accepted`);
  return (v as unknown[]).map((c, i) => {
    const p = `${path}[${i}]`;
    if (c === null) return null;
    if (typeof c === 'string') {
      if (c.length > DCQL_LIMITS.maxStringLength) throw invalid(p, `is ${c.length} characters long; at most ${DCQL_LIMITS.maxStringLength} are accepted`);
      return c;
    }
    if (typeof c === 'number' && Number.isSafeInteger(c) && c >= 0) return c;
    throw invalid(p, `must be a string (object key), null (every array element) or a non-negative integer (array index), got ${describeValue(c)}`);
  });
}

function parseValues(v: unknown, path: string): DcqlClaimValue[] {
  return array(v, path, DCQL_LIMITS.maxValues, 'expected values').map((x, i) => {
    const p = `${path}[${i}]`;
    if (typeof x === 'boolean' || (typeof x === 'number' && Number.isSafeInteger(x))) return x;
    if (typeof x === 'string') {
      if (x.length > DCQL_LIMITS.maxStringLength) throw invalid(p, `is ${x.length} characters long; at most ${DCQL_LIMITS.maxStringLength} are accepted`);
      return x;
    }
    throw invalid(p, `must be a string, an integer or a boolean, got ${describeValue(x)}`);
  });
}

function parseClaims(v: unknown, path: string, budget: { claims: number }): DcqlClaimsQuery[] {
  if (Array.isArray(v) && budget.claims + v.length > DCQL_LIMITS.maxClaimsQueries) {
    throw invalid(path, `brings the query to more than ${DCQL_LIMITS.maxClaimsQueries} Claims Queries`);
  }
  const list = array(v, path, DCQL_LIMITS.maxClaimsQueries, 'Claims Queries');
  budget.claims += list.length;
  const ids = new Set<string>();
  return list.map((x, i) => {
    const p = `${path}[${i}]`;
    const o = object(x, p, 'a Claims Query');
    const claim: { id?: string; path: (string | number | null)[]; values?: DcqlClaimValue[] } = {
      path: parsePath(own(o, 'path'), `${p}.path`),
    };
    const id = own(o, 'id');
    if (id !== undefined) {
      claim.id = identifier(id, `${p}.id`);
      if (ids.has(claim.id)) throw invalid(`${p}.id`, `repeats the id ${describeValue(claim.id)} of an earlier Claims Query`);
      ids.add(claim.id);
    }
    const values = own(o, 'values');
    if (values !== undefined) claim.values = parseValues(values, `${p}.values`);
    return claim;
  });
}

function parseClaimSets(v: unknown, path: string, claims: readonly DcqlClaimsQuery[] | undefined, claimsPath: string): string[][] {
  if (claims === undefined) throw invalid(path, 'must not be present without claims');
  claims.forEach((c, i) => {
    if (c.id === undefined) throw invalid(`${claimsPath}[${i}].id`, 'is missing (every Claims Query needs an id when claim_sets is present)');
  });
  const known = new Set(claims.map((c) => c.id as string));
  return array(v, path, DCQL_LIMITS.maxClaimSets, 'claim sets').map((set, i) =>
    references(set, `${path}[${i}]`, claims.length, known, 'Claims Query'),
  );
}

function parseCredentialQuery(v: unknown, path: string, ids: Set<string>, budget: { claims: number }): DcqlCredentialQuery {
  const o = object(v, path, 'a Credential Query');
  const id = identifier(own(o, 'id'), `${path}.id`);
  if (ids.has(id)) throw invalid(`${path}.id`, `repeats the id ${describeValue(id)} of an earlier Credential Query`);
  ids.add(id);
  const format = string(own(o, 'format'), `${path}.format`, 'a Credential Format Identifier');
  const query: {
    -readonly [K in keyof DcqlCredentialQuery]: DcqlCredentialQuery[K];
  } = {
    id,
    format,
    multiple: boolean(own(o, 'multiple'), `${path}.multiple`, false),
    meta: parseMeta(own(o, 'meta'), `${path}.meta`, format),
    require_cryptographic_holder_binding: boolean(
      own(o, 'require_cryptographic_holder_binding'),
      `${path}.require_cryptographic_holder_binding`,
      true,
    ),
  };
  const trusted = own(o, 'trusted_authorities');
  if (trusted !== undefined) query.trusted_authorities = parseTrustedAuthorities(trusted, `${path}.trusted_authorities`);
  const claims = own(o, 'claims');
  if (claims !== undefined) query.claims = parseClaims(claims, `${path}.claims`, budget);
  const claimSets = own(o, 'claim_sets');
  if (claimSets !== undefined) query.claim_sets = parseClaimSets(claimSets, `${path}.claim_sets`, query.claims, `${path}.claims`);
  return query;
}

function parseCredentialSets(v: unknown, path: string, ids: ReadonlySet<string>): DcqlCredentialSetQuery[] {
  return array(v, path, DCQL_LIMITS.maxCredentialSets, 'Credential Set Queries').map((x, i) => {
    const p = `${path}[${i}]`;
    const o = object(x, p, 'a Credential Set Query');
    const options = array(own(o, 'options'), `${p}.options`, DCQL_LIMITS.maxOptions, 'options').map((option, j) =>
      references(option, `${p}.options[${j}]`, DCQL_LIMITS.maxCredentialQueries, ids, 'Credential Query'),
    );
    return { options, required: boolean(own(o, 'required'), `${p}.required`, true) };
  });
}

function readInput(query: unknown): unknown {
  if (typeof query !== 'string') return query;
  if (query.length > DCQL_LIMITS.maxJsonLength) {
    throw invalid('', `is ${query.length} characters of JSON; at most ${DCQL_LIMITS.maxJsonLength} are accepted`);
  }
  try {
    return parseJson(query, 'ERR_DCQL_INVALID', 'the DCQL query');
  } catch (cause) {
    throw new ElicenseError('ERR_DCQL_INVALID', 'the DCQL query is not valid JSON', { cause, details: { path: '' } });
  }
}

function missingCredentials(o: Obj): ElicenseError {
  if (Object.hasOwn(o, 'dcql_query')) return invalid('credentials', "is missing: pass the request's dcql_query member, not the whole request");
  if (Object.hasOwn(o, 'presentation_definition')) {
    return invalid('credentials', 'is missing: this is a Presentation Exchange presentation_definition, not a DCQL query');
  }
  return invalid('credentials', 'is missing (a non-empty array of Credential Queries is required)');
}

/**
 * Validate a DCQL query — an object, or its JSON text — and return it typed and deeply frozen, with
 * the defaults filled in (`multiple: false`, `require_cryptographic_holder_binding: true`,
 * `required: true`) and unknown members dropped. Every rule of the specification is enforced: ids
 * are unique and match `^[A-Za-z0-9_-]+$`, arrays are non-empty, `claim_sets` and `options` name
 * existing ids, `meta.vct_values` is present for `dc+sd-jwt`, and the query stays within
 * {@link DCQL_LIMITS}. Anything else throws `ERR_DCQL_INVALID` with `details.path` naming the member,
 * e.g. `credentials[0].claims[1].path`.
 *
 * @example
 * ```ts
 * const query = parseDcqlQuery({
 *   credentials: [{ id: 'adult', format: 'dc+sd-jwt', meta: { vct_values: ['urn:elicense:vct:resident_id_card:1'] },
 *     claims: [{ path: ['age_over_18'], values: [true] }] }],
 * })
 * query.credentials[0].multiple // false
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-7
 */
export function parseDcqlQuery(query: unknown): DcqlQuery {
  if (isParsed(query)) return query as DcqlQuery;
  const o = object(readInput(query), '', 'a DCQL query');
  const raw = own(o, 'credentials');
  if (raw === undefined) throw missingCredentials(o);
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    throw invalid('credentials', 'must be an array of Credential Queries, not an object keyed by id (the shape of drafts before OpenID4VP 1.0)');
  }
  const ids = new Set<string>();
  const budget = { claims: 0 };
  const credentials = array(raw, 'credentials', DCQL_LIMITS.maxCredentialQueries, 'Credential Queries').map((c, i) =>
    parseCredentialQuery(c, `credentials[${i}]`, ids, budget),
  );
  const sets = own(o, 'credential_sets');
  const result: DcqlQuery =
    sets === undefined ? { credentials } : { credentials, credential_sets: parseCredentialSets(sets, 'credential_sets', ids) };
  return markParsed(deepFreeze(result));
}
