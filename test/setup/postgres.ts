/**
 * Vitest global setup: a real PostgreSQL server on 127.0.0.1 for the tests of the PostgreSQL issuer
 * store, in a temporary data directory, stopped and removed after the run. Uses Debian's binaries
 * (`/usr/lib/postgresql/<version>/bin`), installing the `postgresql` package when they are absent.
 * Tests read the URL with `inject('pgUrl')`. If no server can be started the run fails: these tests
 * are never skipped.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** URL of the test PostgreSQL server (superuser `postgres`, database `postgres`). */
    pgUrl: string;
  }
}

const exec = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';
const isRoot = process.getuid?.() === 0;

/** The bin directory of the newest installed PostgreSQL, if any. */
function findBinaries(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] === undefined ? undefined : join(PG_ROOT, versions[0], 'bin');
}

async function installBinaries(): Promise<string> {
  if (!isRoot) throw new Error(`PostgreSQL is not installed under ${PG_ROOT} and installing it needs root: apt-get install postgresql`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await exec('apt-get', ['update'], { env, maxBuffer: 64 << 20 });
  await exec('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { env, maxBuffer: 64 << 20 });
  const bin = findBinaries();
  if (bin === undefined) throw new Error(`apt-get install postgresql left no initdb under ${PG_ROOT}`);
  return bin;
}

/** Run a PostgreSQL tool, as the `postgres` user when we are root (the server refuses to run as root). */
async function run(bin: string, tool: string, args: string[]): Promise<void> {
  const file = join(bin, tool);
  try {
    if (isRoot) await exec('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: '/', maxBuffer: 16 << 20 });
    else await exec(file, args, { maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string): Promise<number> => Number((await exec('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await exec('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bin = findBinaries() ?? (await installBinaries());
  const data = await mkdtemp(join(tmpdir(), 'elicense-pg-'));
  let started = false;
  const teardown = async (): Promise<void> => {
    if (started) await run(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    await rm(data, { recursive: true, force: true });
  };
  try {
    if (isRoot) {
      const { uid, gid } = await postgresUser();
      await chown(data, uid, gid);
    }
    await run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const port = await freePort();
    const serverOptions = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await run(bin, 'pg_ctl', ['-D', data, '-l', join(data, 'server.log'), '-o', serverOptions, '-w', 'start']);
    started = true;
    project.provide('pgUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  } catch (e) {
    await teardown();
    throw new Error(`cannot start the PostgreSQL server the tests need: ${(e as Error).message}`, { cause: e });
  }
  return teardown;
}
