/**
 * Browser bundles of the wallet and verifier SDKs (esbuild, ESM, minified, tree-shaken, browser
 * export conditions; see scripts/browser-bundle.ts): min + gzip bytes of what a page loads up front
 * and of every chunk, lazy ones included, what a page loads to complete each first use of
 * `FIRST_USE` (e.g. the verifier's first offline verification: up front + the chunks it imports), and
 * the Node built-ins a bundle imports (there must be none).
 */
import { FIRST_USE, describeProblem, measureBrowserBundle } from '../scripts/browser-bundle.js';
import type { BenchRow, Target } from './rows.js';

const ENTRIES = ['@elicense/holder', '@elicense/verifier'];
/** Up-front budget of each bundle, min + gzip bytes. */
const BUDGET = 30_000;

/** Task names. */
export const TASK = {
  upFront: (entry: string) => `browser bundle, min+gzip: ${entry}, up-front`,
  total: (entry: string) => `browser bundle, min+gzip: ${entry}, all chunks`,
  firstUse: (entry: string, path: string) => `browser bundle, min+gzip: ${entry}, ${path}`,
  builtins: (entry: string) => `browser bundle: ${entry}, Node built-ins imported`,
};

/** Measure each bundle; the import chain of every Node built-in found goes to stderr. */
export async function browserBundles(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const entry of ENTRIES) {
    const bundle = await measureBrowserBundle(entry, { paths: FIRST_USE[entry] ?? {} });
    const builtins = bundle.problems.filter((p) => p.kind === 'node-builtin');
    for (const p of builtins) console.error(describeProblem(entry, p));
    rows.push(
      { task: TASK.upFront(entry), impl: 'elicense', bytes: bundle.initial.gzipped },
      { task: TASK.total(entry), impl: 'elicense', bytes: bundle.gzipped },
      ...Object.entries(bundle.paths).map(([path, s]): BenchRow => ({ task: TASK.firstUse(entry, path), impl: 'elicense', bytes: s.gzipped })),
      { task: TASK.builtins(entry), impl: 'elicense', count: builtins.length },
    );
  }
  return rows;
}

function value(rows: BenchRow[], task: string, unit: 'bytes' | 'count'): number | undefined {
  const row = rows.find((r) => r.task === task && r.impl === 'elicense');
  return row !== undefined && unit in row ? (row as unknown as Record<typeof unit, number>)[unit] : undefined;
}

/** Each bundle within {@link BUDGET} up front, and no Node built-in in either. */
export const targets: Target[] = ENTRIES.flatMap((entry): Target[] => [
  {
    name: `browser bundle ${entry}, up-front min+gzip / ${BUDGET.toLocaleString('en')} B`,
    ratio: (rows) => {
      const bytes = value(rows, TASK.upFront(entry), 'bytes');
      return bytes === undefined ? undefined : bytes / BUDGET;
    },
    atMost: 1,
  },
  { name: `browser bundle ${entry}, Node built-ins imported`, ratio: (rows) => value(rows, TASK.builtins(entry), 'count'), atMost: 0 },
]);
