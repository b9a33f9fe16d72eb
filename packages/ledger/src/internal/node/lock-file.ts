import { randomUUID } from 'node:crypto';
import { link, open, readFile, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ElicenseError } from '@elicense/core';

/** Releases a lock taken by {@link acquireLock}. */
export type ReleaseLock = () => Promise<void>;

const ATTEMPTS = 200;
const RETRY_MS = 5;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

function livePid(text: string): number | undefined {
  const m = /^(\d{1,10})\n$/.exec(text);
  const pid = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** Hard-link `from` to `to`; false when `to` exists. Atomic: `to` appears complete or not at all. */
async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (e) {
    if (code(e) === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Take the writer lock `lockPath`: a file holding this process's pid, written aside and hard-linked
 * into place (so it never appears empty or half-written). A lock whose process is gone is taken over;
 * a live one fails with `ERR_LEDGER_LOCKED`. Removing a stale lock happens only while holding
 * `<lockPath>.takeover` (taken the same way) and after re-reading it, so two processes taking over
 * the same stale lock cannot both win. I/O failures are `ERR_LEDGER_UNAVAILABLE`.
 */
export async function acquireLock(lockPath: string): Promise<ReleaseLock> {
  const mine = `${process.pid}\n`;
  const aside = `${lockPath}.${process.pid}.${randomUUID()}.tmp`;
  const takeover = `${lockPath}.takeover`;
  try {
    const h = await open(aside, 'wx', 0o644);
    try {
      await h.writeFile(mine);
      await h.sync();
    } finally {
      await h.close();
    }
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (await tryLink(aside, lockPath)) {
        return async () => {
          if ((await readOrUndefined(lockPath)) === mine) await unlink(lockPath);
        };
      }
      const held = await readOrUndefined(lockPath);
      if (held === undefined) continue;
      const pid = livePid(held);
      if (pid !== undefined) {
        throw new ElicenseError('ERR_LEDGER_LOCKED', `the ledger is open for writing by process ${pid} (lock file ${lockPath})`, {
          details: { lock: lockPath, pid },
        });
      }
      // stale: remove it, but only under the takeover lock and only if it is still the same stale lock
      if (await tryLink(aside, takeover)) {
        try {
          if ((await readOrUndefined(lockPath)) === held) await unlink(lockPath).catch((e: unknown) => (code(e) === 'ENOENT' ? undefined : Promise.reject(e)));
        } finally {
          await unlink(takeover);
        }
        continue;
      }
      // another process is taking over right now; if it died doing so, clear its takeover lock
      const other = await readOrUndefined(takeover);
      if (other !== undefined && livePid(other) === undefined) await unlink(takeover).catch(() => undefined);
      await sleep(RETRY_MS);
    }
    throw new Error('the lock kept changing hands');
  } catch (e) {
    if (e instanceof ElicenseError) throw e;
    throw new ElicenseError('ERR_LEDGER_UNAVAILABLE', `cannot take the ledger lock ${lockPath}`, { cause: e, details: { lock: lockPath } });
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}
