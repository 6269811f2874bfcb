import { ownAuditEventsSql } from '../access/audit-reading';
import type { SqliteDatabase } from './open-store-database';
import { toHistoryRow } from './resource-tables';
import type { HistoryRow, WriteMethod } from './resource-tables';

export interface HistoryQuery {
  /** Both unset: system level; type only: type level; both: one resource. */
  type?: string;
  id?: string;
  /** ISO instant: versions written at or after it. */
  since?: string;
  /**
   * The newest write seq the page chain may show, fixed at page one: history only grows, so this
   * makes offsets stable while new versions keep arriving.
   */
  maxSeq: number;
  offset: number;
  count: number;
  /** `Practitioner/<id>` whose own AuditEvents alone are listed (access/audit-reading.ts); others' are left out. */
  auditEventsOf?: string;
}

export function latestSeq(db: SqliteDatabase): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM resource_history').get() as { seq: number }).seq;
}

/** One page of history, newest first (R4 http.html: "sorted with oldest versions last"). */
export function historyPage(db: SqliteDatabase, query: HistoryQuery): { total: number; rows: HistoryRow[] } {
  const conditions = ['seq <= ?'];
  const params: (string | number)[] = [query.maxSeq];
  if (query.type !== undefined) {
    conditions.push('type = ?');
    params.push(query.type);
  }
  if (query.id !== undefined) {
    conditions.push('id = ?');
    params.push(query.id);
  }
  if (query.since !== undefined) {
    conditions.push('last_updated >= ?');
    params.push(query.since);
  }
  if (query.auditEventsOf !== undefined) {
    const own = ownAuditEventsSql('resource_history', query.auditEventsOf);
    conditions.push(`(type <> 'AuditEvent' OR ${own.sql})`);
    params.push(...own.params);
  }
  const where = conditions.join(' AND ');
  // Seeded rows may carry older lastUpdated values than their seq suggests, so time leads the order.
  const orderBy = query.id !== undefined ? 'version_id DESC' : 'last_updated DESC, seq DESC';
  const total = (
    db.prepare(`SELECT count(*) AS n FROM resource_history WHERE ${where}`).get(...params) as { n: number }
  ).n;
  const raw = db
    .prepare(
      `SELECT seq, type, id, version_id, last_updated, method, json FROM resource_history
       WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    )
    .all(...params, query.count, query.offset) as {
    seq: number;
    type: string;
    id: string;
    version_id: number;
    last_updated: string;
    method: WriteMethod;
    json: string | null;
  }[];
  return { total, rows: raw.map(toHistoryRow) };
}
