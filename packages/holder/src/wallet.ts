import {
  ElicenseError,
  algorithmForKey,
  assertKeyForAlgorithm,
  calculateJwkThumbprint,
  createSigner,
  generateKeyPair,
  isJsonObject,
  publicJwkOf,
  verifySignature,
} from '@elicense/core';
import type { JWK } from '@elicense/core';
import { findLicenceProfile } from '@elicense/credentials';
import { DidResolver } from '@elicense/did';
import { assertFunction, assertObject, assertString, invalidArgument } from '@elicense/core';
import type { WalletContext } from './internal/context.js';
import { MemoryCredentialStore } from './memory-store.js';
import { presentCredential } from './present.js';
import { receiveCredential } from './receive.js';
import type { CredentialFilter, PresentOptions, StoredCredential, WalletOptions } from './types.js';

/**
 * A citizen's wallet: one holder key, a credential store, and the operations to receive licences,
 * find them, and present chosen claims to a verifier with key binding.
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create()
 * const { id } = await wallet.receive(issued.credential)
 * const vp = await wallet.present(id, { reveal: ['age_over_18'], nonce, aud: 'https://hotel.example' })
 * ```
 */
export class Wallet {
  /** The holder's public key: give it to an issuer as `holder`. */
  readonly publicJwk: JWK;

  readonly #ctx: WalletContext;

  private constructor(ctx: WalletContext) {
    this.#ctx = ctx;
    this.publicJwk = { ...ctx.publicJwk };
  }

  /**
   * Open a wallet. Without `key`, a new holder key is generated with WebCrypto as non-extractable
   * (it cannot leave the platform's key store, and is lost with the process: use
   * `openFileWallet` from `@elicense/holder/node`, or pass a persisted `key`, to keep it).
   *
   * @example
   * ```ts
   * const wallet = await Wallet.create({ alg: 'EdDSA', trustedIssuers: [issuer.did] })
   * ```
   */
  static async create(options: WalletOptions = {}): Promise<Wallet> {
    assertObject(options, 'options');
    const { alg } = options;
    if (alg !== undefined && alg !== 'ES256' && alg !== 'EdDSA') throw invalidArgument('options.alg', '"ES256" or "EdDSA"', alg);
    if (options.now !== undefined) assertFunction(options.now, 'options.now');
    const store = options.store ?? new MemoryCredentialStore();
    if (!isCredentialStore(store)) throw invalidArgument('options.store', 'a CredentialStore (get, put, delete, list)', store);
    let trustedIssuers: Set<string> | undefined;
    if (options.trustedIssuers !== undefined) {
      if (!Array.isArray(options.trustedIssuers)) throw invalidArgument('options.trustedIssuers', 'an array of issuer DIDs', options.trustedIssuers);
      for (const [i, d] of options.trustedIssuers.entries()) {
        if (typeof d !== 'string' || !d.startsWith('did:')) throw invalidArgument(`options.trustedIssuers[${i}]`, 'a DID', d);
      }
      trustedIssuers = new Set(options.trustedIssuers);
    }

    let publicJwk: JWK;
    let keyAlg: 'ES256' | 'EdDSA';
    let privateKey: CryptoKey | JWK;
    if (options.key !== undefined) {
      assertObject(options.key, 'options.key');
      const given = options.key.publicJwk;
      if (!isJsonObject(given)) throw invalidArgument('options.key.publicJwk', 'a public JWK', given);
      const a = algorithmForKey(given);
      if (a !== 'ES256' && a !== 'EdDSA') throw new ElicenseError('ERR_KEY_INVALID', `holder keys are P-256 or Ed25519, got ${String(given.crv)}`);
      if (alg !== undefined && alg !== a) throw invalidArgument('options.alg', `${a} to match options.key`, alg);
      assertKeyForAlgorithm(given, a, true);
      keyAlg = a;
      publicJwk = publicJwkOf(given);
      const pk: unknown = options.key.privateKey;
      if (!isCryptoKey(pk) && !isJsonObject(pk)) throw invalidArgument('options.key.privateKey', 'a CryptoKey or a private JWK', pk);
      privateKey = pk as CryptoKey | JWK;
    } else {
      const pair = await generateKeyPair(alg ?? 'ES256', { extractable: false });
      keyAlg = alg ?? 'ES256';
      publicJwk = pair.publicJwk;
      privateKey = pair.privateKey;
    }
    const sign = createSigner(privateKey, keyAlg);
    if (options.key !== undefined) {
      // Fail at once, not at the first presentation, when the key pair does not fit together.
      const probe = new TextEncoder().encode('elicense holder key check');
      if (!(await verifySignature(publicJwk, keyAlg, probe, await sign(probe)))) {
        throw new ElicenseError('ERR_KEY_INVALID', 'options.key.privateKey does not belong to options.key.publicJwk');
      }
    }
    const ctx: WalletContext = {
      key: { alg: keyAlg, sign },
      publicJwk,
      thumbprint: await calculateJwkThumbprint(publicJwk),
      store,
      resolver: options.resolver ?? new DidResolver(),
      trustedIssuers,
      now: options.now ?? (() => Math.floor(Date.now() / 1000)),
    };
    return new Wallet(ctx);
  }

