import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ElicenseError } from '@elicense/core';
import { storeFailed } from './fs-errors.js';

/** An exclusive lock on a store directory, held by this process until released. */
export interface DirectoryLock {
  release(): Promise<void>;
}

/** True when a process with this id exists (a zombie counts until its parent reaps it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw storeFailed(`cannot read the lock file ${path}`, e);
  }
}

function locked(path: string, holder: string): ElicenseError {
  return new ElicenseError('ERR_STORE_LOCKED', `the store is in use: ${path} is held by ${holder}; close that store first`, {
    details: { lock: path },
  });
}

/**
 * Take the lock file `LOCK` of a directory: created with its content in one step (a hard link of a
 * fully written file), holding this process id. A lock left by a process that no longer runs is
 * taken over; a live one rejects with `ERR_STORE_LOCKED`.
 */
export async function acquireLock(dir: string): Promise<DirectoryLock> {
  const path = join(dir, 'LOCK');
  const mine = `${process.pid}\n`;
  const nonce = `${process.pid}.${Math.random().toString(36).slice(2)}`;
  const tmp = join(dir, `LOCK.${nonce}.tmp`);
  try {
    await writeFile(tmp, mine);
  } catch (e) {
    throw storeFailed(`cannot write in ${dir}`, e);
  }
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await link(tmp, path);
        return {
          async release() {
            if ((await readIfExists(path)) === mine) await unlink(path).catch(() => undefined);
          },
        };
      } catch (e) {
        if (code(e) !== 'EEXIST') throw storeFailed(`cannot create the lock file ${path}`, e);
      }
      const held = await readIfExists(path);
      if (held === undefined) continue;
      const m = /^([1-9][0-9]{0,9})\n$/.exec(held);
      if (m === null) throw locked(path, 'an unknown owner (not a process id; remove it if no process uses the store)');
      const pid = Number(m[1]);
      if (alive(pid)) throw locked(path, `process ${pid}`);
      // Stale: move it aside, and make sure what was moved is the stale lock, not a fresh one.
      const aside = join(dir, `LOCK.stale.${nonce}`);
      try {
        await rename(path, aside);
      } catch (e) {
        if (code(e) === 'ENOENT') continue;
        throw storeFailed(`cannot take over the stale lock ${path}`, e);
      }
      const moved = await readIfExists(aside);
      if (moved !== held) {
        await link(aside, path).catch(() => undefined);
        await unlink(aside).catch(() => undefined);
        continue;
      }
      await unlink(aside).catch(() => undefined);
    }
    throw locked(path, 'another process (the lock kept changing hands)');
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
