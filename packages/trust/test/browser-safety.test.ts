import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../../test/helpers/import-graph.js';

const require = createRequire(import.meta.url);

describe('the trust package runs in browsers', () => {
  it('reaches no Node built-in, no issuer and no ledger adapter code', async () => {
    const { files, bare } = await importGraph(require.resolve('@elicense/trust'));
    expect(files.length).toBeGreaterThan(5);
    expect([...bare].sort()).toEqual(['@elicense/core', '@elicense/credentials', '@elicense/did', '@elicense/ledger', '@elicense/status', '@noble/hashes/sha2.js']);
  });
});
