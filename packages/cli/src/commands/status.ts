import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ElicenseError } from '@elicense/core';
import { readRegistryStatus } from '@elicense/issuer';
import { digestStatusListToken, type AnchorReceipt } from '@elicense/ledger';
import { list, optional, parse, required } from '../internal/args.js';
import { writeText, type CliIo } from '../internal/io.js';
import { openRegistry } from '../internal/registry.js';

export const statusUsage = `elicense status --registry DIR [ID ...] [--export DIR] [--json]
  Show the registry: each status list (entries handed out, changes waiting for publication, latest
  published and anchored version) and the publications still waiting for the ledger; with IDs, what the
  registry holds about each credential. --export writes the latest status list tokens (<n>.statuslist.jwt)
  and their ledger receipts (anchors.json) for verifiers ("elicense verify --status-list … --anchors …"),
  and the ledger's public key (ledger.json) that proves those receipts offline ("elicense bundle --ledger").`;

/** Run a write into the --export directory; a failure is the caller's to fix (a path it gave). */
async function exportTo(dir: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (cause) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `cannot write into --export ${JSON.stringify(dir)}`, { cause });
  }
}

/** `elicense status`: what the registry holds, and what waits for the ledger. */
export async function statusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { registry: { type: 'string' }, export: { type: 'string' } });
  if (values.help) return io.stdout(statusUsage), 0;
  const registry = await openRegistry(required(values, 'registry'), undefined, { create: false });
  try {
    const report = await readRegistryStatus(registry.store);
    const records = [];
    for (const id of list(positionals)) {
      const record = await registry.store.getCredential(id);
      records.push(record ?? { id, status: 'unknown' });
    }
    const exportDir = optional(values, 'export');
    const exported: string[] = [];
    const unanchored: Array<{ listId: string; version: number }> = [];
    if (exportDir !== undefined) {
      await exportTo(exportDir, () => mkdir(exportDir, { recursive: true }));
      const anchors: AnchorReceipt[] = [];
      for (const state of await registry.store.lists()) {
        if (state.published === undefined) continue;
        const file = join(exportDir, `${state.id}.statuslist.jwt`);
        const token = state.published.token;
        await exportTo(exportDir, () => writeText(file, token));
        exported.push(file);
        const latest = await registry.ledger.latest(state.uri);
        if (latest !== undefined) anchors.push(latest);
        if (latest?.record.digest !== (await digestStatusListToken(token))) unanchored.push({ listId: state.id, version: state.published.version });
      }
      const file = join(exportDir, 'anchors.json');
      await exportTo(exportDir, () => writeText(file, JSON.stringify(anchors, null, 2)));
      exported.push(file);
      // the ledger's public key: with it, the receipts in anchors.json verify offline ("elicense bundle --ledger")
      const ledgerFile = join(exportDir, 'ledger.json');
      await exportTo(exportDir, () => writeText(ledgerFile, JSON.stringify({ id: registry.ledger.id, publicJwk: registry.ledger.publicJwk }, null, 2)));
      exported.push(ledgerFile);
    }
    if (values.json) {
      io.stdout(JSON.stringify({ ledger: registry.ledger.id, ...report, credentials: records, exported, unanchored }, null, 2));
      return 0;
    }
    io.stdout(`ledger ${registry.ledger.id}`);
    if (report.lists.length === 0) io.stdout('no status lists yet: nothing has been issued with this registry');
    for (const l of report.lists) {
      const changes = l.unpublishedChanges ? ', changes not yet published' : '';
      io.stdout(
        `list ${l.listId}  ${l.uri}\n  ${l.allocated} of ${l.size} entries handed out, revision ${l.revision}${changes}\n` +
          `  published version ${l.publishedVersion}${l.tokenExpiresAt === undefined ? '' : ` (token expires ${new Date(l.tokenExpiresAt * 1000).toISOString()})`}, anchored version ${l.anchoredVersion}`,
      );
    }
    if (report.pending.length === 0) io.stdout('no publication waits for the ledger');
    for (const p of report.pending) {
      io.stdout(`pending anchor ${p.record.uri} version ${p.record.version}: ${p.attempts} attempts, next at ${new Date(p.nextAttemptAt * 1000).toISOString()}${p.lastError === undefined ? '' : `, last error ${p.lastError}`}`);
    }
    for (const r of records) io.stdout(`credential ${JSON.stringify(r)}`);
    for (const f of exported) io.stdout(`wrote ${f}`);
    if (unanchored.length > 0) {
      const which = unanchored.map((u) => `list ${u.listId} version ${u.version}`).join(', ');
      io.stdout(`not the latest anchor on the ledger: ${which}; verifiers given anchors.json refuse these lists until the ledger holds them`);
    }
    return 0;
  } finally {
    await registry.close();
  }
}
