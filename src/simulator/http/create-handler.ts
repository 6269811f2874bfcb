import { assertMayRead } from '../access/audit-reading';
import type { FhirRequest, FhirResponse, ServerContext } from './fhir-request';
import { parseActor, parsePrefer } from './request-headers';
import { resourceBody } from './resource-body';
import { resourceResponse } from './responses';

/**
 * POST [type]. With `If-None-Exist` a retried create finds the first attempt's resource and
 * answers 200 with it instead of making a second one.
 */
export function createResource(context: ServerContext, request: FhirRequest, type: string): FhirResponse {
  const resource = resourceBody(request.body, type);
  const result = context.store.create(resource, {
    ifNoneExist: request.headers['if-none-exist'],
    actor: parseActor(request.headers['x-practitioner']),
    id: request.assignedId,
  });
  const created = result.outcome === 'created';
  const stored = result.resource;
  // A create that finds an existing match answers with it: a read, and judged as one.
  if (!created) assertMayRead(context.store.db, parseActor(request.headers['x-practitioner']), stored);
  return resourceResponse(context, created ? 201 : 200, stored, {
    prefer: parsePrefer(request.headers.prefer).return,
    location: true,
    message: created
      ? `Created ${type}/${stored.id ?? ''}.`
      : `${type}/${stored.id ?? ''} already matches If-None-Exist; nothing created.`,
  });
}
