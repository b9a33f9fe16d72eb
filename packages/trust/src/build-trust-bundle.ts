import { ElicenseError, invalidArgument, isJsonObject, signJwt, type JsonObject } from '@elicense/core';
import { findLicenceProfile } from '@elicense/credentials';
import { didOfUrl, type DIDDocument } from '@elicense/did';
import { assertAnchorRecord, fileLedgerId, verifyFileLedgerReceipt, type AnchorReceipt } from '@elicense/ledger';
import { TRUST_BUNDLE_TYP } from './constants.js';
import type {
  Accreditation,
  BuildTrustBundleOptions,
  BuiltTrustBundle,
  BundleIssuer,
  BundleLedger,
  BundleStatusList,
  KeyEvent,
  TrustBundlePayload,
} from './types.js';
import { DEFAULT_VALIDITY, checkOptions, checkSeconds, checkSigningKey, didOfKeyReference, isDid, isKeyReference, readNow } from './internal/args.js';
import { checkAccreditations, decodeAccreditation, decodeRevocation, type Revocation } from './internal/accreditations.js';
import { canonicalDigest, canonicalJson, sameJson } from './internal/canonical-json.js';
import { applyKeyEvent, assertionKeys, nextKeyHistory } from './internal/key-history.js';
import { parseBundlePayload } from './internal/payload.js';
import { checkAnchorDigest, peekStatusList, sameAnchor, verifyStatusListEntry, type StatusListInfo } from './internal/status-lists.js';

type Options = Partial<BuildTrustBundleOptions> & Record<string, unknown>;

function sorted<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
  return out;
}

function arrayOption<T>(v: unknown, name: string, expected: string): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalidArgument(name, expected, v);
  return v as T[];
}

function checkVersion(o: Options, previous: TrustBundlePayload | undefined): number {
  const version = o.version ?? (previous === undefined ? 1 : previous.version + 1);
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw invalidArgument('options.version', 'a positive integer', version);
  if (previous !== undefined && version <= previous.version) {
    throw invalidArgument('options.version', `above the previous bundle's version ${previous.version}`, version);
  }
  return version;
}

/** Accreditations by `jti`; the same JWT twice is one, two JWTs with one `jti` are refused. */
function readAccreditations(list: unknown[]): Map<string, Accreditation> {
  const byId = new Map<string, Accreditation>();
  list.forEach((jwt, i) => {
    const { accreditation } = decodeAccreditation(jwt, `options.accreditations[${i}]`);
    const known = byId.get(accreditation.id);
    if (known !== undefined && known.jwt !== jwt) {
      throw invalidArgument(`options.accreditations[${i}]`, `an accreditation with an id of its own (${accreditation.id} is taken)`, jwt);
    }
    byId.set(accreditation.id, accreditation);
  });
  return byId;
}

/** Revocations by accreditation id: the earliest `revoked_at` wins. Each must name a bundled accreditation. */
function readRevocations(list: unknown[], accreditations: ReadonlyMap<string, Accreditation>): Map<string, Revocation> {
  const byAccreditation = new Map<string, Revocation>();
  list.forEach((jwt, i) => {
    const what = `options.revocations[${i}]`;
    const revocation = decodeRevocation(jwt, what);
    if (!accreditations.has(revocation.accreditation)) {
      throw new ElicenseError('ERR_ACCREDITATION_INVALID', `${what} revokes accreditation ${JSON.stringify(revocation.accreditation)}, which is not in the bundle`, {
        details: { id: revocation.accreditation },
      });
    }
    const known = byAccreditation.get(revocation.accreditation);
    if (known === undefined || revocation.revokedAt < known.revokedAt) byAccreditation.set(revocation.accreditation, revocation);
  });
  return byAccreditation;
}

function readKeyEvents(list: unknown[]): KeyEvent[] {
  return list.map((e, i) => {
    const name = `options.keyEvents[${i}]`;
    if (!isJsonObject(e)) throw invalidArgument(name, 'an object { kid, state, at }', e);
    if (!isKeyReference(e.kid)) throw invalidArgument(`${name}.kid`, 'a key reference "<did>#<fragment>"', e.kid);
    if (e.state !== 'retired' && e.state !== 'compromised') throw invalidArgument(`${name}.state`, '"retired" or "compromised"', e.state);
    return { kid: e.kid, state: e.state, at: checkSeconds(e.at, `${name}.at`) };
  });
}

