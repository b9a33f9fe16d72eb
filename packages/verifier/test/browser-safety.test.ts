import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

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

describe('the verifier runs in browsers', () => {
  it('reaches no Node built-in, no holder and no issuer code', async () => {
    const { files, bare } = await importGraph(require.resolve('@elicense/verifier'));
    expect(files.length).toBeGreaterThan(5);
    expect([...bare].sort()).toEqual(['@elicense/core', '@elicense/credentials', '@elicense/did', 'did-jwt-vc']);
  });
});
