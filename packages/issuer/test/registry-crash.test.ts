/**
 * An issuer process killed at random moments (SIGKILL) while it issues, revokes, suspends,
 * reinstates and publishes, round after round on the same FileIssuerStore and FileLedger: every
 * acknowledged operation survives, no status list entry is handed out twice, and a fresh issuer on
 * the same directory publishes a token that reflects every acknowledged status and anchors it on a
 * ledger whose versions only increase.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '@elicense/core';
import { Issuer, type CredentialStatus } from '@elicense/issuer';
import { FileIssuerStore } from '@elicense/issuer/node';
import { digestStatusListToken, type AnchorRecord } from '@elicense/ledger';
import { FileLedger } from '@elicense/ledger/node';
import { StatusType, verifyStatusListToken } from '@elicense/status';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';

const CHILD = fileURLToPath(new URL('./fixtures/registry-crash-child.mjs', import.meta.url));
const BASE = 'https://status.gov.example/lists';
const VALUE = { valid: StatusType.VALID, revoked: StatusType.INVALID, suspended: StatusType.SUSPENDED } as const;
const dirs: string[] = [];

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

interface Ack {
  ready?: true;
  intent?: { issue?: string[]; id?: string; status?: CredentialStatus; publish?: true };
  issued?: Array<{ id: string; listId: string; uri: string; idx: number }>;
  status?: { id: string; status: CredentialStatus };
  refused?: { id: string };
  published?: Array<{ uri: string; version: number; digest: string }>;
  anchored?: AnchorRecord[];
}

/** When to kill the child: some time after it is ready, or some time after it starts its n-th publication. */
type KillAt = { afterMs: number } | { publication: number; afterMs: number };

