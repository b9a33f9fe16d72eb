import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../../test/helpers/import-graph.js';

const require = createRequire(import.meta.url);

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
