import { ElicenseError, decodeBase64url, encodeBase64url, invalidArgument, isElicenseError } from '@elicense/core';
import type { SigningKey } from '@elicense/core';
import { digestStatusListToken } from '@elicense/ledger';
import type { AnchorReceipt, AnchorRecord, LedgerAdapter } from '@elicense/ledger';
import {
  IndexPermutation,
  MIN_STATUS_LIST_SIZE,
  StatusList,
  StatusType,
  createBitstringStatusListCredentialJwt,
  createStatusListToken,
  generatePermutationKey,
} from '@elicense/status';
import type { CredentialRecord, CredentialStatus, IssuerStore, NewStatusList, OutboxEntry, StatusListState } from '../store/types.js';
import type { PublishResult, StatusChange, StatusEntry, StatusRegistryOptions } from '../types.js';

/** Bits per entry of our lists: VALID, INVALID (revoked), SUSPENDED. */
const LIST_BITS = 2;

const STATUS_VALUE: Record<CredentialStatus, number> = {
  valid: StatusType.VALID,
  revoked: StatusType.INVALID,
  suspended: StatusType.SUSPENDED,
};

/** The W3C status purposes published for every list, each a 1-bit view of the same entries. */
export type BitstringPurpose = 'revocation' | 'suspension';

function positiveSeconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidArgument(name, 'a positive whole number of seconds', value);
  }
  return value;
}

