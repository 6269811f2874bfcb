import type { Bundle, BundleEntry, BundleLink, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { SnapshotEntry } from '../search/paging-snapshots';
import type { HistoryRow } from '../store/resource-tables';

const parse = (json: string): Resource => JSON.parse(json) as Resource;

export function searchsetBundle(
  base: string,
  page: { total: number; matches: readonly SnapshotEntry[]; included: readonly SnapshotEntry[] },
  links: BundleLink[],
  outcome?: OperationOutcome,
): Bundle {
  const entry: BundleEntry[] = [
    ...page.matches.map((m) => ({
      fullUrl: `${base}/${m.type}/${m.id}`,
      resource: parse(m.json),
      search: { mode: 'match' as const },
    })),
    ...page.included.map((m) => ({
      fullUrl: `${base}/${m.type}/${m.id}`,
      resource: parse(m.json),
      search: { mode: 'include' as const },
    })),
  ];
  if (outcome !== undefined) entry.push({ resource: outcome, search: { mode: 'outcome' } });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: page.total,
    link: links,
    ...(entry.length > 0 ? { entry } : {}),
  };
}

const RESPONSE_STATUS: Record<HistoryRow['method'], string> = {
  POST: '201 Created',
  PUT: '200 OK',
  PATCH: '200 OK',
  DELETE: '204 No Content',
};

/** R4 history entries: the version (none for a delete) plus the request that made it. */
export function historyBundle(base: string, total: number, rows: readonly HistoryRow[], links: BundleLink[]): Bundle {
  const entry: BundleEntry[] = rows.map((row) => ({
    fullUrl: `${base}/${row.type}/${row.id}`,
    ...(row.json === null ? {} : { resource: parse(row.json) }),
    request: { method: row.method, url: row.method === 'POST' ? row.type : `${row.type}/${row.id}` },
    response: {
      status: RESPONSE_STATUS[row.method],
      etag: `W/"${row.versionId}"`,
      lastModified: row.lastUpdated,
    },
  }));
  return {
    resourceType: 'Bundle',
    type: 'history',
    total,
    link: links,
    ...(entry.length > 0 ? { entry } : {}),
  };
}
