import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  ElicenseError,
  createSigner,
  generateKeyPair,
  signJwt,
  type JWK,
  type JsonObject,
  type JwsAlgorithm,
  type SigningKey,
} from '@elicense/core';
import { DidResolver, createDidWebDocument, didKeyFromJwk, type DIDDocument } from '@elicense/did';
import { FileLedger } from '@elicense/ledger/node';
import { TRUST_BUNDLE_TYP, type TrustBundlePayload } from '@elicense/trust';

/** 2026-03-01T00:00:00Z. */
export { codeOf } from '../../../test/helpers/errors.js';

export const NOW = 1_772_323_200;
export const DAY = 86_400;
export const YEAR = 365 * DAY;

export const DRIVING = 'urn:elicense:vct:driving_licence:1';
export const RESIDENT = 'urn:elicense:vct:resident_id_card:1';
export const BUSINESS = 'urn:elicense:vct:business_licence:1';
export const MARRIAGE = 'urn:elicense:vct:marriage_certificate:1';


/** The ElicenseError a promise or function rejects with. */
export async function errorOf(action: Promise<unknown> | (() => unknown)): Promise<ElicenseError> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (e) {
    expect(e).toBeInstanceOf(ElicenseError);
    return e as ElicenseError;
  }
  throw new Error('expected an ElicenseError, but nothing was thrown');
}

/** An authority or agency with a did:key: its DID, its key reference and its signing key. */
export interface Party {
  did: string;
  kid: string;
  publicJwk: JWK;
  key: SigningKey & { kid: string };
}

export async function didKeyParty(alg: JwsAlgorithm = 'ES256'): Promise<Party> {
  const pair = await generateKeyPair(alg);
  const did = didKeyFromJwk(pair.publicJwk);
  const kid = `${did}#${did.slice('did:key:'.length)}`;
  return { did, kid, publicJwk: pair.publicJwk, key: { alg, sign: createSigner(pair.privateKey, alg), kid } };
}

/** A signing key with an arbitrary kid (a bundle publisher). */
export async function signingKey(kid: string, alg: JwsAlgorithm = 'ES256'): Promise<{ key: SigningKey & { kid: string }; publicJwk: JWK }> {
  const pair = await generateKeyPair(alg);
  return { key: { alg, sign: createSigner(pair.privateKey, alg), kid }, publicJwk: pair.publicJwk };
}

/** A resolver for did:key DIDs (no network). */
export const offlineResolver = new DidResolver();

/** Sign a hand-made bundle payload as the publisher would. */
export function signBundle(payload: TrustBundlePayload | JsonObject, publisher: SigningKey, header: JsonObject = {}): Promise<string> {
  return signJwt({ typ: TRUST_BUNDLE_TYP, ...header }, payload as unknown as JsonObject, publisher);
}

