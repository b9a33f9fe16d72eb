/**
 * The PostgreSQL tables of the issuer store, created if absent. `q` is the quoted schema name.
 *
 * - `allocator`: one row, locked by every allocation so that exactly one instance at a time moves
 *   the open list forward or opens a new list.
 * - `status_lists`: one row per list (id = list number), with its allocation counter, revision and
 *   latest publication (`pub_version` 0 when never published).
 * - `credentials`: one row per issued credential; `UNIQUE (list_id, idx)` backs the rule that an
 *   index is never used twice.
 * - `outbox`: publications waiting for (or done with) their ledger anchor; `seq` orders entries
 *   enqueued in the same second.
 */
export const SCHEMA_VERSION = '1';

export function schemaStatements(q: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${q}`,
    `CREATE TABLE IF NOT EXISTS ${q}.meta (key text PRIMARY KEY, value text NOT NULL)`,
    `INSERT INTO ${q}.meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT (key) DO NOTHING`,
    `CREATE TABLE IF NOT EXISTS ${q}.allocator (id smallint PRIMARY KEY CHECK (id = 1))`,
    `INSERT INTO ${q}.allocator (id) VALUES (1) ON CONFLICT (id) DO NOTHING`,
    `CREATE TABLE IF NOT EXISTS ${q}.status_lists (
      id integer PRIMARY KEY CHECK (id > 0),
      uri text NOT NULL UNIQUE,
      size integer NOT NULL CHECK (size > 0),
      bits smallint NOT NULL CHECK (bits IN (1, 2, 4, 8)),
      key text NOT NULL,
      created_at bigint NOT NULL,
      allocated integer NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= size),
      revision bigint NOT NULL DEFAULT 0,
      pub_version integer NOT NULL DEFAULT 0,
      pub_revision bigint,
      pub_token text,
      pub_iat bigint,
      pub_exp bigint
    )`,
    `CREATE TABLE IF NOT EXISTS ${q}.credentials (
      id text PRIMARY KEY,
      type text NOT NULL,
      format text NOT NULL,
      list_id integer NOT NULL REFERENCES ${q}.status_lists (id),
      idx integer NOT NULL CHECK (idx >= 0),
      status text NOT NULL CHECK (status IN ('valid', 'revoked', 'suspended')),
      issued_at bigint NOT NULL,
      expires_at bigint,
      updated_at bigint NOT NULL,
      UNIQUE (list_id, idx)
    )`,
    `CREATE INDEX IF NOT EXISTS credentials_not_valid ON ${q}.credentials (list_id, idx) WHERE status <> 'valid'`,
    `CREATE TABLE IF NOT EXISTS ${q}.outbox (
      seq bigserial NOT NULL,
      id text PRIMARY KEY,
      list_id integer NOT NULL REFERENCES ${q}.status_lists (id),
      version integer NOT NULL,
      record text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at bigint NOT NULL,
      last_error text,
      created_at bigint NOT NULL,
      anchored_at bigint,
      receipt text,
      UNIQUE (list_id, version)
    )`,
    `CREATE INDEX IF NOT EXISTS outbox_pending ON ${q}.outbox (created_at, seq) WHERE anchored_at IS NULL`,
  ];
}
