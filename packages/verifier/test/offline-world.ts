/**
 * A small world for offline verification tests: a root authority, a trust bundle publisher, a file
 * ledger, an agency with a revocation registry accredited for every licence type, a wallet holding
 * one licence of each type, and helpers to build trust bundles of that world. Runs in Node and in
 * the browser: the file ledger and the did:web host come from the runtime's test host.
 */
import { generateKeyPair, issueSdJwtVc, presentSdJwt, signingKeyFromJwk, type JWK, type SigningKey } from '@elicense/core';
import { prepareLicenceClaims } from '@elicense/credentials';
import { DidResolver, didKeyFromJwk, type DIDDocument } from '@elicense/did';
import { Wallet } from '@elicense/holder';
import { Issuer, MemoryIssuerStore, type IssuedCredential } from '@elicense/issuer';
import { buildTrustBundle, createAccreditation, type BuildTrustBundleOptions, type BuiltTrustBundle } from '@elicense/trust';
import { LICENCE_CLAIMS, NOW } from '../../../test/fixtures/licences.js';
import { testHost, type TestLedger, type WebHost } from '../../../test/helpers/host.js';

export { LICENCE_CLAIMS, NOW };
export { throwsWith } from '../../../test/helpers/errors.js';
export const DAY = 86_400;
export const NONCE = 'n-offline-1';
export const AUD = 'https://police.example/officer/7';
export const TYPES = ['resident_id_card', 'driving_licence', 'business_licence', 'marriage_certificate'] as const;
export type LicenceTypeName = (typeof TYPES)[number];
/** Claims revealed per type in presentations. */
export const REVEAL: Record<LicenceTypeName, string[]> = {
  resident_id_card: ['name', 'age_over_18'],
  driving_licence: ['name', 'vehicle_classes'],
  business_licence: ['enterprise_name'],
  marriage_certificate: ['registration_date'],
};

/** An authority (root, intermediate) or publisher with a did:key. */
export interface Party {
  did: string;
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
  key: SigningKey;
}

export async function party(): Promise<Party> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const did = didKeyFromJwk(pair.publicJwk);
  const kid = `${did}#${did.slice('did:key:'.length)}`;
  return { did, kid, publicJwk: pair.publicJwk, privateJwk: pair.privateJwk!, key: signingKeyFromJwk(pair.privateJwk!, kid) };
}

/** The publisher's key as a verifier is configured with it: the public JWK, naming its kid. */
export function publisherJwk(p: Party): JWK {
  return { ...p.publicJwk, kid: p.kid };
}

/** Cleanup registry for temp dirs, ledgers and servers. */
const cleanups: (() => Promise<void>)[] = [];
export async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}

/** A fresh file ledger in a temporary directory, closed and removed by {@link cleanup}. */
export async function tempLedger(): Promise<TestLedger> {
  const ledger = await (await testHost()).openLedger();
  cleanups.push(() => ledger.close());
  return ledger;
}

export type { WebHost };

/** A did:web host on 127.0.0.1 that serves whatever document is set for a path, stopped by {@link cleanup}. */
export async function webHost(): Promise<WebHost> {
  const host = await (await testHost()).startWebHost();
  cleanups.push(() => host.close());
  return host;
}

/** A mutable clock. */
export interface Clock {
  t: number;
  now: () => number;
}
export function clock(t: number): Clock {
  const c: Clock = { t, now: () => c.t };
  return c;
}

export const STATUS_BASE = 'https://status.police.gov.example/lists';

/** Everything a bundle needs from one agency: its status list tokens (and W3C list credentials). */
export async function agencyLists(agency: Issuer, uris: Iterable<string>, w3c = false): Promise<{ token: string }[]> {
  const lists: { token: string }[] = [];
  for (const uri of new Set(uris)) {
    lists.push({ token: await agency.statusListToken(uri) });
    if (w3c) {
      lists.push({ token: await agency.statusListCredential(`${uri}/revocation`) });
      lists.push({ token: await agency.statusListCredential(`${uri}/suspension`) });
    }
  }
  return lists;
}

export interface World {
  root: Party;
  publisher: Party;
  publishers: JWK[];
  ledger: TestLedger;
  agencyClock: Clock;
  agency: Issuer;
  accreditation: string;
  wallet: Wallet;
  /** One SD-JWT VC per licence type, held by the wallet. */
  held: Record<LicenceTypeName, { issued: IssuedCredential; id: string }>;
  /** A W3C VC JWT driving licence with Bitstring Status List entries. */
  jwtVc: IssuedCredential;
  /** A presentation of the licence of `type`, with a KB-JWT made at `iat`. */
  present(type: LicenceTypeName, iat?: number): Promise<string>;
  /** Status list tokens and W3C status list credentials of every list the agency issued from. */
  lists(): Promise<{ token: string }[]>;
  /** Build a bundle of this world (roots, the accreditation, lists, the ledger); `overrides` win. */
  build(overrides?: Partial<BuildTrustBundleOptions>): Promise<BuiltTrustBundle>;
}

