import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../../test/helpers/import-graph.js';

const require = createRequire(import.meta.url);

describe('the issuer main entry runs in browsers', () => {
  it('reaches no Node built-in and not the file or PostgreSQL store', async () => {
    const { files, bare } = await importGraph(require.resolve('@elicense/issuer'));
    expect(files.length).toBeGreaterThan(5);
    expect([...bare].sort()).toEqual(['@elicense/core', '@elicense/credentials', '@elicense/did', '@elicense/ledger', '@elicense/status', 'did-jwt-vc']);
    expect(files.some((f) => f.endsWith(join('dist', 'store', 'file-issuer-store.js')))).toBe(false);
    expect(files.some((f) => f.endsWith(join('dist', 'postgres.js')))).toBe(false);
  });

  it('keeps the file store in the ./node entry', async () => {
    const { files, bare } = await importGraph(require.resolve('@elicense/issuer/node'));
    expect(files.some((f) => f.endsWith(join('dist', 'store', 'file-issuer-store.js')))).toBe(true);
    expect([...bare].filter((s) => s.startsWith('node:')).sort()).toEqual(['node:fs', 'node:fs/promises', 'node:path', 'node:util']);
  });

  it('exports the file store from ./node only', async () => {
    const main = await import('@elicense/issuer');
    const node = await import('@elicense/issuer/node');
    expect('FileIssuerStore' in main).toBe(false);
    expect(typeof node.FileIssuerStore.open).toBe('function');
    expect(typeof main.MemoryIssuerStore).toBe('function');
  });
});
