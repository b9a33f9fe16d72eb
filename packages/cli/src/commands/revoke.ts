import { ElicenseError, decodeJws, isJsonObject, type JWK } from '@elicense/core';
import { Issuer } from '@elicense/issuer';
import type { PublishResult, StatusChange } from '@elicense/issuer';
import { list, optional, parse, required } from '../internal/args.js';
import { readJsonObject, type CliIo } from '../internal/io.js';
import { openRegistry, type OpenRegistry } from '../internal/registry.js';
import { didOptions } from './issue.js';

const common = `--registry DIR --issuer-key issuer.json [--did-web DOMAIN [--key-id ID]] [--no-publish] [--json]`;

export const revokeUsage = `elicense revoke ID [ID ...] ${common}
  Revoke credentials for good, then publish the changed status lists and anchor them on the registry's
  ledger (--no-publish only records the change). A publication the ledger cannot take now stays in the
  durable outbox and is retried by the next "publish".`;

export const suspendUsage = `elicense suspend ID [ID ...] ${common}
elicense reinstate ID [ID ...] ${common}
  Suspend credentials (e.g. a business licence pending review), or lift a suspension; then publish as revoke does.`;

export const publishUsage = `elicense publish --registry DIR --issuer-key issuer.json [--did-web DOMAIN [--key-id ID]] [--force] [--json]
  Sign a new status list token for every changed (or, with --force, every) list and anchor it on the ledger.`;

/**
 * Build the registry's issuer from its key file. Its DID must be the one that signed the lists the
 * registry has published: lists signed by another DID would fail every verifier's `status` check.
 */
export async function registryIssuer(values: Record<string, unknown>, registry: OpenRegistry): Promise<Issuer> {
  const keyFile = await readJsonObject(required(values, 'issuer-key'), 'issuer key');
  if (!isJsonObject(keyFile.privateJwk)) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--issuer-key must be a key file with "privateJwk" (see "elicense keys")');
  const web = optional(values, 'did-web');
  const issuer = await Issuer.create({ privateJwk: keyFile.privateJwk as JWK, ...didOptions(values), status: registry.status });
  for (const state of await registry.store.lists()) {
    if (state.published === undefined) continue;
    const { payload } = decodeJws(state.published.token, 'ERR_STORE_CORRUPT', `the published token of list ${state.id}`);
    if (payload.iss !== issuer.did) {
      throw new ElicenseError(
        'ERR_INVALID_ARGUMENT',
        `--issuer-key${web === undefined ? '' : ' with --did-web'} is ${issuer.did}, but the lists of this registry are published by ${String(payload.iss)}`,
      );
    }
  }
  return issuer;
}

const PAST = { revoke: 'revoked  ', suspend: 'suspended', reinstate: 'reinstated' } as const;

function describeChange(c: StatusChange): string {
  return `${c.id}  ${c.status}  (list ${c.listId}, idx ${c.idx})`;
}

/** A publication for `--json`, without the tokens themselves (`status --export` writes those). */
function publishJson(result: PublishResult): Record<string, unknown> {
  return { published: result.published.map(({ token: _t, ...p }) => p), anchored: result.anchored, pending: result.pending };
}

/** One line per list published, publication anchored, and publication still waiting for the ledger. */
function printPublished(io: CliIo, result: PublishResult): void {
  for (const p of result.published) io.stdout(`published ${p.uri} version ${p.version} (sha-256 ${p.digest})`);
  for (const r of result.anchored) io.stdout(`anchored  ${r.record.uri} version ${r.record.version} on ${r.ledger}`);
  for (const p of result.pending) io.stdout(`pending   ${p.record.uri} version ${p.record.version}: ${p.lastError ?? 'not yet tried'}`);
}

/** `elicense revoke|suspend|reinstate`: change credential statuses and publish. */
function changeCommand(action: 'revoke' | 'suspend' | 'reinstate') {
  return async (argv: string[], io: CliIo): Promise<number> => {
    const { values, positionals } = parse(argv, {
      registry: { type: 'string' },
      'issuer-key': { type: 'string' },
      'did-web': { type: 'string' },
      'key-id': { type: 'string' },
      'no-publish': { type: 'boolean' },
    });
    if (values.help) return io.stdout(action === 'revoke' ? revokeUsage : suspendUsage), 0;
    const ids = list(positionals);
    if (ids.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', `the id of at least one credential is required: elicense ${action} ID --registry DIR`);
    required(values, 'issuer-key');
    const registry = await openRegistry(required(values, 'registry'), undefined, { create: false });
    try {
      const issuer = await registryIssuer(values, registry);
      const changes =
        action === 'revoke' ? await issuer.revokeMany(ids) : action === 'suspend' ? await issuer.suspendMany(ids) : await issuer.reinstateMany(ids);
      const published = values['no-publish'] === true ? undefined : await issuer.publishStatusLists();
      if (values.json) {
        io.stdout(JSON.stringify({ changes, ...(published === undefined ? {} : publishJson(published)) }, null, 2));
      } else {
        for (const c of changes) io.stdout(`${PAST[action]} ${describeChange(c)}`);
        if (published !== undefined) printPublished(io, published);
      }
      return 0;
    } finally {
      await registry.close();
    }
  };
}

export const revokeCommand = changeCommand('revoke');
export const suspendCommand = changeCommand('suspend');
export const reinstateCommand = changeCommand('reinstate');

/** `elicense publish`: publish and anchor status lists. */
export async function publishCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    registry: { type: 'string' },
    'issuer-key': { type: 'string' },
    'did-web': { type: 'string' },
    'key-id': { type: 'string' },
    force: { type: 'boolean' },
  });
  if (values.help) return io.stdout(publishUsage), 0;
  required(values, 'issuer-key');
  const registry = await openRegistry(required(values, 'registry'), undefined, { create: false });
  try {
    const issuer = await registryIssuer(values, registry);
    const result = await issuer.publishStatusLists({ force: values.force === true });
    if (values.json) {
      io.stdout(JSON.stringify(publishJson(result), null, 2));
    } else {
      if (result.published.length === 0) io.stdout('nothing changed since the last publication');
      printPublished(io, result);
    }
    return result.pending.length === 0 ? 0 : 1;
  } finally {
    await registry.close();
  }
}
