import { ElicenseError, decodeJws, parseJson } from '@elicense/core';
import type { AnchorReceipt } from '@elicense/ledger';
import { DidResolver, type DIDDocument } from '@elicense/did';
import { Verifier, type StatusOptions, type VerificationReport } from '@elicense/verifier';
import { list, optional, parse } from '../internal/args.js';
import { readJsonObject, readText, type CliIo } from '../internal/io.js';
import { formatReport } from '../internal/report.js';
import { parseTime } from '../internal/time.js';

export const verifyUsage = `elicense verify FILE --trust DID [--trust DID ...] [--type TYPE ...] [--nonce NONCE --aud AUDIENCE]
                [--did-doc did.json ...] [--status-list FILE ...] [--anchors anchors.json] [--now TIME] [--json]
  Verify a presentation (SD-JWT VC with key binding: needs --nonce and --aud), a credential as issued
  (SD-JWT VC without key binding), or a W3C VC JWT. Exit code 0 when verified, 1 when not, 2 on usage errors.
  A credential with a status entry is checked against the status list tokens given with --status-list
  (each file a statuslist+jwt or W3C status list credential; its URI is read from its "sub") and, with
  --anchors (ledger receipts, as "elicense status --export" writes them), must be the anchored version.`;

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
  });
  if (values.help) return io.stdout(verifyUsage), 0;
  const file = positionals[0];
  if (!file) throw new ElicenseError('ERR_INVALID_ARGUMENT', 'the file to verify is required: elicense verify FILE --trust DID');
  const trusted = list(values.trust);
  if (trusted.length === 0) throw new ElicenseError('ERR_INVALID_ARGUMENT', '--trust DID is required: a verifier must say which issuers it trusts');
  const token = await readText(file, 'token');
  const types = list(values.type);
  const nowText = optional(values, 'now');
  const now = nowText === undefined ? undefined : parseTime(nowText, '--now');
  const verifier = new Verifier({
    trustedIssuers: trusted,
    ...(types.length > 0 ? { allowedTypes: types } : {}),
    resolver: new DidResolver({ documents: await loadDidDocuments(values['did-doc']) }),
    status: await loadStatusOptions(values['status-list'], optional(values, 'anchors')),
  });
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
