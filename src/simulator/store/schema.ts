export interface StoreMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Listed statically and frozen once shipped: a simulator file written by an older build must open
 * in a newer one. Each runs in its own transaction and sets `PRAGMA user_version`.
 */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [
  {
    version: 1,
    name: 'resources, history, search index, paging snapshots',
    sql: `
      -- One row per resource: the newest version, or a tombstone (deleted = 1, json NULL).
      CREATE TABLE resource_current (
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        version_id INTEGER NOT NULL,
        last_updated TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        json TEXT,
        PRIMARY KEY (type, id)
      );
      -- Search pages walk this in order: type, live rows, lastUpdated then id as the tie-break;
      -- version_id makes it covering for paging snapshots, which then never touch the JSON.
      CREATE INDEX resource_current_by_updated ON resource_current (type, deleted, last_updated, id, version_id);

      -- Every version ever written, deletes included; seq is the store-wide write order.
      CREATE TABLE resource_history (
        seq INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        version_id INTEGER NOT NULL,
        last_updated TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
        json TEXT,
        UNIQUE (type, id, version_id)
      );
      CREATE INDEX resource_history_by_updated ON resource_history (last_updated, seq);
      CREATE INDEX resource_history_by_type_updated ON resource_history (type, last_updated, seq);

      -- Search index, refilled on every write of the resource; only live resources have rows.
      CREATE TABLE search_token (
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        system TEXT NOT NULL,
        code TEXT NOT NULL
      );
      CREATE INDEX search_token_lookup ON search_token (type, name, code, system, id);
      CREATE INDEX search_token_owner ON search_token (type, id);

      CREATE TABLE search_reference (
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        target TEXT NOT NULL
      );
      CREATE INDEX search_reference_lookup ON search_reference (type, name, target, id);
      CREATE INDEX search_reference_owner ON search_reference (type, id);

      CREATE TABLE search_string (
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        normalized TEXT NOT NULL,
        exact TEXT NOT NULL
      );
      CREATE INDEX search_string_lookup ON search_string (type, name, normalized, id);
      CREATE INDEX search_string_owner ON search_string (type, id);

      -- The match list of a multi-page search, frozen at its first page so later pages neither
      -- skip nor repeat while the portal keeps changing. A snapshot's entries are the seq range
      -- [first_seq, first_seq + total), inserted in page order, so a page is a rowid range read.
      CREATE TABLE paging_snapshot (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        first_seq INTEGER NOT NULL,
        total INTEGER NOT NULL,
        resource_type TEXT NOT NULL,
        self_query TEXT NOT NULL,
        includes TEXT NOT NULL
      );
      CREATE INDEX paging_snapshot_by_age ON paging_snapshot (created_at);
      CREATE TABLE paging_entry (
        seq INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        version_id INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'who wrote each version',
    sql: `
      -- The staff member acting (\`Practitioner/<id>\`, the access token's or X-Practitioner's); NULL
      -- for the portal's own writes (seed, live mode, notifications). An AuditEvent is readable by
      -- the one who wrote it (access/audit-reading.ts), which its content alone cannot always say:
      -- the desk records "nobody signed in" as a display.
      ALTER TABLE resource_history ADD COLUMN actor TEXT;
      CREATE INDEX resource_history_by_actor ON resource_history (type, actor, id) WHERE actor IS NOT NULL;
    `,
  },
];
