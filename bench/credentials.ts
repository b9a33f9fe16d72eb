/**
 * Credential group of `npm run bench`: issue, present and verify SD-JWT VCs and W3C VC JWTs, for
 * ES256 and EdDSA, against the raw primitives (`floor`: node:crypto KeyObjects imported once) and the
 * peers (`@sd-jwt/sd-jwt-vc` with `@sd-jwt/crypto-nodejs`, `did-jwt-vc`). Offline verification on a
 * trust bundle and batch verification on two worker threads ({@link VerifierPool}) are elicense only.
 *
 * The SD-JWT VC is a driving licence: 15 selectively disclosable claims (12 top-level, one array
 * element, the two members of `validity_period`); presentations reveal 3 of them with a KB-JWT.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digest, generateSalt, getSigner, getVerifier } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { verifyCredential as didJwtVerifyCredential } from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import { generateKeyPair, presentSdJwt, signingKeyFromJwk, type JWK, type JwsAlgorithm, type SigningKey } from '@elicense/core';
import { prepareLicenceClaims } from '@elicense/credentials';
import { DidResolver, didKeyFromJwk, getResolver } from '@elicense/did';
import { Issuer, MemoryIssuerStore } from '@elicense/issuer';
import { FileLedger } from '@elicense/ledger/node';
import { buildTrustBundle, createAccreditation } from '@elicense/trust';
import { Verifier } from '@elicense/verifier';
import { VerifierPool } from '@elicense/verifier/node';
import { LICENCE_CLAIMS, NOW } from '../test/fixtures/licences.js';
import { median, opsPerSec } from './harness.js';
import type { BenchRow, Target } from './rows.js';

const NONCE = 'n-bench-1';
const AUD = 'https://verifier.example/desk/1';
const REVEAL = ['name', 'age_over_18', 'nationality'];
const BATCH = 2000;
const MEASURE = { warmup: 30, rounds: 5, minRoundMs: 120 };

type Alg = 'ES256' | 'EdDSA';
const ALGS: readonly Alg[] = ['ES256', 'EdDSA'];

/** Task names, per algorithm. */
export const TASK = {
  issue: (alg: Alg) => `issue SD-JWT VC, 15 SD claims (${alg})`,
  present: (alg: Alg) => `present 3 of 15 + KB-JWT (${alg})`,
  verify: (alg: Alg) => `verify presentation + KB + status (${alg})`,
  verifyOffline: (alg: Alg) => `verify presentation, offline bundle (${alg})`,
  jwtVc: (alg: Alg) => `verify W3C VC JWT, did:key (${alg})`,
  single: (alg: Alg) => `verify presentations, 1 thread (${alg})`,
  batch: (alg: Alg) => `verify ${BATCH} presentations, 2 workers (${alg})`,
};

// ---------------------------------------------------------------------------------------------
// floor: node:crypto with KeyObjects imported once

function b64u(b: Uint8Array | string): string {
  return Buffer.from(b).toString('base64url');
}
function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
function rawSign(alg: Alg, key: KeyObject, data: string): Buffer {
  return alg === 'ES256' ? nodeSign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }) : nodeSign(null, Buffer.from(data), key);
}
function rawVerify(alg: Alg, key: KeyObject, data: string, sig: Buffer): boolean {
  return alg === 'ES256' ? nodeVerify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, sig) : nodeVerify(null, Buffer.from(data), key, sig);
}

interface Floor {
  issue(): string;
  present(): string;
  verify(): boolean;
  verifyJwt(): boolean;
}

