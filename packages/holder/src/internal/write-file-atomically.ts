/**
 * Crash-safe file replacement for the Node wallet files (Node only): the new content goes to
 * `<path>.tmp` (mode 0600), is flushed to disk, then renamed over `<path>`, and the directory is
 * flushed so the rename itself is durable. A crash leaves either the old or the new file, never a
 * torn one; a leftover `<path>.tmp` is garbage to discard on open.
 */
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ElicenseError } from '@elicense/core';

/** Replace the file at `path` with `text`, atomically. Throws `ERR_STORE_FAILED`. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.chmod(0o600);
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    await chmod(path, 0o600);
  } catch (cause) {
    await unlink(tmp).catch(() => undefined);
    throw new ElicenseError('ERR_STORE_FAILED', `cannot write wallet file ${path}`, { cause });
  }
  // Make the rename itself durable; not every platform can open a directory, so best effort.
  try {
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    /* best effort */
  }
}

/** Remove a leftover `<path>.tmp` from an interrupted write, if any. */
export async function discardTornWrite(path: string): Promise<void> {
  await unlink(`${path}.tmp`).catch(() => undefined);
}
