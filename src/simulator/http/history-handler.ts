import type { BundleLink, Resource } from '@medplum/fhirtypes';
import { assertMayRead, auditEventsLimitedTo } from '../access/audit-reading';
import { FhirError } from '../errors';
import { parseDateRange } from '../search/last-updated';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../search/parse-search';
import { assertSupportedType } from '../store/fhir-store';
import { historyBundle } from './bundles';
import type { FhirRequest, FhirResponse, ServerContext } from './fhir-request';
import { parseActor } from './request-headers';

const HISTORY_PARAMS = new Set(['_since', '_count', '_page', '_format']);

/**
 * GET [base]/_history, [type]/_history and [type]/[id]/_history, newest first. `_page` is the
 * server's own cursor (newest seq at page one, offset): history only grows, so offsets under a
 * fixed seq never shift while pages are read.
 */
export function readHistory(context: ServerContext, request: FhirRequest, type?: string, id?: string): FhirResponse {
  if (type !== undefined) assertSupportedType(type);
  const get = (name: string) => request.params.find(([key]) => key === name)?.[1];
  const unknown = request.params.find(([key]) => !HISTORY_PARAMS.has(key));
  if (unknown !== undefined) throw new FhirError(400, 'invalid', `Unsupported _history parameter '${unknown[0]}'.`);

  const sinceText = get('_since');
  const since = sinceText === undefined ? undefined : new Date(parseDateRange(sinceText, '_since').start).toISOString();
  const countText = get('_count') ?? String(DEFAULT_PAGE_SIZE);
  if (!/^\d{1,9}$/.test(countText))
    throw new FhirError(400, 'invalid', `_count must be a whole number, not ${countText}.`);
  const count = Math.min(Number(countText), MAX_PAGE_SIZE);
  const pageText = get('_page');
  const cursor = pageText === undefined ? undefined : /^(\d{1,15})\.(\d{1,9})$/.exec(pageText);
  if (cursor === null) throw new FhirError(400, 'invalid', '_page is not a cursor this server issued.');
  const offset = cursor === undefined ? 0 : Number(cursor[2]);

  const reader = parseActor(request.headers['x-practitioner']);
  if (type !== undefined && id !== undefined) {
    const current = context.store.tables.current(type, id);
    if (current === undefined) throw new FhirError(404, 'not-found', `${type}/${id} does not exist.`);
    const first = context.store.tables.version(type, id, 1)?.json;
    // Whose the record is was settled by its first version (an AuditEvent is write-once).
    if (type === 'AuditEvent' && first != null) assertMayRead(context.store.db, reader, JSON.parse(first) as Resource);
  }
  const wholeTypes = id === undefined && (type === undefined || type === 'AuditEvent');
  const auditEventsOf = wholeTypes ? auditEventsLimitedTo(context.store.db, reader) : undefined;
  const page = context.store.history({
    ...(auditEventsOf === undefined ? {} : { auditEventsOf }),
    type,
    id,
    since,
    offset,
    count,
    maxSeq: cursor === undefined ? undefined : Number(cursor[1]),
  });

  const base = context.baseUrl();
  const path = [base, type, id, '_history'].filter((p) => p !== undefined).join('/');
  const url = (at: number) => {
    const params = new URLSearchParams();
    if (sinceText !== undefined) params.set('_since', sinceText);
    params.set('_count', String(count));
    params.set('_page', `${page.maxSeq}.${at}`);
    return `${path}?${params.toString()}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: url(offset) }];
  if (count > 0 && offset + count < page.total) links.push({ relation: 'next', url: url(offset + count) });
  if (offset > 0) links.push({ relation: 'previous', url: url(Math.max(0, offset - count)) });
  return { status: 200, headers: {}, body: historyBundle(base, page.total, page.rows, links) };
}
