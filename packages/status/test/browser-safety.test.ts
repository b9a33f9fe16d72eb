import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../../test/helpers/import-graph.js';

const require = createRequire(import.meta.url);

describe('@elicense/status runs in browsers', () => {
  it('reaches no Node built-in from the main entry; compression comes through #compress', async () => {
    const { files, bare } = await importGraph(require.resolve('@elicense/status'));
    expect(files.length).toBeGreaterThan(10);
    expect([...bare].sort()).toEqual(['#compress', '@elicense/core', '@noble/hashes/hmac.js', '@noble/hashes/sha2.js']);
    expect(files.some((f) => f.includes('compress-'))).toBe(false);
  });

  it('maps #compress to node:zlib only under the node condition, and to a backend without Node built-ins elsewhere', async () => {
    const pkgPath = require.resolve('@elicense/status/package.json');
    const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as { imports: Record<string, Record<string, string>> };
    const map = pkg.imports['#compress']!;
    expect(Object.keys(map)).toEqual(['types', 'node', 'default']);
    const web = await importGraph(join(dirname(pkgPath), map.default!));
    expect([...web.bare].sort()).toEqual(['@elicense/core', 'fflate']);
    const node = await importGraph(join(dirname(pkgPath), map.node!));
    expect([...node.bare].sort()).toEqual(['@elicense/core', 'node:zlib']);
  });
});
