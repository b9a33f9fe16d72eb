import { ElicenseError } from '@elicense/core';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import type {
  Allocation,
  CredentialFormat,
  CredentialRecord,
  CredentialStatus,
  ListPublication,
  NewStatusList,
  OutboxEntry,
  StatusListSnapshot,
  StatusListState,
} from '../types.js';
import {
  assertAnchorUri,
  checkCount,
  checkEntryId,
  checkErrorMessage,
  checkIds,
  checkNewList,
  checkOpen,
  checkPublication,
  checkPublicationAnchor,
  checkReceipt,
  checkRecords,
  checkSeconds,
  checkStatus,
  checkText,
  checkVersion,
  unknownEntry,
  unknownList,
} from './validate.js';

/**
 * The issuer store's state and the rules of every operation, shared by the memory and the file
 * store so that both behave exactly alike. Each mutation validates its arguments against the
 * current state, turns them into an {@link Op} (plain JSON: what the file store journals) and
 * applies it; replaying the same ops on the same state gives the same state.
 */

/** A credential record as a journal/snapshot tuple: id, type, format, listId, idx, status, issuedAt, updatedAt, expiresAt|null. */
export type RecordTuple = [string, string, CredentialFormat, string, number, CredentialStatus, number, number, number | null];

/** One atomic change of the state. */
export type Op =
  | { o: 'allocate'; open: NewStatusList[]; take: Array<[listId: string, count: number]> }
  | { o: 'save'; r: RecordTuple[] }
  | { o: 'status'; ids: string[]; s: CredentialStatus; at: number }
  | { o: 'publish'; list: string; pub: ListPublication; anchor: AnchorRecord; at: number }
  | { o: 'anchored'; id: string; receipt: AnchorReceipt; at: number }
  | { o: 'failed'; id: string; error: string; next: number };

/** A set of non-negative integers below 2^31, as 64 Ki-bit pages allocated on first use. */
class SparseBitset {
  readonly #pages = new Map<number, Uint8Array>();

  has(n: number): boolean {
    const page = this.#pages.get(n >>> 16);
    return page !== undefined && (page[(n & 0xffff) >>> 3]! & (1 << (n & 7))) !== 0;
  }

  add(n: number): void {
    let page = this.#pages.get(n >>> 16);
    if (page === undefined) {
      page = new Uint8Array(8192);
      this.#pages.set(n >>> 16, page);
    }
    page[(n & 0xffff) >>> 3]! |= 1 << (n & 7);
  }
}

interface ListRow {
  id: string;
  uri: string;
  size: number;
  bits: NewStatusList['bits'];
  key: string;
  createdAt: number;
  allocated: number;
  revision: number;
  published: ListPublication | undefined;
  /** Indices used by a recorded credential. */
  used: SparseBitset;
  /** Every entry whose status is not `valid`. */
  nonValid: Map<number, Exclude<CredentialStatus, 'valid'>>;
}

/** A credential record kept compactly: one fixed shape, shared strings for type, format, list id and status. */
class Rec {
  constructor(
    readonly id: string,
    readonly type: string,
    readonly format: CredentialFormat,
    readonly list: ListRow,
    readonly idx: number,
    public status: CredentialStatus,
    readonly issuedAt: number,
    readonly expiresAt: number | undefined,
    public updatedAt: number,
  ) {}
}

interface OutboxRow {
  id: string;
  listId: string;
  record: AnchorRecord;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | undefined;
  createdAt: number;
  anchoredAt: number | undefined;
  receipt: AnchorReceipt | undefined;
}

/** Canonical instances of the status and format strings. */
const STATUS: Record<CredentialStatus, CredentialStatus> = { valid: 'valid', revoked: 'revoked', suspended: 'suspended' };
const FORMAT: Record<CredentialFormat, CredentialFormat> = { 'dc+sd-jwt': 'dc+sd-jwt', jwt_vc: 'jwt_vc' };

function conflict(message: string, details: Record<string, unknown>): ElicenseError {
  return new ElicenseError('ERR_STORE_CONFLICT', message, { details });
}

function copyPublication(p: ListPublication): ListPublication {
  return { version: p.version, revision: p.revision, token: p.token, iat: p.iat, exp: p.exp };
}

