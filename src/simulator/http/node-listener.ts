import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { scopesOf } from '../access/request-scopes';
import { FhirError, messageOf } from '../errors';
import type { FhirRequest, FhirResponse, ServerContext } from './fhir-request';
import { readBody } from './read-body';
import { errorResponse } from './responses';
import { routeFhirRequest } from './router';

const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json-patch+json']);
const FORM_TYPE = 'application/x-www-form-urlencoded';

function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseTarget(url: string): Pick<FhirRequest, 'segments' | 'params'> {
  const parsed = new URL(url, 'http://localhost');
  try {
    const segments = parsed.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    return { segments, params: [...parsed.searchParams] };
  } catch {
    throw new FhirError(400, 'invalid', 'The request path is not valid percent-encoding.');
  }
}

/** Turns the raw body into JSON (or search form fields), checking the media type it claims. */
function decodeBody(request: FhirRequest, method: string, contentType: string | undefined, raw: Buffer): FhirRequest {
  if (raw.length === 0) return request;
  const isSearch = request.segments[1] === '_search';
  if (isSearch && contentType === FORM_TYPE) {
    return { ...request, params: [...request.params, ...new URLSearchParams(raw.toString('utf8'))] };
  }
  if (contentType !== undefined && !JSON_TYPES.has(contentType)) {
    throw new FhirError(
      415,
      'not-supported',
      `Content-Type ${contentType} is not supported: send application/fhir+json.`,
    );
  }
  if (method === 'PATCH' && contentType !== 'application/json-patch+json') {
    throw new FhirError(
      415,
      'not-supported',
      'PATCH takes application/json-patch+json (FHIRPath Patch is not supported).',
    );
  }
  try {
    return { ...request, body: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    throw new FhirError(400, 'structure', `The body is not valid JSON: ${messageOf(error)}`);
  }
}

function send(response: ServerResponse, answer: FhirResponse): void {
  const body = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  const headers: Record<string, string | number> = { ...answer.headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/fhir+json; charset=utf-8';
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  response.writeHead(answer.status, headers);
  response.end(body);
}

/** The node:http face of the router: body limit, media types, JSON in and out. */
export function createFhirListener(context: ServerContext, options: { maxBodyBytes: number }): RequestListener {
  return (request, response) => {
    const handle = async (): Promise<FhirResponse> => {
      try {
        const method = (request.method ?? 'GET').toUpperCase();
        const raw = await readBody(request, options.maxBodyBytes);
        const target = parseTarget(request.url ?? '/');
        const scopes = scopesOf(request);
        const base: FhirRequest = {
          method,
          ...target,
          headers: headersOf(request),
          ...(scopes === undefined ? {} : { scopes }),
        };
        return routeFhirRequest(context, decodeBody(base, method, mediaType(request.headers['content-type']), raw));
      } catch (error) {
        if (error instanceof FhirError) return errorResponse(error);
        return errorResponse(new FhirError(500, 'exception', `Unexpected server error: ${messageOf(error)}`));
      }
    };
    handle().then(
      (answer) => send(response, answer),
      (error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
}
