import type { JWK, JwsAlgorithm, SigningKey } from '@elicense/core';
import { DidResolver, createDidWebDocument, didKeyFromJwk } from '@elicense/did';
import type { DIDDocument } from '@elicense/did';
import { ElicenseError, assertFunction, assertObject, invalidArgument, readClock } from '@elicense/core';
import { didWebFromDomain } from './internal/did-web.js';
import { loadIssuerKey } from './internal/issuer-key.js';
import { issueCredential } from './issue.js';
import { issueJwtVcCredential } from './issue-jwt-vc.js';
import { issueBatch } from './issue-batch.js';
import type { IssueBatchOptions } from './issue-batch.js';
import { issueStream } from './issue-stream.js';
import { Registry } from './internal/registry.js';
import { readRegistryStatus } from './registry-status.js';
import type { CredentialRecord, CredentialStatus } from './store/types.js';
import type {
  IssueRequest,
  IssuedCredential,
  IssuerContext,
  IssuerOptions,
  PublishResult,
  RegistryStatus,
  StatusChange,
} from './types.js';
import type { AnchorReceipt } from '@elicense/ledger';
import type { OutboxEntry } from './store/types.js';

/** Fragment of the issuer key in a did:web document. */
const DID_WEB_KEY_ID = 'key-1';

/**
 * A licensing authority: one DID, one signing key, and the operations to issue e-licences as
 * SD-JWT VCs (and as W3C VC JWTs for verifiers that only speak that).
 *
 * @example
 * ```ts
 * const issuer = await Issuer.create({ method: 'web', domain: 'licensing.gov.example' })
 * const { credential } = await issuer.issue({ type: 'driving_licence', claims, holder: wallet.publicJwk })
 * ```
 */
export class Issuer {
  /** The issuer DID (`did:key:…` or `did:web:…`), the `iss` of every credential. */
  readonly did: string;
  /** The DID URL of the signing key, the `kid` of every credential header. */
  readonly kid: string;
  /** The public signing key. */
  readonly publicJwk: JWK;
  /** The signing algorithm: `ES256` or `EdDSA`. */
  readonly alg: JwsAlgorithm;
  /** Display name of the authority, when given. */
  readonly name: string | undefined;

  readonly #ctx: IssuerContext;
  readonly #privateJwk: JWK | undefined;
  readonly #webDocument: DIDDocument | undefined;

  private constructor(ctx: IssuerContext, publicJwk: JWK, privateJwk: JWK | undefined, webDocument: DIDDocument | undefined) {
    this.#ctx = ctx;
    this.did = ctx.did;
    this.kid = ctx.kid;
    this.alg = ctx.alg;
    this.name = ctx.name;
    this.publicJwk = publicJwk;
    this.#privateJwk = privateJwk;
    this.#webDocument = webDocument;
  }