async function snapshotIssuers(
  dids: readonly string[],
  o: Options,
  previous: TrustBundlePayload | undefined,
  events: readonly KeyEvent[],
  now: number,
): Promise<Record<string, BundleIssuer>> {
  const resolver = o.resolver as { resolve(did: string): Promise<DIDDocument> };
  const documents = await Promise.all(dids.map((did) => resolver.resolve(did)));
  const issuers: [string, BundleIssuer][] = [];
  for (const [i, did] of dids.entries()) {
    const document = structuredClone(documents[i]!);
    if (!isJsonObject(document) || document.id !== did) {
      throw new ElicenseError('ERR_DID_RESOLUTION_FAILED', `the resolver returned a document for ${JSON.stringify((document as { id?: unknown })?.id)} when asked for ${did}`);
    }
    const before = previous !== undefined && Object.prototype.hasOwnProperty.call(previous.issuers, did) ? previous.issuers[did] : undefined;
    const keys = await nextKeyHistory(did, before?.keys ?? [], await assertionKeys(document), now);
    const resolvedAt = before !== undefined && sameJson(before.document, document) ? before.resolvedAt : now;
    issuers.push([did, { did, document, resolvedAt, keys }]);
  }
  const out = sorted(issuers);
  events.forEach((event, i) => {
    const did = didOfKeyReference(event.kid);
    const entry = Object.prototype.hasOwnProperty.call(out, did) ? out[did]!.keys.find((k) => k.kid === event.kid) : undefined;
    if (entry === undefined) throw invalidArgument(`options.keyEvents[${i}].kid`, 'a key in the key history of a DID of the bundle', event.kid);
    applyKeyEvent(entry, event);
  });
  return out;
}

function readAnchorOption(v: unknown, name: string): AnchorReceipt | undefined {
  if (v === undefined) return undefined;
  if (!isJsonObject(v) || typeof v.ledger !== 'string' || v.ledger.length === 0 || !isJsonObject(v.proof)) {
    throw invalidArgument(name, 'an anchor receipt { ledger, record, proof }', v);
  }
  assertAnchorRecord(v.record);
  return structuredClone(v) as unknown as AnchorReceipt;
}

/** The status lists, each verified now with its issuer's key history, and IETF ones with their anchor. */
async function collectStatusLists(
  o: Options,
  items: { token: string; anchor?: AnchorReceipt }[],
  infos: readonly StatusListInfo[],
  issuers: Record<string, BundleIssuer>,
  accreditations: ReadonlyMap<string, Accreditation>,
  ledgers: Record<string, BundleLedger>,
  now: number,
): Promise<Record<string, BundleStatusList>> {
  const subjects = new Set([...accreditations.values()].map((a) => a.subject));
  const ledger = o.ledger;
  const out: [string, BundleStatusList][] = [];
  for (const [i, item] of items.entries()) {
    const info = infos[i]!;
    const { uri } = await verifyStatusListEntry(item.token, issuers, { now, clockTolerance: 0 });
    if (out.some(([u]) => u === uri)) throw invalidArgument(`options.statusLists[${i}]`, `a status list not given before (${uri} is)`, item.token);
    if (!subjects.has(info.issuer)) {
      throw new ElicenseError('ERR_ISSUER_NOT_ACCREDITED', `status list ${uri} is issued by ${info.issuer}, which holds no accreditation in the bundle`, {
        details: { did: info.issuer, uri, reason: 'none' },
      });
    }
    let anchor = readAnchorOption(item.anchor, `options.statusLists[${i}].anchor`);
    if (anchor === undefined && info.kind === 'ietf' && ledger !== undefined) anchor = await ledger.latest(uri);
    if (anchor === undefined) {
      if (info.kind === 'ietf') {
        throw new ElicenseError('ERR_ANCHOR_MISMATCH', `status list ${uri} has no ledger anchor: pass options.ledger or the anchor`, { details: { uri } });
      }
      out.push([uri, { uri, token: item.token }]);
      continue;
    }
    await checkAnchorDigest(uri, item.token, anchor);
    let proven = false;
    if (ledger !== undefined) {
      await ledger.verifyReceipt(anchor);
      const latest = await ledger.latest(uri);
      if (latest === undefined || !sameAnchor(latest, anchor)) {
        throw new ElicenseError('ERR_ANCHOR_MISMATCH', `status list ${uri}: the token is not the latest anchored (version ${anchor.record.version}, latest ${latest?.record.version ?? 'none'})`, {
          details: { uri, version: anchor.record.version, latest: latest?.record.version },
        });
      }
      proven = true;
    }
    const key = Object.prototype.hasOwnProperty.call(ledgers, anchor.ledger) ? ledgers[anchor.ledger] : undefined;
    if (key !== undefined) {
      await verifyFileLedgerReceipt(anchor, key.publicJwk);
      proven = true;
    }
    if (!proven) {
      throw new ElicenseError('ERR_LEDGER_RECEIPT_INVALID', `status list ${uri}: the receipt of ledger ${anchor.ledger} cannot be proven; pass options.ledger or its key in options.ledgers`, {
        details: { uri, ledger: anchor.ledger },
      });
    }
    out.push([uri, { uri, token: item.token, anchor }]);
  }
  return sorted(out);
}