/** The least work each task needs: signatures, hashes and salts, with no parsing or checks around them. */
function floor(alg: Alg, issuerPrivate: KeyObject, issuerPublic: KeyObject, holderPrivate: KeyObject, holderPublic: KeyObject, claims: [string, unknown][]): Floor {
  const header = b64u(JSON.stringify({ alg, typ: 'dc+sd-jwt' }));
  const issue = (): string => {
    const digests: string[] = [];
    const disclosures: string[] = [];
    for (const [k, v] of claims) {
      const d = b64u(JSON.stringify([randomBytes(16).toString('base64url'), k, v]));
      disclosures.push(d);
      digests.push(sha256(d).toString('base64url'));
    }
    const input = `${header}.${b64u(JSON.stringify({ iss: 'did:key:z', _sd: digests.sort(), _sd_alg: 'sha-256' }))}`;
    return `${input}.${rawSign(alg, issuerPrivate, input).toString('base64url')}~${disclosures.join('~')}~`;
  };
  const issued = issue();
  const parts = issued.split('~');
  const sdJwt = `${parts.slice(0, 4).join('~')}~`;
  const kbHeader = b64u(JSON.stringify({ alg, typ: 'kb+jwt' }));
  const present = (): string => {
    const input = `${kbHeader}.${b64u(JSON.stringify({ iat: NOW, aud: AUD, nonce: NONCE, sd_hash: sha256(sdJwt).toString('base64url') }))}`;
    return `${sdJwt}${input}.${rawSign(alg, holderPrivate, input).toString('base64url')}`;
  };
  const presentation = present();
  const jwt = parts[0]!;
  const jwtDot = jwt.lastIndexOf('.');
  const jwtInput = jwt.slice(0, jwtDot);
  const jwtSig = Buffer.from(jwt.slice(jwtDot + 1), 'base64url');
  const kb = presentation.slice(presentation.lastIndexOf('~') + 1);
  const kbDot = kb.lastIndexOf('.');
  const kbInput = kb.slice(0, kbDot);
  const kbSig = Buffer.from(kb.slice(kbDot + 1), 'base64url');
  const shown = parts.slice(1, 4);
  const verify = (): boolean => {
    let ok = rawVerify(alg, issuerPublic, jwtInput, jwtSig);
    for (const d of shown) ok = sha256(d).length === 32 && ok;
    ok = sha256(sdJwt).length === 32 && ok;
    return rawVerify(alg, holderPublic, kbInput, kbSig) && ok;
  };
  return { issue, present, verify, verifyJwt: () => rawVerify(alg, issuerPublic, jwtInput, jwtSig) };
}

// ---------------------------------------------------------------------------------------------
// the world: an agency with a status registry, a holder, a verifier, a trust bundle

async function keyPair(alg: Alg): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { publicJwk: pair.publicJwk, privateJwk: pair.privateJwk! };
}

async function party(alg: Alg): Promise<{ did: string; publicJwk: JWK; key: SigningKey }> {
  const pair = await keyPair(alg);
  const did = didKeyFromJwk(pair.publicJwk);
  return { did, publicJwk: { ...pair.publicJwk, kid: `${did}#${did.slice(8)}` }, key: signingKeyFromJwk(pair.privateJwk, `${did}#${did.slice(8)}`) };
}

/** The peer's signer and verifier for `alg` (crypto-nodejs has ES256 presets; EdDSA goes through its generic WebCrypto helpers). */
async function peerCrypto(alg: Alg, privateJwk: JWK, publicJwk: JWK): Promise<{ signer: (d: string) => Promise<string>; verifier: (d: string, s: string) => Promise<boolean> }> {
  const keyAlg = alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'Ed25519' };
  const sigAlg = alg === 'ES256' ? { name: 'ECDSA', hash: { name: 'SHA-256' } } : { name: 'Ed25519' };
  return { signer: await getSigner(privateJwk, keyAlg, sigAlg), verifier: await getVerifier(publicJwk, keyAlg, sigAlg) };
}

