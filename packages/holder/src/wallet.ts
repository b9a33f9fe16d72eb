import { ElicenseError, assertFunction, assertObject, assertString, invalidArgument, loadOnFirstUse, readClock } from '@elicense/core';
import type { JWK } from '@elicense/core';
import { findLicenceType } from '@elicense/credentials';
import { matchDcqlQuery } from './dcql/match-dcql-query.js';
import { parseDcqlQuery } from './dcql/parse-dcql-query.js';
import type { DcqlMatch, MatchDcqlOptions } from './dcql/types.js';
import type { WalletContext } from './internal/context.js';
import { createKey, importKey, listKeys } from './internal/keys.js';
import { CREDENTIAL_PREFIX, KEY_PREFIX, credentialRecordId, keyRecordId, readCredentialRecord, SHARED_KEY_ID, stateOf } from './internal/records.js';
import type { CredentialRecord } from './internal/records.js';
import { Vault, checkBackend } from './internal/vault.js';
import { presentCredential } from './present.js';
import { respondToDcqlQuery } from './respond.js';
import type { DcqlResponse, RespondOptions } from './respond.js';
import { MemoryBackend } from './storage/memory-backend.js';
import type {
  BackupOptions,
  CredentialFilter,
  CredentialState,
  HolderKey,
  PresentOptions,
  RestoreResult,
  StatusRefresh,
  StoredCredential,
  WalletBackup,
  WalletOptions,
} from './types.js';

// Loaded on first use (async methods anyway): a page that only lists and presents never loads them.
const receiving = loadOnFirstUse(() => import('./receive.js'), 'the credential receiving code');
const refreshing = loadOnFirstUse(() => import('./refresh-status.js'), 'the status refresh code');
const backups = loadOnFirstUse(() => import('./backup.js'), 'the backup and restore code');

const STATES: readonly CredentialState[] = ['valid', 'expired', 'not_yet_valid', 'revoked', 'suspended'];

/**
 * A citizen's wallet: holder keys, credentials encrypted at rest in a pluggable backend, and the
 * operations to receive licences, find them, answer a verifier's DCQL query and present chosen
 * claims with key binding, refresh their status, and back the whole wallet up.
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create()                       // in memory, ES256, a key per credential
 * const key = await wallet.createHolderKey()
 * const issued = await agency.issue({ type: 'driving_licence', claims, holder: key.publicJwk })
 * const { id } = await wallet.receive(issued.credential)
 * const vp = await wallet.present(id, { reveal: ['age_over_18'], nonce, aud: 'https://hotel.example' })
 * ```
 */
export class Wallet {
  readonly #ctx: WalletContext;

  private constructor(ctx: WalletContext) {
    this.#ctx = ctx;
  }

  /**
   * Open the wallet kept in `options.backend`, creating it on first use. Records are encrypted with
   * AES-256-GCM under a key derived from `secret` (PBKDF2-HMAC-SHA-256) or given as
   * `encryptionKey`; an in-memory wallet without either gets a random key that lives as long as
   * the wallet. A wrong secret fails with `ERR_WALLET_SECRET_INVALID`.
   *
   * @example
   * ```ts
   * const wallet = await Wallet.create({ backend: await IndexedDbBackend.open('wallet'), secret: passphrase })
   * ```
   */
  static async create(options: WalletOptions = {}): Promise<Wallet> {
    assertObject(options, 'options');
    const { alg } = options;
    if (alg !== undefined && alg !== 'ES256' && alg !== 'EdDSA') throw invalidArgument('options.alg', '"ES256" or "EdDSA"', alg);
    if (options.now !== undefined) assertFunction(options.now, 'options.now');
    if (options.fetchStatusList !== undefined) assertFunction(options.fetchStatusList, 'options.fetchStatusList');
    const backend = options.backend ?? new MemoryBackend();
    checkBackend(backend, 'options.backend');
    let trustedIssuers: Set<string> | undefined;
    if (options.trustedIssuers !== undefined) {
      if (!Array.isArray(options.trustedIssuers)) throw invalidArgument('options.trustedIssuers', 'an array of issuer DIDs', options.trustedIssuers);
      for (const [i, d] of options.trustedIssuers.entries()) {
        if (typeof d !== 'string' || !d.startsWith('did:')) throw invalidArgument(`options.trustedIssuers[${i}]`, 'a DID', d);
      }
      trustedIssuers = new Set(options.trustedIssuers);
    }
    const keys = options.keys ?? {};
    assertObject(keys, 'options.keys');
    if (keys.perCredential !== undefined && typeof keys.perCredential !== 'boolean') throw invalidArgument('options.keys.perCredential', 'a boolean', keys.perCredential);
    if (keys.extractable !== undefined && typeof keys.extractable !== 'boolean') throw invalidArgument('options.keys.extractable', 'a boolean', keys.extractable);
    if (keys.extractable === false && !backend.keepsCryptoKeys) {
      throw invalidArgument('options.keys.extractable', 'true for a backend that cannot keep CryptoKeys (the private key is then kept encrypted)', false);
    }
    const vault = await Vault.open(backend, {
      ...(options.secret === undefined ? {} : { secret: options.secret }),
      ...(options.encryptionKey === undefined ? {} : { encryptionKey: options.encryptionKey }),
      ...(options.kdfIterations === undefined ? {} : { kdfIterations: options.kdfIterations }),
    });
    let queue: Promise<unknown> = Promise.resolve();
    const ctx: WalletContext = {
      vault,
      alg: alg ?? 'ES256',
      perCredential: keys.perCredential ?? true,
      extractable: keys.extractable ?? !backend.keepsCryptoKeys,
      resolver: options.resolver,
      trustedIssuers,
      fetchStatusList: options.fetchStatusList,
      now: options.now ?? (() => Math.floor(Date.now() / 1000)),
      signers: new Map(),
      exclusive<T>(fn: () => Promise<T>): Promise<T> {
        const run = queue.then(fn);
        queue = run.catch(() => undefined);
        return run;
      },
    };
    return new Wallet(ctx);
  }

