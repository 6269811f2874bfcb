import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Binary, Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { FhirError } from '../errors';
import type { IssueCode } from '../errors';
import { forEachReference } from '../fhir-references';
import { parseSearch } from '../search/parse-search';
import { assertSupportedType } from '../store/fhir-store';
import type { FhirRequest, FhirResponse, ServerContext } from './fhir-request';
import { resourceBody } from './resource-body';

export type Route = (request: FhirRequest) => FhirResponse;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** R4 http.html §transaction: deletes, then creates, then updates, then reads. */
const TRANSACTION_ORDER: Record<Method, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3 };

interface PlannedEntry {
  index: number;
  method: Method;
  request: FhirRequest;
  fullUrl?: string;
}

function entryError(index: number, message: string): FhirError {
  return new FhirError(400, 'invalid', `Bundle entry ${index}: ${message}`);
}

/** The entry's url as path segments and parameters below this server's base. */
function parseEntryUrl(base: string, url: string, index: number): Pick<FhirRequest, 'segments' | 'params'> {
  let parsed: URL;
  try {
    parsed = new URL(url, `${base}/`);
  } catch {
    throw entryError(index, `request.url '${url}' is not a URL.`);
  }
  const basePath = new URL(`${base}/`);
  if (parsed.origin !== basePath.origin || !parsed.pathname.startsWith(basePath.pathname)) {
    throw entryError(index, `request.url '${url}' is not on this server.`);
  }
  const segments = parsed.pathname
    .slice(basePath.pathname.length)
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  if (segments.length === 0) throw entryError(index, 'nested batch or transaction Bundles are not supported.');
  return { segments, params: [...parsed.searchParams] };
}

/** A PATCH entry carries its JSON Patch as a Binary (R4 has no other way to put one in a Bundle). */
function patchDocument(resource: Resource | undefined, index: number): unknown {
  const binary = resource as Binary | undefined;
  if (binary?.resourceType !== 'Binary' || binary.contentType !== 'application/json-patch+json') {
    throw entryError(index, 'a PATCH entry needs a Binary resource of contentType application/json-patch+json.');
  }
  try {
    return JSON.parse(Buffer.from(binary.data ?? '', 'base64').toString('utf8')) as unknown;
  } catch {
    throw new FhirError(400, 'structure', `Bundle entry ${index}: the Binary's data is not a JSON Patch document.`);
  }
}

function planEntries(context: ServerContext, outer: FhirRequest, entries: readonly BundleEntry[]): PlannedEntry[] {
  return entries.map((entry, index) => {
    const method = entry.request?.method;
    const url = entry.request?.url;
    if (method === undefined || !METHODS.has(method) || url === undefined) {
      throw entryError(index, 'request.method (GET, POST, PUT, PATCH or DELETE) and request.url are required.');
    }
    const target = parseEntryUrl(context.baseUrl(), url, index);
    const headers: Record<string, string | undefined> = {
      prefer: outer.headers.prefer,
      'x-practitioner': outer.headers['x-practitioner'],
      'if-match': entry.request?.ifMatch,
      'if-none-match': entry.request?.ifNoneMatch,
      'if-none-exist': entry.request?.ifNoneExist,
    };
    const body = method === 'PATCH' ? patchDocument(entry.resource, index) : entry.resource;
    // Each entry is judged with the token's scopes as a request of its own would be.
    const scopes = outer.scopes === undefined ? {} : { scopes: outer.scopes };
    return {
      index,
      method: method as Method,
      fullUrl: entry.fullUrl,
      request: { method, ...target, headers, body, ...scopes },
    };
  });
}