  /**
   * Create an issuer: generate a key (ES256 by default) or restore one (`privateJwk`) or use an
   * external signer (`signer`), and derive its DID (`did:key` by default, or `did:web` for `domain`).
   *
   * @example
   * ```ts
   * const issuer = await Issuer.create()                                   // did:key, ES256
   * const agency = await Issuer.create({ alg: 'EdDSA', method: 'web', domain: 'gov.example:user:bureau' })
   * const again = await Issuer.create({ privateJwk: issuer.exportPrivateJwk() })  // same DID as `issuer`
   * ```
   * @see https://w3c-ccg.github.io/did-method-key/ and https://w3c-ccg.github.io/did-method-web/
   */
  static async create(options: IssuerOptions = {}): Promise<Issuer> {
    assertObject(options, 'options');
    const method = options.method ?? 'key';
    if (method !== 'key' && method !== 'web') throw invalidArgument('options.method', '"key" or "web"', method);
    if (method === 'key' && options.domain !== undefined) {
      throw invalidArgument('options.method', '"web" when options.domain is given', method);
    }
    if (options.now !== undefined) assertFunction(options.now, 'options.now');
    if (options.saltGenerator !== undefined) assertFunction(options.saltGenerator, 'options.saltGenerator');
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name.length === 0)) {
      throw invalidArgument('options.name', 'a non-empty string', options.name);
    }
    const validity = options.defaultValidity;
    if (validity !== undefined && (typeof validity !== 'number' || !Number.isSafeInteger(validity) || validity <= 0)) {
      throw invalidArgument('options.defaultValidity', 'a positive number of seconds', validity);
    }
    const web = method === 'web' ? didWebFromDomain(options.domain) : undefined;
    if (options.keyId !== undefined && web === undefined) throw invalidArgument('options.keyId', 'given only with method "web"', options.keyId);
    const key = await loadIssuerKey(options);

    let did: string;
    let kid: string;
    let webDocument: DIDDocument | undefined;
    if (web !== undefined) {
      did = web;
      const keyId = options.keyId ?? DID_WEB_KEY_ID;
      webDocument = createDidWebDocument(did, [{ publicJwk: key.publicJwk, id: keyId }]);
      kid = firstKeyId(webDocument, did) ?? `${did}#${keyId}`;
    } else {
      did = didKeyFromJwk(key.publicJwk);
      kid = `${did}#${did.slice('did:key:'.length)}`;
    }
    const signingKey: SigningKey = { alg: key.alg, sign: key.sign, kid };
    const registry = options.status === undefined ? undefined : new Registry(options.status);
    const ctx: IssuerContext = {
      registry,
      did,
      kid,
      alg: key.alg,
      signingKey,
      name: options.name,
      now: options.now ?? (() => Math.floor(Date.now() / 1000)),
      saltGenerator: options.saltGenerator,
      defaultValidity: validity,
    };
    return new Issuer(ctx, key.publicJwk, key.privateJwk, webDocument);
  }

  /**
   * The issuer's DID document: for did:web, the document to publish at the DID's URL
   * (`https://<domain>/.well-known/did.json` or `https://<domain>/<path>/did.json`); for did:key,
   * the document every resolver derives from the DID. Also what offline verifier stores hold.
   *
   * @example
   * ```ts
   * await writeFile('public/.well-known/did.json', JSON.stringify(await issuer.didDocument()))
   * ```
   * @see https://w3c-ccg.github.io/did-method-web/#create-register
   */
  async didDocument(): Promise<DIDDocument> {
    if (this.#webDocument !== undefined) return structuredClone(this.#webDocument);
    return new DidResolver().resolve(this.did);
  }

  /**
   * The private key as a JWK, to persist the issuer (restore with `Issuer.create({ privateJwk })`).
   * `undefined` when the key is not extractable (`extractable: false`) or lives behind an external signer.
   * Keep it as secret as the authority's seal.
   *
   * @example
   * ```ts
   * const jwk = issuer.exportPrivateJwk()
   * if (jwk) await writeFile('issuer-key.json', JSON.stringify(jwk), { mode: 0o600 })
   * ```
   */
  exportPrivateJwk(): JWK | undefined {
    return this.#privateJwk === undefined ? undefined : { ...this.#privateJwk };
  }

  /**
   * Issue a licence as an SD-JWT VC (`dc+sd-jwt`) bound to `holder`. Claims are checked by the
   * licence profile (`ERR_INVALID_CLAIM`), the holder key must be a public P-256 or Ed25519 JWK
   * (`ERR_KEY_INVALID`).
   *
   * @example
   * ```ts
   * const issued = await issuer.issue({
   *   type: 'resident_id_card',
   *   claims: { name: '张三', citizen_id_number: '11010519491231002X', birth_date: '1949-12-31', ... },
   *   holder: wallet.publicJwk,
   *   validUntil: new Date('2035-01-01'),
   * })
   * issued.credential // '<issuer-signed JWT>~<disclosure>~…~'
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#section-3
   */
  issue(req: IssueRequest): Promise<IssuedCredential> {
    return issueCredential(this.#ctx, req);
  }

  /**
   * Issue the same licence as a W3C VC (VCDM 1.1) JWT through did-jwt-vc, for verifiers that only
   * accept that format. It has no selective disclosure: every claim is visible.
   *
   * @example
   * ```ts
   * const { credential } = await issuer.issueJwtVc({ type: 'business_licence', claims, holder })
   * ```
   * @see https://www.w3.org/TR/vc-data-model-1.1/#json-web-token
   */
  issueJwtVc(req: IssueRequest): Promise<IssuedCredential> {
    return issueJwtVcCredential(this.#ctx, req);
  }

  /**
   * Issue many licences in one call: every request is checked before anything is issued, then
   * status entries are allocated, credentials signed and recorded a chunk at a time. Every request
   * and credential is held until it returns: for a batch too large to hold, use {@link Issuer.issueStream}.
   *
   * @example
   * ```ts
   * const issued = await issuer.issueBatch(citizens.map((c) => ({ type: 'resident_id_card', claims: c.claims, holder: c.key })))
   * ```
   */
  issueBatch(requests: readonly IssueRequest[], options?: IssueBatchOptions): Promise<IssuedCredential[]> {
    return issueBatch(this.#ctx, requests, options);
  }

  /**
   * Issue licences as they come — a city's whole register, read from a database cursor — holding
   * one chunk in memory at a time: it pulls up to `chunkSize` (default 1,000) requests, checks them,
   * allocates their status entries, signs them, records them in one store round trip, and only then
   * yields the chunk's credentials. It reads no further ahead than the chunk it is building.
   *
   * What was yielded is recorded, and what was recorded was yielded. Stopping early (`break`,
   * `return()`) ends issuance after the last chunk received and closes `requests`. An error stops
   * it after the chunks already yielded, with `details.issued` (credentials recorded) and, when one
   * request is at fault, `details.index` (its index in the stream): a bad request keeps its own code
   * (`ERR_INVALID_CLAIM`, `ERR_KEY_INVALID` …); an id used twice, or already recorded, is refused with
   * `ERR_STORE_CONFLICT`; the store's failures keep theirs (`ERR_STORE_FAILED`). Unlike
   * {@link Issuer.issueBatch}, requests after a bad one are never read: nothing checks them first.
   *
   * @example
   * ```ts
   * async function* register() {
   *   for await (const row of db.query('SELECT * FROM residents')) {
   *     yield { type: 'resident_id_card', claims: row.claims, holder: row.holderJwk, id: row.credentialId }
   *   }
   * }
   * let done = 0
   * for await (const chunk of issuer.issueStream(register(), { chunkSize: 500 })) {
   *   await outbox.deliver(chunk)   // every credential in `chunk` is already recorded
   *   done += chunk.length
   * }
   * ```
   */
  issueStream(
    requests: Iterable<IssueRequest> | AsyncIterable<IssueRequest>,
    options?: IssueBatchOptions,
  ): AsyncGenerator<IssuedCredential[], void, undefined> {
    return issueStream(this.#ctx, requests, options);
  }

  #registry(): Registry {
    const r = this.#ctx.registry;
    if (r === undefined) {
      throw new ElicenseError('ERR_INVALID_ARGUMENT', 'this issuer has no status registry: create it with options.status to revoke, suspend or publish');
    }
    return r;
  }

  #now(): number {
    return readClock(this.#ctx.now);
  }

  async #change(ids: readonly string[], status: CredentialStatus): Promise<StatusChange[]> {
    return this.#registry().setStatus(ids, status, this.#now());
  }

  /**
   * Revoke a credential, for good (status INVALID). Recorded durably before the promise resolves;
   * verifiers see it from the next {@link Issuer.publishStatusLists}. Revoking a revoked credential
   * is a no-op. Unknown id: `ERR_CREDENTIAL_NOT_FOUND`.
   *
   * @example
   * ```ts
   * await issuer.revoke(issued.id)
   * await issuer.publishStatusLists()
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#section-7.1
   */
  async revoke(id: string): Promise<StatusChange> {
    return (await this.#change([id], 'revoked'))[0]!;
  }

  /**
   * Revoke several credentials, all or none (one unknown id changes nothing).
   *
   * @example
   * ```ts
   * await issuer.revokeMany([a.id, b.id])
   * ```
   */
  revokeMany(ids: readonly string[]): Promise<StatusChange[]> {
    return this.#change(ids, 'revoked');
  }

  /**
   * Suspend a credential (status SUSPENDED), e.g. a business licence pending review. A revoked
   * credential cannot be suspended (`ERR_STATUS_TRANSITION_INVALID`).
   *
   * @example
   * ```ts
   * await issuer.suspend(licence.id)
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#section-7.1
   */
  async suspend(id: string): Promise<StatusChange> {
    return (await this.#change([id], 'suspended'))[0]!;
  }

  /**
   * Suspend several credentials, all or none.
   *
   * @example
   * ```ts
   * await issuer.suspendMany(ids)
   * ```
   */
  suspendMany(ids: readonly string[]): Promise<StatusChange[]> {
    return this.#change(ids, 'suspended');
  }

  /**
   * Lift a suspension (status VALID again). A revoked credential cannot be reinstated
   * (`ERR_STATUS_TRANSITION_INVALID`): revocation is final.
   *
   * @example
   * ```ts
   * await issuer.reinstate(licence.id)
   * ```
   */
  async reinstate(id: string): Promise<StatusChange> {
    return (await this.#change([id], 'valid'))[0]!;
  }

  /**
   * Reinstate several credentials, all or none.
   *
   * @example
   * ```ts
   * await issuer.reinstateMany(ids)
   * ```
   */
  reinstateMany(ids: readonly string[]): Promise<StatusChange[]> {
    return this.#change(ids, 'valid');
  }

  /**
   * What the registry holds about one credential: type, list entry, validity and status (no personal data).
   *
   * @example
   * ```ts
   * const { status, idx } = await issuer.credentialRecord(id)
   * ```
   */
  credentialRecord(id: string): Promise<CredentialRecord> {
    return this.#registry().record(id);
  }

  /**
   * Publish the status lists: sign a new status list token (`statuslist+jwt`, with `iat`, `exp`,
   * `ttl`) for every list that changed, was never published, or whose token nears expiry (every
   * list with `force`); record each with its anchor in the durable outbox; then anchor everything
   * pending on the ledger. An unreachable ledger loses nothing: the publication stays in the outbox
   * (`pending`) and is retried with backoff by {@link Issuer.anchorPending} or {@link Issuer.startAnchoring}.
   *
   * @example
   * ```ts
   * await issuer.revoke(id)
   * const { published, anchored, pending } = await issuer.publishStatusLists()
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#section-5.1
   */
  publishStatusLists(options: { force?: boolean } = {}): Promise<PublishResult> {
    return this.#registry().publish(this.#ctx.signingKey, this.did, this.#now(), options.force === true);
  }

  /**
   * Anchor the publications waiting in the outbox whose retry time has come.
   *
   * @example
   * ```ts
   * const { pending } = await issuer.anchorPending()
   * ```
   */
  anchorPending(): Promise<{ anchored: AnchorReceipt[]; pending: OutboxEntry[] }> {
    return this.#registry().flush(this.#now());
  }

  /**
   * Retry anchoring in the background every `intervalMs` (default 5,000) while publications are
   * pending. Returns a function that stops it. The timer does not keep the process alive.
   *
   * @example
   * ```ts
   * const stop = issuer.startAnchoring({ intervalMs: 10_000 })
   * // … on shutdown
   * stop()
   * ```
   */
  startAnchoring(options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): () => void {
    const registry = this.#registry();
    const interval = options.intervalMs ?? 5000;
    if (!Number.isSafeInteger(interval) || interval <= 0) throw invalidArgument('options.intervalMs', 'a positive number of milliseconds', interval);
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      registry
        .flush(this.#now())
        .catch((e: unknown) => options.onError?.(e))
        .finally(() => {
          running = false;
        });
    }, interval);
    (timer as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  }

  /**
   * Every status list with its allocation, revision, publication and anchoring state, and the
   * publications still waiting for the ledger.
   *
   * @example
   * ```ts
   * const { lists, pending } = await issuer.registryStatus()
   * ```
   */
  registryStatus(): Promise<RegistryStatus> {
    return readRegistryStatus(this.#registry().store);
  }

  /**
   * The latest published status list token of the list at `uri`, to serve at that URI
   * (`Content-Type: application/statuslist+jwt`). Not yet published: `ERR_STATUS_UNAVAILABLE`.
   *
   * @example
   * ```ts
   * const token = await issuer.statusListToken(issued.status!.uri)
   * ```
   * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#section-8
   */
  statusListToken(uri: string): Promise<string> {
    return this.#registry().token(uri);
  }

  /**
   * The W3C Bitstring Status List credential (a VC JWT) at `uri` — `<list uri>/revocation` or
   * `<list uri>/suspension`, as named by the `credentialStatus` of W3C VC JWTs — signed now from
   * the recorded statuses.
   *
   * @example
   * ```ts
   * const jwt = await issuer.statusListCredential(`${issued.status!.uri}/revocation`)
   * ```
   * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
   */
  statusListCredential(uri: string): Promise<string> {
    return this.#registry().bitstringCredential(uri, this.#ctx.signingKey, this.did, this.#now());
  }
}

function firstKeyId(doc: DIDDocument, did: string): string | undefined {
  const am = doc.assertionMethod?.[0] ?? doc.verificationMethod?.[0];
  const id = typeof am === 'string' ? am : am?.id;
  if (id === undefined) return undefined;
  return id.startsWith('#') ? `${did}${id}` : id;
}