  /**
   * A holder key for the next credential: give `publicJwk` to the issuer as `holder`. By default
   * every call makes a new key (non-extractable where the backend can keep one), so presentations
   * of different credentials cannot be linked by key; with `keys: { perCredential: false }` the
   * one wallet key is returned.
   *
   * @example
   * ```ts
   * const { publicJwk } = await wallet.createHolderKey()
   * const issued = await agency.issue({ type: 'resident_id_card', claims, holder: publicJwk })
   * ```
   */
  async createHolderKey(options: { alg?: 'ES256' | 'EdDSA' } = {}): Promise<HolderKey> {
    assertObject(options, 'options');
    const alg = options.alg ?? this.#ctx.alg;
    if (alg !== 'ES256' && alg !== 'EdDSA') throw invalidArgument('options.alg', '"ES256" or "EdDSA"', alg);
    return createKey(this.#ctx, alg);
  }

  /**
   * Keep a key pair made elsewhere as a holder key (checked to fit together). Importing the same key
   * twice returns the stored one.
   *
   * @example
   * ```ts
   * const key = await wallet.importHolderKey({ privateKey: privateJwk, publicJwk })
   * ```
   */
  async importHolderKey(key: { privateKey: CryptoKey | JWK; publicJwk: JWK }): Promise<HolderKey> {
    return importKey(this.#ctx, key);
  }

  /**
   * The wallet's holder keys, oldest first, each with the credentials bound to it.
   *
   * @example
   * ```ts
   * const unused = (await wallet.holderKeys()).filter((k) => k.credentialIds.length === 0)
   * ```
   */
  holderKeys(): Promise<HolderKey[]> {
    return listKeys(this.#ctx);
  }

  /**
   * Check a credential from an issuer and store it, encrypted: issuer signature (key found by `kid`
   * in the issuer's DID document), disclosures, validity period, a known licence type, holder
   * binding to one of this wallet's keys, and the optional issuer allowlist. Idempotent for the same
   * credential. Nothing is stored when a check fails.
   *
   * @example
   * ```ts
   * const stored = await wallet.receive(issued.credential)
   * stored.type // 'resident_id_card'
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
   */
  async receive(credential: string): Promise<StoredCredential> {
    // loaded on first use, with the DID resolution and status reference code only receiving needs
    const { receiveCredential } = await receiving();
    return receiveCredential(this.#ctx, credential);
  }

  /**
   * The stored credentials in id order, optionally only of one type (licence type or `vct`), one
   * issuer or one state.
   *
   * @example
   * ```ts
   * const [licence] = await wallet.list({ type: 'driving_licence', state: 'valid' })
   * ```
   */
  async list(filter: CredentialFilter = {}): Promise<StoredCredential[]> {
    assertObject(filter, 'filter');
    if (filter.type !== undefined) assertString(filter.type, 'filter.type');
    if (filter.issuer !== undefined) assertString(filter.issuer, 'filter.issuer');
    if (filter.state !== undefined && !STATES.includes(filter.state)) throw invalidArgument('filter.state', STATES.map((s) => `"${s}"`).join(', '), filter.state);
    const type = filter.type === undefined ? undefined : (findLicenceType(filter.type)?.type ?? filter.type);
    const now = readClock(this.#ctx.now);
    const ids = await this.#ctx.vault.ids();
    const keys = new Set(ids.filter((i) => i.startsWith(KEY_PREFIX)));
    const out: StoredCredential[] = [];
    for (const rid of ids.filter((i) => i.startsWith(CREDENTIAL_PREFIX))) {
      const e = await this.#ctx.vault.get(rid);
      if (e === undefined) continue;
      const c = viewOf(readCredentialRecord(rid, e.value), now, keys);
      if (type !== undefined && c.type !== type && c.vct !== filter.type) continue;
      if (filter.issuer !== undefined && c.issuer !== filter.issuer) continue;
      if (filter.state !== undefined && c.state !== filter.state) continue;
      out.push(c);
    }
    return out;
  }

  /**
   * One stored credential. Throws `ERR_CREDENTIAL_NOT_FOUND` for an unknown id.
   *
   * @example
   * ```ts
   * const c = await wallet.get(id)
   * ```
   */
  async get(id: string): Promise<StoredCredential> {
    assertString(id, 'id');
    const rid = credentialRecordId(id);
    const e = await this.#ctx.vault.get(rid);
    if (e === undefined) throw notFound(id);
    const keys = new Set((await this.#ctx.vault.ids()).filter((i) => i.startsWith(KEY_PREFIX)));
    return viewOf(readCredentialRecord(rid, e.value), readClock(this.#ctx.now), keys);
  }

  /**
   * Delete a stored credential, and its holder key when no other credential is bound to it: both
   * records are removed from the backend in one atomic change. Throws `ERR_CREDENTIAL_NOT_FOUND`
   * for an unknown id.
   *
   * @example
   * ```ts
   * await wallet.remove(id)
   * ```
   */
  async remove(id: string): Promise<void> {
    assertString(id, 'id');
    const ctx = this.#ctx;
    await ctx.exclusive(async () => {
      const rid = credentialRecordId(id);
      const e = await ctx.vault.get(rid);
      if (e === undefined) throw notFound(id);
      const c = readCredentialRecord(rid, e.value);
      const remove = [rid];
      const shared = await ctx.vault.get(SHARED_KEY_ID);
      const isShared = shared !== undefined && shared.value.keyId === c.holderKeyId;
      if (!isShared && !(await this.#keyInUse(c.holderKeyId, id))) {
        remove.push(keyRecordId(c.holderKeyId));
        ctx.signers.delete(c.holderKeyId);
      }
      await ctx.vault.commit({ delete: remove });
    });
  }

  /**
   * Present a stored credential: disclose only the `reveal` claims and add a KB-JWT, signed with
   * the credential's holder key, over the verifier's `nonce` and `aud`. The result is an SD-JWT+KB
   * (`<jwt>~<disclosure>~…~<kb-jwt>`). `ERR_HOLDER_KEY_UNAVAILABLE` when the wallet lacks the key.
   *
   * @example
   * ```ts
   * const presentation = await wallet.present(id, {
   *   reveal: ['enterprise_name', 'unified_social_credit_code'],
   *   nonce: challenge,
   *   aud: 'https://bank.example',
   * })
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9901#section-4.3
   */
  async present(id: string, options: PresentOptions): Promise<string> {
    const stored = await this.get(id);
    return presentCredential(this.#ctx, stored, options);
  }

  /**
   * Which stored credentials, and which of their claims, can answer a verifier's DCQL query. Only
   * credentials that are valid now and presentable are offered; the others of a requested type are
   * listed as `unusable`, with the reason. A malformed query fails with
   * `ERR_DCQL_INVALID`; one asking for a claim its licence type does not have with
   * `ERR_DCQL_CLAIM_UNKNOWN`.
   *
   * @example
   * ```ts
   * const match = await wallet.match({ credentials: [{ id: 'adult', format: 'dc+sd-jwt',
   *   meta: { vct_values: ['urn:elicense:vct:resident_id_card:1'] },
   *   claims: [{ path: ['age_over_18'], values: [true] }] }] })
   * match.satisfied // true
   * ```
   * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#name-digital-credentials-query-l
   */
  async match(query: unknown, options: MatchDcqlOptions = {}): Promise<DcqlMatch> {
    const parsed = parseDcqlQuery(query);
    return matchDcqlQuery(parsed, await this.list(), options);
  }

  /**
   * Answer a DCQL query: check the citizen's `choice` (default: the first candidate of each
   * credential query, with the first claim set it satisfies, as the query's order asks), then present each chosen credential with exactly
   * the claims of its option, bound to the verifier's `nonce` and `aud` (its client id). Returns
   * the OpenID4VP `vp_token`: credential query id → presentations. A choice that does not satisfy
   * the query fails with `ERR_DCQL_UNSATISFIED`.
   *
   * @example
   * ```ts
   * const { vp_token } = await wallet.respond(query, { nonce, aud: 'x509_san_dns:hotel.example' })
   * ```
   * @see https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#name-response-parameters
   */
  async respond(query: unknown, options: RespondOptions): Promise<DcqlResponse> {
    const parsed = parseDcqlQuery(query);
    const match = await this.match(parsed, options.trustedAuthorities === undefined ? {} : { trustedAuthorities: options.trustedAuthorities });
    return respondToDcqlQuery(parsed, match, options, (id, reveal, nonce, aud, now) =>
      this.present(id, { reveal, nonce, aud, ...(now === undefined ? {} : { now }) }),
    );
  }

  /**
   * Check credentials against their issuers' status lists (all, or those in `ids`), and keep what
   * was found: revoked and suspended credentials are then marked so in {@link list}. Each list is
   * fetched once. A failed check is reported per credential and keeps the last known status.
   *
   * @example
   * ```ts
   * const results = await wallet.refreshStatus()
   * results.filter((r) => r.state === 'revoked')
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-verification-and-processing
   */
  async refreshStatus(options: { ids?: string[] } = {}): Promise<StatusRefresh[]> {
    assertObject(options, 'options');
    if (options.ids !== undefined) {
      if (!Array.isArray(options.ids)) throw invalidArgument('options.ids', 'an array of credential ids', options.ids);
      for (const [i, id] of options.ids.entries()) assertString(id, `options.ids[${i}]`);
    }
    // loaded on first use: a page that never refreshes status does not carry the status list code
    const { refreshCredentialStatus } = await refreshing();
    return refreshCredentialStatus(this.#ctx, options.ids);
  }

  /**
   * An encrypted, versioned backup of the whole wallet, under a key derived from `secret`. Holder
   * keys that are not extractable cannot be carried; they are listed in `keysOmitted`.
   *
   * @example
   * ```ts
   * const { file } = await wallet.backup({ secret: 'a long backup passphrase' })
   * ```
   */
  async backup(options: BackupOptions): Promise<WalletBackup> {
    assertObject(options, 'options');
    if (typeof options.secret !== 'string' && !(options.secret instanceof Uint8Array)) throw invalidArgument('options.secret', 'a string or bytes', options.secret);
    // backup and restore are loaded on first use: most pages never make or restore a backup
    const { backupWallet } = await backups();
    return backupWallet(this.#ctx, options);
  }

  /**
   * Restore a backup into this wallet, which must be empty (`ERR_WALLET_NOT_EMPTY`). All checks run
   * before anything is written; a wrong secret, a damaged file or a newer format leaves the wallet
   * unchanged.
   *
   * @example
   * ```ts
   * const phone = await Wallet.create({ backend, secret })
   * await phone.restore(file, { secret: 'a long backup passphrase' })
   * ```
   */
  async restore(file: string, options: { secret: string | Uint8Array }): Promise<RestoreResult> {
    assertString(file, 'file');
    assertObject(options, 'options');
    if (typeof options.secret !== 'string' && !(options.secret instanceof Uint8Array)) throw invalidArgument('options.secret', 'a string or bytes', options.secret);
    const { restoreWallet } = await backups();
    return restoreWallet(this.#ctx, file, options.secret);
  }

  async #keyInUse(keyId: string, except: string): Promise<boolean> {
    for (const rid of (await this.#ctx.vault.ids()).filter((i) => i.startsWith(CREDENTIAL_PREFIX))) {
      if (rid === credentialRecordId(except)) continue;
      const e = await this.#ctx.vault.get(rid);
      if (e !== undefined && readCredentialRecord(rid, e.value).holderKeyId === keyId) return true;
    }
    return false;
  }
}

/** A stored credential as the API shows it: its state now, and whether the wallet holds its key (`keys`: key record ids). */
function viewOf(c: CredentialRecord, now: number, keys: ReadonlySet<string>): StoredCredential {
  return { ...c, state: stateOf(c, now), presentable: keys.has(keyRecordId(c.holderKeyId)) };
}

function notFound(id: string): ElicenseError {
  return new ElicenseError('ERR_CREDENTIAL_NOT_FOUND', `no credential with id ${JSON.stringify(id)} in this wallet`, { details: { id } });
}