async function group(alg: Alg, ledger: FileLedger): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const add = (task: string, impl: string, ops: number): void => {
    rows.push({ task, impl, opsPerSec: ops });
  };
  const agencyKeys = await keyPair(alg);
  const holderKeys = await keyPair(alg);
  const holderKey = signingKeyFromJwk(holderKeys.privateJwk);
  const now = (): number => NOW;
  const agency = await Issuer.create({ privateJwk: agencyKeys.privateJwk, now, status: { store: new MemoryIssuerStore(), ledger, baseUri: `https://status.example/${alg}` } });
  const plainAgency = await Issuer.create({ privateJwk: agencyKeys.privateJwk, now });
  const request = { type: 'driving_licence' as const, claims: LICENCE_CLAIMS.driving_licence, holder: holderKeys.publicJwk };
  const issued = await agency.issue(request);
  await agency.publishStatusLists();
  const listUri = issued.status!.uri;
  const listToken = await agency.statusListToken(listUri);
  const presentation = await presentSdJwt(issued.credential, { reveal: REVEAL, keyBinding: { signer: holderKey, nonce: NONCE, aud: AUD, iat: NOW } });
  const verifier = new Verifier({ trustedIssuers: [agency.did], resolver: new DidResolver(), now, status: { lists: { [listUri]: listToken } } });
  const check = async (p: Promise<{ verified: boolean; checks: { check: string; ok: boolean; code?: string }[] }>): Promise<void> => {
    const r = await p;
    if (!r.verified) throw new Error(`bench setup: not verified: ${JSON.stringify(r.checks.filter((c) => !c.ok))}`);
  };
  await check(verifier.verifyPresentation(presentation, { nonce: NONCE, aud: AUD }));

  // floor
  const claims = Object.entries(prepareLicenceClaims('driving_licence', LICENCE_CLAIMS.driving_licence, { now: NOW }).claims).slice(0, 15);
  while (claims.length < 15) claims.push([`extra_${claims.length}`, 'x']);
  const f = floor(alg, createPrivateKey({ key: agencyKeys.privateJwk as never, format: 'jwk' }), createPublicKey({ key: agencyKeys.publicJwk as never, format: 'jwk' }), createPrivateKey({ key: holderKeys.privateJwk as never, format: 'jwk' }), createPublicKey({ key: holderKeys.publicJwk as never, format: 'jwk' }), claims);
  if (!f.verify()) throw new Error('bench setup: floor does not verify');

  // peer: @sd-jwt/sd-jwt-vc
  const prepared = prepareLicenceClaims('driving_licence', LICENCE_CLAIMS.driving_licence, { now: NOW });
  const issuerCrypto = await peerCrypto(alg, agencyKeys.privateJwk, agencyKeys.publicJwk);
  const holderCrypto = await peerCrypto(alg, holderKeys.privateJwk, holderKeys.publicJwk);
  const peer = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
    signer: issuerCrypto.signer,
    signAlg: alg,
    verifier: issuerCrypto.verifier,
    kbSigner: holderCrypto.signer,
    kbSignAlg: alg,
    kbVerifier: holderCrypto.verifier,
    statusListFetcher: async () => listToken,
  });
  const peerPayload = { iss: agency.did, vct: prepared.vct, iat: NOW, exp: NOW + 365 * 86_400, cnf: { jwk: holderKeys.publicJwk }, status: { status_list: { idx: issued.status!.idx, uri: listUri } }, ...prepared.claims };
  const peerIssue = (): Promise<string> => peer.issue(peerPayload as never, prepared.frame as never);
  const peerCredential = await peerIssue();
  const peerPresent = (): Promise<string> =>
    peer.present(peerCredential, { name: true, age_over_18: true, nationality: true } as never, { kb: { payload: { iat: NOW, aud: AUD, nonce: NONCE } } });
  const peerPresentation = await peerPresent();
  const peerVerify = (): Promise<unknown> => peer.verify(peerPresentation, { currentDate: NOW, keyBindingNonce: NONCE });
  await peerVerify();

  // issue
  add(TASK.issue(alg), 'elicense', await opsPerSec(() => plainAgency.issue(request), MEASURE));
  add(TASK.issue(alg), 'floor', await opsPerSec(() => f.issue(), MEASURE));
  add(TASK.issue(alg), '@sd-jwt/sd-jwt-vc', await opsPerSec(peerIssue, MEASURE));
  // present
  add(TASK.present(alg), 'elicense', await opsPerSec(() => presentSdJwt(issued.credential, { reveal: REVEAL, keyBinding: { signer: holderKey, nonce: NONCE, aud: AUD, iat: NOW } }), MEASURE));
  add(TASK.present(alg), 'floor', await opsPerSec(() => f.present(), MEASURE));
  add(TASK.present(alg), '@sd-jwt/sd-jwt-vc', await opsPerSec(peerPresent, MEASURE));
  // verify a presentation
  add(TASK.verify(alg), 'elicense', await opsPerSec(() => verifier.verifyPresentation(presentation, { nonce: NONCE, aud: AUD }), MEASURE));
  add(TASK.verify(alg), 'floor', await opsPerSec(() => f.verify(), MEASURE));
  add(TASK.verify(alg), '@sd-jwt/sd-jwt-vc', await opsPerSec(peerVerify, MEASURE));

  // offline: the same presentation on a trust bundle
  const root = await party(alg);
  const publisher = await party(alg);
  const accreditation = await createAccreditation({ authority: root.key, subject: agency.did, types: ['driving_licence'], validFrom: NOW - 30 * 86_400, validUntil: NOW + 365 * 86_400, now: NOW - 30 * 86_400 });
  const { bundle } = await buildTrustBundle({ publisher: publisher.key, roots: [root.did], accreditations: [accreditation], resolver: new DidResolver(), statusLists: [{ token: listToken }], ledger, ledgers: [{ id: ledger.id, publicJwk: ledger.publicJwk }], now: NOW });
  const offline = await Verifier.fromBundle({ bundle, publishers: [publisher.publicJwk], now });
  await check(offline.verifyPresentation(presentation, { nonce: NONCE, aud: AUD }));
  add(TASK.verifyOffline(alg), 'elicense', await opsPerSec(() => offline.verifyPresentation(presentation, { nonce: NONCE, aud: AUD }), MEASURE));

  // W3C VC JWT from a did:key issuer (no status entry: one signature is the whole of the crypto)
  const jwtVc = (await plainAgency.issueJwtVc(request)).credential;
  await check(verifier.verifyJwtVc(jwtVc));
  const resolver = new Resolver(getResolver());
  await didJwtVerifyCredential(jwtVc, resolver, { policies: { now: NOW } });
  add(TASK.jwtVc(alg), 'elicense', await opsPerSec(() => verifier.verifyJwtVc(jwtVc), MEASURE));
  add(TASK.jwtVc(alg), 'floor', await opsPerSec(() => f.verifyJwt(), MEASURE));
  add(TASK.jwtVc(alg), 'did-jwt-vc', await opsPerSec(() => didJwtVerifyCredential(jwtVc, resolver, { policies: { now: NOW } }), { ...MEASURE, warmup: 10 }));

  rows.push(...(await batch(alg, agency.did, listUri, listToken, issued.credential, holderKey)));
  return rows;
}

