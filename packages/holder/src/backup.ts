import { ElicenseError, calculateJwkThumbprint, createSigner, importPrivateKey, isJsonObject, processSdJwt, readClock, verifySignature } from '@elicense/core';
import type { JsonObject } from '@elicense/core';
import { openBackup, sealBackup } from './internal/backup-file.js';
import type { WalletContext } from './internal/context.js';
import { CREDENTIAL_PREFIX, KEY_PREFIX, SHARED_KEY_ID, credentialRecordId, credentialValue, keyRecordId, keyValue, readCredentialRecord, readKeyRecord } from './internal/records.js';
import type { CredentialRecord, KeyRecord } from './internal/records.js';
import type { VaultEntry } from './internal/vault.js';
import { credentialRecordOf } from './receive.js';
import type { BackupOptions, RestoreResult, WalletBackup } from './types.js';

/**
 * Write every credential and every extractable holder key into one encrypted, versioned backup
 * file. Non-extractable keys cannot leave the platform: they are listed in `keysOmitted` with the
 * credentials bound to them.
 */
export async function backupWallet(ctx: WalletContext, options: BackupOptions): Promise<WalletBackup> {
  const now = readClock(ctx.now);
  return ctx.exclusive(async () => {
    const ids = await ctx.vault.ids();
    const credentials: CredentialRecord[] = [];
    for (const rid of ids.filter((i) => i.startsWith(CREDENTIAL_PREFIX))) {
      const e = await ctx.vault.get(rid);
      if (e !== undefined) credentials.push(readCredentialRecord(rid, e.value));
    }
    const keys: JsonObject[] = [];
    const keyIds: string[] = [];
    const keysOmitted: WalletBackup['keysOmitted'] = [];
    for (const rid of ids.filter((i) => i.startsWith(KEY_PREFIX))) {
      const e = await ctx.vault.get(rid);
      if (e === undefined) continue;
      const k = readKeyRecord(rid, e.value, e.cryptoKey !== undefined);
      const keyId = rid.slice(KEY_PREFIX.length);
      if (k.privateJwk === undefined) {
        keysOmitted.push({ keyId, credentialIds: credentials.filter((c) => c.holderKeyId === keyId).map((c) => c.id) });
      } else {
        keys.push(keyValue(k));
        keyIds.push(keyId);
      }
    }
    const shared = await ctx.vault.get(SHARED_KEY_ID);
    const payload: JsonObject = {
      credentials: credentials.map((c) => credentialValue(c)),
      keys,
      ...(shared !== undefined && typeof shared.value.keyId === 'string' && keyIds.includes(shared.value.keyId) ? { sharedKey: shared.value.keyId } : {}),
    };
    const file = await sealBackup(payload, options.secret, { createdAt: now, ...(options.kdfIterations === undefined ? {} : { kdfIterations: options.kdfIterations }) });
    return { file, credentials: credentials.map((c) => c.id), keys: keyIds, keysOmitted };
  });
}

/**
 * Restore a backup into this wallet, which must hold no credential and no key yet
 * (`ERR_WALLET_NOT_EMPTY`). Everything is decrypted and checked before anything is written, then
 * written in one atomic commit: a wrong secret (`ERR_WALLET_SECRET_INVALID`), a damaged or edited
 * file (`ERR_BACKUP_INVALID`) or a newer format (`ERR_FORMAT_VERSION_UNSUPPORTED`) leaves the
 * wallet as it was. Each key must fit its public key; each credential is re-read from its SD-JWT
 * (the stored claims are derived again, never taken from the file).
 */
