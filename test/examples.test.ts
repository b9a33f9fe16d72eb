import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