/**
 * Verify {@link BATCH} distinct presentations on one thread, then with a {@link VerifierPool} of two
 * worker threads. Both start warm: the single thread after the group's earlier verifications and
 * its warm-up calls, the pool after three passes over the batch (three thousand verifications per
 * worker, about where a fresh worker's rate stops climbing).
 */
async function batch(alg: Alg, did: string, listUri: string, listToken: string, credential: string, holderKey: SigningKey): Promise<BenchRow[]> {
  const presentations: string[] = [];
  for (let i = 0; i < BATCH; i++) {
    presentations.push(await presentSdJwt(credential, { reveal: REVEAL, keyBinding: { signer: holderKey, nonce: NONCE, aud: AUD, iat: NOW - (i % 60) } }));
  }
  const options = { trustedIssuers: [did], status: { lists: { [listUri]: listToken } } };
  const verifier = new Verifier({ ...options, resolver: new DidResolver(), now: () => NOW });
  let i = 0;
  const single = await opsPerSec(async () => {
    const r = await verifier.verifyPresentation(presentations[i++ % BATCH]!, { nonce: NONCE, aud: AUD });
    if (!r.verified) throw new Error('bench: batch presentation not verified');
  }, MEASURE);

  const pool = await VerifierPool.create({ threads: 2, verifier: { online: { ...options, now: NOW } } });
  try {
    const items = presentations.map((presentation) => ({ presentation, nonce: NONCE, aud: AUD }));
    const run = async (): Promise<void> => {
      const reports = await pool.verifyPresentations(items);
      if (reports.some((r) => !r.verified)) throw new Error('bench: the pool did not verify every presentation');
    };
    for (let pass = 0; pass < 3; pass++) await run();
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    return [
      { task: TASK.single(alg), impl: 'elicense', opsPerSec: single },
      { task: TASK.batch(alg), impl: 'elicense', opsPerSec: (BATCH * 1000) / median(times) },
    ];
  } finally {
    await pool.close();
  }
}

