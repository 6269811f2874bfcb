import { requireScope } from '../access/scope-check';
import { capabilityStatement } from '../capability-statement';
import { FhirError, messageOf } from '../errors';
import { assertSupportedType } from '../store/fhir-store';
import { processBundle } from './bundle-handler';
import { createResource } from './create-handler';
import type { FhirRequest, FhirResponse, ServerContext } from './fhir-request';
import { readHistory } from './history-handler';
import { deleteResource, patchResource, readResource, updateResource, vreadResource } from './instance-handlers';
import { acceptsJson } from './request-headers';
import { errorResponse, methodNotAllowed } from './responses';
import { readSearchPage, searchType } from './search-handlers';

function only(request: FhirRequest, allowed: readonly string[]): void {
  if (!allowed.includes(request.method)) throw methodNotAllowed(request.method, allowed);
}

function dispatch(context: ServerContext, request: FhirRequest): FhirResponse {
  const { segments, method } = request;
  const [first, second, third, fourth, ...rest] = segments;
  if (first === undefined) {
    only(request, ['GET', 'POST']);
    if (method === 'POST') return processBundle(context, request, (entry) => routeFhirRequest(context, entry));
    if (request.params.some(([key]) => key === '_getpages')) return readSearchPage(context, request);
    throw new FhirError(400, 'not-supported', 'Search across all types is not supported: search one type.');
  }
  if (first === 'metadata' && second === undefined) {
    only(request, ['GET']);
    return {
      status: 200,
      headers: {},
      body: capabilityStatement(context.baseUrl(), context.now(), context.security?.()),
    };
  }
  if (first === '_history' && second === undefined) {
    only(request, ['GET']);
    // Every type's changes at once: a search of them all.
    requireScope(request, '*', 's');
    return readHistory(context, request);
  }
  assertSupportedType(first);
  if (second === undefined) {
    only(request, ['GET', 'POST']);
    requireScope(request, first, method === 'GET' ? 's' : 'c');
    return method === 'GET' ? searchType(context, request, first) : createResource(context, request, first);
  }
  if (second === '_search' && third === undefined) {
    only(request, ['POST']);
    requireScope(request, first, 's');
    return searchType(context, request, first);
  }
  if (second === '_history' && third === undefined) {
    only(request, ['GET']);
    requireScope(request, first, 's');
    return readHistory(context, request, first);
  }
  if (third === undefined) {
    only(request, ['GET', 'PUT', 'PATCH', 'DELETE']);
    if (method === 'GET') {
      requireScope(request, first, 'r');
      return readResource(context, request, first, second);
    }
    if (method === 'PUT') {
      requireScope(request, first, 'u');
      // An update that creates (nothing live under the id) is a create as well.
      if (context.store.tables.live(first, second) === undefined) requireScope(request, first, 'c');
      return updateResource(context, request, first, second);
    }
    if (method === 'PATCH') {
      requireScope(request, first, 'u');
      return patchResource(context, request, first, second);
    }
    requireScope(request, first, 'd');
    return deleteResource(context, request, first, second);
  }
  if (third === '_history' && rest.length === 0) {
    only(request, ['GET']);
    requireScope(request, first, 'r');
    return fourth === undefined
      ? readHistory(context, request, first, second)
      : vreadResource(context, request, first, second, fourth);
  }
  throw new FhirError(404, 'not-found', `No FHIR endpoint at /${segments.join('/')}.`);
}

/**
 * Every interaction, whatever carried it in, ends here; a refusal becomes its OperationOutcome
 * and anything unexpected a 500 that says what broke (this is a test double, not a vault).
 */
export function routeFhirRequest(context: ServerContext, request: FhirRequest): FhirResponse {
  try {
    if (!acceptsJson(request.headers.accept)) {
      throw new FhirError(406, 'not-supported', 'This server answers application/fhir+json only.');
    }
    return dispatch(context, request);
  } catch (error) {
    if (error instanceof FhirError) return errorResponse(error);
    return errorResponse(new FhirError(500, 'exception', `Unexpected server error: ${messageOf(error)}`));
  }
}