  /**
   * Check a credential from an issuer and store it: issuer signature (key found by `kid` in the
   * issuer's DID document), disclosures, validity period, a known licence type, holder binding to
   * this wallet's key, and the optional issuer allowlist. Idempotent for the same credential.
   *
   * @example
   * ```ts
   * const stored = await wallet.receive(issued.credential)
   * stored.type // 'resident_id_card'
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9901#section-7.1
   */
  receive(credential: string): Promise<StoredCredential> {
    return receiveCredential(this.#ctx, credential);
  }

  /**
   * The stored credentials, optionally only of one type (licence type or `vct`) or one issuer.
   *
   * @example
   * ```ts
   * const [licence] = await wallet.list({ type: 'driving_licence' })
   * ```
   */
  async list(filter: CredentialFilter = {}): Promise<StoredCredential[]> {
    assertObject(filter, 'filter');
    if (filter.type !== undefined) assertString(filter.type, 'filter.type');
    if (filter.issuer !== undefined) assertString(filter.issuer, 'filter.issuer');
    const type = filter.type === undefined ? undefined : (findLicenceProfile(filter.type)?.type ?? filter.type);
    const all = await this.#ctx.store.list();
    return all.filter(
      (c) => (type === undefined || c.type === type || c.vct === filter.type) && (filter.issuer === undefined || c.issuer === filter.issuer),
    );
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
    const c = await this.#ctx.store.get(id);
    if (c === undefined) throw new ElicenseError('ERR_CREDENTIAL_NOT_FOUND', `no credential with id ${JSON.stringify(id)} in this wallet`, { details: { id } });
    return c;
  }

  /**
   * Delete a stored credential. Throws `ERR_CREDENTIAL_NOT_FOUND` for an unknown id.
   *
   * @example
   * ```ts
   * await wallet.remove(id)
   * ```
   */
  async remove(id: string): Promise<void> {
    assertString(id, 'id');
    if (!(await this.#ctx.store.delete(id))) {
      throw new ElicenseError('ERR_CREDENTIAL_NOT_FOUND', `no credential with id ${JSON.stringify(id)} in this wallet`, { details: { id } });
    }
  }

  /**
   * Present a stored credential: disclose only the `reveal` claims and add a KB-JWT over the
   * verifier's `nonce` and `aud`. The result is an SD-JWT+KB (`<jwt>~<disclosure>~…~<kb-jwt>`).
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
}

function isCredentialStore(s: unknown): boolean {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return typeof o.get === 'function' && typeof o.put === 'function' && typeof o.delete === 'function' && typeof o.list === 'function';
}

function isCryptoKey(k: unknown): k is CryptoKey {
  return typeof CryptoKey !== 'undefined' && k instanceof CryptoKey;
}
