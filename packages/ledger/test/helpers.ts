import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type JWK, type JwsAlgorithm } from '@elicense/core';

/** A private ledger key as a JWK, with its public part. */
export async function ledgerKey(alg: JwsAlgorithm = 'ES256'): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { privateJwk: pair.privateJwk!, publicJwk: pair.publicJwk };
}

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'elicense-ledger-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
