import { ElicenseError, decodeJws, parseJson, type JWK } from '@elicense/core';
import type { AnchorReceipt } from '@elicense/ledger';
import { DidResolver, type DIDDocument } from '@elicense/did';
import { Verifier, type StatusOptions, type VerificationReport } from '@elicense/verifier';
import { list, optional, parse } from '../internal/args.js';
import { readJsonObject, readText, type CliIo } from '../internal/io.js';
import { formatReport } from '../internal/report.js';
import { parseDuration, parseTime } from '../internal/time.js';
import { publicKeyFrom } from './issue.js';

export const verifyUsage = `elicense verify FILE --trust DID [--trust DID ...] [--type TYPE ...] [--nonce NONCE --aud AUDIENCE]
                [--did-doc did.json ...] [--status-list FILE ...] [--anchors anchors.json] [--now TIME] [--json]
elicense verify FILE --bundle bundle.jws [--delta delta.jws ...] --publisher publisher.json [--type TYPE ...]
                [--nonce NONCE --aud AUDIENCE] [--max-bundle-age 1d] [--max-status-age 1d] [--stale warn|refuse] [--now TIME] [--json]
  Verify a presentation (SD-JWT VC with key binding: needs --nonce and --aud), a credential as issued
  (SD-JWT VC without key binding), or a W3C VC JWT. Exit code 0 when verified, 1 when not, 2 on usage errors.
  A credential with a status entry is checked against the status list tokens given with --status-list
  (each file a statuslist+jwt or W3C status list credential; its URI is read from its "sub") and, with
  --anchors (ledger receipts, as "elicense status --export" writes them), must be the anchored version.
  With --bundle, nothing but the trust bundle is used and no network is touched: accredited issuers,
  their key history, status lists and anchors all come from the bundle (and the --delta updates applied
  to it in order), whose signature must verify with a --publisher key (a public JWK with its "kid", or a
  key file). A bundle or status list older than --max-bundle-age / --max-status-age (default 1d) is
  refused, or with --stale warn reported as a warning.`;

/** Read DID documents given with --did-doc into an offline store keyed by DID. */
export async function loadDidDocuments(paths: unknown): Promise<Record<string, DIDDocument>> {
  const docs: Record<string, DIDDocument> = {};
  for (const p of list(paths)) {
    const doc = await readJsonObject(p, 'DID document');
    if (typeof doc.id !== 'string') throw new ElicenseError('ERR_INVALID_ARGUMENT', `DID document ${p} has no "id"`);
    docs[doc.id] = doc as unknown as DIDDocument;
  }
  return docs;
}

