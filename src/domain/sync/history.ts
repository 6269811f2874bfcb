/** One entry of a `_history` Bundle, reduced to what delete detection needs. */
export interface HistoryEntry {
  resourceType: string;
  id: string;
  method: string;
  /** `response.lastModified`: when the server made this version. */
  lastModified: string | undefined;
}

export interface DeletedResource {
  resourceType: string;
  id: string;
  deletedAt: string | undefined;
}

/**
 * The resources whose newest version in a history read is a DELETE. Entries come newest first (as
 * FHIR orders `_history`), so the first entry seen for a resource is its current state: a resource
 * deleted and then created again under the same id is not deleted.
 */
export function deletedResources(entriesNewestFirst: Iterable<HistoryEntry>): DeletedResource[] {
  const seen = new Set<string>();
  const deleted: DeletedResource[] = [];
  for (const entry of entriesNewestFirst) {
    const key = `${entry.resourceType}/${entry.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (entry.method === 'DELETE') {
      deleted.push({ resourceType: entry.resourceType, id: entry.id, deletedAt: entry.lastModified });
    }
  }
  return deleted;
}

/** `fullUrl` or `request.url` of a history entry → type and id (`…/Patient/p1`, `Patient/p1/_history/3`). */
export function typeAndIdFromUrl(url: string | undefined): { resourceType: string; id: string } | undefined {
  if (url === undefined) return undefined;
  const path = url.split('?')[0] ?? '';
  const parts = path.split('/').filter((p) => p !== '');
  const historyAt = parts.lastIndexOf('_history');
  const tail = historyAt >= 0 ? parts.slice(0, historyAt) : parts;
  const id = tail[tail.length - 1];
  const resourceType = tail[tail.length - 2];
  if (id === undefined || resourceType === undefined || !/^[A-Z][A-Za-z]+$/.test(resourceType)) return undefined;
  return { resourceType, id };
}
