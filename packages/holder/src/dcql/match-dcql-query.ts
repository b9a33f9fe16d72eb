import { ElicenseError, invalidArgument } from '@elicense/core';
import { claimOptions } from '../internal/dcql/claim-options.js';
import { deepFreeze } from '../internal/dcql/freeze.js';
import { assertKnownClaims } from '../internal/dcql/known-claims.js';
import type { StoredCredential } from '../types.js';
import { parseDcqlQuery } from './parse-dcql-query.js';
import type {
  DcqlCandidate,
  DcqlCredentialMatch,
  DcqlCredentialQuery,
  DcqlCredentialSetMatch,
  DcqlMatch,
  DcqlQuery,
  DcqlTrustedAuthorityMatcher,
  DcqlUnusableReason,
  MatchDcqlOptions,
} from './types.js';

type Matchers = Readonly<Record<string, DcqlTrustedAuthorityMatcher>>;

const STATES: ReadonlySet<string> = new Set(['expired', 'not_yet_valid', 'revoked', 'suspended']);

function checkCredentials(credentials: unknown): readonly StoredCredential[] {
  if (!Array.isArray(credentials)) throw invalidArgument('credentials', 'an array of StoredCredential', credentials);
  const ids = new Set<string>();
  (credentials as unknown[]).forEach((c, i) => {
    const name = `credentials[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw invalidArgument(name, 'a StoredCredential', c);
    const s = c as Record<string, unknown>;
    for (const field of ['id', 'format', 'type', 'vct', 'issuer'] as const) {
      if (typeof s[field] !== 'string' || s[field] === '') throw invalidArgument(`${name}.${field}`, 'a non-empty string', s[field]);
    }
    const claims = s.claims;
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw invalidArgument(`${name}.claims`, 'an object', claims);
    if (ids.has(s.id as string)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `${name}.id repeats the id of an earlier credential`);
    ids.add(s.id as string);
  });
  return credentials as readonly StoredCredential[];
}

function checkOptions(options: unknown): Matchers {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalidArgument('options', 'an object', options);
  const ta: unknown = (options as MatchDcqlOptions).trustedAuthorities;
  if (ta === undefined) return {};
  if (typeof ta !== 'object' || ta === null || Array.isArray(ta)) throw invalidArgument('options.trustedAuthorities', 'an object of functions keyed by type', ta);
  for (const [type, f] of Object.entries(ta)) {
    if (typeof f !== 'function') throw invalidArgument(`options.trustedAuthorities.${type}`, 'a function (credential, values) => boolean', f);
  }
  return ta as Matchers;
}

function unusableReason(c: StoredCredential): DcqlUnusableReason | undefined {
  const state: unknown = c.state;
  if (typeof state === 'string' && STATES.has(state)) return state as DcqlUnusableReason;
  if (c.presentable === false) return 'not_presentable';
  return undefined;
}

/** `matched`, `unevaluated` (no evaluator for any entry that could have matched) or `rejected`. */
function evaluateTrust(query: DcqlCredentialQuery, c: StoredCredential, matchers: Matchers): 'matched' | 'unevaluated' | 'rejected' {
  let unevaluated = false;
  for (const ta of query.trusted_authorities ?? []) {
    const matcher = Object.hasOwn(matchers, ta.type) ? matchers[ta.type] : undefined;
    if (matcher === undefined) {
      unevaluated = true;
      continue;
    }
    const ok: unknown = matcher(c, ta.values);
    if (typeof ok !== 'boolean') throw invalidArgument(`options.trustedAuthorities.${ta.type}()`, 'a function returning a boolean', ok);
    if (ok) return 'matched';
  }
  return unevaluated ? 'unevaluated' : 'rejected';
}

function matchCredentialQuery(query: DcqlCredentialQuery, credentials: readonly StoredCredential[], matchers: Matchers): DcqlCredentialMatch {
  const types = [...new Set((query.trusted_authorities ?? []).map((t) => t.type))];
  const base = {
    queryId: query.id,
    multiple: query.multiple,
    unevaluatedTrustedAuthorities: types.filter((t) => !Object.hasOwn(matchers, t)),
  };
  if (query.format !== 'dc+sd-jwt') return { ...base, formatSupported: false, candidates: [], unusable: [] };
  const vcts = new Set(query.meta.vct_values);
  const candidates: DcqlCandidate[] = [];
  const unusable: { credentialId: string; reason: DcqlUnusableReason }[] = [];
  credentials.forEach((c, index) => {
    if (c.format !== 'dc+sd-jwt' || !vcts.has(c.vct)) return;
    const reason = unusableReason(c);
    if (reason !== undefined) return void unusable.push({ credentialId: c.id, reason });
    const trust = query.trusted_authorities === undefined ? undefined : evaluateTrust(query, c, matchers);
    if (trust === 'rejected') return void unusable.push({ credentialId: c.id, reason: 'untrusted' });
    const options = claimOptions(query, c, index);
    if (options.length === 0) return void unusable.push({ credentialId: c.id, reason: 'claims_not_satisfied' });
    const candidate: DcqlCandidate = { credentialId: c.id, type: c.type, vct: c.vct, options };
    candidates.push(trust === undefined ? candidate : { ...candidate, trust });
  });
  return { ...base, formatSupported: true, candidates, unusable };
}

/**
 * Work out which stored credentials, and which of their claims, can answer each Credential Query of a
 * DCQL query, and whether the whole query can be answered (OpenID4VP 1.0 §6.4): `credential_sets`
 * with their `required` flag, `claim_sets` in the Verifier's order of preference, `values`, claims
 * path pointers with `null` and indices, and `multiple`.
 *
 * Only `dc+sd-jwt` queries can match (other formats are valid, with no candidates); a credential
 * matches when its `vct` is in `meta.vct_values`, it is valid (not expired, revoked, suspended) and
 * presentable, and it has every claim of at least one claim set. A query without `claims` asks for no
 * selectively disclosable claim: its one option reveals nothing. `trusted_authorities` types without
 * an evaluator in `options.trustedAuthorities` are listed as unevaluated, not guessed.
 *
 * Throws `ERR_DCQL_CLAIM_UNKNOWN` when every `vct` of a query is in the licence catalogue and a claim
 * path starts with a claim none of those types (nor the envelope: `iss`, `vct`, `iat`, `exp`, `nbf`,
 * `status`, `cnf`) has; `ERR_DCQL_INVALID` for a query {@link parseDcqlQuery} refuses;
 * `ERR_INVALID_ARGUMENT` for bad arguments.
 *
 * @example
 * ```ts
 * const match = matchDcqlQuery(parseDcqlQuery(request.dcql_query), await wallet.list())
 * match.credentials.adult.candidates[0].options[0].reveal // [['age_over_18']]
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.4
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#appendix-B.3.5
 */
export function matchDcqlQuery(query: DcqlQuery, credentials: readonly StoredCredential[], options: MatchDcqlOptions = {}): DcqlMatch {
  const q = parseDcqlQuery(query);
  const held = checkCredentials(credentials);
  const matchers = checkOptions(options);
  for (const cq of q.credentials) assertKnownClaims(cq);
  const perQuery = q.credentials.map((cq) => matchCredentialQuery(cq, held, matchers));
  const answerable = new Map(perQuery.map((m) => [m.queryId, m.candidates.length > 0]));
  const sets: DcqlCredentialSetMatch[] = (q.credential_sets ?? []).map((set) => {
    const opts = set.options.map((ids) => ({ ids, satisfiable: ids.every((id) => answerable.get(id) === true) }));
    return { required: set.required, options: opts, satisfied: opts.some((o) => o.satisfiable) };
  });
  const satisfied =
    q.credential_sets === undefined ? perQuery.every((m) => m.candidates.length > 0) : sets.every((s) => !s.required || s.satisfied);
  return deepFreeze({
    satisfied,
    credentials: Object.fromEntries(perQuery.map((m) => [m.queryId, m])),
    credential_sets: sets,
  });
}