async function collectLedgers(list: unknown[]): Promise<Record<string, BundleLedger>> {
  const out: [string, BundleLedger][] = [];
  for (const [i, l] of list.entries()) {
    const name = `options.ledgers[${i}]`;
    if (!isJsonObject(l) || typeof l.id !== 'string') throw invalidArgument(name, 'a ledger { id, publicJwk }', l);
    const id = await fileLedgerId(l.publicJwk as never);
    if (id !== l.id) throw invalidArgument(`${name}.id`, `the file ledger id of its key (${id})`, l.id);
    if (!out.some(([k]) => k === id)) out.push([id, { id, publicJwk: structuredClone(l.publicJwk) as BundleLedger['publicJwk'] }]);
  }
  return sorted(out);
}

function collectTypes(o: Options, accreditations: ReadonlyMap<string, Accreditation>): Record<string, JsonObject> {
  if (o.types !== undefined) {
    if (!isJsonObject(o.types)) throw invalidArgument('options.types', 'an object vct → type metadata', o.types);
    const out: [string, JsonObject][] = [];
    for (const [vct, md] of Object.entries(o.types)) {
      if (!isJsonObject(md)) throw invalidArgument(`options.types[${JSON.stringify(vct)}]`, 'a type metadata object', md);
      canonicalJson(md, 'ERR_INVALID_ARGUMENT', `options.types[${JSON.stringify(vct)}]`);
      out.push([vct, structuredClone(md)]);
    }
    return sorted(out);
  }
  const out: [string, JsonObject][] = [];
  for (const vct of new Set([...accreditations.values()].flatMap((a) => a.vct))) {
    const profile = findLicenceProfile(vct);
    if (profile === undefined) {
      throw invalidArgument('options.types', `given: the catalogue has no type metadata for ${vct}`, undefined);
    }
    out.push([vct, structuredClone(profile.typeMetadata)]);
  }
  return sorted(out);
}

/**
 * Build and sign a trust bundle (`typ: trust-bundle+jwt`) — what a verifier syncs to work offline.
 * Every DID it names (roots, accrediting authorities, accredited agencies, status list issuers) is
 * resolved now and its document snapshotted; its key history is carried on from `previous`, current
 * assertion keys `active`, keys gone from the document `retired` now, and `keyEvents` applied. Every
 * accreditation and revocation must verify with its signer's key as of its `iat`
 * (`ERR_ACCREDITATION_INVALID`) and chain to a root (`ERR_ACCREDITATION_CHAIN_BROKEN`). Every status
 * list token must verify now with its issuer's key, the issuer must be accredited
 * (`ERR_ISSUER_NOT_ACCREDITED`), and an IETF token must carry an anchor of exactly its digest that
 * is proven and, with a `ledger`, the latest (`ERR_ANCHOR_MISMATCH`, `ERR_LEDGER_RECEIPT_INVALID`).
 * Misuse: `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const built = await buildTrustBundle({
 *   publisher: { alg: 'ES256', sign, kid: 'did:web:trust.gov.example#bundle-1' },
 *   roots: [rootDid], accreditations, resolver: new DidResolver(),
 *   statusLists: [{ token: await police.statusListToken(uri) }], ledger, previous: last?.payload,
 * })
 * await writeFile('bundle.jws', built.bundle)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-3.1
 */
