import { assertMayRead } from '../access/audit-reading';
import { FhirError } from '../errors';
import { parseJsonPatch } from '../store/json-patch';
import type { FhirRequest, FhirResponse, ServerContext } from './fhir-request';
import { parseActor, parseIfMatch, parseIfNoneMatchVersion, parsePrefer } from './request-headers';
import { resourceBody } from './resource-body';
import { resourceResponse, versionHeaders } from './responses';

export function readResource(context: ServerContext, request: FhirRequest, type: string, id: string): FhirResponse {
  const resource = context.store.read(type, id);
  assertMayRead(context.store.db, parseActor(request.headers['x-practitioner']), resource);
  const held = parseIfNoneMatchVersion(request.headers['if-none-match']);
  if (held !== undefined && (held === '*' || String(held) === resource.meta?.versionId)) {
    return { status: 304, headers: versionHeaders(resource) };
  }
  return resourceResponse(context, 200, resource);
}

export function vreadResource(
  context: ServerContext,
  request: FhirRequest,
  type: string,
  id: string,
  versionId: string,
): FhirResponse {
  const resource = context.store.vread(type, id, versionId);
  assertMayRead(context.store.db, parseActor(request.headers['x-practitioner']), resource);
  return resourceResponse(context, 200, resource);
}

export function updateResource(context: ServerContext, request: FhirRequest, type: string, id: string): FhirResponse {
  const resource = resourceBody(request.body, type);
  if (resource.id === undefined)
    throw new FhirError(400, 'required', 'An update needs the id in the body (R4 http.html).');
  if (resource.id !== id)
    throw new FhirError(400, 'invalid', `The body's id ${resource.id} differs from the URL's ${id}.`);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new FhirError(400, 'invalid', 'On an update only If-None-Match: * is supported.');
  }
  const result = context.store.update(resource, {
    ifMatch: parseIfMatch(request.headers['if-match']),
    ifNoneMatch: ifNoneMatch === undefined ? undefined : '*',
    actor: parseActor(request.headers['x-practitioner']),
  });
  const created = result.outcome === 'created';
  return resourceResponse(context, created ? 201 : 200, result.resource, {
    prefer: parsePrefer(request.headers.prefer).return,
    location: created,
    message: `${created ? 'Created' : 'Updated'} ${type}/${id} version ${result.resource.meta?.versionId ?? ''}.`,
  });
}

export function patchResource(context: ServerContext, request: FhirRequest, type: string, id: string): FhirResponse {
  if (request.body === undefined)
    throw new FhirError(400, 'required', 'A JSON Patch document is required in the body.');
  const operations = parseJsonPatch(request.body);
  const result = context.store.patch(type, id, operations, {
    ifMatch: parseIfMatch(request.headers['if-match']),
    actor: parseActor(request.headers['x-practitioner']),
  });
  return resourceResponse(context, 200, result.resource, {
    prefer: parsePrefer(request.headers.prefer).return,
    message: `Patched ${type}/${id} to version ${result.resource.meta?.versionId ?? ''}.`,
  });
}

/** 204 by default; `Prefer: return=OperationOutcome` gets 200 with one. Deleting twice is not an error. */
export function deleteResource(context: ServerContext, request: FhirRequest, type: string, id: string): FhirResponse {
  const result = context.store.delete(type, id, {
    ifMatch: parseIfMatch(request.headers['if-match']),
    actor: parseActor(request.headers['x-practitioner']),
  });
  const headers = { ETag: `W/"${result.versionId}"` };
  if (parsePrefer(request.headers.prefer).return !== 'OperationOutcome') return { status: 204, headers };
  const message = result.deleted ? `Deleted ${type}/${id}.` : `${type}/${id} was already deleted.`;
  return {
    status: 200,
    headers,
    body: {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', diagnostics: message }],
    },
  };
}
