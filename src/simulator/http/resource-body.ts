import type { Resource } from '@medplum/fhirtypes';
import { FhirError } from '../errors';

/** The request body as a resource of the type the URL names; 400 when it is not one. */
export function resourceBody(body: unknown, expectedType: string): Resource {
  if (body === undefined) throw new FhirError(400, 'required', `A ${expectedType} resource is required in the body.`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FhirError(400, 'structure', 'The body must be a JSON object holding a FHIR resource.');
  }
  const resourceType = (body as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') throw new FhirError(400, 'structure', 'The body has no resourceType.');
  if (resourceType !== expectedType) {
    throw new FhirError(400, 'invalid', `The body is a ${resourceType} but the URL names ${expectedType}.`);
  }
  return body as Resource;
}
