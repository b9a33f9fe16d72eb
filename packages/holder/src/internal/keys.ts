import {
  ElicenseError,
  algorithmForKey,
  assertKeyForAlgorithm,
  calculateJwkThumbprint,
  createSigner,
  generateKeyPair,
  importPrivateKey,
  invalidArgument,
  isJsonObject,
  publicJwkOf,
  readClock,
  verifySignature,
} from '@elicense/core';
import type { JWK, SigningKey } from '@elicense/core';
import type { HolderKey } from '../types.js';
import type { WalletContext } from './context.js';
import { CREDENTIAL_PREFIX, KEY_PREFIX, SHARED_KEY_ID, keyRecordId, keyValue, readCredentialRecord, readKeyRecord } from './records.js';
import type { KeyRecord } from './records.js';
import type { VaultEntry } from './vault.js';

/** A holder key as the public API shows it. */
export function holderKeyOf(id: string, k: KeyRecord, credentialIds: string[]): HolderKey {
  return { id, alg: k.alg, publicJwk: { ...k.publicJwk }, extractable: k.extractable, createdAt: k.createdAt, credentialIds };
}

/** The key record with this thumbprint, or `undefined`. */
export async function readKey(ctx: WalletContext, keyId: string): Promise<{ record: KeyRecord; cryptoKey?: CryptoKey } | undefined> {
  const rid = keyRecordId(keyId);
  const entry = await ctx.vault.get(rid);
  if (entry === undefined) return undefined;
  const record = readKeyRecord(rid, entry.value, entry.cryptoKey !== undefined);
  return entry.cryptoKey === undefined ? { record } : { record, cryptoKey: entry.cryptoKey };
}

