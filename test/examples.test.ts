import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildWalletWeb } from '../examples/wallet-web/build.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/** Run an example as a user would (through tsx), and return what it printed. */
async function example(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `examples/${name}`], { cwd: root, timeout: 60_000 });
  return stdout;
}

describe('examples/ run and tell the truth', () => {
  it('1-bureau-issues issues a driving licence under a did:key', async () => {
    const out = await example('1-bureau-issues.ts');
    expect(out).toMatch(/bureau DID: +did:key:zDn/);
    expect(out).toMatch(/issued: +driving_licence urn:uuid:/);
  });

  it('2-wallet-presents presents three claims with key binding', async () => {
    const out = await example('2-wallet-presents.ts');
    expect(out).toMatch(/revealed: +name, vehicle_classes, validity_period/);
  });

  it('3-officer-verifies verifies, and refuses the replay', async () => {
    const out = await example('3-officer-verifies.ts');
    expect(out).toMatch(/^VERIFIED$/m);
    expect(out).toContain('"vehicle_classes":["C1","D"]');
    expect(out).not.toContain('440305199003071236');
    expect(out).toMatch(/another stop: refused \(ERR_NONCE_MISMATCH\)/);
  });

  it('4-bureau-revokes revokes, publishes and anchors, and the officer refuses the licence', async () => {
    const out = await example('4-bureau-revokes.ts');
    expect(out).toMatch(/status entry https:\/\/status\.sz\.gov\.example\/lists\/1 #\d+/);
    expect(out).toMatch(/anchored on file:/);
    expect(out).toMatch(/officer: refused — status ERR_STATUS_REVOKED/);
  });

  it('5-offline-officer verifies with no network from a trust bundle, across a key rotation applied as a delta', async () => {
    const out = await example('5-offline-officer.ts');
    expect(out).toMatch(/synced bundle v1 \(\d+ bytes\)/);
    expect(out).toMatch(/^offline: VERIFIED; bundle 0s old$/m);
    expect(out).toMatch(/keys: key-2026 retired, key-2027 active|keys: key-2027 active, key-2026 retired/);
    expect(out).toMatch(/^after the rotation: VERIFIED$/m);
    const [, delta, full] = /delta v1 → v2: (\d+) bytes \(full bundle (\d+)\)/.exec(out)!;
    expect(Number(delta)).toBeLessThan(Number(full));
  });
});

describe('examples/6-border-gate', () => {
  it('verifies a queue on worker threads and refuses the revoked card and the tampered presentation', async () => {
    const out = await example('6-border-gate.ts');
    expect(out).toMatch(/^checked 40 presentations on [1-4] threads: 38 verified$/m);
    expect(out).toMatch(/^refused #8: status ERR_STATUS_REVOKED$/m);
    expect(out).toMatch(/^refused #22: disclosures ERR_DISCLOSURE_UNREFERENCED$/m);
  });
});

describe('examples/wallet-web builds for the browser', () => {
  it('bundles the wallet and verifier pages, with no Node built-in imported', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'elicense-wallet-web-test-'));
    try {
      const { files } = await buildWalletWeb(outdir);
      expect(files).toEqual(expect.arrayContaining(['index.html', 'verifier.html', 'wallet.js', 'verifier.js']));
      expect(await readFile(join(outdir, 'index.html'), 'utf8')).toContain('src="./wallet.js"');
      expect(await readFile(join(outdir, 'verifier.html'), 'utf8')).toContain('src="./verifier.js"');
      const scripts = files.filter((f) => f.endsWith('.js'));
      expect(scripts.length).toBeGreaterThanOrEqual(2);
      for (const f of scripts) {
        const code = await readFile(join(outdir, f), 'utf8');
        expect(code, f).not.toMatch(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'`]node:/);
      }
      // the pages really carry the SDK, e.g. the wallet's encrypted store with its error codes
      expect((await Promise.all(scripts.map((f) => readFile(join(outdir, f), 'utf8')))).join('\n')).toContain('ERR_WALLET_SECRET_INVALID');
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
