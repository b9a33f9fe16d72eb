/**
 * Cold import: how long a fresh `node` takes to `await import()` the verifier and the wallet SDKs
 * (built `dist/`, resolved through `node_modules` as an application would), the median of several
 * spawns, against the same `node` evaluating an empty module. Spawns are interleaved (bare,
 * verifier, holder, bare, …) so that a slow moment of the machine hits all three alike.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './harness.js';
import type { BenchRow, Target } from './rows.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['@elicense/verifier', '@elicense/holder'];
const WARMUP = 2;
const RUNS = 15;

/** Task names. */
export const TASK = {
  bare: 'node start, empty module (node --input-type=module -e "")',
  total: (pkg: string) => `cold import ${pkg}, node start included`,
  net: (pkg: string) => `cold import ${pkg}, minus node start`,
};

/** Milliseconds of one `node --input-type=module -e <code>`, from spawn to exit. */
function spawnMs(code: string): number {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // nothing but the module under test is loaded
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node -e ${JSON.stringify(code)} failed (exit ${result.status}): ${result.stderr.toString()}`);
  return ms;
}

/** Median spawn-to-exit time of a bare node and of node importing each SDK. */
export async function coldImport(): Promise<BenchRow[]> {
  const codes = ['', ...PACKAGES.map((pkg) => `await import(${JSON.stringify(pkg)});`)];
  const times = codes.map((): number[] => []);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [c, code] of codes.entries()) {
      const ms = spawnMs(code);
      if (i >= WARMUP) times[c]!.push(ms);
    }
  }
  const bare = median(times[0]!);
  return [
    { task: TASK.bare, impl: 'elicense', ms: bare },
    ...PACKAGES.flatMap((pkg, p): BenchRow[] => {
      const total = median(times[p + 1]!);
      return [
        { task: TASK.total(pkg), impl: 'elicense', ms: total },
        { task: TASK.net(pkg), impl: 'elicense', ms: total - bare },
      ];
    }),
  ];
}

/** No ratio targets: the figures are reported as they are. */
export const targets: Target[] = [];