/** Status list tokens (by their `sub`) and ledger anchors from files. */
export async function loadStatusOptions(paths: unknown, anchorsPath: string | undefined): Promise<StatusOptions> {
  const lists: Record<string, string> = {};
  for (const p of list(paths)) {
    const token = await readText(p, 'status list');
    const { payload } = decodeJws(token, 'ERR_INVALID_ARGUMENT', `status list ${p}`);
    // a statuslist+jwt names its list in `sub`; a W3C status list credential (VC JWT) in `jti` (its `id`)
    const uri = payload.vc !== undefined && typeof payload.jti === 'string' ? payload.jti : typeof payload.sub === 'string' ? payload.sub : undefined;
    if (uri === undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', `status list ${p} has no "sub" naming its URI`);
    lists[uri] = token;
  }
  if (anchorsPath === undefined) return { lists };
  const anchors = parseJson(await readText(anchorsPath, 'anchors'), 'ERR_INVALID_ARGUMENT', `anchors (${anchorsPath})`);
  if (!Array.isArray(anchors)) throw new ElicenseError('ERR_INVALID_ARGUMENT', `anchors (${anchorsPath}) must be a JSON array of ledger receipts`);
  return { lists, anchors: anchors as unknown as AnchorReceipt[] };
}

/** A verifier that trusts the --trust issuers, resolves their DIDs and takes status lists from files. */
async function onlineVerifier(values: Record<string, unknown>, types: string[]): Promise<Verifier> {
  const trusted = list(values.trust);
  if (trusted.length === 0) {
    throw new ElicenseError('ERR_INVALID_ARGUMENT', '--trust DID (or --bundle bundle.jws) is required: a verifier must say which issuers it trusts');
  }
  for (const flag of ['delta', 'publisher', 'max-bundle-age', 'max-status-age', 'stale']) {
    if (values[flag] !== undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', `--${flag} goes with --bundle`);
  }
  return new Verifier({
    trustedIssuers: trusted,
    ...(types.length > 0 ? { allowedTypes: types } : {}),
    resolver: new DidResolver({ documents: await loadDidDocuments(values['did-doc']) }),
    status: await loadStatusOptions(values['status-list'], optional(values, 'anchors')),
  });
}

/** A verifier that relies on a trust bundle (and its deltas) alone: no resolver, no fetcher, no network. */
async function offlineVerifier(values: Record<string, unknown>, types: string[], now: number | undefined): Promise<Verifier> {
  for (const flag of ['trust', 'did-doc', 'status-list', 'anchors']) {
    if (values[flag] !== undefined) throw new ElicenseError('ERR_INVALID_ARGUMENT', `--${flag} does not go with --bundle: the bundle says whom to trust`);
  }
  const publishers: JWK[] = [];
  for (const p of list(values.publisher)) {
    const file = await readJsonObject(p, 'publisher key');
    const kid = typeof file.kid === 'string' ? file.kid : undefined;
    publishers.push({ ...publicKeyFrom(file, '--publisher'), ...(kid === undefined ? {} : { kid }) });
  }
  if (publishers.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', "--publisher is required with --bundle: the bundle publisher's public key");
  const stale = optional(values, 'stale') ?? 'refuse';
  if (stale !== 'warn' && stale !== 'refuse') throw new ElicenseError('ERR_INVALID_ARGUMENT', `--stale must be warn or refuse, got ${JSON.stringify(stale)}`);
  const maxBundleAge = optional(values, 'max-bundle-age');
  const maxStatusAge = optional(values, 'max-status-age');
  const deltas = await Promise.all(list(values.delta).map((p) => readText(p, 'bundle delta')));
  return Verifier.fromBundle({
    bundle: { bundle: await readText(optional(values, 'bundle')!, 'trust bundle'), deltas },
    publishers,
    ...(types.length > 0 ? { allowedTypes: types } : {}),
    ...(now === undefined ? {} : { now: () => now }),
    freshness: {
      onStale: stale,
      ...(maxBundleAge === undefined ? {} : { maxBundleAge: parseDuration(maxBundleAge, '--max-bundle-age') }),
      ...(maxStatusAge === undefined ? {} : { maxStatusAge: parseDuration(maxStatusAge, '--max-status-age') }),
    },
  });
}

/** What kind of token a file holds. */
function kindOf(token: string): 'presentation' | 'credential' | 'jwt_vc' {
  if (!token.includes('~')) return 'jwt_vc';
  return token.endsWith('~') ? 'credential' : 'presentation';
}

/** `elicense verify`: verify a presentation or credential from a file. */
export async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    trust: { type: 'string', multiple: true },
    type: { type: 'string', multiple: true },
    nonce: { type: 'string' },
    aud: { type: 'string' },
    'did-doc': { type: 'string', multiple: true },
    now: { type: 'string' },
    'status-list': { type: 'string', multiple: true },
    anchors: { type: 'string' },
    bundle: { type: 'string' },
    delta: { type: 'string', multiple: true },
    publisher: { type: 'string', multiple: true },
    'max-bundle-age': { type: 'string' },
    'max-status-age': { type: 'string' },
    stale: { type: 'string' },
  });
  if (values.help) return io.stdout(verifyUsage), 0;
  const file = positionals[0];
  if (!file) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'the file to verify is required: elicense verify FILE --trust DID (or --bundle bundle.jws)');
  const token = await readText(file, 'token');
  const types = list(values.type);
  const nowText = optional(values, 'now');
  const now = nowText === undefined ? undefined : parseTime(nowText, '--now');
  const verifier = optional(values, 'bundle') === undefined ? await onlineVerifier(values, types) : await offlineVerifier(values, types, now);
  const at = now === undefined ? {} : { now };
  let report: VerificationReport;
  const kind = kindOf(token);
  if (kind === 'presentation') {
    if (typeof values.nonce !== 'string' || typeof values.aud !== 'string') {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', 'a presentation needs --nonce and --aud (the values the verifier asked the wallet to sign)');
    }
    report = await verifier.verifyPresentation(token, { nonce: values.nonce, aud: values.aud, ...at });
  } else if (kind === 'credential') {
    report = await verifier.verifyCredential(token, at);
  } else {
    report = await verifier.verifyJwtVc(token, at);
  }
  io.stdout(values.json ? JSON.stringify({ kind, ...report }, null, 2) : formatReport(report));
  return report.verified ? 0 : 1;
}
