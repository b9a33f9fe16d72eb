import { ElicenseError, decodeJws, isJsonObject, type JWK } from '@elicense/core';
import { DidResolver } from '@elicense/did';
import type { AnchorReceipt } from '@elicense/ledger';
import { buildTrustBundle, createBundleDelta, type BundleLedger, type KeyEvent, type TrustBundlePayload } from '@elicense/trust';
import { list, optional, parse } from '../internal/args.js';
import { readJsonObject, readText, writeText, type CliIo } from '../internal/io.js';
import { openRegistry } from '../internal/registry.js';
import { parseDuration, parseTime } from '../internal/time.js';
import { signingKeyFromFile } from './accredit.js';
import { loadDidDocuments, loadStatusOptions } from './verify.js';

export const bundleUsage = `elicense bundle --publisher-key KEY --root DID [--root DID ...] --accreditation FILE [...]
                [--revocation FILE ...] [--did-doc did.json ...] [--registry DIR ...]
                [--status-list FILE ... --anchors anchors.json --ledger ledger.json] [--key-event KID=retired|compromised@TIME ...]
                [--previous bundle.jws [--delta-out delta.jws]] [--version N] [--validity 7d] [--now TIME] [--out bundle.jws] [--json]
  Build a signed trust bundle for offline verifiers: the root authorities, the accreditations (from
  "elicense accredit") and their revocations, every issuer's DID document and key history (did:web is
  fetched now unless --did-doc gives the document), the catalogue's type metadata, and each registry's
  latest status list tokens with their ledger receipts (from --registry, or from the files "elicense status
  --export" writes). Each token is checked against its anchor before it goes in. With --previous (the
  last bundle this publisher built) the version goes up by one and key history carries on: a key gone
  from an issuer's document is recorded as retired now; --delta-out also writes the update from the
  previous version, carrying only what changed.`;

/** The payload of a bundle this publisher built before (its own file: read, not re-verified). */
async function readPrevious(path: string): Promise<TrustBundlePayload> {
  const { header, payload } = decodeJws(await readText(path, '--previous bundle'), 'ERR_INVALID_ARGUMENT', `--previous bundle (${path})`);
  if (header.typ !== 'trust-bundle+jwt' || typeof payload.version !== 'number') {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', `--previous ${path} is not a trust bundle`);
  }
  return payload as unknown as TrustBundlePayload;
}

