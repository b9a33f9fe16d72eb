/**
 * Every README starts with a runnable example: run each one, as a user would copy it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const READMES = ['README.md', ...['core', 'did', 'credentials', 'status', 'ledger', 'ledger-evm', 'trust', 'issuer', 'holder', 'verifier'].map((p) => `packages/${p}/README.md`)];
const dirs: string[] = [];

/** The first ```ts block of a README. */
async function firstExample(readme: string): Promise<string> {
  const text = await readFile(join(root, readme), 'utf8');
  const m = /```ts\n([\s\S]*?)```/.exec(text);
  if (!m) throw new Error(`${readme} has no \`\`\`ts example`);
  return m[1]!;
}

describe('README examples run', () => {
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  for (const readme of READMES) {
    it(readme, async () => {
      // inside the repo so that @elicense/* resolve through the workspace's node_modules
      const dir = await mkdtemp(join(root, 'test', '.readme-'));
      dirs.push(dir);
      const file = join(dir, 'example.ts');
      await writeFile(file, await firstExample(readme));
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file], { cwd: dir, timeout: 60_000 });
      expect(stderr).toBe('');
      expect(stdout.length).toBeGreaterThan(0);
    });
  }
});
