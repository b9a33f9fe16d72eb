/**
 * One task group in a process of its own: `node --expose-gc --import tsx bench/group.ts <group> [out.json]`.
 * Measures the group, adds its peak resident set size (`process.resourceUsage().maxRSS`, at the end)
 * as the row `peak RSS, <group> group`, and writes the rows as JSON to `out.json` (or prints them).
 */
import { writeFile } from 'node:fs/promises';
import { findGroup, GROUPS } from './groups.js';
import { peakRssTask, type BenchRow } from './rows.js';

const [name, out] = process.argv.slice(2);
const group = name === undefined ? undefined : findGroup(name);
if (group === undefined) {
  console.error(`usage: bench/group.ts <group> [out.json]; groups: ${GROUPS.map((g) => g.name).join(', ')}`);
  process.exit(2);
}
const { run } = await group.load();
const rows: BenchRow[] = await run();
rows.push({ task: peakRssTask(group.name), impl: 'elicense', bytes: process.resourceUsage().maxRSS * 1024 });
const json = `${JSON.stringify(rows, null, 2)}\n`;
if (out === undefined) process.stdout.write(json);
else await writeFile(out, json);