/** Every holder key with the credentials bound to it. */
export async function listKeys(ctx: WalletContext): Promise<HolderKey[]> {
  const ids = await ctx.vault.ids();
  const bound = new Map<string, string[]>();
  for (const rid of ids.filter((i) => i.startsWith(CREDENTIAL_PREFIX))) {
    const entry = await ctx.vault.get(rid);
    if (entry === undefined) continue;
    const c = readCredentialRecord(rid, entry.value);
    bound.set(c.holderKeyId, [...(bound.get(c.holderKeyId) ?? []), c.id]);
  }
  const out: HolderKey[] = [];
  for (const rid of ids.filter((i) => i.startsWith(KEY_PREFIX))) {
    const keyId = rid.slice(KEY_PREFIX.length);
    const k = await readKey(ctx, keyId);
    if (k !== undefined) out.push(holderKeyOf(keyId, k.record, bound.get(keyId) ?? []));
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** The vault entry for a key: a private JWK inside the ciphertext, or a non-extractable CryptoKey beside it. */
function keyEntry(record: KeyRecord, cryptoKey: CryptoKey | undefined): VaultEntry {
  return cryptoKey === undefined ? { value: keyValue(record) } : { value: keyValue(record), cryptoKey };
}

/**
 * A new holder key, stored. With one key per wallet (`perCredential: false`) the wallet key is made
 * once and returned ever after.
 */
export async function createKey(ctx: WalletContext, alg: 'ES256' | 'EdDSA'): Promise<HolderKey> {
  return ctx.exclusive(async () => {
    if (!ctx.perCredential) {
      const shared = await ctx.vault.get(SHARED_KEY_ID);
      if (shared !== undefined) {
        const keyId = shared.value.keyId;
        const k = typeof keyId === 'string' ? await readKey(ctx, keyId) : undefined;
        if (k === undefined || typeof keyId !== 'string') {
          throw new ElicenseError('ERR_WALLET_CORRUPT', 'the wallet names a shared holder key it does not hold', { details: { id: SHARED_KEY_ID } });
        }
        return holderKeyOf(keyId, k.record, await boundTo(ctx, keyId));
      }
    }
    const pair = await generateKeyPair(alg, { extractable: ctx.extractable });
    const keyId = await calculateJwkThumbprint(pair.publicJwk);
    const record: KeyRecord = {
      alg,
      publicJwk: pair.publicJwk,
      extractable: ctx.extractable,
      createdAt: readClock(ctx.now),
      ...(pair.privateJwk === undefined ? {} : { privateJwk: pair.privateJwk }),
    };
    const put: [string, VaultEntry][] = [[keyRecordId(keyId), keyEntry(record, ctx.extractable ? undefined : pair.privateKey)]];
    if (!ctx.perCredential) put.push([SHARED_KEY_ID, { value: { keyId } }]);
    await ctx.vault.commit({ put });
    return holderKeyOf(keyId, record, []);
  });
}

/**
 * Store a key pair made elsewhere (e.g. by a platform authenticator that exposes WebCrypto keys).
 * The pair is checked to fit together. An extractable CryptoKey or a private JWK is kept as an
 * encrypted JWK; a non-extractable CryptoKey needs a backend that keeps CryptoKeys.
 */
export async function importKey(ctx: WalletContext, key: { privateKey: CryptoKey | JWK; publicJwk: JWK }): Promise<HolderKey> {
  if (!isJsonObject(key)) throw invalidArgument('key', '{ privateKey, publicJwk }', key);
  const given: unknown = key.publicJwk;
  if (!isJsonObject(given)) throw invalidArgument('key.publicJwk', 'a public JWK', given);
  const alg = algorithmForKey(given);
  if (alg !== 'ES256' && alg !== 'EdDSA') throw new ElicenseError('ERR_KEY_INVALID', `holder keys are P-256 or Ed25519, got ${String(given.crv)}`);
  assertKeyForAlgorithm(given, alg, true);
  const publicJwk = publicJwkOf(given);
  const pk: unknown = key.privateKey;
  let privateJwk: JWK | undefined;
  let cryptoKey: CryptoKey | undefined;
  if (isCryptoKey(pk)) {
    if (pk.extractable) privateJwk = (await crypto.subtle.exportKey('jwk', pk)) as JWK;
    else if (ctx.vault.backend.keepsCryptoKeys) cryptoKey = pk;
    else throw invalidArgument('key.privateKey', 'an extractable CryptoKey or a private JWK (this backend cannot keep CryptoKeys)', 'a non-extractable CryptoKey');
  } else if (isJsonObject(pk) && typeof pk.d === 'string') {
    privateJwk = pk as JWK;
  } else {
    throw invalidArgument('key.privateKey', 'a CryptoKey or a private JWK', pk);
  }
  if (privateJwk !== undefined) {
    assertKeyForAlgorithm(privateJwk, alg, true);
    privateJwk = { ...publicJwk, d: privateJwk.d! };
  }
  const sign = createSigner(cryptoKey ?? privateJwk!, alg);
  const probe = new TextEncoder().encode('elicense holder key check');
  if (!(await verifySignature(publicJwk, alg, probe, await sign(probe).catch(() => new Uint8Array(0))))) {
    throw new ElicenseError('ERR_KEY_INVALID', 'key.privateKey does not belong to key.publicJwk');
  }
  const keyId = await calculateJwkThumbprint(publicJwk);
  return ctx.exclusive(async () => {
    const existing = await readKey(ctx, keyId);
    if (existing !== undefined) return holderKeyOf(keyId, existing.record, await boundTo(ctx, keyId));
    const record: KeyRecord = {
      alg,
      publicJwk,
      extractable: privateJwk !== undefined,
      createdAt: readClock(ctx.now),
      ...(privateJwk === undefined ? {} : { privateJwk }),
    };
    await ctx.vault.commit({ put: [[keyRecordId(keyId), keyEntry(record, cryptoKey)]] });
    return holderKeyOf(keyId, record, []);
  });
}

/** The signer of a holder key; `ERR_HOLDER_KEY_UNAVAILABLE` when the wallet does not hold its private part. */
export function signerFor(ctx: WalletContext, keyId: string): Promise<SigningKey> {
  let p = ctx.signers.get(keyId);
  if (p === undefined) {
    p = (async () => {
      const k = await readKey(ctx, keyId);
      if (k === undefined) {
        throw new ElicenseError('ERR_HOLDER_KEY_UNAVAILABLE', `this wallet does not hold the private holder key ${keyId}; the credential cannot be presented until it is re-issued to a key of this wallet`, { details: { keyId } });
      }
      const privateKey = k.cryptoKey ?? (await importPrivateKey(k.record.privateJwk!, k.record.alg));
      const sign = createSigner(privateKey, k.record.alg);
      if (k.cryptoKey !== undefined) {
        // A CryptoKey beside a record is not covered by the record's AES-GCM tag: check once that it
        // is the private key of the record's (authenticated) public key.
        const probe = new TextEncoder().encode(`elicense holder key ${keyId}`);
        const fits = await sign(probe).then((sig) => verifySignature(k.record.publicJwk, k.record.alg, probe, sig)).catch(() => false);
        if (!fits) {
          throw new ElicenseError('ERR_WALLET_CORRUPT', `the CryptoKey stored with holder key ${keyId} is not its private key (the backend's records were changed)`, {
            details: { id: keyRecordId(keyId) },
          });
        }
      }
      return { alg: k.record.alg, sign };
    })();
    ctx.signers.set(keyId, p);
    p.catch(() => ctx.signers.delete(keyId));
  }
  return p;
}

async function boundTo(ctx: WalletContext, keyId: string): Promise<string[]> {
  return (await listKeys(ctx)).find((k) => k.id === keyId)?.credentialIds ?? [];
}

export function isCryptoKey(k: unknown): k is CryptoKey {
  return typeof CryptoKey !== 'undefined' && k instanceof CryptoKey;
}
