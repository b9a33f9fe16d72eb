/**
 * One record as a {@link WalletBackend} keeps it: AES-GCM ciphertext, never plaintext. The wallet
 * encrypts before it writes and decrypts (checking the tag) after it reads; a backend only stores.
 *
 * @example
 * ```ts
 * const record: SealedRecord = { v: 1, iv, ct }          // iv: 12 random bytes, ct: ciphertext ‖ 16-byte tag
 * ```
 */
export interface SealedRecord {
  /** Envelope version: 1 (AES-256-GCM, 96-bit nonce, 128-bit tag). */
  v: 1;
  /** The AES-GCM nonce: 12 random bytes, fresh for every write. */
  iv: Uint8Array;
  /** The AES-GCM ciphertext followed by its 16-byte tag. */
  ct: Uint8Array;
  /**
   * A non-extractable holder key kept next to the record. Only backends with `keepsCryptoKeys`
   * (IndexedDB, memory) receive one; the platform keeps the key material, which never reaches
   * JavaScript.
   */
  cryptoKey?: CryptoKey;
}

/**
 * A batch of changes that a backend applies all together or not at all.
 *
 * @example
 * ```ts
 * await backend.commit({ put: [['credential/urn:uuid:…', record]], delete: ['key/abc'] })
 * ```
 */
export interface WalletCommit {
  /** Records to insert or replace, by id. */
  put?: ReadonlyArray<readonly [string, SealedRecord]>;
  /** Record ids to remove (an id that is not there is ignored). */
  delete?: readonly string[];
}

/**
 * Where a wallet keeps its encrypted records: memory, a file (`@elicense/holder/node`), IndexedDB,
 * or a phone's storage. Narrow on purpose: every backend passes the same conformance suite.
 *
 * @example
 * ```ts
 * const wallet = await Wallet.create({ backend: await IndexedDbBackend.open('citizen-wallet'), secret })
 * ```
 */
export interface WalletBackend {
  /** Whether records outlive the process (then a wallet secret or encryption key is required). */
  readonly persistent: boolean;
  /** Whether the backend can keep `CryptoKey` objects next to records (structured clone). */
  readonly keepsCryptoKeys: boolean;
  /** The wallet header (key derivation parameters and a key check), or `undefined` for a new wallet. */
  readHeader(): Promise<Uint8Array | undefined>;
  /** Write the header of a new wallet. Throws `ERR_STORE_CONFLICT` when a header is already there. */
  writeHeader(header: Uint8Array): Promise<void>;
  /** The record with this id, or `undefined`. */
  get(id: string): Promise<SealedRecord | undefined>;
  /** Every record id, sorted. */
  ids(): Promise<string[]>;
  /** Apply puts and deletes atomically; deleted records are gone from the storage, not marked. */
  commit(changes: WalletCommit): Promise<void>;
}
