/**
 * `npm run bench`: run every task group (bench/groups.ts) in a process of its own, so each reports
 * its peak RSS; print one table of every row (with, on each elicense row, its ratio to the floor and
 * to the peers measured for the same task), then every target with its ratio and whether it is met;
 * write bench/results.json (an array of `{ task, impl, opsPerSec | ms | bytes | count }`). No network.
 *
 *   node --import tsx bench/run.ts [--only <group>[,<group>…]]
 *
 * Exits 0 when every group ran, missed targets included (this is a report), 1 when a group crashed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS, findGroup, type Group } from './groups.js';
import type { BenchRow, Target } from './rows.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const GROUP_ENTRY = fileURLToPath(new URL('group.ts', import.meta.url));
const RESULTS = fileURLToPath(new URL('results.json', import.meta.url));

function selectedGroups(argv: string[]): Group[] {
  const at = argv.indexOf('--only');
  if (at === -1) return GROUPS;
  const names = (argv[at + 1] ?? '').split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => findGroup(n) === undefined);
  if (names.length === 0 || unknown.length > 0) {
    console.error(`--only ${unknown.join(',')}: name one or more groups of: ${GROUPS.map((g) => g.name).join(', ')}`);
    process.exit(2);
  }
  return GROUPS.filter((g) => names.includes(g.name));
}

/** Run one group in `node --expose-gc --import tsx bench/group.ts`; resolves with its rows. */
async function runGroup(group: Group, dir: string): Promise<BenchRow[]> {
  const out = join(dir, `${group.name}.json`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', GROUP_ENTRY, group.name, out], { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve(signal === null ? status : 128));
  });
  if (code !== 0) throw new Error(`the ${group.name} group exited with code ${code}`);
  return JSON.parse(await readFile(out, 'utf8')) as BenchRow[];
}

function valueOf(row: BenchRow): number {
  if ('opsPerSec' in row) return row.opsPerSec;
  if ('ms' in row) return row.ms;
  if ('bytes' in row) return row.bytes;
  return row.count;
}

function unitOf(row: BenchRow): string {
  return 'opsPerSec' in row ? 'opsPerSec' : 'ms' in row ? 'ms' : 'bytes' in row ? 'bytes' : 'count';
}

function figure(row: BenchRow): string {
  if ('opsPerSec' in row) return `${Math.round(row.opsPerSec).toLocaleString('en')} ops/s`;
  if ('ms' in row) return `${row.ms.toFixed(row.ms < 100 ? 2 : 0)} ms`;
  if ('bytes' in row) return `${row.bytes.toLocaleString('en')} B${row.bytes >= 1 << 20 ? ` (${(row.bytes / (1 << 20)).toFixed(1)} MiB)` : ''}`;
  return String(row.count);
}

/** Two decimals, or two significant digits below 0.1. */
function ratioText(r: number): string {
  return r !== 0 && Math.abs(r) < 0.1 ? r.toPrecision(2) : r.toFixed(2);
}

/** On an elicense row: its figure divided by the floor's and by each peer's for the same task. */
function ratios(row: BenchRow, rows: BenchRow[]): string {
  if (row.impl !== 'elicense') return '';
  return rows
    .filter((r) => r.task === row.task && r.impl !== 'elicense' && unitOf(r) === unitOf(row) && valueOf(r) !== 0)
    .sort((a, b) => (a.impl === 'floor' ? -1 : b.impl === 'floor' ? 1 : 0))
    .map((r) => `${ratioText(valueOf(row) / valueOf(r))} × ${r.impl}`)
    .join(', ');
}

function printTable(rows: BenchRow[]): void {
  const lines = [['task', 'impl', 'figure', 'elicense ÷ floor / peer'], ...rows.map((r) => [r.task, r.impl, figure(r), ratios(r, rows)])];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  for (const [n, line] of lines.entries()) {
    console.log(line.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd());
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** Prints every target; resolves with how many were missed (no figure counts as missed). */
function printTargets(targets: Target[], rows: BenchRow[]): number {
  let missed = 0;
  const width = Math.max(0, ...targets.map((t) => t.name.length));
  for (const t of targets) {
    const r = t.ratio(rows);
    const met = r !== undefined && Number.isFinite(r) && (t.atLeast === undefined || r >= t.atLeast) && (t.atMost === undefined || r <= t.atMost);
    if (!met) missed++;
    const bound = [t.atLeast === undefined ? '' : `≥ ${t.atLeast}`, t.atMost === undefined ? '' : `≤ ${t.atMost}`].filter((b) => b !== '').join(', ');
    const shown = r === undefined ? 'n/a' : ratioText(r);
    console.log(`${t.name.padEnd(width)}  ${shown.padStart(8)}  ${bound.padEnd(8)}  ${met ? 'met' : r === undefined ? 'MISSED (no figure)' : 'MISSED'}`);
  }
  return missed;
}

const groups = selectedGroups(process.argv.slice(2));
const dir = await mkdtemp(join(tmpdir(), 'elicense-bench-run-'));
const rows: BenchRow[] = [];
const crashed: string[] = [];
const started = performance.now();
try {
  for (const group of groups) {
    const t0 = performance.now();
    console.error(`bench: ${group.name} …`);
    try {
      rows.push(...(await runGroup(group, dir)));
      console.error(`bench: ${group.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      crashed.push(group.name);
      console.error(`bench: ${(e as Error).message}`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const targets: Target[] = [];
for (const group of groups) {
  try {
    for (const t of (await group.load()).targets) if (!targets.includes(t)) targets.push(t);
  } catch (e) {
    if (!crashed.includes(group.name)) crashed.push(group.name);
    console.error(`bench: the ${group.name} module does not load: ${(e as Error).message}`);
  }
}
console.log();
printTable(rows);
console.log();
const missed = printTargets(targets, rows);
await writeFile(RESULTS, `${JSON.stringify(rows, null, 2)}\n`);
console.log(`\n${rows.length} rows in ${((performance.now() - started) / 1000).toFixed(0)} s; ${targets.length - missed} of ${targets.length} targets met; written to bench/results.json`);
if (crashed.length > 0) {
  console.error(`crashed: ${crashed.join(', ')}`);
  process.exitCode = 1;
}
