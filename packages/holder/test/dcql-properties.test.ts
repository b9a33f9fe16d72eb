import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchDcqlQuery, parseDcqlQuery, selectDcqlPresentations } from '@elicense/holder';
import type { DcqlClaimValue } from '@elicense/holder';
import { stored } from './dcql-fixtures.js';

/** A type the licence catalogue does not know: any claim may be asked for. */
const VCT = 'https://credentials.example.com/identity_credential';

type Component = string | number | null;
interface Claim {
  id: string;
  path: Component[];
  values?: DcqlClaimValue[];
}

const key = fc.constantFrom('a', 'b', 'c');
const scalar = fc.oneof(fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(null));
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(key, tie('json'), { maxKeys: 3 }),
  ),
}));
const claimsObject = fc.dictionary(key, json, { minKeys: 1, maxKeys: 3 }) as fc.Arbitrary<Record<string, unknown>>;
const pointer = fc.tuple(key, fc.array(fc.oneof(key, fc.constant(null), fc.integer({ min: 0, max: 2 })), { maxLength: 3 })).map(([k, rest]) => [k, ...rest]);
const values = fc.array(fc.oneof(fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 3 });
const claimsQueries = fc
  .array(fc.record({ path: pointer, values: fc.option(values, { nil: undefined }) }), { minLength: 1, maxLength: 4 })
  .map((list) => list.map((c, i): Claim => ({ id: `c${i}`, path: c.path, ...(c.values === undefined ? {} : { values: c.values }) })));
const queryParts = claimsQueries.chain((claims) =>
  fc.record({
    claims: fc.constant(claims),
    claimSets: fc.option(
      fc.array(
        fc.subarray(
          claims.map((c) => c.id),
          { minLength: 1 },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      { nil: undefined },
    ),
  }),
);

function fits(path: readonly Component[], concrete: readonly Component[]): boolean {
  return path.length === concrete.length && path.every((c, i) => (c === null ? typeof concrete[i] === 'number' : c === concrete[i]));
}

function resolve(root: unknown, concrete: readonly Component[]): { found: boolean; value?: unknown } {
  let node = root;
  for (const c of concrete) {
    if (typeof c === 'number' && Array.isArray(node) && c < node.length) node = node[c] as unknown;
    else if (typeof c === 'string' && typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, c)) node = (node as Record<string, unknown>)[c];
    else return { found: false };
  }
  return { found: true, value: node };
}

function leafPaths(value: unknown, prefix: Component[] = []): { path: Component[]; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return prefix.length === 0 ? [] : [{ path: prefix, value }];
}

describe('matchDcqlQuery: properties', () => {
  it('every option offered satisfies its claim set against the credential’s claims, and discloses nothing else', () => {
    fc.assert(
      fc.property(claimsObject, queryParts, (claims, { claims: claimQueries, claimSets }) => {
        const query = parseDcqlQuery({
          credentials: [{ id: 'q', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: claimQueries, ...(claimSets === undefined ? {} : { claim_sets: claimSets }) }],
        });
        const credential = stored('resident_id_card', { id: 'cred', vct: VCT, claims });
        const match = matchDcqlQuery(query, [credential]);
        const byId = new Map(claimQueries.map((c) => [c.id, c]));
        for (const candidate of match.credentials.q!.candidates) {
          expect(candidate.options.length).toBeGreaterThan(0);
          expect(candidate.options.filter((o) => o.recommended)).toHaveLength(1);
          const indices = candidate.options.map((o) => o.claimSetIndex ?? 0);
          expect([...indices].sort((x, y) => x - y)).toEqual(indices);
          for (const option of candidate.options) {
            const set = (option.claimSet ?? claimQueries.map((c) => c.id)).map((id) => byId.get(id)!);
            if (claimSets !== undefined) expect(option.claimSet).toEqual(claimSets[option.claimSetIndex!]);
            for (const claim of set) {
              const hit = option.disclosed.some((d) => fits(claim.path, d.path) && (claim.values === undefined || claim.values.includes(d.value as DcqlClaimValue)));
              expect(hit, `claim ${JSON.stringify(claim)} in ${JSON.stringify(option.disclosed)}`).toBe(true);
            }
            for (const d of option.disclosed) {
              expect(resolve(claims, d.path)).toEqual({ found: true, value: d.value });
              expect(set.some((claim) => fits(claim.path, d.path))).toBe(true);
            }
            expect(option.reveal).toEqual(option.disclosed.map((d) => d.path));
          }
        }
        if (match.satisfied) {
          const [selection] = selectDcqlPresentations(query, match);
          expect(selection!.reveal).toEqual(match.credentials.q!.candidates[0]!.options[0]!.reveal);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds every scalar claim the credential has when asked for it by its concrete path and value', () => {
    fc.assert(
      fc.property(
        claimsObject.filter((c) => leafPaths(c).length > 0),
        fc.nat(),
        (claims, pick) => {
          const leaves = leafPaths(claims);
          const leaf = leaves[pick % leaves.length]!;
          const claim: Record<string, unknown> = { path: leaf.path };
          if (leaf.value !== null && (typeof leaf.value !== 'object')) claim.values = [leaf.value];
          const query = parseDcqlQuery({ credentials: [{ id: 'q', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: [claim] }] });
          const match = matchDcqlQuery(query, [stored('resident_id_card', { id: 'cred', vct: VCT, claims })]);
          expect(match.satisfied).toBe(true);
          expect(match.credentials.q!.candidates[0]!.options[0]!.disclosed).toEqual([{ path: leaf.path, value: leaf.value }]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
