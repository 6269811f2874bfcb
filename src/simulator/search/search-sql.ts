import { ownAuditEventsSql } from '../access/audit-reading';
import type { SearchFilter, SearchQuery } from './search-query';

export type SqlValue = string | number;

export interface SearchSql {
  /** Conditions on `resource_current r`, live rows of the type only. */
  where: string;
  params: SqlValue[];
  orderBy: string;
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * Each indexed filter is `r.id IN (subquery on its index table)`: SQLite then either walks the
 * (type, deleted, last_updated, id) index in page order and probes, or drives from the index
 * lookup, whichever its planner estimates cheaper.
 */
function filterSql(type: string, filter: SearchFilter): { sql: string; params: SqlValue[] } {
  switch (filter.kind) {
    case 'id':
      return { sql: `r.id IN (${placeholders(filter.ids.length)})`, params: filter.ids };
    case 'lastUpdated': {
      const params: SqlValue[] = [];
      const alternatives = filter.anyOf.map((bounds) => {
        params.push(...bounds.map((b) => b.value));
        return `(${bounds.map((b) => `r.last_updated ${b.op} ?`).join(' AND ')})`;
      });
      return { sql: `(${alternatives.join(' OR ')})`, params };
    }
    case 'token': {
      const params: SqlValue[] = [type, filter.name];
      const alternatives = filter.anyOf.map((t) => {
        const parts: string[] = [];
        if (t.code !== undefined) {
          parts.push('code = ?');
          params.push(t.code);
        }
        if (t.system !== undefined) {
          parts.push('system = ?');
          params.push(t.system);
        }
        return `(${parts.join(' AND ')})`;
      });
      return {
        sql: `r.id IN (SELECT id FROM search_token WHERE type = ? AND name = ? AND (${alternatives.join(' OR ')}))`,
        params,
      };
    }
    case 'reference':
      if (filter.targets.length === 0) return { sql: '0', params: [] };
      return {
        sql: `r.id IN (SELECT id FROM search_reference WHERE type = ? AND name = ? AND target IN (${placeholders(filter.targets.length)}))`,
        params: [type, filter.name, ...filter.targets],
      };
    case 'string': {
      const params: SqlValue[] = [type, filter.name];
      const alternatives = filter.anyOf.map((value) => {
        if (filter.exact) {
          params.push(value);
          return 'exact = ?';
        }
        // A prefix as a range keeps the index usable, which LIKE with its case folding would not.
        params.push(value, `${value}\u{10ffff}`);
        return '(normalized >= ? AND normalized < ?)';
      });
      return {
        sql: `r.id IN (SELECT id FROM search_string WHERE type = ? AND name = ? AND (${alternatives.join(' OR ')}))`,
        params,
      };
    }
    case 'ownAuditEvents':
      return ownAuditEventsSql('r', filter.practitioner);
  }
}

export function buildSearchSql(query: Pick<SearchQuery, 'type' | 'filters' | 'order'>): SearchSql {
  const conditions = ['r.type = ?', 'r.deleted = 0'];
  const params: SqlValue[] = [query.type];
  for (const filter of query.filters) {
    const part = filterSql(query.type, filter);
    conditions.push(part.sql);
    params.push(...part.params);
  }
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  return {
    where: conditions.join(' AND '),
    params,
    orderBy: `r.last_updated ${direction}, r.id ${direction}`,
  };
}
