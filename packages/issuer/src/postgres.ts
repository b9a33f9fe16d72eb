/**
 * @module @elicense/issuer/postgres
 *
 * The issuer store on PostgreSQL, for several issuer instances (processes, machines) sharing one
 * database. Needs the `pg` package (an optional peer dependency of `@elicense/issuer`).
 */
import pg from 'pg';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { ElicenseError, invalidArgument } from '@elicense/core';
import type { AnchorReceipt, AnchorRecord } from '@elicense/ledger';
import { SCHEMA_VERSION, schemaStatements } from './store/internal/postgres-schema.js';
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
  closedStore,
  unknownEntry,
  unknownList,
} from './store/internal/validate.js';
import type {
  Allocation,
  CredentialFormat,
  CredentialRecord,
  CredentialStatus,
  IssuerStore,
  ListPublication,
  NewStatusList,
  OutboxEntry,
  StatusListSnapshot,
  StatusListState,
} from './store/types.js';

/**
 * Options of {@link PostgresIssuerStore.connect}.
 *
 * @example
 * ```ts
 * const store = await PostgresIssuerStore.connect({ pool: new pg.Pool({ max: 20 }), schema: 'registry' });
 * ```
 */
export interface PostgresIssuerStoreOptions {
  /** `postgres://user:password@host:port/database`; the store then owns its pool and ends it on `close()`. */
  connectionString?: string;
  /** A pool the application manages (not ended by `close()`). Without either, `pg` reads the `PG*` environment variables. */
  pool?: Pool;
  /** Schema holding the tables (created if absent). Default `elicense`. */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** A list id as the store assigns them: a list number in decimal. */
const LIST_ID = /^[1-9][0-9]{0,9}$/;
const INSERT_CHUNK = 5000;
const MAX_ATTEMPTS = 8;

type Isolation = 'READ COMMITTED' | 'REPEATABLE READ';

/** An error thrown by caller code (the `open` callback) inside a transaction: passed through as it is. */
class CallerError {
  constructor(readonly error: unknown) {}
}

function pgCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** Deadlock or serialization failure: the transaction may simply be run again. */
function retryable(e: unknown): boolean {
  const c = pgCode(e);
  return c === '40001' || c === '40P01';
}

/** A PostgreSQL or connection error as an {@link ElicenseError}, the original as `cause`. */
function storeError(e: unknown): ElicenseError {
  if (e instanceof ElicenseError) return e;
  const code = pgCode(e);
  const message = e instanceof Error ? e.message : String(e);
  if (code === '23505') {
    const { constraint, detail } = e as { constraint?: unknown; detail?: unknown };
    // a credential id already recorded: name it, as the memory and file stores do
    const id = constraint === 'credentials_pkey' && typeof detail === 'string' ? /^Key \(id\)=\((.*)\) already exists\.$/s.exec(detail)?.[1] : undefined;
    return new ElicenseError('ERR_STORE_CONFLICT', `the store already holds this value (${String(constraint ?? 'unique constraint')})`, {
      cause: e,
      details: { constraint, ...(id === undefined ? {} : { id }) },
    });
  }
  return new ElicenseError('ERR_STORE_FAILED', `PostgreSQL issuer store: ${message}${code === undefined ? '' : ` (${code})`}`, {
    cause: e,
    ...(code === undefined ? {} : { details: { code } }),
  });
}

function int(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

function listState(r: QueryResultRow): StatusListState {
  const out: StatusListState = {
    id: String(r['id']),
    uri: r['uri'] as string,
    size: int(r['size']),
    bits: int(r['bits']) as NewStatusList['bits'],
    key: r['key'] as string,
    createdAt: int(r['created_at']),
    allocated: int(r['allocated']),
    revision: int(r['revision']),
  };
  const version = int(r['pub_version']);
  if (version > 0) {
    out.published = {
      version,
      revision: int(r['pub_revision']),
      token: r['pub_token'] as string,
      iat: int(r['pub_iat']),
      exp: int(r['pub_exp']),
    };
  }
  return out;
}

function credential(r: QueryResultRow): CredentialRecord {
  const out: CredentialRecord = {
    id: r['id'] as string,
    type: r['type'] as string,
    format: r['format'] as CredentialFormat,
    listId: String(r['list_id']),
    idx: int(r['idx']),
    status: r['status'] as CredentialStatus,
    issuedAt: int(r['issued_at']),
    updatedAt: int(r['updated_at']),
  };
  if (r['expires_at'] !== null) out.expiresAt = int(r['expires_at']);
  return out;
}

function outboxEntry(r: QueryResultRow): OutboxEntry {
  const out: OutboxEntry = {
    id: r['id'] as string,
    listId: String(r['list_id']),
    record: JSON.parse(r['record'] as string) as AnchorRecord,
    attempts: int(r['attempts']),
    nextAttemptAt: int(r['next_attempt_at']),
    createdAt: int(r['created_at']),
  };
  if (r['last_error'] !== null) out.lastError = r['last_error'] as string;
  if (r['anchored_at'] !== null) out.anchoredAt = int(r['anchored_at']);
  if (r['receipt'] !== null) out.receipt = JSON.parse(r['receipt'] as string) as AnchorReceipt;
  return out;
}

const LIST_COLUMNS = 'id, uri, size, bits, key, created_at, allocated, revision, pub_version, pub_revision, pub_token, pub_iat, pub_exp';
const CREDENTIAL_COLUMNS = 'id, type, format, list_id, idx, status, issued_at, expires_at, updated_at';
const OUTBOX_COLUMNS = 'id, list_id, record, attempts, next_attempt_at, last_error, created_at, anchored_at, receipt';

/**
 * The issuer store on PostgreSQL: several issuer instances (separate pools, processes or machines)
 * share one database. Allocation is serialized by a row lock, so no position is handed out twice
 * and each new list is opened by exactly one instance; `UNIQUE (list_id, idx)` and primary keys back
 * every rule; status changes are one transaction; snapshots read one `REPEATABLE READ` view; a
 * publication is a compare-and-set on the list's published version, its outbox entry written in the
 * same transaction. Database and connection failures reject with `ERR_STORE_FAILED`, unique
 * violations with `ERR_STORE_CONFLICT`, the `pg` error as `cause`.
 *
 * @example
 * ```ts
 * import { PostgresIssuerStore } from '@elicense/issuer/postgres';
 * const store = await PostgresIssuerStore.connect({ connectionString: process.env.DATABASE_URL });
 * const issuer = await Issuer.create({ status: { store, ledger, baseUri: 'https://gov.example/status' } });
 * ```
 */
export class PostgresIssuerStore implements IssuerStore {
  readonly #pool: Pool;
  readonly #ownsPool: boolean;
  readonly #q: string;
  #closed = false;

  private constructor(pool: Pool, ownsPool: boolean, schema: string) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#q = pg.escapeIdentifier(schema);
  }

  /**
   * Connect, and create the schema and tables if absent (under an advisory lock, so instances
   * starting together do not race).
   *
   * @example
   * ```ts
   * const store = await PostgresIssuerStore.connect({ connectionString: 'postgres://issuer@db.gov.example/registry', schema: 'elicense' });
   * ```
   */
  static async connect(options: PostgresIssuerStoreOptions = {}): Promise<PostgresIssuerStore> {
    if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
    const { connectionString, pool, schema = 'elicense' } = options;
    if (connectionString !== undefined && (typeof connectionString !== 'string' || connectionString.length === 0)) {
      throw invalidArgument('options.connectionString', 'a postgres:// URL', connectionString);
    }
    if (pool !== undefined && !(pool instanceof pg.Pool) && typeof (pool as Partial<Pool>).connect !== 'function') {
      throw invalidArgument('options.pool', 'a pg Pool', pool);
    }
    if (pool !== undefined && connectionString !== undefined) {
      throw invalidArgument('options', 'either connectionString or pool, not both', options);
    }
    if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
      throw invalidArgument('options.schema', 'a lowercase SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters)', schema);
    }
    const own = pool === undefined;
    const p = pool ?? new pg.Pool(connectionString === undefined ? {} : { connectionString });
    // an idle client losing its connection must not crash the process; the next query reports it
    if (own) p.on('error', () => undefined);
    const store = new PostgresIssuerStore(p, own, schema);
    try {
      await store.#migrate(schema);
    } catch (e) {
      if (own) await p.end().catch(() => undefined);
      throw e;
    }
    return store;
  }