export async function restoreWallet(ctx: WalletContext, file: string, secret: string | Uint8Array): Promise<RestoreResult> {
  const { payload } = await openBackup(file, secret);
  const invalid = (what: string, cause?: unknown): ElicenseError =>
    new ElicenseError('ERR_BACKUP_INVALID', `the backup decrypted, but ${what}`, cause === undefined ? {} : { cause });
  if (!Array.isArray(payload.credentials) || !Array.isArray(payload.keys)) throw invalid('it holds no credentials and keys lists');

  const keys = new Map<string, KeyRecord>();
  for (const [i, raw] of payload.keys.entries()) {
    if (!isJsonObject(raw)) throw invalid(`keys[${i}] is not an object`);
    let k: KeyRecord;
    try {
      k = readKeyRecord(`backup keys[${i}]`, raw, false);
    } catch (cause) {
      throw invalid(`keys[${i}] is not a holder key`, cause);
    }
    const id = await calculateJwkThumbprint(k.publicJwk).catch((cause: unknown) => {
      throw invalid(`keys[${i}] has an unusable public key`, cause);
    });
    const probe = new TextEncoder().encode('elicense backup key check');
    const fits = await createSigner(k.privateJwk!, k.alg)(probe)
      .then((sig) => verifySignature(k.publicJwk, k.alg, probe, sig))
      .catch(() => false);
    if (!fits) throw invalid(`keys[${i}]: the private key does not belong to the public key`);
    keys.set(id, k);
  }

  const credentials: CredentialRecord[] = [];
  for (const [i, raw] of payload.credentials.entries()) {
    if (!isJsonObject(raw) || typeof raw.credential !== 'string' || typeof raw.receivedAt !== 'number') throw invalid(`credentials[${i}] is not a stored credential`);
    let record: CredentialRecord;
    try {
      const processed = await processSdJwt(raw.credential);
      record = await credentialRecordOf(raw.credential, processed.payload, raw.receivedAt);
    } catch (cause) {
      throw invalid(`credentials[${i}] is not a readable SD-JWT VC`, cause);
    }
    if (record.id !== raw.id || record.holderKeyId !== raw.holderKeyId) throw invalid(`credentials[${i}] does not match its own SD-JWT`);
    if (raw.status !== undefined) {
      try {
        record = readCredentialRecord(credentialRecordId(record.id), { ...credentialValue(record), status: raw.status });
      } catch (cause) {
        throw invalid(`credentials[${i}] has a malformed status`, cause);
      }
    }
    if (credentials.some((c) => c.id === record.id)) throw invalid(`credential ${record.id} appears twice`);
    credentials.push(record);
  }
  const sharedKey = payload.sharedKey;
  if (sharedKey !== undefined && (typeof sharedKey !== 'string' || !keys.has(sharedKey))) throw invalid('it names a shared key it does not hold');

  // Keys go in as this wallet keeps keys: non-extractable where the backend can hold CryptoKeys and the wallet asks for it.
  const put: [string, VaultEntry][] = [];
  for (const [id, k] of keys) {
    if (!ctx.extractable && ctx.vault.backend.keepsCryptoKeys) {
      const cryptoKey = await importPrivateKey(k.privateJwk!, k.alg);
      const { privateJwk: _dropped, ...rest } = k;
      put.push([keyRecordId(id), { value: keyValue({ ...rest, extractable: false }), cryptoKey }]);
    } else {
      put.push([keyRecordId(id), { value: keyValue(k) }]);
    }
  }
  for (const c of credentials) put.push([credentialRecordId(c.id), { value: credentialValue(c) }]);
  if (sharedKey !== undefined && !ctx.perCredential) put.push([SHARED_KEY_ID, { value: { keyId: sharedKey } }]);

  return ctx.exclusive(async () => {
    const held = (await ctx.vault.ids()).filter((i) => i.startsWith(CREDENTIAL_PREFIX) || i.startsWith(KEY_PREFIX));
    if (held.length > 0) {
      throw new ElicenseError('ERR_WALLET_NOT_EMPTY', `a backup is restored into an empty wallet; this one holds ${held.length} records`, { details: { records: held.length } });
    }
    await ctx.vault.commit({ put });
    ctx.signers.clear();
    return {
      credentials: credentials.map((c) => c.id),
      keys: [...keys.keys()],
      notPresentable: credentials.filter((c) => !keys.has(c.holderKeyId)).map((c) => c.id),
    };
  });
}