/** A fresh file ledger in a temp dir, and how to dispose of it. */
export async function tempLedger(now?: () => number): Promise<{ ledger: FileLedger; privateJwk: JWK; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-trust-'));
  const privateJwk = (await generateKeyPair('ES256', { extractable: true })).privateJwk!;
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: privateJwk, ...(now === undefined ? {} : { now }) });
  return {
    ledger,
    privateJwk,
    async dispose() {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A real HTTP server on 127.0.0.1 serving did:web documents that a test can change. */
export class DidWebServer {
  readonly #server: Server;
  readonly #documents = new Map<string, string>();
  port = 0;

  constructor() {
    this.#server = createServer((req, res) => {
      const body = this.#documents.get(req.url ?? '/');
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/did+json' });
      res.end(body ?? '');
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  /** The did:web DID served at `/<path>/did.json`. */
  did(path: string): string {
    return `did:web:127.0.0.1%3A${this.port}:${path.split('/').join(':')}`;
  }

  /** Serve a DID document for `did`: this one, or one with these keys. */
  serve(did: string, keys: { publicJwk: JWK; id: string }[] | DIDDocument): DIDDocument {
    const doc = Array.isArray(keys) ? createDidWebDocument(did, keys) : keys;
    const path = did.slice(`did:web:127.0.0.1%3A${this.port}`.length).split(':').join('/');
    this.#documents.set(`${path}/did.json`, JSON.stringify(doc));
    return doc;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A resolver that fetches did:web documents from a local server on every call. */
export function webResolver(): DidResolver {
  return new DidResolver({ allowHttpLocalhost: true, cacheTtl: 0 });
}

/**
 * root (provincial data bureau) → province (intermediate, may accredit driving + resident ID) →
 * police (driving licences); the root also accredits a civil affairs bureau for marriage certificates.
 */
export async function chainWorld() {
  const { createAccreditation } = await import('@elicense/trust');
  const root = await didKeyParty();
  const province = await didKeyParty('EdDSA');
  const police = await didKeyParty();
  const civil = await didKeyParty('EdDSA');
  const publisher = await didKeyParty('EdDSA');
  const toProvince = await createAccreditation({
    authority: root.key, subject: province.did, types: ['driving_licence', 'resident_id_card'], mayAccredit: true,
    validFrom: NOW - 30 * DAY, validUntil: NOW + 2 * YEAR, id: 'acc-province', now: NOW - 30 * DAY,
  });
  const toPolice = await createAccreditation({
    authority: province.key, subject: police.did, types: ['driving_licence'],
    validFrom: NOW - 10 * DAY, validUntil: NOW + YEAR, id: 'acc-police', now: NOW - 10 * DAY,
  });
  const toCivil = await createAccreditation({
    authority: root.key, subject: civil.did, types: ['marriage_certificate'],
    validFrom: NOW - 10 * DAY, validUntil: NOW + YEAR, id: 'acc-civil', now: NOW - 10 * DAY,
  });
  const base = { publisher: publisher.key, roots: [root.did], accreditations: [toProvince, toPolice, toCivil], resolver: offlineResolver, now: NOW };
  return { root, province, police, civil, publisher, toProvince, toPolice, toCivil, base, publishers: [publisher.publicJwk] };
}

/**
 * A chain world plus a resident-ID bureau that runs a status registry on a file ledger: the
 * nightly sync republishes its status list and builds the next bundle on the previous one.
 */
export async function syncWorld() {
  const { Issuer, MemoryIssuerStore } = await import('@elicense/issuer');
  const { buildTrustBundle, createAccreditation } = await import('@elicense/trust');
  const { generateKeyPair: keys } = await import('@elicense/core');
  const w = await chainWorld();
  const clock = { now: NOW };
  const temp = await tempLedger(() => clock.now);
  const baseUri = 'https://status.bureau.gov.example/lists';
  const bureau = await Issuer.create({ now: () => clock.now, status: { store: new MemoryIssuerStore(), ledger: temp.ledger, baseUri } });
  const holder = (await keys('ES256')).publicJwk;
  const { LICENCE_CLAIMS } = await import('../../../test/fixtures/licences.js');
  const issued = [];
  for (let i = 0; i < 3; i++) issued.push(await bureau.issue({ type: 'resident_id_card', claims: LICENCE_CLAIMS.resident_id_card, holder }));
  const toBureau = await createAccreditation({ authority: w.root.key, subject: bureau.did, types: ['resident_id_card'], validUntil: NOW + YEAR, id: 'acc-bureau', now: NOW - DAY });
  const uri = `${baseUri}/1`;
  const state = { accreditations: [...w.base.accreditations, toBureau], revocations: [] as string[], keyEvents: [] as { kid: string; state: 'retired' | 'compromised'; at: number }[] };
  let previous: import('@elicense/trust').TrustBundlePayload | undefined;
  /** Publish the status list again and build the next bundle at `at`. */
  async function sync(at: number) {
    clock.now = at;
    await bureau.publishStatusLists({ force: true });
    const built = await buildTrustBundle({
      ...w.base,
      ...state,
      statusLists: [{ token: await bureau.statusListToken(uri) }],
      ledger: temp.ledger,
      ledgers: [{ id: temp.ledger.id, publicJwk: temp.ledger.publicJwk }],
      now: at,
      ...(previous === undefined ? {} : { previous }),
    });
    previous = built.payload;
    return built;
  }
  return { ...w, clock, bureau, issued, uri, state, sync, dispose: temp.dispose };
}