/** `KID=STATE@TIME` → a key event. */
function parseKeyEvent(text: string): KeyEvent {
  const m = /^(.+#[^=]+)=(retired|compromised)@(.+)$/.exec(text);
  if (m === null) throw new ElicenseError('ERR_INVALID_ARGUMENT', `--key-event must be KID=retired@TIME or KID=compromised@TIME, got ${JSON.stringify(text)}`);
  return { kid: m[1]!, state: m[2] as KeyEvent['state'], at: parseTime(m[3]!, '--key-event') };
}

/** `elicense bundle`: build (and sign) a trust bundle, and the delta from the previous one. */
export async function bundleCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    'publisher-key': { type: 'string' },
    root: { type: 'string', multiple: true },
    accreditation: { type: 'string', multiple: true },
    revocation: { type: 'string', multiple: true },
    'did-doc': { type: 'string', multiple: true },
    registry: { type: 'string', multiple: true },
    'status-list': { type: 'string', multiple: true },
    anchors: { type: 'string' },
    ledger: { type: 'string', multiple: true },
    'key-event': { type: 'string', multiple: true },
    previous: { type: 'string' },
    'delta-out': { type: 'string' },
    version: { type: 'string' },
    validity: { type: 'string' },
    now: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return io.stdout(bundleUsage), 0;
  const publisherPath = optional(values, 'publisher-key');
  if (publisherPath === undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--publisher-key is required: the key that signs the bundle');
  const publisher = await signingKeyFromFile(publisherPath, '--publisher-key');
  const roots = list(values.root);
  if (roots.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--root DID is required: the authority every accreditation chain must reach');
  const accreditations = await Promise.all(list(values.accreditation).map((p) => readText(p, 'accreditation')));
  const revocations = await Promise.all(list(values.revocation).map((p) => readText(p, 'accreditation revocation')));
  const nowText = optional(values, 'now');
  const now = nowText === undefined ? Math.floor(Date.now() / 1000) : parseTime(nowText, '--now');
  const previousPath = optional(values, 'previous');
  const previous = previousPath === undefined ? undefined : await readPrevious(previousPath);
  const deltaOut = optional(values, 'delta-out');
  if (deltaOut !== undefined && previous === undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--delta-out needs --previous: the version the delta updates');
  const versionText = optional(values, 'version');
  if (versionText !== undefined && !/^[1-9]\d{0,14}$/.test(versionText)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `--version must be a positive integer, got ${JSON.stringify(versionText)}`);
  const validityText = optional(values, 'validity');

  // status lists: from registries on this machine, and from exported files
  const statusLists: { token: string; anchor?: AnchorReceipt }[] = [];
  const ledgers: BundleLedger[] = [];
  for (const dir of list(values.registry)) {
    const registry = await openRegistry(dir, undefined, { create: false });
    try {
      ledgers.push({ id: registry.ledger.id, publicJwk: registry.ledger.publicJwk });
      for (const state of await registry.store.lists()) {
        if (state.published === undefined) continue;
        const anchor = await registry.ledger.latest(state.uri);
        statusLists.push({ token: state.published.token, ...(anchor === undefined ? {} : { anchor }) });
      }
    } finally {
      await registry.close();
    }
  }
  const exported = await loadStatusOptions(values['status-list'], optional(values, 'anchors'));
  const anchorsByUri = new Map((exported.anchors ?? []).map((a) => ['record' in a ? a.record.uri : a.uri, a]));
  for (const [uri, token] of Object.entries(exported.lists ?? {})) {
    const anchor = anchorsByUri.get(uri);
    statusLists.push({ token, ...(anchor !== undefined && 'record' in anchor ? { anchor } : {}) });
  }
  for (const p of list(values.ledger)) {
    const file = await readJsonObject(p, 'ledger');
    if (typeof file.id !== 'string' || !isJsonObject(file.publicJwk)) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', `--ledger ${p} must be { "id", "publicJwk" } as "elicense status --export" writes it`);
    }
    ledgers.push({ id: file.id, publicJwk: file.publicJwk as JWK });
  }

  const built = await buildTrustBundle({
    publisher,
    roots,
    accreditations,
    revocations,
    resolver: new DidResolver({ documents: await loadDidDocuments(values['did-doc']) }),
    keyEvents: list(values['key-event']).map(parseKeyEvent),
    statusLists,
    ledgers,
    now,
    ...(previous === undefined ? {} : { previous }),
    ...(versionText === undefined ? {} : { version: Number(versionText) }),
    ...(validityText === undefined ? {} : { validity: parseDuration(validityText, '--validity') }),
  });
  const delta = previous === undefined || deltaOut === undefined ? undefined : await createBundleDelta({ from: previous, to: built.payload, publisher, now });
  const out = optional(values, 'out');
  if (out !== undefined) await writeText(out, built.bundle);
  if (delta !== undefined && deltaOut !== undefined) await writeText(deltaOut, delta);
  const p = built.payload;
  const summary = {
    version: p.version,
    publisher: p.iss,
    issuedAt: p.iat,
    expiresAt: p.exp,
    digest: built.digest,
    bytes: built.bundle.length,
    ...(delta === undefined ? {} : { delta: { from: previous!.version, bytes: delta.length, out: deltaOut } }),
    roots: p.roots,
    issuers: Object.keys(p.issuers),
    accreditations: Object.keys(p.accreditations).length,
    revocations: Object.keys(p.revocations).length,
    statusLists: Object.keys(p.statusLists),
    ...(out === undefined ? {} : { out }),
  };
  if (values.json) {
    io.stdout(JSON.stringify(out === undefined ? { ...summary, bundle: built.bundle } : summary, null, 2));
  } else if (out === undefined) {
    io.stdout(built.bundle);
  } else {
    io.stdout(
      `bundle version ${p.version} by ${p.iss}: ${summary.issuers.length} DIDs, ${summary.accreditations} accreditations, ` +
        `${summary.statusLists.length} status lists, ${summary.bytes} bytes, expires ${new Date(p.exp * 1000).toISOString()} → ${out}` +
        (delta === undefined ? '' : `\ndelta ${previous!.version} → ${p.version}: ${delta.length} bytes → ${deltaOut}`),
    );
  }
  return 0;
}
