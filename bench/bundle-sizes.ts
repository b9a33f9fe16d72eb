/**
 * Trust bundle sizes: a full bundle against the delta a verifier downloads after a night in which one
 * agency revoked some licences. Four agencies, each accredited by a root authority for its licence
 * type, each with one 131,072-entry status list (2 bits) of which 0.5 % is revoked, anchored on the
 * embedded file ledger. Status list tokens are valid for a week, so a list is re-signed only when it changes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateKeyPair, signingKeyFromJwk, type SigningKey } from '@elicense/core';
import { DidResolver, didKeyFromJwk } from '@elicense/did';
import { FileLedger } from '@elicense/ledger/node';
import { digestStatusListToken } from '@elicense/ledger';
import { StatusList, StatusType, createStatusListToken } from '@elicense/status';
import { buildTrustBundle, createAccreditation, createBundleDelta } from '@elicense/trust';
import type { BenchRow } from './rows.js';

const LIST_SIZE = 131_072;
const TYPES = ['business_licence', 'resident_id_card', 'driving_licence', 'marriage_certificate'];

async function didKeyAuthority(): Promise<{ did: string; key: SigningKey }> {
  const { publicJwk, privateJwk } = await generateKeyPair('ES256', { extractable: true });
  const did = didKeyFromJwk(publicJwk);
  return { did, key: signingKeyFromJwk(privateJwk!, `${did}#${did.slice('did:key:'.length)}`) };
}

/** A deterministic pseudo-random index sequence (no Math.random: sizes are comparable between runs). */
function* indices(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    yield x % LIST_SIZE;
  }
}

export async function bundleSizes(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-bench-bundle-'));
  const ledger = await FileLedger.open({ path: join(dir, 'ledger.jsonl'), signingKey: (await generateKeyPair('ES256', { extractable: true })).privateJwk! });
  try {
    const t0 = 1_790_000_000;
    const root = await didKeyAuthority();
    const publisher = await didKeyAuthority();
    const agencies = await Promise.all(TYPES.map(didKeyAuthority));
    const accreditations = await Promise.all(
      agencies.map((a, i) => createAccreditation({ authority: root.key, subject: a.did, types: [TYPES[i]!], validFrom: t0 - 86_400, validUntil: t0 + 365 * 86_400, now: t0 - 86_400 })),
    );
    const lists = agencies.map((_, i) => {
      const list = new StatusList(LIST_SIZE, 2);
      const next = indices(i + 1);
      for (let n = 0; n < LIST_SIZE / 200; n++) list.set(next.next().value as number, StatusType.INVALID);
      return { list, next, version: 0 };
    });
    const publish = async (i: number, at: number) => {
      const uri = `https://status.gov.example/${TYPES[i]}/1`;
      const l = lists[i]!;
      const token = await createStatusListToken({ uri, issuer: agencies[i]!.did, list: l.list, signingKey: agencies[i]!.key, iat: at, exp: at + 7 * 86_400, ttl: 3600 });
      await ledger.anchor({ uri, version: ++l.version, digest: await digestStatusListToken(token), time: at });
      return token;
    };
    const tokens = await Promise.all(agencies.map((_, i) => publish(i, t0)));
    const resolver = new DidResolver();
    const build = async (at: number, statusTokens: string[], previous?: Awaited<ReturnType<typeof buildTrustBundle>>['payload']) =>
      buildTrustBundle({
        publisher: publisher.key,
        roots: [root.did],
        accreditations,
        resolver,
        statusLists: statusTokens.map((token) => ({ token })),
        ledger,
        ledgers: [{ id: ledger.id, publicJwk: ledger.publicJwk }],
        now: at,
        ...(previous === undefined ? {} : { previous }),
      });
    const v1 = await build(t0, tokens);
    // the next night: the traffic police revoke 20 more licences
    for (let n = 0; n < 20; n++) lists[2]!.list.set(lists[2]!.next.next().value as number, StatusType.INVALID);
    tokens[2] = await publish(2, t0 + 86_400);
    const v2 = await build(t0 + 86_400, tokens, v1.payload);
    const delta = await createBundleDelta({ from: v1.payload, to: v2.payload, publisher: publisher.key, now: t0 + 86_400 });
    const gz = (s: string): number => gzipSync(s).length;
    return [
      { task: 'trust bundle, full (4 agencies, 4 lists of 131,072)', impl: 'elicense', bytes: v2.bundle.length },
      { task: 'trust bundle, full, gzipped', impl: 'elicense', bytes: gz(v2.bundle) },
      { task: 'trust bundle delta, one list changed', impl: 'elicense', bytes: delta.length },
      { task: 'trust bundle delta, one list changed, gzipped', impl: 'elicense', bytes: gz(delta) },
    ];
  } finally {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  }
}
