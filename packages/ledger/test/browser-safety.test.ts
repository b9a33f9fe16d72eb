import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../../test/helpers/import-graph.js';

const require = createRequire(import.meta.url);

describe('the ledger main entry runs in browsers', () => {
  it('reaches no Node built-in and not the file ledger', async () => {
    const { files, bare } = await importGraph(require.resolve('@elicense/ledger'));
    expect(files.length).toBeGreaterThan(3);
    for (const spec of bare) {
      expect(spec.startsWith('node:')).toBe(false);
      expect(['fs', 'path', 'crypto', 'os', 'fs/promises', 'child_process']).not.toContain(spec);
    }
    expect(files.some((f) => f.includes(join('dist', 'node')))).toBe(false);
  });

  it('keeps the file ledger in the ./node entry', async () => {
    const { bare } = await importGraph(require.resolve('@elicense/ledger/node'));
    expect([...bare].filter((s) => s.startsWith('node:')).sort()).toEqual(['node:crypto', 'node:fs/promises', 'node:path', 'node:timers/promises']);
  });
});
