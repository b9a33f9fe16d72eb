/**
 * `npm run bench`: measure, print a table and write bench/results.json (an array of
 * `{ task, impl, opsPerSec | ms | bytes }`). No network.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleSizes } from './bundle-sizes.js';
import type { BenchRow } from './rows.js';

function figure(row: BenchRow): string {
  if ('opsPerSec' in row) return `${row.opsPerSec.toFixed(0)} ops/s`;
  if ('ms' in row) return `${row.ms.toFixed(2)} ms`;
  return `${row.bytes.toLocaleString('en')} bytes`;
}

const rows: BenchRow[] = [...(await bundleSizes())];
const width = Math.max(...rows.map((r) => r.task.length));
for (const row of rows) console.log(`${row.task.padEnd(width)}  ${row.impl.padEnd(10)}  ${figure(row)}`);
const full = rows.find((r) => r.task.startsWith('trust bundle, full (') && 'bytes' in r) as { bytes: number } | undefined;
const delta = rows.find((r) => r.task === 'trust bundle delta, one list changed') as { bytes: number } | undefined;
if (full !== undefined && delta !== undefined) console.log(`delta / full: ${(delta.bytes / full.bytes).toFixed(3)}`);
await writeFile(fileURLToPath(new URL('results.json', import.meta.url)), `${JSON.stringify(rows, null, 2)}\n`);
