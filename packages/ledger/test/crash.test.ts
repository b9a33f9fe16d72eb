import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyFileLedgerReceipt } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { ledgerKey, tempDir } from './helpers.js';

const LOOP = fileURLToPath(new URL('./fixtures/anchor-loop.mjs', import.meta.url));
const URI = 'https://gov.example/status/crash';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Run the anchoring loop in a child, SIGKILL it `delayMs` after its first acknowledgement, return every acknowledged version. */
function runAndKill(path: string, key: string, first: number, delayMs: number): Promise<{ acked: number[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOOP, path, URI, String(first)], {
      env: { ...process.env, LEDGER_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const lineText = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (lineText === 'ready') continue;
        acked.push(Number(lineText));
        timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL' || acked.length === 0) reject(new Error(`anchor loop ended unexpectedly (${signal}): ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

describe('FileLedger survives SIGKILL mid-append', () => {
  it('after each kill, reopening gives a valid ledger holding every acknowledged anchor', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const path = join(dir, 'status.ledger');
    const { privateJwk, publicJwk } = await ledgerKey('ES256');
    const allAcked: number[] = [];
    let next = 1;
    for (let round = 0; round < 6; round++) {
      const delayMs = Math.floor(Math.random() * 60);
      const { acked } = await runAndKill(path, JSON.stringify(privateJwk), next, delayMs);
      allAcked.push(...acked);

      // the killed child's lock (a dead pid) is taken over; a torn tail, if any, is dropped
      const ledger = await FileLedger.open({ path, signingKey: privateJwk });
      try {
        const history = await ledger.history(URI);
        const versions = history.map((r) => r.record.version);
        const last = acked[acked.length - 1]!;
        // every acknowledged version is there; at most one more (durable but killed before printing)
        expect(versions.slice(0, allAcked.length)).toEqual(allAcked);
        expect(versions.length - allAcked.length).toBeLessThanOrEqual(1);
        expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
        expect(versions[versions.length - 1]).toBeGreaterThanOrEqual(last);
        for (const r of history) expect(await verifyFileLedgerReceipt(r, publicJwk)).toEqual(r.record);
        for (const r of history.slice(-3)) expect(await ledger.verifyReceipt(r)).toEqual(r.record);
        allAcked.splice(0, allAcked.length, ...versions); // an unprinted but durable anchor counts from now on
        next = versions.length + 1;
      } finally {
        await ledger.close();
      }
      expect((await readFile(path, 'utf8')).endsWith('\n')).toBe(true);
    }
    expect(allAcked.length).toBeGreaterThan(6);
  }, 120_000);
});

describe('FileLedger when the disk is full', () => {
  it('a failed append is ERR_LEDGER_UNAVAILABLE, leaves no partial line, and loses no acknowledged anchor', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const path = join(dir, 'status.ledger');
    const { privateJwk, publicJwk } = await ledgerKey('EdDSA');
    const script = fileURLToPath(new URL('./fixtures/anchor-until-error.mjs', import.meta.url));
    // RLIMIT_FSIZE of 8 KiB: writes past it fail with EFBIG, like a full disk
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', 'ulimit -f 8 && exec "$0" "$@"', process.execPath, script, path, URI], {
        env: { ...process.env, LEDGER_KEY: JSON.stringify(privateJwk) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
    });
    const lines = out.trim().split('\n');
    const acked = lines.filter((l) => /^\d+$/.test(l)).map(Number);
    expect(lines.slice(acked.length)).toEqual(['error ERR_LEDGER_UNAVAILABLE', 'retry ERR_LEDGER_UNAVAILABLE', 'closed']);
    expect(acked.length).toBeGreaterThan(3);
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true); // the partial line was taken back
    expect(text.split('\n')).toHaveLength(acked.length + 1);
    const ledger = await FileLedger.open({ path, signingKey: privateJwk });
    try {
      const history = await ledger.history(URI);
      expect(history.map((r) => r.record.version)).toEqual(acked);
      for (const r of history) expect(await verifyFileLedgerReceipt(r, publicJwk)).toEqual(r.record);
      expect((await ledger.anchor({ ...history[0]!.record, version: acked.length + 1 })).proof.seq).toBe(acked.length);
    } finally {
      await ledger.close();
    }
  });
});
