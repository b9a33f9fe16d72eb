import { ElicenseError, invalidArgument } from '@elicense/core';
import { parseDcqlQuery } from './parse-dcql-query.js';
import type { DcqlChoice, DcqlCredentialChoice, DcqlCredentialMatch, DcqlMatch, DcqlQuery, DcqlSelection } from './types.js';

function unsatisfied(message: string, details: Record<string, unknown>): ElicenseError {
  return new ElicenseError('ERR_DCQL_UNSATISFIED', message, { details });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The per-query matches of `match`, checked to belong to `query`. */
function matchesOf(query: DcqlQuery, match: unknown): ReadonlyMap<string, DcqlCredentialMatch> {
  const expected = 'the DcqlMatch that matchDcqlQuery returned for this query';
  if (!isObject(match) || !isObject(match.credentials)) throw invalidArgument('match', expected, match);
  const credentials = match.credentials;
  const byId = new Map<string, DcqlCredentialMatch>();
  for (const q of query.credentials) {
    const m = Object.hasOwn(credentials, q.id) ? credentials[q.id] : undefined;
    if (!isObject(m) || m.queryId !== q.id || !Array.isArray(m.candidates)) throw invalidArgument(`match.credentials.${q.id}`, expected, m);
    byId.set(q.id, m as unknown as DcqlCredentialMatch);
  }
  if (Object.keys(credentials).length !== byId.size) throw invalidArgument('match', expected, match);
  return byId;
}

/** The choice as a map of query id → picks, every id a Credential Query of the query. */
function picksOf(query: DcqlQuery, choice: unknown): ReadonlyMap<string, unknown> {
  if (!isObject(choice)) throw invalidArgument('choice', 'an object of Credential Query id → { credentialId?, option? } (or an array of them)', choice);
  const ids = new Set(query.credentials.map((q) => q.id));
  const picks = new Map<string, unknown>();
  for (const [id, pick] of Object.entries(choice)) {
    if (!ids.has(id)) throw unsatisfied(`the choice answers "${id}", which is not a Credential Query of the DCQL query`, { queryId: id });
    if (pick !== undefined) picks.set(id, pick);
  }
  return picks;
}

/** Which Credential Queries the answer covers (OpenID4VP 1.0 §6.4.2). */
function queriesToAnswer(query: DcqlQuery, matches: ReadonlyMap<string, DcqlCredentialMatch>, chosen: ReadonlySet<string>): Set<string> {
  if (query.credential_sets === undefined) return new Set(query.credentials.map((q) => q.id));
  const answerable = (id: string): boolean => chosen.has(id) || (matches.get(id)?.candidates.length ?? 0) > 0;
  const answer = new Set<string>();
  query.credential_sets.forEach((set, i) => {
    const named = set.options.some((o) => o.some((id) => chosen.has(id)));
    if (!named && !set.required) return;
    const option = named
      ? (set.options.find((o) => o.every((id) => chosen.has(id))) ??
        set.options.find((o) => o.some((id) => chosen.has(id)) && o.every(answerable)))
      : set.options.find((o) => o.every(answerable));
    if (option === undefined) {
      throw unsatisfied(
        named
          ? `the chosen credentials do not complete any option of credential_sets[${i}]`
          : `credential_sets[${i}] is required, but the wallet can answer none of its options`,
        { credentialSet: i },
      );
    }
    for (const id of option) answer.add(id);
  });
  for (const id of chosen) {
    if (!answer.has(id)) throw unsatisfied(`"${id}" is not part of any chosen option of credential_sets`, { queryId: id });
  }
  return answer;
}

function selectionsFor(m: DcqlCredentialMatch, multiple: boolean, pick: unknown): DcqlSelection[] {
  const queryId = m.queryId;
  const name = `choice.${queryId}`;
  const list: unknown[] = pick === undefined ? [{}] : Array.isArray(pick) ? (pick as unknown[]) : [pick];
  if (list.length === 0) throw unsatisfied(`the choice names no credential for "${queryId}"`, { queryId });
  if (list.length > 1 && !multiple) {
    throw unsatisfied(`"${queryId}" does not allow multiple credentials, but the choice names ${list.length}`, { queryId });
  }
  const seen = new Set<string>();
  return list.map((p, i) => {
    const at = Array.isArray(pick) ? `${name}[${i}]` : name;
    if (!isObject(p)) throw invalidArgument(at, 'an object { credentialId?, option? }', p);
    const c = p as DcqlCredentialChoice;
    if (c.credentialId !== undefined && typeof c.credentialId !== 'string') throw invalidArgument(`${at}.credentialId`, 'a string', c.credentialId);
    if (c.option !== undefined && (typeof c.option !== 'number' || !Number.isSafeInteger(c.option) || c.option < 0)) {
      throw invalidArgument(`${at}.option`, 'a non-negative integer', c.option);
    }
    const candidate = c.credentialId === undefined ? m.candidates[0] : m.candidates.find((x) => x.credentialId === c.credentialId);
    if (candidate === undefined) {
      throw unsatisfied(
        c.credentialId === undefined
          ? `no credential in the wallet answers "${queryId}"`
          : `credential ${c.credentialId} does not answer "${queryId}"`,
        c.credentialId === undefined ? { queryId } : { queryId, credentialId: c.credentialId },
      );
    }
    const credentialId = candidate.credentialId;
    if (seen.has(credentialId)) throw unsatisfied(`the choice names credential ${credentialId} twice for "${queryId}"`, { queryId, credentialId });
    seen.add(credentialId);
    const index = c.option ?? 0;
    const option = candidate.options[index];
    if (option === undefined) {
      throw unsatisfied(`credential ${credentialId} offers no option ${index} for "${queryId}"`, { queryId, credentialId, option: index });
    }
    return Object.freeze({ queryId, credentialId, reveal: option.reveal });
  });
}

/**
 * Check the citizen's choice against the query and the match, and turn it into what to present: one
 * entry per chosen credential, with the claim paths to reveal, in query order. Queries the answer
 * needs but the choice omits take the defaults (first candidate, first option — the Verifier's
 * preferred one); required `credential_sets` take their first option the wallet can answer, optional
 * ones are answered only when the choice names one of their queries. A choice that cannot satisfy the
 * query — a required Credential Query or set left unanswerable, a credential that is not a candidate,
 * an option not offered, several credentials for a query without `multiple`, a query id the request
 * does not have — throws `ERR_DCQL_UNSATISFIED`; a `match` made for another query, or a malformed
 * choice, throws `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const match = matchDcqlQuery(query, await wallet.list())
 * const [selection] = selectDcqlPresentations(query, match, { adult: { credentialId: idCard.id, option: 0 } })
 * await wallet.present(selection.credentialId, { reveal: [...selection.reveal], nonce, aud })
 * ```
 * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-6.4
 */
export function selectDcqlPresentations(query: DcqlQuery, match: DcqlMatch, choice: DcqlChoice = {}): DcqlSelection[] {
  const q = parseDcqlQuery(query);
  const matches = matchesOf(q, match);
  const picks = picksOf(q, choice);
  const answer = queriesToAnswer(q, matches, new Set(picks.keys()));
  const selections: DcqlSelection[] = [];
  for (const cq of q.credentials) {
    if (!answer.has(cq.id)) continue;
    selections.push(...selectionsFor(matches.get(cq.id) as DcqlCredentialMatch, cq.multiple, picks.get(cq.id)));
  }
  return selections;
}
