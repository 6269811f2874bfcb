import type { Resource } from '@medplum/fhirtypes';
import { FhirError, operationOutcome } from '../errors';
import type { IssueCode } from '../errors';
import type { FhirResponse, ServerContext } from './fhir-request';
import type { ReturnPreference } from './request-headers';

export function errorResponse(error: FhirError): FhirResponse {
  return { status: error.status, headers: { ...error.headers }, body: operationOutcome(error.code, error.message) };
}

export function outcomeResponse(status: number, code: IssueCode, message: string): FhirResponse {
  return errorResponse(new FhirError(status, code, message));
}

export function methodNotAllowed(method: string, allowed: readonly string[]): FhirError {
  return new FhirError(405, 'not-supported', `${method} is not allowed here; use ${allowed.join(', ')}.`, {
    Allow: allowed.join(', '),
  });
}

export function versionUrl(context: ServerContext, resource: Resource): string {
  return `${context.baseUrl()}/${resource.resourceType}/${resource.id ?? ''}/_history/${resource.meta?.versionId ?? ''}`;
}

/** ETag and Last-Modified of a stored version (R4 http.html: weak ETag with the versionId). */
export function versionHeaders(resource: Resource): Record<string, string> {
  const headers: Record<string, string> = {};
  if (resource.meta?.versionId !== undefined) headers.ETag = `W/"${resource.meta.versionId}"`;
  if (resource.meta?.lastUpdated !== undefined)
    headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  return headers;
}

/** A read or write answer, shaped by `Prefer: return=`. */
export function resourceResponse(
  context: ServerContext,
  status: number,
  resource: Resource,
  options: { prefer?: ReturnPreference; location?: boolean; message?: string } = {},
): FhirResponse {
  const url = versionUrl(context, resource);
  const headers: Record<string, string> = { ...versionHeaders(resource), 'Content-Location': url };
  if (options.location === true) headers.Location = url;
  switch (options.prefer ?? 'representation') {
    case 'minimal':
      return { status, headers };
    case 'OperationOutcome':
      return {
        status,
        headers,
        body: operationOutcome(
          'informational',
          options.message ?? `${resource.resourceType}/${resource.id ?? ''}`,
          'information',
        ),
      };
    default:
      return { status, headers, body: resource };
  }
}