/**
 * The world at `NOW`: accreditation from NOW - 30 d, licences issued and lists published at
 * NOW - 2 h, bundles built at NOW - 1 h by default.
 */
export async function world(): Promise<World> {
  const root = await party();
  const publisher = await party();
  const ledger = await tempLedger();
  const agencyClock = clock(NOW - 2 * 3600);
  const agency = await Issuer.create({ now: agencyClock.now, status: { store: new MemoryIssuerStore(), ledger, baseUri: STATUS_BASE } });
  const accreditation = await createAccreditation({
    authority: root.key,
    subject: agency.did,
    types: [...TYPES],
    validFrom: NOW - 30 * DAY,
    validUntil: NOW + 365 * DAY,
    now: NOW - 30 * DAY,
  });
  const wallet = await Wallet.create({ resolver: new DidResolver(), now: () => NOW });
  const held = {} as World['held'];
  for (const type of TYPES) {
    const issued = await agency.issue({ type, claims: LICENCE_CLAIMS[type], holder: (await wallet.createHolderKey()).publicJwk });
    held[type] = { issued, id: (await wallet.receive(issued.credential)).id };
  }
  const jwtVc = await agency.issueJwtVc({ type: 'driving_licence', claims: LICENCE_CLAIMS.driving_licence, holder: (await wallet.createHolderKey()).publicJwk });
  await agency.publishStatusLists();
  const w: World = {
    root,
    publisher,
    publishers: [publisherJwk(publisher)],
    ledger,
    agencyClock,
    agency,
    accreditation,
    wallet,
    held,
    jwtVc,
    present: (type, iat = NOW) => wallet.present(held[type].id, { reveal: REVEAL[type], nonce: NONCE, aud: AUD, now: iat }),
    lists: () => agencyLists(agency, [...TYPES.map((t) => held[t].issued.status!.uri), jwtVc.status!.uri], true),
    build: async (overrides = {}) =>
      buildTrustBundle({
        publisher: publisher.key,
        roots: [root.did],
        accreditations: [accreditation],
        resolver: new DidResolver(),
        statusLists: await w.lists(),
        ledger,
        ledgers: [{ id: ledger.id, publicJwk: ledger.publicJwk }],
        now: NOW - 3600,
        ...overrides,
      }),
  };
  return w;
}

/** A holder key outside any wallet, and presentations of credentials bound to it. */
export interface Holder {
  publicJwk: JWK;
  present(credential: string, type: LicenceTypeName, iat?: number): Promise<string>;
}

export async function holder(): Promise<Holder> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const signer = signingKeyFromJwk(pair.privateJwk!);
  return {
    publicJwk: pair.publicJwk,
    present: (credential, type, iat = NOW) => presentSdJwt(credential, { reveal: REVEAL[type], keyBinding: { signer, nonce: NONCE, aud: AUD, iat } }),
  };
}

/**
 * Issue a licence as an SD-JWT VC signed with an arbitrary key and `kid` (e.g. a did:web agency's
 * new key after a rotation, which `Issuer` cannot name yet), and present it with a fresh holder key.
 */
export async function issueAndPresentWithKey(options: { iss: string; signer: SigningKey; type: LicenceTypeName; iat: number; presentAt?: number }): Promise<{ credential: string; presentation: string }> {
  const h = await holder();
  const prepared = prepareLicenceClaims(options.type, LICENCE_CLAIMS[options.type], { now: options.iat });
  const credential = await issueSdJwtVc(
    { iss: options.iss, vct: prepared.vct, iat: options.iat, exp: options.iat + 365 * DAY, cnf: { jwk: h.publicJwk }, ...prepared.claims } as Parameters<typeof issueSdJwtVc>[0],
    { signer: options.signer, frame: prepared.frame },
  );
  return { credential, presentation: await h.present(credential, options.type, options.presentAt ?? NOW) };
}

/** A did:web agency on `host` whose served document is `document` at the well-known path. */
export function serveDidDocument(host: WebHost, document: DIDDocument): Promise<void> {
  return host.serve('/.well-known/did.json', document);
}

