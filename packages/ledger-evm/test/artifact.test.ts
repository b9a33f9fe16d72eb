/**
 * The committed contract artifact is exactly what the build script produces from the committed source.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkg = fileURLToPath(new URL('..', import.meta.url));

describe('StatusAnchor artifact', () => {
  it('recompiling contracts/StatusAnchor.sol reproduces src/internal/artifact.ts byte for byte', async () => {
    const { stdout } = await run(process.execPath, ['scripts/build-contract.mjs', '--stdout'], { cwd: pkg, timeout: 60_000 });
    const committed = await readFile(`${pkg}/src/internal/artifact.ts`, 'utf8');
    expect(stdout.length).toBeGreaterThan(1000);
    expect(stdout).toBe(committed);
  });

  it('the artifact was built by solc 0.8.37 with the fixed settings, and the package has the build script', async () => {
    const committed = await readFile(`${pkg}/src/internal/artifact.ts`, 'utf8');
    expect(committed).toContain('export const STATUS_ANCHOR_SOLC_VERSION = "0.8.37+');
    expect(committed).toContain('{"optimizer":{"enabled":true,"runs":200},"evmVersion":"paris"}');
    const manifest = JSON.parse(await readFile(`${pkg}/package.json`, 'utf8')) as { scripts?: Record<string, string> };
    expect(manifest.scripts?.['build:contract']).toBe('node scripts/build-contract.mjs');
  });
});
