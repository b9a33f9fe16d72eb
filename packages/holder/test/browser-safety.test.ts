import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

/** Every module specifier reachable from `entry` through relative imports, plus the bare ones it names. */
async function importGraph(entry: string): Promise<{ files: string[]; bare: Set<string> }> {
  const files: string[] = [];
  const bare = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
      else bare.add(spec);
    }
  }
  return { files, bare };
}

describe('the holder main entry runs in browsers', () => {
  it('reaches no Node built-in and no issuer code', async () => {
    const entry = require.resolve('@elicense/holder');
    const { files, bare } = await importGraph(entry);
    expect(files.length).toBeGreaterThan(3);
    for (const spec of bare) {
      expect(spec.startsWith('node:')).toBe(false);
      expect(['fs', 'path', 'crypto', 'os', 'fs/promises', '@elicense/issuer']).not.toContain(spec);
    }
    expect(files.some((f) => f.endsWith(join('dist', 'file-store.js')))).toBe(false);
  });

  it('keeps the file store in the ./node entry', async () => {
    const { bare } = await importGraph(require.resolve('@elicense/holder/node'));
    expect([...bare].filter((s) => s.startsWith('node:')).sort()).toEqual(['node:fs/promises', 'node:path']);
  });
});
