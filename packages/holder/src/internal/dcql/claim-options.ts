import { ElicenseError, decodeJws } from '@elicense/core';
import type { ClaimPath } from '@elicense/core';
import type { DcqlClaimOption, DcqlClaimsQuery, DcqlCredentialQuery, DcqlDisclosedClaim } from '../../dcql/types.js';
import type { StoredCredential } from '../../types.js';
import { processClaimsPath, type SelectedClaim } from './claims-path.js';
import { ENVELOPE_CLAIMS, JWT_ENVELOPE_CLAIMS } from './envelope.js';
import { frozenCopy } from './freeze.js';

type Doc = Record<string, unknown>;

/** The credential as a Verifier would see it with every disclosure: envelope claims and licence claims. */
function documentOf(credential: StoredCredential, claims: readonly DcqlClaimsQuery[], index: number): Doc {
  const doc: Doc = { ...credential.claims, iss: credential.issuer, vct: credential.vct };
  if (!claims.some((c) => typeof c.path[0] === 'string' && JWT_ENVELOPE_CLAIMS.has(c.path[0]))) return doc;
  const token: unknown = credential.credential;
  let payload: Record<string, unknown>;
  try {
    if (typeof token !== 'string') throw new TypeError('not a string');
    payload = decodeJws(token.split('~')[0] ?? '', 'ERR_INVALID_ARGUMENT', 'issuer-signed JWT').payload;
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `credentials[${index}].credential must be the SD-JWT as issued`, { cause });
  }
  for (const name of JWT_ENVELOPE_CLAIMS) if (Object.hasOwn(payload, name)) doc[name] = payload[name];
  return doc;
}

/** The claims a Claims Query selects in `doc`, `values` applied; `undefined` when it selects none. */
function evaluate(doc: Doc, claim: DcqlClaimsQuery): SelectedClaim[] | undefined {
  const selected = processClaimsPath(doc, claim.path);
  if (selected === undefined || claim.values === undefined) return selected;
  const values = claim.values;
  const kept = selected.filter((s) => values.some((v) => v === s.value));
  return kept.length === 0 ? undefined : kept;
}

function isPrefix(prefix: ClaimPath, path: ClaimPath): boolean {
  return prefix.length <= path.length && prefix.every((c, i) => c === path[i]);
}

/** How much an option discloses beyond the envelope: values, and values that are not booleans. */
function measure(reveal: readonly DcqlDisclosedClaim[]): [number, number] {
  const cover = reveal.filter((d, i) => !reveal.some((o, j) => j !== i && isPrefix(o.path, d.path) && (o.path.length < d.path.length || j < i)));
  let leaves = 0;
  let nonBoolean = 0;
  const walk = (v: unknown): void => {
    const children = Array.isArray(v) ? (v as unknown[]) : typeof v === 'object' && v !== null ? Object.values(v) : [];
    if (children.length > 0) return children.forEach(walk);
    leaves += 1;
    if (typeof v !== 'boolean') nonBoolean += 1;
  };
  for (const d of cover) walk(d.value);
  return [leaves, nonBoolean];
}

interface Draft {
  claimSet?: readonly string[];
  claimSetIndex?: number;
  selected: SelectedClaim[];
}

function toOption(draft: Draft): Omit<DcqlClaimOption, 'recommended'> {
  const seen = new Set<string>();
  const disclosed: DcqlDisclosedClaim[] = [];
  for (const s of draft.selected) {
    const key = JSON.stringify(s.path);
    if (seen.has(key)) continue;
    seen.add(key);
    disclosed.push({ path: Object.freeze([...s.path]), value: frozenCopy(s.value) });
  }
  const reveal = disclosed.filter((d) => !ENVELOPE_CLAIMS.has(String(d.path[0]))).map((d) => d.path);
  const option: { -readonly [K in keyof DcqlClaimOption]?: DcqlClaimOption[K] } = { reveal, disclosed };
  if (draft.claimSet !== undefined) option.claimSet = draft.claimSet;
  if (draft.claimSetIndex !== undefined) option.claimSetIndex = draft.claimSetIndex;
  return option as Omit<DcqlClaimOption, 'recommended'>;
}

/**
 * Every way `credential` can answer the Credential Query, in the Verifier's order of preference (OpenID4VP
 * 1.0 §6.4.1): one option per satisfiable claim set, or one with all claims when there are no
 * `claim_sets`, or one revealing nothing when there are no `claims`. Empty when it cannot answer.
 * The option disclosing the least is marked `recommended`.
 */
export function claimOptions(query: DcqlCredentialQuery, credential: StoredCredential, index: number): DcqlClaimOption[] {
  const drafts: Draft[] = [];
  const claims = query.claims;
  if (claims === undefined) {
    drafts.push({ selected: [] });
  } else {
    const doc = documentOf(credential, claims, index);
    const results = claims.map((c) => evaluate(doc, c));
    const sets = query.claim_sets;
    if (sets === undefined) {
      if (results.every((r) => r !== undefined)) drafts.push({ selected: results.flatMap((r) => r ?? []) });
    } else {
      const byId = new Map(claims.map((c, i) => [c.id as string, results[i]]));
      sets.forEach((set, k) => {
        const picked = set.map((id) => byId.get(id));
        if (picked.every((r) => r !== undefined)) drafts.push({ claimSet: set, claimSetIndex: k, selected: picked.flatMap((r) => r ?? []) });
      });
    }
  }
  const options = drafts.map(toOption);
  let best = -1;
  let bestScore: [number, number] = [Infinity, Infinity];
  options.forEach((o, i) => {
    const score = measure(o.disclosed.filter((d) => !ENVELOPE_CLAIMS.has(String(d.path[0]))));
    if (score[0] < bestScore[0] || (score[0] === bestScore[0] && score[1] < bestScore[1])) {
      best = i;
      bestScore = score;
    }
  });
  return options.map((o, i) => Object.freeze({ ...o, recommended: i === best }));
}
