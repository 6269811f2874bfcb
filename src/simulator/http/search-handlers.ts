import type { BundleLink } from '@medplum/fhirtypes';
import { auditEventsLimitedTo, withoutOthersAuditEvents } from '../access/audit-reading';
import { requireScope } from '../access/scope-check';
import { FhirError, operationOutcome } from '../errors';
import { MAX_PAGE_SIZE, parseSearch } from '../search/parse-search';
import type { SearchPage } from '../search/search-engine';
import { assertSupportedType } from '../store/fhir-store';
import { searchsetBundle } from './bundles';
import type { FhirRequest, FhirResponse, ServerContext } from './fhir-request';
import { parseActor, parsePrefer } from './request-headers';

/** Later pages of a frozen search: an opaque snapshot id plus an offset, never rebuilt by clients. */
function pageUrl(base: string, snapshotId: string, offset: number, count: number): string {
  return `${base}?_getpages=${snapshotId}&_getpagesoffset=${offset}&_count=${count}&_bundletype=searchset`;
}

function pageLinks(base: string, page: SearchPage, self: string): BundleLink[] {
  const links: BundleLink[] = [{ relation: 'self', url: self }];
  const snapshot = page.snapshot;
  if (snapshot === undefined || page.count === 0) return links;
  if (page.offset + page.count < page.total) {
    links.push({ relation: 'next', url: pageUrl(base, snapshot.id, page.offset + page.count, page.count) });
  }
  if (page.offset > 0) {
    links.push({
      relation: 'previous',
      url: pageUrl(base, snapshot.id, Math.max(0, page.offset - page.count), page.count),
    });
  }
  return links;
}

/** What the reader may see of a page: other people's AuditEvents left out (access/audit-reading.ts). */
function visiblePart(context: ServerContext, request: FhirRequest, page: SearchPage): SearchPage {
  const reader = parseActor(request.headers['x-practitioner']);
  const db = context.store.db;
  return {
    ...page,
    matches: withoutOthersAuditEvents(db, reader, page.matches),
    included: withoutOthersAuditEvents(db, reader, page.included),
  };
}

/** GET [type]?… and POST [type]/_search. */
export function searchType(context: ServerContext, request: FhirRequest, type: string): FhirResponse {
  assertSupportedType(type);
  const lenient = parsePrefer(request.headers.prefer).lenient;
  const query = parseSearch(type, request.params, { lenient, baseUrl: context.baseUrl() });
  const limitedTo =
    type === 'AuditEvent'
      ? auditEventsLimitedTo(context.store.db, parseActor(request.headers['x-practitioner']))
      : undefined;
  if (limitedTo !== undefined) query.filters.push({ kind: 'ownAuditEvents', practitioner: limitedTo });
  const page = visiblePart(context, request, context.store.search.firstPage(query));
  const base = context.baseUrl();
  const outcome =
    query.ignored.length === 0
      ? undefined
      : operationOutcome('not-supported', `Ignored unknown search parameters: ${query.ignored.join(', ')}.`, 'warning');
  const bundle = searchsetBundle(base, page, pageLinks(base, page, `${base}/${type}?${query.selfQuery}`), outcome);
  return { status: 200, headers: {}, body: bundle };
}

const PAGE_PARAMS = new Set(['_getpages', '_getpagesoffset', '_count', '_bundletype', '_format']);

/** GET [base]?_getpages=…: a page of a snapshot taken by page one. */
export function readSearchPage(context: ServerContext, request: FhirRequest): FhirResponse {
  const get = (name: string) => request.params.find(([key]) => key === name)?.[1];
  const unknown = request.params.find(([key]) => !PAGE_PARAMS.has(key));
  if (unknown !== undefined) throw new FhirError(400, 'invalid', `Unknown parameter '${unknown[0]}' on a paging link.`);
  const id = get('_getpages') ?? '';
  const offsetText = get('_getpagesoffset') ?? '0';
  const countText = get('_count') ?? '';
  if (!/^\d{1,9}$/.test(offsetText) || !/^\d{1,4}$/.test(countText) || Number(countText) < 1) {
    throw new FhirError(
      400,
      'invalid',
      'A paging link needs _getpagesoffset ≥ 0 and _count ≥ 1: follow Bundle.link as given.',
    );
  }
  const offset = Number(offsetText);
  const count = Math.min(Number(countText), MAX_PAGE_SIZE);
  const later = context.store.search.laterPage(id, offset, count);
  if (later === undefined) {
    throw new FhirError(410, 'not-found', 'This search has expired or never existed: start the search again.');
  }
  requireScope(request, later.snapshot?.resourceType ?? '*', 's');
  const page = visiblePart(context, request, later);
  const base = context.baseUrl();
  const bundle = searchsetBundle(base, page, pageLinks(base, page, pageUrl(base, id, offset, count)));
  return { status: 200, headers: {}, body: bundle };
}