function copyAnchor(r: AnchorRecord): AnchorRecord {
  return { uri: r.uri, version: r.version, digest: r.digest, time: r.time };
}

/** Snapshot header: everything but the credential records. */
export interface StateHeader {
  lists: Array<{
    id: string;
    uri: string;
    size: number;
    bits: NewStatusList['bits'];
    key: string;
    createdAt: number;
    allocated: number;
    revision: number;
    published?: ListPublication;
  }>;
  outbox: OutboxEntry[];
  credentials: number;
}

/** The in-memory state of an issuer store. Not thread-safe by design: JavaScript runs one operation at a time. */
export class StoreState {
  readonly #lists: ListRow[] = [];
  readonly #listsById = new Map<string, ListRow>();
  readonly #uris = new Set<string>();
  readonly #records = new Map<string, Rec>();
  readonly #outbox = new Map<string, OutboxRow>();
  readonly #types = new Map<string, string>();

  /** Number of credential records. */
  get credentialCount(): number {
    return this.#records.size;
  }

  // ---- mutations: validate, build the op, apply it ----

  /** Plan and apply an allocation. `op` is undefined when nothing changed (count 0). */
  allocate(countArg: unknown, openArg: unknown): { op: Op | undefined; result: Allocation[] } {
    const count = checkCount(countArg);
    const open = checkOpen(openArg);
    if (count === 0) return { op: undefined, result: [] };
    const opened: NewStatusList[] = [];
    const take: Array<[string, number]> = [];
    const uris = new Set<string>();
    let remaining = count;
    let last = this.#lists[this.#lists.length - 1];
    let room = last === undefined ? 0 : last.size - last.allocated;
    let lastId = last?.id;
    while (remaining > 0) {
      if (room === 0 || lastId === undefined) {
        const listNumber = this.#lists.length + opened.length + 1;
        const list = checkNewList(open(listNumber));
        if (this.#uris.has(list.uri) || uris.has(list.uri)) {
          throw conflict(`a status list with URI ${JSON.stringify(list.uri)} already exists`, { uri: list.uri });
        }
        uris.add(list.uri);
        opened.push(list);
        lastId = String(listNumber);
        room = list.size;
      }
      const n = Math.min(room, remaining);
      take.push([lastId, n]);
      room -= n;
      remaining -= n;
    }
    const op: Op = { o: 'allocate', open: opened, take };
    const starts = take.map(([id]) => this.#listsById.get(id)?.allocated ?? 0);
    this.apply(op);
    const result: Allocation[] = new Array<Allocation>(count);
    let k = 0;
    take.forEach(([id, n], i) => {
      const list = this.#listState(this.#listsById.get(id)!);
      const start = starts[i]!;
      for (let p = 0; p < n; p++) result[k++] = { list, position: start + p };
    });
    return { op, result };
  }

  /** Check and apply `saveCredentials`. */
  saveCredentials(recordsArg: unknown): Op | undefined {
    const records = checkRecords(recordsArg);
    if (records.length === 0) return undefined;
    const ids = new Set<string>();
    const slots = new Set<string>();
    const tuples = new Array<RecordTuple>(records.length);
    records.forEach((r, i) => {
      const list = this.#listsById.get(r.listId);
      if (list === undefined) throw unknownList(r.listId);
      if (r.idx >= list.size) {
        throw new ElicenseError('ERR_INVALID_ARGUMENT', `records[${i}].idx must be below the list size ${list.size}, got ${r.idx}`, {
          details: { listId: r.listId, idx: r.idx },
        });
      }
      if (this.#records.has(r.id) || ids.has(r.id)) {
        throw conflict(`a credential with id ${JSON.stringify(r.id)} is already recorded`, { id: r.id });
      }
      const slot = `${r.listId}:${r.idx}`;
      if (list.used.has(r.idx) || slots.has(slot)) {
        throw conflict(`index ${r.idx} of status list ${r.listId} is already used`, { listId: r.listId, idx: r.idx });
      }
      ids.add(r.id);
      slots.add(slot);
      tuples[i] = [r.id, r.type, r.format, r.listId, r.idx, r.status, r.issuedAt, r.updatedAt, r.expiresAt ?? null];
    });
    const op: Op = { o: 'save', r: tuples };
    this.apply(op);
    return op;
  }

  /** Check and apply `updateStatus`; the records as they are now. */
  updateStatus(idsArg: unknown, statusArg: unknown, atArg: unknown): { op: Op | undefined; result: CredentialRecord[] } {
    const ids = checkIds(idsArg);
    const status = checkStatus(statusArg);
    const at = checkSeconds(atArg, 'at');
    let changes = false;
    for (const id of ids) {
      const rec = this.#records.get(id);
      if (rec === undefined) {
        throw new ElicenseError('ERR_CREDENTIAL_NOT_FOUND', `no credential with id ${JSON.stringify(id)} in this store`, { details: { id } });
      }
      if (rec.status === 'revoked' && status !== 'revoked') {
        throw new ElicenseError('ERR_STATUS_TRANSITION_INVALID', `credential ${JSON.stringify(id)} is revoked; revocation is final`, {
          details: { id, from: 'revoked', to: status },
        });
      }
      if (rec.status !== status) changes = true;
    }
    let op: Op | undefined;
    if (changes) {
      op = { o: 'status', ids, s: status, at };
      this.apply(op);
    }
    return { op, result: ids.map((id) => this.#record(this.#records.get(id)!)) };
  }

  /** Check and apply `recordPublication`: the op, or undefined when the compare-and-set lost. */
  recordPublication(listIdArg: unknown, publicationArg: unknown, anchorArg: unknown, atArg: unknown): Op | undefined {
    const listId = checkText(listIdArg, 'listId');
    const pub = checkPublication(publicationArg);
    const anchor = checkPublicationAnchor(anchorArg, pub);
    const at = checkSeconds(atArg, 'at');
    const list = this.#listsById.get(listId);
    if (list === undefined) throw unknownList(listId);
    assertAnchorUri(anchor, list.uri);
    if (pub.version !== (list.published?.version ?? 0) + 1) return undefined;
    if (this.#outbox.has(`${listId}:${pub.version}`)) {
      throw conflict(`outbox entry ${listId}:${pub.version} already exists`, { listId, version: pub.version });
    }
    const op: Op = { o: 'publish', list: listId, pub, anchor, at };
    this.apply(op);
    return op;
  }

  /** Check and apply `markAnchored`; undefined when already anchored. */
  markAnchored(entryIdArg: unknown, receiptArg: unknown, atArg: unknown): Op | undefined {
    const id = checkEntryId(entryIdArg);
    const row = this.#outbox.get(id);
    if (row === undefined) throw unknownEntry(id);
    const receipt = checkReceipt(receiptArg, row.record);
    const at = checkSeconds(atArg, 'at');
    if (row.anchoredAt !== undefined) return undefined;
    const op: Op = { o: 'anchored', id, receipt, at };
    this.apply(op);
    return op;
  }

  /** Check and apply `markAnchorFailed`; undefined when the entry is already anchored. */
  markAnchorFailed(entryIdArg: unknown, errorArg: unknown, nextArg: unknown): Op | undefined {
    const id = checkEntryId(entryIdArg);
    const error = checkErrorMessage(errorArg);
    const next = checkSeconds(nextArg, 'nextAttemptAt');
    const row = this.#outbox.get(id);
    if (row === undefined) throw unknownEntry(id);
    if (row.anchoredAt !== undefined) return undefined;
    const op: Op = { o: 'failed', id, error, next };
    this.apply(op);
    return op;
  }

  /**
   * Apply an op. Ops built by the methods above always apply; an op read back from a journal that
   * does not fit the state throws (the caller reports the journal corrupt).
   */
  apply(op: Op): void {
    switch (op.o) {
      case 'allocate': {
        for (const l of op.open) this.#addList({ ...l, id: String(this.#lists.length + 1), allocated: 0, revision: 0 });
        for (const [id, n] of op.take) {
          const list = this.#listsById.get(id);
          if (list === undefined || !Number.isSafeInteger(n) || n < 1 || list.allocated + n > list.size) throw new Error('bad allocation');
          list.allocated += n;
        }
        return;
      }
      case 'save': {
        const touched = new Set<ListRow>();
        for (const t of op.r) {
          const list = this.#listsById.get(t[3]);
          if (list === undefined || this.#records.has(t[0]) || list.used.has(t[4])) throw new Error('bad record');
          this.#insert(t, list);
          if (t[5] !== 'valid') touched.add(list);
        }
        for (const list of touched) list.revision++;
        return;
      }
      case 'status': {
        const touched = new Set<ListRow>();
        const s = STATUS[op.s];
        if (s === undefined) throw new Error('bad status');
        for (const id of op.ids) {
          const rec = this.#records.get(id);
          if (rec === undefined || (rec.status === 'revoked' && s !== 'revoked')) throw new Error('bad status change');
          if (rec.status === s) continue;
          rec.status = s;
          rec.updatedAt = op.at;
          if (s === 'valid') rec.list.nonValid.delete(rec.idx);
          else rec.list.nonValid.set(rec.idx, s);
          touched.add(rec.list);
        }
        for (const list of touched) list.revision++;
        return;
      }
      case 'publish': {
        const list = this.#listsById.get(op.list);
        if (list === undefined || op.pub.version !== (list.published?.version ?? 0) + 1) throw new Error('bad publication');
        list.published = op.pub;
        const id = `${op.list}:${op.pub.version}`;
        this.#outbox.set(id, {
          id,
          listId: op.list,
          record: op.anchor,
          attempts: 0,
          nextAttemptAt: op.at,
          lastError: undefined,
          createdAt: op.at,
          anchoredAt: undefined,
          receipt: undefined,
        });
        return;
      }
      case 'anchored': {
        const row = this.#outbox.get(op.id);
        if (row === undefined) throw new Error('bad outbox entry');
        row.anchoredAt = op.at;
        row.receipt = op.receipt;
        return;
      }
      case 'failed': {
        const row = this.#outbox.get(op.id);
        if (row === undefined) throw new Error('bad outbox entry');
        row.attempts++;
        row.lastError = op.error;
        row.nextAttemptAt = op.next;
        return;
      }
      default:
        throw new Error('unknown op');
    }
  }

  // ---- reads (deep copies out) ----

  getCredential(idArg: unknown): CredentialRecord | undefined {
    const id = checkText(idArg, 'id');
    const rec = this.#records.get(id);
    return rec === undefined ? undefined : this.#record(rec);
  }

  getList(idArg: unknown): StatusListState | undefined {
    const id = checkText(idArg, 'id');
    const list = this.#listsById.get(id);
    return list === undefined ? undefined : this.#listState(list);
  }

  lists(): StatusListState[] {
    return this.#lists.map((l) => this.#listState(l));
  }

  snapshotList(idArg: unknown): StatusListSnapshot {
    const id = checkText(idArg, 'id');
    const list = this.#listsById.get(id);
    if (list === undefined) throw unknownList(id);
    const entries = [...list.nonValid].sort((a, b) => a[0] - b[0]).map(([idx, status]) => ({ idx, status }));
    return { list: this.#listState(list), entries };
  }

  pendingAnchors(): OutboxEntry[] {
    const rows = [...this.#outbox.values()].filter((r) => r.anchoredAt === undefined);
    // stable sort: equal creation times stay in the order they were enqueued
    rows.sort((a, b) => a.createdAt - b.createdAt);
    return rows.map((r) => outboxEntry(r));
  }

  getAnchorReceipt(listIdArg: unknown, versionArg: unknown): AnchorReceipt | undefined {
    const listId = checkText(listIdArg, 'listId');
    const version = checkVersion(versionArg);
    const receipt = this.#outbox.get(`${listId}:${version}`)?.receipt;
    return receipt === undefined ? undefined : structuredClone(receipt);
  }

  // ---- snapshots (file store compaction) ----

  /** Everything but the credential records. */
  header(): StateHeader {
    return {
      lists: this.#lists.map((l) => ({
        id: l.id,
        uri: l.uri,
        size: l.size,
        bits: l.bits,
        key: l.key,
        createdAt: l.createdAt,
        allocated: l.allocated,
        revision: l.revision,
        ...(l.published === undefined ? {} : { published: l.published }),
      })),
      outbox: [...this.#outbox.values()].map((r) => outboxEntry(r)),
      credentials: this.#records.size,
    };
  }

  /** The credential records as tuples, `chunk` at a time. */
  *recordChunks(chunk: number): Generator<RecordTuple[]> {
    let out: RecordTuple[] = [];
    for (const r of this.#records.values()) {
      out.push([r.id, r.type, r.format, r.list.id, r.idx, r.status, r.issuedAt, r.updatedAt, r.expiresAt ?? null]);
      if (out.length === chunk) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /** Load a snapshot header into an empty state. */
  loadHeader(h: StateHeader): void {
    for (const l of h.lists) {
      if (l.id !== String(this.#lists.length + 1) || l.allocated > l.size) throw new Error('bad list');
      this.#addList(l);
    }
    for (const e of h.outbox) {
      this.#outbox.set(e.id, {
        id: e.id,
        listId: e.listId,
        record: e.record,
        attempts: e.attempts,
        nextAttemptAt: e.nextAttemptAt,
        lastError: e.lastError,
        createdAt: e.createdAt,
        anchoredAt: e.anchoredAt,
        receipt: e.receipt,
      });
    }
  }

  /** Load snapshot records (list revisions come from the header). */
  loadRecords(tuples: RecordTuple[]): void {
    for (const t of tuples) {
      const list = this.#listsById.get(t[3]);
      if (list === undefined || this.#records.has(t[0]) || list.used.has(t[4])) throw new Error('bad record');
      this.#insert(t, list);
    }
  }

  // ---- internals ----

  #addList(l: Omit<ListRow, 'used' | 'nonValid' | 'published'> & { published?: ListPublication | undefined }): void {
    if (this.#uris.has(l.uri)) throw new Error('duplicate list uri');
    const row: ListRow = {
      id: l.id,
      uri: l.uri,
      size: l.size,
      bits: l.bits,
      key: l.key,
      createdAt: l.createdAt,
      allocated: l.allocated,
      revision: l.revision,
      published: l.published,
      used: new SparseBitset(),
      nonValid: new Map(),
    };
    this.#lists.push(row);
    this.#listsById.set(row.id, row);
    this.#uris.add(row.uri);
  }

  #insert(t: RecordTuple, list: ListRow): void {
    const [id, type, format, , idx, status, issuedAt, updatedAt, expiresAt] = t;
    const f = FORMAT[format];
    const s = STATUS[status];
    if (f === undefined || s === undefined || !(idx >= 0 && idx < list.size)) throw new Error('bad record');
    let t2 = this.#types.get(type);
    if (t2 === undefined) {
      t2 = type;
      this.#types.set(type, type);
    }
    const rec = new Rec(id, t2, f, list, idx, s, issuedAt, expiresAt ?? undefined, updatedAt);
    this.#records.set(id, rec);
    list.used.add(idx);
    if (s !== 'valid') list.nonValid.set(idx, s);
  }

  #record(r: Rec): CredentialRecord {
    const out: CredentialRecord = {
      id: r.id,
      type: r.type,
      format: r.format,
      listId: r.list.id,
      idx: r.idx,
      status: r.status,
      issuedAt: r.issuedAt,
      updatedAt: r.updatedAt,
    };
    if (r.expiresAt !== undefined) out.expiresAt = r.expiresAt;
    return out;
  }

  #listState(l: ListRow): StatusListState {
    const out: StatusListState = {
      id: l.id,
      uri: l.uri,
      size: l.size,
      bits: l.bits,
      key: l.key,
      createdAt: l.createdAt,
      allocated: l.allocated,
      revision: l.revision,
    };
    if (l.published !== undefined) out.published = copyPublication(l.published);
    return out;
  }
}

function outboxEntry(r: OutboxRow): OutboxEntry {
  const out: OutboxEntry = {
    id: r.id,
    listId: r.listId,
    record: copyAnchor(r.record),
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    createdAt: r.createdAt,
  };
  if (r.lastError !== undefined) out.lastError = r.lastError;
  if (r.anchoredAt !== undefined) out.anchoredAt = r.anchoredAt;
  if (r.receipt !== undefined) out.receipt = structuredClone(r.receipt);
  return out;
}