  async #migrate(schema: string): Promise<void> {
    await this.#tx('READ COMMITTED', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`elicense-issuer-store:${schema}`]);
      for (const sql of schemaStatements(this.#q)) await c.query(sql);
      const { rows } = await c.query(`SELECT value FROM ${this.#q}.meta WHERE key = 'schema_version'`);
      const version = rows[0]?.['value'] as string | undefined;
      if (version !== SCHEMA_VERSION) {
        throw new ElicenseError('ERR_STORE_FAILED', `schema ${schema} holds issuer store version ${String(version)}, this code reads version ${SCHEMA_VERSION}`, {
          details: { schema, version },
        });
      }
    });
  }

  #check(): void {
    if (this.#closed) throw closedStore();
  }

  /** Run `fn` in a transaction, again on deadlock or serialization failure; errors mapped to store codes. */
  async #tx<T>(isolation: Isolation, fn: (c: PoolClient) => Promise<T>, readOnly = false): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.#pool.connect();
      } catch (e) {
        throw storeError(e);
      }
      let broken: Error | undefined;
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation}${readOnly ? ' READ ONLY' : ''}`);
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollback) {
          broken = rollback instanceof Error ? rollback : new Error(String(rollback));
        }
        if (e instanceof CallerError) throw e.error;
        if (retryable(e) && attempt < MAX_ATTEMPTS && broken === undefined) continue;
        throw storeError(e);
      } finally {
        client.release(broken);
      }
    }
  }

  async #query(sql: string, params: unknown[] = []): Promise<QueryResultRow[]> {
    this.#check();
    try {
      return (await this.#pool.query(sql, params)).rows;
    } catch (e) {
      throw storeError(e);
    }
  }

  /** {@inheritDoc IssuerStore.allocate} */
  async allocate(countArg: number, openArg: (listNumber: number) => NewStatusList): Promise<Allocation[]> {
    this.#check();
    const count = checkCount(countArg);
    const open = checkOpen(openArg);
    if (count === 0) return [];
    const q = this.#q;
    return this.#tx('READ COMMITTED', async (c) => {
      await c.query(`SELECT id FROM ${q}.allocator WHERE id = 1 FOR UPDATE`);
      let last = (await c.query(`SELECT ${LIST_COLUMNS} FROM ${q}.status_lists ORDER BY id DESC LIMIT 1`)).rows[0];
      const result = new Array<Allocation>(count);
      let k = 0;
      while (k < count) {
        if (last === undefined || int(last['allocated']) >= int(last['size'])) {
          const listNumber = last === undefined ? 1 : int(last['id']) + 1;
          let list: NewStatusList;
          try {
            list = checkNewList(open(listNumber));
          } catch (e) {
            throw new CallerError(e);
          }
          last = (
            await c.query(
              `INSERT INTO ${q}.status_lists (id, uri, size, bits, key, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${LIST_COLUMNS}`,
              [listNumber, list.uri, list.size, list.bits, list.key, list.createdAt],
            )
          ).rows[0]!;
        }
        const n = Math.min(int(last['size']) - int(last['allocated']), count - k);
        last = (
          await c.query(`UPDATE ${q}.status_lists SET allocated = allocated + $2 WHERE id = $1 RETURNING ${LIST_COLUMNS}`, [last['id'], n])
        ).rows[0]!;
        const state = listState(last);
        const start = state.allocated - n;
        for (let p = 0; p < n; p++) result[k++] = { list: state, position: start + p };
      }
      return result;
    });
  }

  /** {@inheritDoc IssuerStore.saveCredentials} */
  async saveCredentials(recordsArg: readonly CredentialRecord[]): Promise<void> {
    this.#check();
    const records = checkRecords(recordsArg);
    if (records.length === 0) return;
    const listIds = [...new Set(records.map((r) => r.listId))];
    for (const id of listIds) if (!LIST_ID.test(id)) throw unknownList(id);
    const q = this.#q;
    await this.#tx('READ COMMITTED', async (c) => {
      const { rows } = await c.query(`SELECT id, size FROM ${q}.status_lists WHERE id = ANY($1::int[])`, [listIds.map(Number)]);
      const sizes = new Map(rows.map((r) => [String(r['id']), int(r['size'])]));
      records.forEach((r, i) => {
        const size = sizes.get(r.listId);
        if (size === undefined) throw unknownList(r.listId);
        if (r.idx >= size) {
          throw new ElicenseError('ERR_INVALID_ARGUMENT', `records[${i}].idx must be below the list size ${size}, got ${r.idx}`, {
            details: { listId: r.listId, idx: r.idx },
          });
        }
      });
      for (let from = 0; from < records.length; from += INSERT_CHUNK) {
        const chunk = records.slice(from, from + INSERT_CHUNK);
        await c.query(
          `INSERT INTO ${q}.credentials (${CREDENTIAL_COLUMNS})
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::int8[], $8::int8[], $9::int8[])`,
          [
            chunk.map((r) => r.id),
            chunk.map((r) => r.type),
            chunk.map((r) => r.format),
            chunk.map((r) => Number(r.listId)),
            chunk.map((r) => r.idx),
            chunk.map((r) => r.status),
            chunk.map((r) => r.issuedAt),
            chunk.map((r) => r.expiresAt ?? null),
            chunk.map((r) => r.updatedAt),
          ],
        );
      }
      const touched = [...new Set(records.filter((r) => r.status !== 'valid').map((r) => Number(r.listId)))].sort((a, b) => a - b);
      if (touched.length > 0) {
        await c.query(`SELECT id FROM ${q}.status_lists WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [touched]);
        await c.query(`UPDATE ${q}.status_lists SET revision = revision + 1 WHERE id = ANY($1::int[])`, [touched]);
      }
    });
  }

  /** {@inheritDoc IssuerStore.getCredential} */
  async getCredential(idArg: string): Promise<CredentialRecord | undefined> {
    this.#check();
    const id = checkText(idArg, 'id');
    const rows = await this.#query(`SELECT ${CREDENTIAL_COLUMNS} FROM ${this.#q}.credentials WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : credential(rows[0]);
  }

  /** {@inheritDoc IssuerStore.updateStatus} */
  async updateStatus(idsArg: readonly string[], statusArg: CredentialStatus, atArg: number): Promise<CredentialRecord[]> {
    this.#check();
    const ids = checkIds(idsArg);
    const status = checkStatus(statusArg);
    const at = checkSeconds(atArg, 'at');
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const q = this.#q;
    return this.#tx('READ COMMITTED', async (c) => {
      // rows locked in one order by every transaction, so concurrent changes cannot deadlock
      const { rows } = await c.query(`SELECT id, list_id, status FROM ${q}.credentials WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [unique]);
      const current = new Map(rows.map((r) => [r['id'] as string, r]));
      for (const id of ids) {
        const row = current.get(id);
        if (row === undefined) {
          throw new ElicenseError('ERR_CREDENTIAL_NOT_FOUND', `no credential with id ${JSON.stringify(id)} in this store`, { details: { id } });
        }
        if (row['status'] === 'revoked' && status !== 'revoked') {
          throw new ElicenseError('ERR_STATUS_TRANSITION_INVALID', `credential ${JSON.stringify(id)} is revoked; revocation is final`, {
            details: { id, from: 'revoked', to: status },
          });
        }
      }
      const changed = rows.filter((r) => r['status'] !== status);
      if (changed.length > 0) {
        const lists = [...new Set(changed.map((r) => int(r['list_id'])))].sort((a, b) => a - b);
        await c.query(`UPDATE ${q}.credentials SET status = $1, updated_at = $2 WHERE id = ANY($3::text[])`, [
          status,
          at,
          changed.map((r) => r['id'] as string),
        ]);
        await c.query(`SELECT id FROM ${q}.status_lists WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [lists]);
        await c.query(`UPDATE ${q}.status_lists SET revision = revision + 1 WHERE id = ANY($1::int[])`, [lists]);
      }
      const now = await c.query(`SELECT ${CREDENTIAL_COLUMNS} FROM ${q}.credentials WHERE id = ANY($1::text[])`, [unique]);
      const byId = new Map(now.rows.map((r) => [r['id'] as string, credential(r)]));
      return ids.map((id) => ({ ...byId.get(id)! }));
    });
  }

  /** {@inheritDoc IssuerStore.getList} */
  async getList(idArg: string): Promise<StatusListState | undefined> {
    this.#check();
    const id = checkText(idArg, 'id');
    if (!LIST_ID.test(id)) return undefined;
    const rows = await this.#query(`SELECT ${LIST_COLUMNS} FROM ${this.#q}.status_lists WHERE id = $1`, [Number(id)]);
    return rows[0] === undefined ? undefined : listState(rows[0]);
  }

  /** {@inheritDoc IssuerStore.lists} */
  async lists(): Promise<StatusListState[]> {
    const rows = await this.#query(`SELECT ${LIST_COLUMNS} FROM ${this.#q}.status_lists ORDER BY id`);
    return rows.map(listState);
  }

  /** {@inheritDoc IssuerStore.snapshotList} */
  async snapshotList(idArg: string): Promise<StatusListSnapshot> {
    this.#check();
    const id = checkText(idArg, 'id');
    if (!LIST_ID.test(id)) throw unknownList(id);
    const q = this.#q;
    return this.#tx(
      'REPEATABLE READ',
      async (c) => {
        const list = (await c.query(`SELECT ${LIST_COLUMNS} FROM ${q}.status_lists WHERE id = $1`, [Number(id)])).rows[0];
        if (list === undefined) throw unknownList(id);
        const { rows } = await c.query(`SELECT idx, status FROM ${q}.credentials WHERE list_id = $1 AND status <> 'valid' ORDER BY idx`, [
          Number(id),
        ]);
        return {
          list: listState(list),
          entries: rows.map((r) => ({ idx: int(r['idx']), status: r['status'] as Exclude<CredentialStatus, 'valid'> })),
        };
      },
      true,
    );
  }

  /** {@inheritDoc IssuerStore.recordPublication} */
  async recordPublication(listIdArg: string, publicationArg: ListPublication, anchorArg: AnchorRecord, atArg: number): Promise<boolean> {
    this.#check();
    const listId = checkText(listIdArg, 'listId');
    const pub = checkPublication(publicationArg);
    const anchor = checkPublicationAnchor(anchorArg, pub);
    const at = checkSeconds(atArg, 'at');
    if (!LIST_ID.test(listId)) throw unknownList(listId);
    const q = this.#q;
    return this.#tx('READ COMMITTED', async (c) => {
      const row = (await c.query(`SELECT uri, pub_version FROM ${q}.status_lists WHERE id = $1 FOR UPDATE`, [Number(listId)])).rows[0];
      if (row === undefined) throw unknownList(listId);
      assertAnchorUri(anchor, row['uri'] as string);
      if (pub.version !== int(row['pub_version']) + 1) return false;
      await c.query(
        `UPDATE ${q}.status_lists SET pub_version = $2, pub_revision = $3, pub_token = $4, pub_iat = $5, pub_exp = $6 WHERE id = $1`,
        [Number(listId), pub.version, pub.revision, pub.token, pub.iat, pub.exp],
      );
      await c.query(
        `INSERT INTO ${q}.outbox (id, list_id, version, record, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $5)`,
        [`${listId}:${pub.version}`, Number(listId), pub.version, JSON.stringify(anchor), at],
      );
      return true;
    });
  }

  /** {@inheritDoc IssuerStore.pendingAnchors} */
  async pendingAnchors(): Promise<OutboxEntry[]> {
    const rows = await this.#query(`SELECT ${OUTBOX_COLUMNS} FROM ${this.#q}.outbox WHERE anchored_at IS NULL ORDER BY created_at, seq`);
    return rows.map(outboxEntry);
  }

  /** {@inheritDoc IssuerStore.markAnchored} */
  async markAnchored(entryIdArg: string, receiptArg: AnchorReceipt, atArg: number): Promise<void> {
    this.#check();
    const id = checkEntryId(entryIdArg);
    const q = this.#q;
    await this.#tx('READ COMMITTED', async (c) => {
      const row = (await c.query(`SELECT record, anchored_at FROM ${q}.outbox WHERE id = $1 FOR UPDATE`, [id])).rows[0];
      if (row === undefined) throw unknownEntry(id);
      const receipt = checkReceipt(receiptArg, JSON.parse(row['record'] as string) as AnchorRecord);
      const at = checkSeconds(atArg, 'at');
      if (row['anchored_at'] !== null) return;
      await c.query(`UPDATE ${q}.outbox SET anchored_at = $2, receipt = $3 WHERE id = $1`, [id, at, JSON.stringify(receipt)]);
    });
  }

  /** {@inheritDoc IssuerStore.markAnchorFailed} */
  async markAnchorFailed(entryIdArg: string, errorArg: string, nextAttemptAtArg: number): Promise<void> {
    this.#check();
    const id = checkEntryId(entryIdArg);
    const error = checkErrorMessage(errorArg);
    const next = checkSeconds(nextAttemptAtArg, 'nextAttemptAt');
    const q = this.#q;
    const updated = await this.#query(
      `UPDATE ${q}.outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1 AND anchored_at IS NULL RETURNING id`,
      [id, error, next],
    );
    if (updated.length === 0 && (await this.#query(`SELECT 1 FROM ${q}.outbox WHERE id = $1`, [id])).length === 0) throw unknownEntry(id);
  }

  /** {@inheritDoc IssuerStore.getAnchorReceipt} */
  async getAnchorReceipt(listIdArg: string, versionArg: number): Promise<AnchorReceipt | undefined> {
    this.#check();
    const listId = checkText(listIdArg, 'listId');
    const version = checkVersion(versionArg);
    const rows = await this.#query(`SELECT receipt FROM ${this.#q}.outbox WHERE id = $1 AND anchored_at IS NOT NULL`, [`${listId}:${version}`]);
    const text = rows[0]?.['receipt'] as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as AnchorReceipt);
  }

  /** {@inheritDoc IssuerStore.close} */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) {
      try {
        await this.#pool.end();
      } catch (e) {
        throw storeError(e);
      }
    }
  }
}
