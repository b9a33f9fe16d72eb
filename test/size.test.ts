/**
 * `npm run size` measures the wallet and verifier browser bundles and refuses issuer code and Node
 * built-ins in them; here the same measuring module runs in-process, on the real entries and on
 * deliberately bad ones.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_USE, REPO_ROOT, describeProblem, measureBrowserBundle, type BrowserBundle } from '../scripts/browser-bundle.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elicense-size-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function module(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe.each(['@elicense/holder', '@elicense/verifier'])('the browser bundle of %s', (entry) => {
  let bundle: BrowserBundle;
  beforeAll(async () => {
    bundle = await measureBrowserBundle(entry);
  }, 60_000);

  it('builds, minified and gzipped', () => {
    expect(bundle.entry).toBe(entry);
    expect(bundle.minified).toBeGreaterThan(1000);
    expect(bundle.gzipped).toBeGreaterThan(100);
    expect(bundle.gzipped).toBeLessThan(bundle.minified);
    expect(bundle.initial.minified).toBeGreaterThan(0);
    expect(bundle.initial.minified).toBeLessThanOrEqual(bundle.minified);
    expect(bundle.initial.gzipped).toBeLessThanOrEqual(bundle.gzipped);
    expect(bundle.inputs).toContain(`packages/${entry.slice('@elicense/'.length)}/dist/index.js`);
    expect(bundle.inputs).toContain('packages/core/dist/index.js');
    expect(Object.keys(bundle.bytesInOutput).length).toBeGreaterThan(0);
  });

  it('contains no issuer code and no Node built-in', () => {
    expect(bundle.problems).toEqual([]);
    expect(bundle.inputs.filter((p) => p.includes('packages/issuer/'))).toEqual([]);
    expect(bundle.inputs.filter((p) => p.startsWith('node:'))).toEqual([]);
  });
});

describe('the bundle check', () => {
  it('takes the browser code paths: @elicense/status compresses with its web backend', async () => {
    const { inputs, problems } = await measureBrowserBundle('@elicense/status');
    expect(problems).toEqual([]);
    expect(inputs).toContain('packages/status/dist/internal/compress-web.js');
    expect(inputs.filter((p) => p.includes('compress-node'))).toEqual([]);
  });

  it('counts a lazily imported module in the total, not in the initial load', async () => {
    const lazy = await module('lazy.js', `export const big = ${JSON.stringify('x'.repeat(20_000))}.split('').reverse().join('');\n`);
    const eager = await module('eager.js', "export const load = () => import('./lazy.js');\nexport const small = 1;\n");
    const { minified, initial, inputs, problems } = await measureBrowserBundle(eager);
    expect(problems).toEqual([]);
    expect(inputs.some((p) => p.endsWith('lazy.js'))).toBe(true);
    expect(minified).toBeGreaterThan(20_000);
    expect(initial.minified).toBeLessThan(1_000);
    expect(lazy).toMatch(/lazy\.js$/);
  });

  it('measures a usage path as the initial load plus the lazy chunks it imports, and refuses a stale path', async () => {
    await module('lazy-a.js', `export const a = ${JSON.stringify('a'.repeat(8_000))}.split('').join('-');\n`);
    await module('lazy-b.js', `export const b = ${JSON.stringify('b'.repeat(8_000))}.split('').join('+');\n`);
    const entry = await module('paths.js', "export const a = () => import('./lazy-a.js');\nexport const b = () => import('./lazy-b.js');\n");
    const rel = (name: string): string => relative(REPO_ROOT, join(dir, name)).split(sep).join('/');
    const bundle = await measureBrowserBundle(entry, { paths: { none: [], a: [rel('lazy-a.js')], both: [rel('lazy-a.js'), rel('lazy-b.js')] } });
    const { none, a, both } = bundle.paths;
    expect(none).toEqual(bundle.initial);
    expect(a!.minified).toBeGreaterThan(bundle.initial.minified + 8_000);
    expect(both!.minified).toBe(bundle.minified);
    expect(both!.gzipped).toBe(bundle.gzipped);
    await expect(measureBrowserBundle(entry, { paths: { stale: [rel('paths.js')] } })).rejects.toThrow(/stale.*not a lazily imported chunk/);
  });

  it('measures every first use of the verifier: offline and W3C VC JWT load more than up front', async () => {
    const { initial, paths } = await measureBrowserBundle('@elicense/verifier', { paths: FIRST_USE['@elicense/verifier']! });
    expect(Object.keys(paths).sort()).toEqual(Object.keys(FIRST_USE['@elicense/verifier']!).sort());
    for (const [name, s] of Object.entries(paths)) {
      expect(s.gzipped, name).toBeGreaterThanOrEqual(initial.gzipped);
      if (FIRST_USE['@elicense/verifier']![name]!.length > 0) expect(s.gzipped, name).toBeGreaterThan(initial.gzipped);
    }
  }, 60_000);

  it('reports a module importing node:fs, with its import chain', async () => {
    const entry = await module('reads-files.js', "import { readFileSync } from 'node:fs';\nexport const read = (p) => readFileSync(p, 'utf8');\n");
    const { problems } = await measureBrowserBundle(entry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'node-builtin', module: 'node:fs' });
    expect(problems[0]!.chain.at(-1)).toBe('node:fs');
    expect(problems[0]!.chain.at(-2)).toMatch(/reads-files\.js$/);
    expect(describeProblem('reads-files', problems[0]!)).toContain('node:fs');
  });

  it('reports bare built-ins too (crypto, path)', async () => {
    const entry = await module('bare.js', "import { createHash } from 'crypto';\nimport { join } from 'path';\nexport const h = (x) => createHash('sha256').update(join(x, 'y')).digest();\n");
    const { problems } = await measureBrowserBundle(entry);
    expect(problems.map((p) => [p.kind, p.module]).sort()).toEqual([
      ['node-builtin', 'crypto'],
      ['node-builtin', 'path'],
    ]);
  });

  it('reports a module importing @elicense/issuer, where issuer code enters the bundle', async () => {
    const entry = await module('issues.js', "export { Issuer } from '@elicense/issuer';\n");
    const { inputs, problems } = await measureBrowserBundle(entry);
    expect(inputs.some((p) => p.startsWith('packages/issuer/'))).toBe(true);
    expect(problems).toEqual([{ kind: 'issuer', module: 'packages/issuer/dist/index.js', chain: ['<entry>', expect.stringMatching(/issues\.js$/), 'packages/issuer/dist/index.js'] }]);
  });

  it('reports the file issuer store for its issuer code and its Node built-ins', async () => {
    const entry = await module('stores.js', "export { FileIssuerStore } from '@elicense/issuer/node';\n");
    const { problems } = await measureBrowserBundle(entry);
    expect(problems.some((p) => p.kind === 'issuer' && p.module === 'packages/issuer/dist/node.js')).toBe(true);
    const builtins = problems.filter((p) => p.kind === 'node-builtin');
    expect(new Set(builtins.map((p) => p.module))).toEqual(new Set(['node:fs', 'node:fs/promises', 'node:path', 'node:util']));
    for (const p of builtins) expect(p.chain).toContain('packages/issuer/dist/node.js');
  });

  it('rejects an entry esbuild cannot resolve', async () => {
    await expect(measureBrowserBundle('@elicense/no-such-package')).rejects.toThrow();
  });
});