function checkBaseUri(value: unknown): string {
  if (typeof value !== 'string') throw invalidArgument('options.status.baseUri', 'an https URL', value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidArgument('options.status.baseUri', 'an https URL', value);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw invalidArgument('options.status.baseUri', 'an https URL (http only for localhost)', value);
  }
  if (url.search !== '' || url.hash !== '') throw invalidArgument('options.status.baseUri', 'a URL without query or fragment', value);
  return value.replace(/\/+$/, '');
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * @internal The issuer's revocation registry: index allocation, status changes, publication of
 * status list tokens, and the outbox that anchors every publication on the ledger.
 */
export class Registry {
  readonly store: IssuerStore;
  readonly ledger: LedgerAdapter;
  readonly baseUri: string;
  readonly listSize: number;
  readonly tokenValidity: number;
  readonly ttl: number;
  readonly retryDelay: number;
  readonly maxRetryDelay: number;
  readonly #random: ((length: number) => Uint8Array) | undefined;
  readonly #permutations = new Map<string, IndexPermutation>();
  #publishing: Promise<unknown> = Promise.resolve();
  #anchoring: Promise<unknown> = Promise.resolve();

  constructor(options: StatusRegistryOptions) {
    if (typeof options !== 'object' || options === null) throw invalidArgument('options.status', 'an object', options);
    const store = options.store as Partial<IssuerStore> | undefined;
    if (typeof store?.allocate !== 'function' || typeof store.updateStatus !== 'function') {
      throw invalidArgument('options.status.store', 'an IssuerStore', options.store);
    }
    const ledger = options.ledger as Partial<LedgerAdapter> | undefined;
    if (typeof ledger?.anchor !== 'function' || typeof ledger.latest !== 'function') {
      throw invalidArgument('options.status.ledger', 'a LedgerAdapter', options.ledger);
    }
    if (options.random !== undefined && typeof options.random !== 'function') {
      throw invalidArgument('options.status.random', 'a function', options.random);
    }
    this.store = options.store;
    this.ledger = options.ledger;
    this.baseUri = checkBaseUri(options.baseUri);
    this.listSize = positiveSeconds(options.listSize, 'options.status.listSize', MIN_STATUS_LIST_SIZE);
    if (this.listSize < MIN_STATUS_LIST_SIZE || this.listSize % 8 !== 0) {
      throw invalidArgument('options.status.listSize', `a multiple of 8, at least ${MIN_STATUS_LIST_SIZE}`, options.listSize);
    }
    this.tokenValidity = positiveSeconds(options.tokenValidity, 'options.status.tokenValidity', 86_400);
    this.ttl = positiveSeconds(options.ttl, 'options.status.ttl', 3_600);
    if (this.ttl > this.tokenValidity) throw invalidArgument('options.status.ttl', 'at most tokenValidity', options.ttl);
    this.retryDelay = positiveSeconds(options.retryDelay, 'options.status.retryDelay', 5);
    this.maxRetryDelay = positiveSeconds(options.maxRetryDelay, 'options.status.maxRetryDelay', 3_600);
    this.#random = options.random;
  }

  /** URI of list number `n`. */
  listUri(n: number): string {
    return `${this.baseUri}/${n}`;
  }

  /** URI of a list's W3C Bitstring Status List credential for one purpose. */
  bitstringUri(listUri: string, purpose: BitstringPurpose): string {
    return `${listUri}/${purpose}`;
  }

  #open = (listNumber: number, now: number): NewStatusList => ({
    uri: this.listUri(listNumber),
    size: this.listSize,
    bits: LIST_BITS,
    key: encodeBase64url(generatePermutationKey(this.#random)),
    createdAt: now,
  });

  #permutation(list: StatusListState): IndexPermutation {
    let p = this.#permutations.get(list.id);
    if (p === undefined) {
      p = new IndexPermutation(decodeBase64url(list.key), list.size);
      this.#permutations.set(list.id, p);
    }
    return p;
  }

  /** Hand out `count` fresh entries, at pseudo-random, never reused indices. */
  async allocate(count: number, now: number): Promise<StatusEntry[]> {
    const allocations = await this.store.allocate(count, (n) => this.#open(n, now));
    return allocations.map(({ list, position }) => ({ listId: list.id, uri: list.uri, idx: this.#permutation(list).indexAt(position) }));
  }

  /** Change the status of credentials, all or none. */
  async setStatus(ids: readonly string[], status: CredentialStatus, now: number): Promise<StatusChange[]> {
    if (!Array.isArray(ids) || ids.length === 0) throw invalidArgument('ids', 'a non-empty array of credential ids', ids);
    for (const [i, id] of ids.entries()) {
      if (typeof id !== 'string' || id.length === 0) throw invalidArgument(`ids[${i}]`, 'a credential id', id);
    }
    const records = await this.store.updateStatus(ids, status, now);
    return records.map((r) => ({ id: r.id, status: r.status, listId: r.listId, idx: r.idx }));
  }

  /** The record of one credential. */
  async record(id: string): Promise<CredentialRecord> {
    if (typeof id !== 'string' || id.length === 0) throw invalidArgument('id', 'a credential id', id);
    const record = await this.store.getCredential(id);
    if (record === undefined) throw new ElicenseError('ERR_CREDENTIAL_NOT_FOUND', `no credential ${JSON.stringify(id)} was issued by this issuer`, { details: { id } });
    return record;
  }

  /** The packed list of a snapshot, with a 1-bit view for a W3C purpose when asked. */
  async #list(listId: string, purpose?: BitstringPurpose): Promise<{ state: StatusListState; list: StatusList }> {
    const snapshot = await this.store.snapshotList(listId);
    const state = snapshot.list;
    if (purpose === undefined) {
      const list = new StatusList(state.size, LIST_BITS);
      list.setMany(snapshot.entries.map((e) => [e.idx, STATUS_VALUE[e.status]] as const));
      return { state, list };
    }
    const want = purpose === 'revocation' ? 'revoked' : 'suspended';
    const list = new StatusList(state.size, 1);
    list.setMany(snapshot.entries.filter((e) => e.status === want).map((e) => [e.idx, 1] as const));
    return { state, list };
  }

  /**
   * Sign a new status list token for every list that changed since its last publication, never
   * published, or whose token is within `ttl` of expiring (or every list with `force`), store it
   * with its anchor in the outbox, then try to anchor everything pending.
   */
  publish(signingKey: SigningKey, issuer: string, now: number, force: boolean): Promise<PublishResult> {
    const run = this.#publishing.then(async () => {
      const published: PublishResult['published'] = [];
      for (const listed of await this.store.lists()) {
        let state: StatusListState | undefined = listed;
        let wanted = force;
        while (state !== undefined) {
          const pub = state.published;
          const stale = pub === undefined || pub.revision < state.revision || pub.exp - this.ttl <= now;
          if (!wanted && !stale) break;
          const { state: snap, list } = await this.#list(state.id);
          const version = (snap.published?.version ?? 0) + 1;
          const exp = now + this.tokenValidity;
          const token = await createStatusListToken({ uri: snap.uri, issuer, list, signingKey, iat: now, exp, ttl: this.ttl });
          const digest = await digestStatusListToken(token);
          const anchor: AnchorRecord = { uri: snap.uri, version, digest, time: now };
          const won = await this.store.recordPublication(snap.id, { version, revision: snap.revision, token, iat: now, exp }, anchor, now);
          if (won) {
            published.push({ listId: snap.id, uri: snap.uri, version, token, digest });
            break;
          }
          // Another issuer instance published this version first, from its own snapshot, which may
          // predate changes made since: look again, and publish once more if its token lacks them.
          wanted = false;
          state = await this.store.getList(snap.id);
        }
      }
      const { anchored, pending } = await this.flush(now);
      return { published, anchored, pending };
    });
    this.#publishing = run.catch(() => undefined);
    return run;
  }

  /**
   * Anchor every outbox entry that is due; a failure is recorded and retried later with backoff.
   * A ledger refuses a version at or below one it holds, so each list's publications are anchored in
   * version order: a later one waits while an earlier one is not due or fails.
   */
  flush(now: number): Promise<{ anchored: AnchorReceipt[]; pending: OutboxEntry[] }> {
    const run = this.#anchoring.then(async () => {
      const anchored: AnchorReceipt[] = [];
      const byList = new Map<string, OutboxEntry[]>();
      for (const entry of await this.store.pendingAnchors()) {
        const entries = byList.get(entry.listId);
        if (entries === undefined) byList.set(entry.listId, [entry]);
        else entries.push(entry);
      }
      for (const entries of byList.values()) {
        entries.sort((a, b) => a.record.version - b.record.version);
        for (const entry of entries) {
          if (entry.nextAttemptAt > now) break;
          let receipt: AnchorReceipt;
          try {
            receipt = await this.ledger.anchor(entry.record);
          } catch (e) {
            const delay = Math.min(this.retryDelay * 2 ** Math.min(entry.attempts, 30), this.maxRetryDelay);
            const code = isElicenseError(e) ? `${e.code}: ` : '';
            await this.store.markAnchorFailed(entry.id, `${code}${describe(e)}`, now + delay);
            break;
          }
          await this.store.markAnchored(entry.id, receipt, now);
          anchored.push(receipt);
        }
      }
      return { anchored, pending: await this.store.pendingAnchors() };
    });
    this.#anchoring = run.catch(() => undefined);
    return run;
  }

  /** The list a URI names (an IETF list URI, or one of its W3C credential URIs). */
  async #byUri(uri: string): Promise<{ state: StatusListState; purpose?: BitstringPurpose }> {
    if (typeof uri !== 'string') throw invalidArgument('uri', 'a status list URI', uri);
    for (const state of await this.store.lists()) {
      if (state.uri === uri) return { state };
      for (const purpose of ['revocation', 'suspension'] as const) {
        if (this.bitstringUri(state.uri, purpose) === uri) return { state, purpose };
      }
    }
    throw new ElicenseError('ERR_STATUS_LIST_INVALID', `no status list is published at ${JSON.stringify(uri)}`, { details: { uri } });
  }

  /** The latest published status list token of the list at `uri`. */
  async token(uri: string): Promise<string> {
    const { state, purpose } = await this.#byUri(uri);
    if (purpose !== undefined) throw invalidArgument('uri', 'a status list token URI (not a W3C credential URI)', uri);
    if (state.published === undefined) {
      throw new ElicenseError('ERR_STATUS_UNAVAILABLE', `status list ${uri} has not been published yet`, { details: { uri } });
    }
    return state.published.token;
  }

  /**
   * A W3C Bitstring Status List credential (VC JWT) for the list at `uri`, signed now from the
   * current statuses, valid as long as a status list token.
   */
  async bitstringCredential(uri: string, signingKey: SigningKey, issuer: string, now: number): Promise<string> {
    const { state, purpose } = await this.#byUri(uri);
    if (purpose === undefined) throw invalidArgument('uri', 'a W3C status list credential URI (…/revocation or …/suspension)', uri);
    const { list } = await this.#list(state.id, purpose);
    return createBitstringStatusListCredentialJwt({ uri, issuer, statusPurpose: purpose, list, signingKey, iat: now, exp: now + this.tokenValidity });
  }
}