/** Run the child on `dir` until it is SIGKILLed; its complete output lines. */
async function crashRound(dir: string, round: number, config: object, at: KillAt): Promise<Ack[]> {
  // The config names every id issued so far: through a file, as it soon outgrows a command-line argument.
  const configFile = join(dir, `round-${round}.json`);
  await writeFile(configFile, JSON.stringify(config));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(round), configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let publications = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (timer !== undefined) return;
      if ('publication' in at) publications += d.split('"publish":true').length - 1;
      if ('publication' in at ? publications >= at.publication : out.includes('\n')) timer = setTimeout(() => child.kill('SIGKILL'), at.afterMs);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited with ${code}: ${err}`));
      // a line cut by the kill is not an acknowledgement
      resolve(out.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Ack));
    });
  });
}

describe('an issuer process killed at random moments', () => {
  it('loses no acknowledged issuance, status change or publication, and never shares an entry, across SIGKILLed rounds', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'elicense-registry-crash-'));
    dirs.push(dir);
    const issuerKey = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
    const ledgerKey = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
    const holder = (await generateKeyPair('ES256')).publicJwk;
    const claims = { driving_licence: LICENCE_CLAIMS.driving_licence, business_licence: LICENCE_CLAIMS.business_licence };

    /** Every credential acknowledged as issued, with its entry. */
    const issued = new Map<string, { listId: string; uri: string; idx: number }>();
    /** Every id the child meant to issue (acknowledged or cut short by the kill). */
    const attempted = new Set<string>();
    /** Latest known status of every acknowledged credential. */
    const status = new Map<string, CredentialStatus>();
    /** Publications acknowledged by the child, by `uri#version`, with their digest. */
    const published = new Map<string, string>();
    const anchored: AnchorRecord[] = [];
    let operations = 0;

    for (let round = 1; round <= 8; round++) {
      const start = NOW + round * 100_000;
      const config = { issuerKey, ledgerKey, holder, claims, baseUri: BASE, now: start, earlier: [...issued.keys()] };
      // odd rounds: any moment; even rounds: within a few milliseconds of a publication starting
      const at: KillAt =
        round % 2 === 1 ? { afterMs: 150 + Math.floor(Math.random() * 400) } : { publication: 3 + Math.floor(Math.random() * 5), afterMs: Math.floor(Math.random() * 12) };
      const acks = await crashRound(dir, round, config, at);
      let inFlight: { id: string; status: CredentialStatus } | undefined;
      for (const a of acks) {
        operations++;
        for (const id of a.intent?.issue ?? []) attempted.add(id);
        for (const c of a.issued ?? []) {
          issued.set(c.id, { listId: c.listId, uri: c.uri, idx: c.idx });
          status.set(c.id, 'valid');
        }
        if (a.intent?.id !== undefined) inFlight = { id: a.intent.id, status: a.intent.status! };
        if (a.status !== undefined) {
          status.set(a.status.id, a.status.status);
          inFlight = undefined;
        }
        if (a.refused !== undefined) inFlight = undefined;
        for (const p of a.published ?? []) published.set(`${p.uri}#${p.version}`, p.digest);
        anchored.push(...(a.anchored ?? []));
      }

      // a fresh issuer on the same directory, as the restarted process would be
      const clock = { now: start + 50_000 };
      const store = await FileIssuerStore.open(join(dir, 'registry'));
      const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: ledgerKey, now: () => clock.now });
      try {
        const issuer = await Issuer.create({ privateJwk: issuerKey, now: () => clock.now, status: { store, ledger, baseUri: BASE } });
        // every acknowledged credential is recorded, with its entry and its acknowledged status
        for (const [id, entry] of issued) {
          const record = await issuer.credentialRecord(id);
          expect(record, id).toMatchObject({ listId: entry.listId, idx: entry.idx });
          if (inFlight?.id === id && record.status === inFlight.status) status.set(id, record.status);
          else expect(record.status, `status of ${id}`).toBe(status.get(id));
        }
        // no two records share an entry, whether their issuance was acknowledged or cut short
        const entries = new Map<string, string>();
        for (const id of attempted) {
          const record = await store.getCredential(id);
          if (record === undefined) continue;
          const key = `${record.listId}:${record.idx}`;
          expect(entries.get(key), `entry ${key} of ${id}`).toBeUndefined();
          entries.set(key, id);
        }
        expect(entries.size).toBeGreaterThanOrEqual(issued.size);

        // publishing works, anchors what the killed process left pending, and reflects every acknowledged status
        const result = await issuer.publishStatusLists({ force: true });
        expect(result.pending).toEqual([]);
        const lists = [...new Set([...issued.values()].map((e) => e.uri))];
        expect(result.published.map((p) => p.uri).sort()).toEqual(lists.sort());
        for (const uri of lists) {
          const token = await issuer.statusListToken(uri);
          const { list } = await verifyStatusListToken(token, { key: issuer.publicJwk, uri, issuer: issuer.did, now: clock.now });
          for (const [id, entry] of issued) {
            if (entry.uri === uri) expect(list.get(entry.idx), `entry of ${id}`).toBe(VALUE[status.get(id)!]);
          }
          // the ledger: versions 1..n, each once, the latest with this token's digest
          const history = await ledger.history(uri);
          expect(history.map((h) => h.record.version)).toEqual(history.map((_, i) => i + 1));
          expect(history.at(-1)!.record.digest).toBe(await digestStatusListToken(token));
          for (const h of history) await expect(ledger.verifyReceipt(h)).resolves.toEqual(h.record);
        }
        // every publication the killed process acknowledged is anchored with its digest
        for (const [key, digest] of published) {
          const [uri, version] = key.split('#') as [string, string];
          expect((await ledger.history(uri))[Number(version) - 1]?.record.digest, key).toBe(digest);
        }
        for (const record of anchored) {
          expect((await ledger.history(record.uri))[record.version - 1]?.record).toEqual(record);
        }
        expect((await issuer.registryStatus()).pending).toEqual([]);
      } finally {
        await store.close();
        await ledger.close();
      }
      // the ledger file, as left, opens and checks (not tampered)
      const reopened = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: ledgerKey });
      await reopened.close();
    }
    expect(operations).toBeGreaterThan(40);
    expect(issued.size).toBeGreaterThan(20);
    expect(published.size).toBeGreaterThan(3);
  });
});