function responseEntry(response: FhirResponse): BundleEntry {
  const body = response.body;
  const isOutcome = body?.resourceType === 'OperationOutcome';
  const meta = isOutcome ? undefined : body?.meta;
  return {
    ...(body !== undefined && !isOutcome ? { resource: body } : {}),
    response: {
      status: `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim(),
      ...(response.headers.Location !== undefined ? { location: response.headers.Location } : {}),
      ...(response.headers.ETag !== undefined ? { etag: response.headers.ETag } : {}),
      ...(meta?.lastUpdated !== undefined ? { lastModified: meta.lastUpdated } : {}),
      ...(isOutcome ? { outcome: body } : {}),
    },
  };
}

/**
 * Gives each `urn:uuid:` POST its id before anything is written (the existing one when its
 * If-None-Exist matches), then rewrites every reference to those urns, so entries may point at
 * each other in any order.
 */
function resolveUrnReferences(context: ServerContext, planned: PlannedEntry[]): void {
  const ids = new Map<string, string>();
  for (const entry of planned) {
    if (entry.method !== 'POST' || entry.fullUrl?.startsWith('urn:uuid:') !== true) continue;
    const type = entry.request.segments[0] ?? '';
    assertSupportedType(type);
    let id: string | undefined;
    const ifNoneExist = entry.request.headers['if-none-exist'];
    if (ifNoneExist !== undefined) {
      const query = parseSearch(type, [...new URLSearchParams(ifNoneExist)]);
      const found = context.store.search.matches(query, 0, 2);
      if (found.length === 1) id = found[0]?.id;
    }
    id ??= randomUUID();
    entry.request.assignedId = id;
    ids.set(entry.fullUrl, `${type}/${id}`);
  }
  if (ids.size === 0) return;
  for (const entry of planned) {
    if (entry.request.body === undefined) continue;
    const body = structuredClone(entry.request.body);
    forEachReference(body, (holder) => {
      const resolved = ids.get(holder.reference);
      if (resolved !== undefined) holder.reference = resolved;
    });
    entry.request.body = body;
  }
}

function issueCodeOf(response: FhirResponse): IssueCode {
  const outcome = response.body as OperationOutcome | undefined;
  return (outcome?.issue?.[0]?.code as IssueCode | undefined) ?? 'processing';
}

function diagnosticsOf(response: FhirResponse): string {
  const outcome = response.body as OperationOutcome | undefined;
  return outcome?.issue?.[0]?.diagnostics ?? `status ${response.status}`;
}

/** POST [base] with a `batch` (entries independent) or `transaction` (all or nothing) Bundle. */
export function processBundle(context: ServerContext, request: FhirRequest, route: Route): FhirResponse {
  const bundle = resourceBody(request.body, 'Bundle') as Bundle;
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw new FhirError(
      400,
      'invalid',
      `POST to the base takes a batch or transaction Bundle, not ${bundle.type ?? 'none'}.`,
    );
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) {
    throw new FhirError(400, 'structure', 'Bundle.entry must be an array.');
  }
  const entries = bundle.entry ?? [];

  if (bundle.type === 'batch') {
    // Each entry stands alone: a malformed one gets its own 400 and the others still run.
    const responses = entries.map((entry) => {
      try {
        const [planned] = planEntries(context, request, [entry]);
        if (planned === undefined) throw new FhirError(400, 'invalid', 'Empty batch entry.');
        return responseEntry(route(planned.request));
      } catch (error) {
        if (!(error instanceof FhirError)) throw error;
        return responseEntry({
          status: error.status,
          headers: {},
          body: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: error.code, diagnostics: error.message }],
          },
        });
      }
    });
    return { status: 200, headers: {}, body: { resourceType: 'Bundle', type: 'batch-response', entry: responses } };
  }

  const responses = context.store.transaction(() => {
    const planned = planEntries(context, request, entries);
    resolveUrnReferences(context, planned);
    const ordered = [...planned].sort(
      (a, b) => TRANSACTION_ORDER[a.method] - TRANSACTION_ORDER[b.method] || a.index - b.index,
    );
    const out = new Array<BundleEntry>(planned.length);
    for (const entry of ordered) {
      const response = route(entry.request);
      if (response.status >= 400) {
        // Throwing rolls back every entry already written: a transaction is all or nothing.
        throw new FhirError(
          response.status,
          issueCodeOf(response),
          `Transaction failed at entry ${entry.index} (${entry.method} ${entry.request.segments.join('/')}): ${diagnosticsOf(response)}`,
        );
      }
      out[entry.index] = responseEntry(response);
    }
    return out;
  });
  return { status: 200, headers: {}, body: { resourceType: 'Bundle', type: 'transaction-response', entry: responses } };
}
