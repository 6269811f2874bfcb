import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../store/open-store-database';
import type { IncludeSpec } from './search-query';
import type { SearchSql } from './search-sql';

export interface PagingSnapshot {
  id: string;
  total: number;
  resourceType: string;
  selfQuery: string;
  includes: IncludeSpec[];
}

export interface SnapshotEntry {
  type: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  json: string;
}

/**
 * Freezes the full match list — (type, id, version) in page order — in one INSERT … SELECT, so
 * later pages serve exactly these versions whatever is written meanwhile: no skips, no repeats.
 * The rows get consecutive seqs in page order; a page is then a range of them.
 */
export function createSnapshot(
  db: SqliteDatabase,
  sql: SearchSql,
  meta: { resourceType: string; selfQuery: string; includes: IncludeSpec[]; createdAt: number },
): PagingSnapshot {
  const id = randomUUID();
  return db.transaction(() => {
    const inserted = db
      .prepare(
        `INSERT INTO paging_entry (type, id, version_id)
         SELECT r.type, r.id, r.version_id FROM resource_current r WHERE ${sql.where} ORDER BY ${sql.orderBy}`,
      )
      .run(...sql.params);
    const total = inserted.changes;
    const firstSeq = Number(inserted.lastInsertRowid) - total + 1;
    db.prepare(
      `INSERT INTO paging_snapshot (id, created_at, first_seq, total, resource_type, self_query, includes)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, meta.createdAt, firstSeq, total, meta.resourceType, meta.selfQuery, JSON.stringify(meta.includes));
    return { id, total, resourceType: meta.resourceType, selfQuery: meta.selfQuery, includes: meta.includes };
  })();
}

interface SnapshotRow {
  id: string;
  first_seq: number;
  total: number;
  resource_type: string;
  self_query: string;
  includes: string;
}

function snapshotRow(db: SqliteDatabase, id: string): SnapshotRow | undefined {
  return db
    .prepare('SELECT id, first_seq, total, resource_type, self_query, includes FROM paging_snapshot WHERE id = ?')
    .get(id) as SnapshotRow | undefined;
}

export function findSnapshot(db: SqliteDatabase, id: string): PagingSnapshot | undefined {
  const row = snapshotRow(db, id);
  if (row === undefined) return undefined;
  return {
    id: row.id,
    total: row.total,
    resourceType: row.resource_type,
    selfQuery: row.self_query,
    includes: JSON.parse(row.includes) as IncludeSpec[],
  };
}

/** The frozen versions at [offset, offset + count), read from history where every version lives. */
export function snapshotPage(db: SqliteDatabase, id: string, offset: number, count: number): SnapshotEntry[] {
  const snapshot = snapshotRow(db, id);
  if (snapshot === undefined) return [];
  const from = snapshot.first_seq + offset;
  const to = snapshot.first_seq + Math.min(offset + count, snapshot.total);
  const rows = db
    .prepare(
      `SELECT h.type, h.id, h.version_id, h.last_updated, h.json
       FROM paging_entry p JOIN resource_history h
         ON h.type = p.type AND h.id = p.id AND h.version_id = p.version_id
       WHERE p.seq >= ? AND p.seq < ?
       ORDER BY p.seq`,
    )
    .all(from, to) as { type: string; id: string; version_id: number; last_updated: string; json: string }[];
  return rows.map((r) => ({
    type: r.type,
    id: r.id,
    versionId: r.version_id,
    lastUpdated: r.last_updated,
    json: r.json,
  }));
}

/** Drops snapshots created before `createdBefore` (ms); their links then answer 410. */
export function expireSnapshots(db: SqliteDatabase, createdBefore: number): void {
  db.transaction(() => {
    const expired = db
      .prepare('SELECT id, first_seq, total FROM paging_snapshot WHERE created_at < ?')
      .all(createdBefore) as { id: string; first_seq: number; total: number }[];
    const dropEntries = db.prepare('DELETE FROM paging_entry WHERE seq >= ? AND seq < ?');
    const dropSnapshot = db.prepare('DELETE FROM paging_snapshot WHERE id = ?');
    for (const s of expired) {
      dropEntries.run(s.first_seq, s.first_seq + s.total);
      dropSnapshot.run(s.id);
    }
  })();
}