/** The credential group: every row for ES256 and EdDSA. */
export async function credentials(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-bench-'));
  try {
    const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: (await keyPair('ES256')).privateJwk, now: () => NOW });
    try {
      const rows: BenchRow[] = [];
      for (const alg of ALGS) rows.push(...(await group(alg, ledger)));
      return rows;
    } finally {
      await ledger.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function rate(rows: BenchRow[], task: string, impl: string): number | undefined {
  const row = rows.find((r) => r.task === task && r.impl === impl);
  return row !== undefined && 'opsPerSec' in row ? row.opsPerSec : undefined;
}

function ratio(task: string, impl: string, base: string, baseTask = task): (rows: BenchRow[]) => number | undefined {
  return (rows) => {
    const a = rate(rows, task, impl);
    const b = rate(rows, baseTask, base);
    return a === undefined || b === undefined ? undefined : a / b;
  };
}

/** Targets of the credential group, per algorithm. */
export const targets: Target[] = ALGS.flatMap((alg): Target[] => [
  { name: `verify presentation, elicense / floor (${alg})`, ratio: ratio(TASK.verify(alg), 'elicense', 'floor'), atLeast: 0.8 },
  { name: `verify presentation, elicense / @sd-jwt/sd-jwt-vc (${alg})`, ratio: ratio(TASK.verify(alg), 'elicense', '@sd-jwt/sd-jwt-vc'), atLeast: 2.5 },
  { name: `issue, elicense / floor (${alg})`, ratio: ratio(TASK.issue(alg), 'elicense', 'floor'), atLeast: 0.7 },
  { name: `present, elicense / floor (${alg})`, ratio: ratio(TASK.present(alg), 'elicense', 'floor'), atLeast: 0.6 },
  { name: `verify W3C VC JWT, elicense / floor (${alg})`, ratio: ratio(TASK.jwtVc(alg), 'elicense', 'floor'), atLeast: 0.8 },
  { name: `verify W3C VC JWT, elicense / did-jwt-vc (${alg})`, ratio: ratio(TASK.jwtVc(alg), 'elicense', 'did-jwt-vc'), atLeast: 20 },
  { name: `batch verify, 2 workers / 1 thread (${alg})`, ratio: ratio(TASK.batch(alg), 'elicense', 'elicense', TASK.single(alg)), atLeast: 1.6 },
]);

/** Print this group's rows and targets (used when the module is run on its own). */
export function printCredentials(rows: BenchRow[]): void {
  const width = Math.max(...rows.map((r) => r.task.length));
  for (const row of rows) if ('opsPerSec' in row) console.log(`${row.task.padEnd(width)}  ${row.impl.padEnd(18)}  ${row.opsPerSec.toFixed(0).padStart(7)} ops/s`);
  for (const t of targets) {
    const r = t.ratio(rows);
    const met = r !== undefined && (t.atLeast === undefined || r >= t.atLeast) && (t.atMost === undefined || r <= t.atMost);
    console.log(`${t.name.padEnd(58)}  ${r === undefined ? 'n/a' : r.toFixed(2).padStart(6)}  ${t.atLeast !== undefined ? `≥ ${t.atLeast}` : `≤ ${t.atMost}`}  ${met ? 'met' : 'MISSED'}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printCredentials(await credentials());