export async function buildTrustBundle(options: BuildTrustBundleOptions): Promise<BuiltTrustBundle> {
  const o = checkOptions(options) as Options;
  const publisher = checkSigningKey(o.publisher, 'options.publisher', false);
  const now = readNow(o.now);
  const validity = o.validity ?? DEFAULT_VALIDITY;
  if (typeof validity !== 'number' || !Number.isSafeInteger(validity) || validity <= 0) throw invalidArgument('options.validity', 'a positive integer (seconds)', validity);
  if (o.publisherId !== undefined && (typeof o.publisherId !== 'string' || o.publisherId.length === 0)) {
    throw invalidArgument('options.publisherId', 'a non-empty string', o.publisherId);
  }
  const iss = o.publisherId ?? didOfUrl(publisher.kid) ?? publisher.kid;
  const previous = o.previous === undefined ? undefined : parseBundlePayload(o.previous, 'ERR_INVALID_ARGUMENT', 'options.previous');
  if (previous !== undefined && previous.iss !== iss) throw invalidArgument('options.previous', `a bundle of the same publisher ${iss}`, previous.iss);
  const version = checkVersion(o, previous);
  if (!Array.isArray(o.roots) || o.roots.length === 0) throw invalidArgument('options.roots', 'a non-empty array of DIDs', o.roots);
  o.roots.forEach((d, i) => {
    if (!isDid(d)) throw invalidArgument(`options.roots[${i}]`, 'a DID', d);
  });
  const roots = [...new Set(o.roots)];
  if (typeof o.resolver !== 'object' || o.resolver === null || typeof o.resolver.resolve !== 'function') {
    throw invalidArgument('options.resolver', 'a DidResolver', o.resolver);
  }
  if (!Array.isArray(o.accreditations)) throw invalidArgument('options.accreditations', 'an array of accreditation JWTs', o.accreditations);
  const ledger = o.ledger;
  if (ledger !== undefined && (typeof ledger !== 'object' || ledger === null || typeof ledger.latest !== 'function' || typeof ledger.verifyReceipt !== 'function')) {
    throw invalidArgument('options.ledger', 'a LedgerAdapter (latest, verifyReceipt)', ledger);
  }

  const accreditations = readAccreditations(o.accreditations);
  const revocations = readRevocations(arrayOption(o.revocations, 'options.revocations', 'an array of revocation JWTs'), accreditations);
  const events = readKeyEvents(arrayOption(o.keyEvents, 'options.keyEvents', 'an array of { kid, state, at }'));
  const items = arrayOption<{ token: string; anchor?: AnchorReceipt }>(o.statusLists, 'options.statusLists', 'an array of { token, anchor? }');
  const infos = items.map((item, i) => {
    if (!isJsonObject(item) || typeof item.token !== 'string') throw invalidArgument(`options.statusLists[${i}]`, 'an object { token, anchor? }', item);
    return peekStatusList(item.token);
  });
  const ledgers = await collectLedgers(arrayOption(o.ledgers, 'options.ledgers', 'an array of { id, publicJwk }'));

  const dids = [...new Set([...roots, ...[...accreditations.values()].flatMap((a) => [a.issuer, a.subject]), ...infos.map((s) => s.issuer)])].sort();
  const issuers = await snapshotIssuers(dids, o, previous, events, now);
  const draft: TrustBundlePayload = {
    iss,
    version,
    iat: now,
    exp: now + validity,
    roots,
    issuers,
    accreditations: sorted([...accreditations].map(([id, a]) => [id, a.jwt])),
    revocations: sorted([...revocations].map(([id, r]) => [id, r.jwt])),
    types: {},
    statusLists: {},
    ledgers,
  };
  const checked = await checkAccreditations(draft);
  draft.statusLists = await collectStatusLists(o, items, infos, issuers, checked, ledgers, now);
  draft.types = collectTypes(o, checked);
  const payload = parseBundlePayload(draft, 'ERR_INVALID_ARGUMENT', 'the built trust bundle');
  const bundle = await signJwt({ typ: TRUST_BUNDLE_TYP, kid: publisher.kid }, payload as unknown as JsonObject, publisher);
  return { bundle, payload, digest: canonicalDigest(payload) };
}
