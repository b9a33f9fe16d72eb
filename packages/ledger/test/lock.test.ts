import { spawn, spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { JWK } from '@elicense/core';
import { FileLedger } from '@elicense/ledger/node';
import { ledgerKey, tempDir } from './helpers.js';

const LOOP = fileURLToPath(new URL('./fixtures/anchor-loop.mjs', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ path: string; privateJwk: JWK }> {
  const { dir, remove } = await tempDir();
  cleanups.push(remove);
  return { path: join(dir, 'status.ledger'), privateJwk: (await ledgerKey('EdDSA')).privateJwk };
}

async function openError(path: string, signingKey: JWK): Promise<{ code?: string; details?: Record<string, unknown> } | undefined> {
  try {
    const l = await FileLedger.open({ path, signingKey });
    await l.close();
    return undefined;
  } catch (e) {
    return e as { code?: string; details?: Record<string, unknown> };
  }
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('FileLedger: one writer per file', () => {
  it('a second open in the same process is refused with ERR_LEDGER_LOCKED until the first closes', async () => {
    const { path, privateJwk } = await setup();
    const first = await FileLedger.open({ path, signingKey: privateJwk });
    expect(await readFile(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    const err = await openError(path, privateJwk);
    expect(err?.code).toBe('ERR_LEDGER_LOCKED');
    expect(err?.details?.pid).toBe(process.pid);
    await first.close();
    expect(await exists(`${path}.lock`)).toBe(false);
    expect(await openError(path, privateJwk)).toBeUndefined();
  });

  it('a ledger open in another live process is refused with ERR_LEDGER_LOCKED naming its pid', async () => {
    const { path, privateJwk } = await setup();
    const child = spawn(process.execPath, [LOOP, path, 'https://gov.example/status/1', '1'], {
      env: { ...process.env, LEDGER_KEY: JSON.stringify(privateJwk) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => d.includes('ready') && resolve());
      child.on('close', () => reject(new Error('child exited early')));
    });
    const err = await openError(path, privateJwk);
    expect(err?.code).toBe('ERR_LEDGER_LOCKED');
    expect(err?.details?.pid).toBe(child.pid);
    child.kill('SIGKILL');
    await exited;
    expect(await openError(path, privateJwk)).toBeUndefined(); // the dead child's lock is taken over
  });

  it('a lock left by a dead process is taken over', async () => {
    const { path, privateJwk } = await setup();
    await writeFile(`${path}.lock`, `${deadPid()}\n`);
    const ledger = await FileLedger.open({ path, signingKey: privateJwk });
    expect(await readFile(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await ledger.close();
  });

  it('an unreadable lock (empty or garbage, from a crash while taking it) is taken over', async () => {
    const { path, privateJwk } = await setup();
    for (const content of ['', 'garbage', '-1\n', '0\n']) {
      await writeFile(`${path}.lock`, content);
      expect(await openError(path, privateJwk)).toBeUndefined();
      expect(await exists(`${path}.lock`)).toBe(false);
    }
  });

  it('two opens racing to take over the same stale lock: exactly one wins', async () => {
    const { path, privateJwk } = await setup();
    for (let round = 0; round < 5; round++) {
      await writeFile(`${path}.lock`, `${deadPid()}\n`);
      const outcomes = await Promise.allSettled([0, 1, 2].map(() => FileLedger.open({ path, signingKey: privateJwk })));
      const opened = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: string }).code] : []));
      expect(opened).toHaveLength(1);
      expect(refused).toEqual(['ERR_LEDGER_LOCKED', 'ERR_LEDGER_LOCKED']);
      await opened[0]!.close();
    }
  });

  it('closing does not remove a lock that is no longer ours', async () => {
    const { path, privateJwk } = await setup();
    const ledger = await FileLedger.open({ path, signingKey: privateJwk });
    await writeFile(`${path}.lock`, '999999999\n');
    await ledger.close();
    expect(await readFile(`${path}.lock`, 'utf8')).toBe('999999999\n');
  });
});
