import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../../test/helpers/import-graph.js';

const require = createRequire(import.meta.url);

describe('the verifier runs in browsers', () => {
  it('reaches no Node built-in, no holder and no issuer code', async () => {
    const { files, bare } = await importGraph(require.resolve('@elicense/verifier'));
    expect(files.length).toBeGreaterThan(5);
    expect([...bare].sort()).toEqual(['@elicense/core', '@elicense/credentials', '@elicense/did', '@elicense/ledger/digest', '@elicense/status', '@elicense/status/token', '@elicense/trust', 'did-jwt-vc']);
  });
});
