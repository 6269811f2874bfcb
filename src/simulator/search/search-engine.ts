import type { Resource } from '@medplum/fhirtypes';
import type { SqliteDatabase } from '../store/open-store-database';
import { indexValuesOf } from './index-values';
import { createSnapshot, expireSnapshots, findSnapshot, snapshotPage } from './paging-snapshots';
import type { PagingSnapshot, SnapshotEntry } from './paging-snapshots';
import type { IncludeSpec, SearchQuery } from './search-query';
import { buildSearchSql } from './search-sql';

export interface SearchPage {
  total: number;
  offset: number;
  count: number;
  matches: SnapshotEntry[];
  included: SnapshotEntry[];
  /** Set when the result spans more than one page; later pages are read from it. */
  snapshot?: PagingSnapshot;
}

export interface SearchEngineOptions {
  nowMs: () => number;
  /** How long a paging snapshot lives; links into an expired one answer 410. */
  snapshotTtlMs: number;
}

interface RawEntry {
  type: string;
  id: string;
  version_id: number;
  last_updated: string;
  json: string;
}

const toEntry = (r: RawEntry): SnapshotEntry => ({
  type: r.type,
  id: r.id,
  versionId: r.version_id,
  lastUpdated: r.last_updated,
  json: r.json,
});

export class SearchEngine {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SearchEngineOptions,
  ) {}

  count(query: Pick<SearchQuery, 'type' | 'filters'>): number {
    const sql = buildSearchSql({ ...query, order: 'asc' });
    const row = this.db.prepare(`SELECT count(*) AS n FROM resource_current r WHERE ${sql.where}`).get(...sql.params);
    return (row as { n: number }).n;
  }

  /** Live matches in page order, straight from the current table (no snapshot). */
  matches(query: Pick<SearchQuery, 'type' | 'filters' | 'order'>, offset: number, limit: number): SnapshotEntry[] {
    const sql = buildSearchSql(query);
    const rows = this.db
      .prepare(
        `SELECT r.type, r.id, r.version_id, r.last_updated, r.json FROM resource_current r
         WHERE ${sql.where} ORDER BY ${sql.orderBy} LIMIT ? OFFSET ?`,
      )
      .all(...sql.params, limit, offset) as RawEntry[];
    return rows.map(toEntry);
  }

  /**
   * Page one. A result that fits in one page is read directly; a longer one is frozen first, so
   * page one and every later page come from the same list.
   */
  firstPage(query: SearchQuery): SearchPage {
    return this.db.transaction((): SearchPage => {
      if (query.count === 0) return { total: this.count(query), offset: 0, count: 0, matches: [], included: [] };
      // One row more than a page tells whether a snapshot is needed, without counting first.
      const probe = this.matches(query, 0, query.count + 1);
      if (probe.length <= query.count) {
        return {
          total: probe.length,
          offset: 0,
          count: query.count,
          matches: probe,
          included: this.included(probe, query.includes),
        };
      }
      const now = this.options.nowMs();
      expireSnapshots(this.db, now - this.options.snapshotTtlMs);
      const snapshot = createSnapshot(this.db, buildSearchSql(query), {
        resourceType: query.type,
        selfQuery: query.selfQuery,
        includes: query.includes,
        createdAt: now,
      });
      const matches = snapshotPage(this.db, snapshot.id, 0, query.count);
      return {
        total: snapshot.total,
        offset: 0,
        count: query.count,
        matches,
        included: this.included(matches, query.includes),
        snapshot,
      };
    })();
  }

  /** A later page of a frozen search, or undefined when the snapshot expired or never existed. */
  laterPage(snapshotId: string, offset: number, count: number): SearchPage | undefined {
    const snapshot = findSnapshot(this.db, snapshotId);
    if (snapshot === undefined) return undefined;
    const matches = snapshotPage(this.db, snapshotId, offset, count);
    return {
      total: snapshot.total,
      offset,
      count,
      matches,
      included: this.included(matches, snapshot.includes),
      snapshot,
    };
  }

  /**
   * `_include` targets, read from the versions being served (not the index, which follows the
   * newest version) and fetched as they are now; deleted targets are left out.
   */
  included(matches: readonly SnapshotEntry[], includes: readonly IncludeSpec[]): SnapshotEntry[] {
    if (includes.length === 0) return [];
    const served = new Set(matches.map((m) => `${m.type}/${m.id}`));
    const wanted = new Set<string>();
    for (const match of matches) {
      const refs = indexValuesOf(JSON.parse(match.json) as Resource).references;
      for (const include of includes) {
        for (const ref of refs) {
          if (ref.name !== include.param) continue;
          if (include.targetType !== undefined && !ref.target.startsWith(`${include.targetType}/`)) continue;
          if (!served.has(ref.target)) wanted.add(ref.target);
        }
      }
    }
    const read = this.db.prepare<[string, string], RawEntry>(
      `SELECT type, id, version_id, last_updated, json FROM resource_current WHERE type = ? AND id = ? AND deleted = 0`,
    );
    const out: SnapshotEntry[] = [];
    for (const target of wanted) {
      const [type = '', id = ''] = target.split('/');
      const row = read.get(type, id);
      if (row !== undefined) out.push(toEntry(row));
    }
    return out;
  }
}
