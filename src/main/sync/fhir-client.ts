import type { Bundle, BundleEntry, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { backoffDelay, DEFAULT_BACKOFF } from '../../domain/sync/backoff';
import type { BackoffPolicy } from '../../domain/sync/backoff';
import { byType, canFollowInclude, includeTargets } from './include-reads';
import { BodyLimitError } from '../net/limited-json';
import type { BodyLimits } from '../net/limited-json';
import { windowedSearch } from './search-windows';
import { networkReason, PortalHttp, RETRYABLE_STATUSES, retryAfterOf } from '../net/portal-http';
import type { PortalFetch } from '../net/portal-fetch';

/** What the sync may rely on, read from `/metadata` (per resource type). */
export interface ServerCapabilities {
  fhirVersion: string | undefined;
  types: ReadonlyMap<string, TypeCapabilities>;
}

export interface TypeCapabilities {
  searchType: boolean;
  /** `GET [type]/[id]`. */
  read: boolean;
  /** `_id` is a declared search parameter: many reads in one `GET [type]?_id=a,b,c`. */
  idSearch: boolean;
  /** `history-type`: `GET [type]/_history?_since=` shows deletes. */
  historyType: boolean;
  /** `_lastUpdated` is a declared search parameter (type-level or server-wide). */
  lastUpdatedSearch: boolean;
  /** e.g. `Task:focus`. */
  includes: ReadonlySet<string>;
  /** `PATCH [type]/[id]`: JSON Patch, which the outbox guards with tests of its own. */
  patch: boolean;
  /** `versioning: versioned-update`: an update naming a stale version (If-Match) is refused. */
  versionedUpdate: boolean;
  /** `PUT [type]/[id]` may create a resource under the client's id. */
  updateCreate: boolean;
  /** `If-None-Exist` on create is honoured. */
  conditionalCreate: boolean;
  /** Every search parameter declared for the type (its own and the server-wide ones). */
  searchParams: ReadonlySet<string>;
}

export interface FhirClientOptions {
  baseUrl: string;
  fetch?: PortalFetch;
  /** Waits between retries; tests pass one that records and returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Per attempt, headers and body together (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request including the first (default 6). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  headers?: Record<string, string>;
  /** Largest answer and deepest JSON accepted (default 16 MiB, 64 levels: net/limited-json.ts says why). */
  bodyLimits?: BodyLimits;
}

/** The server answered, but not with something the sync can use (4xx other than 429, or a non-FHIR body). */
export class FhirHttpError extends Error {
  override name = 'FhirHttpError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly url: string,
  ) {
    super(message);
  }
}

/** What a search should bring besides its matches. */
export interface SearchOptions {
  /**
   * e.g. `Task:focus`. Sent as `_include` where the server lists it in `searchInclude`; otherwise
   * the client reads the targets itself and adds them to each page as `search.mode = 'include'`.
   */
  include?: readonly string[];
}

/** Every attempt failed with a transient error; `cause` is the last one. */
export class RetriesExhaustedError extends Error {
  override name = 'RetriesExhaustedError';
}

/** Ids per `GET [type]?_id=…`: short enough for any server's URL limit. */
const IDS_PER_READ = 50;
const isGone = (error: unknown): boolean =>
  error instanceof FhirHttpError && (error.status === 404 || error.status === 410);

class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A small FHIR R4 reader over `fetch`: capabilities, searches and `_history` page by page. Page
 * URLs are always the server's own `Bundle.link[next]`, never built here: servers page by opaque
 * snapshot cursors, and a rebuilt offset URL would skip or repeat entries under concurrent writes.
 *
 * What servers differ in stays in here, decided from the CapabilityStatement: a search is read to
 * its end in `_lastUpdated` windows where the server does not page (search-windows.ts), and
 * `_include` is done by reads where the server has none, so the engine sees the same pages either way.
 */
export class FhirClient {
  private readonly http: PortalHttp;
  private readonly base: string;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly headers: Record<string, string>;
  /** Requests sent, retries included: for progress figures and tests. */
  requests = 0;
  retries = 0;
  private known: ServerCapabilities | undefined;

  constructor(options: FhirClientOptions) {
    this.http = new PortalHttp(options);
    this.base = this.http.base;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.headers = { Accept: 'application/fhir+json', ...options.headers };
  }

  /** Reads `/metadata` and keeps the answer: later searches adapt to it. */
  async capabilities(signal?: AbortSignal): Promise<ServerCapabilities> {
    const statement = await this.getJson<CapabilityStatement>(`${this.base}/metadata`, signal);
    if (statement.resourceType !== 'CapabilityStatement') {
      throw new FhirHttpError('/metadata did not answer a CapabilityStatement', 200, `${this.base}/metadata`);
    }
    const rest = statement.rest?.find((r) => r.mode === 'server') ?? statement.rest?.[0];
    const serverWide = new Set((rest?.searchParam ?? []).map((p) => p.name));
    const types = new Map<string, TypeCapabilities>();
    for (const resource of rest?.resource ?? []) {
      const interactions = new Set((resource.interaction ?? []).map((i) => i.code));
      const params = new Set([...serverWide, ...(resource.searchParam ?? []).map((p) => p.name)]);
      types.set(resource.type ?? '', {
        searchType: interactions.has('search-type'),
        read: interactions.has('read'),
        idSearch: params.has('_id'),
        historyType: interactions.has('history-type'),
        lastUpdatedSearch: params.has('_lastUpdated'),
        includes: new Set(resource.searchInclude ?? []),
        patch: interactions.has('patch'),
        versionedUpdate: resource.versioning === 'versioned-update',
        updateCreate: resource.updateCreate === true && interactions.has('update'),
        conditionalCreate: resource.conditionalCreate === true && interactions.has('create'),
        searchParams: params,
      });
    }
    this.known = { fhirVersion: statement.fhirVersion, types };
    return this.known;
  }

  /** What the server said of its types, read once (`/metadata`) and kept. */
  async knownCapabilities(signal?: AbortSignal): Promise<ServerCapabilities> {
    return this.known ?? (await this.capabilities(signal));
  }

  /**
   * `GET [type]?params`, then each `next` link as given, then `_lastUpdated` windows where the
   * server stopped short (see windowedSearch). Yields one Bundle per page.
   */
  async *search(
    type: string,
    params: URLSearchParams,
    signal?: AbortSignal,
    options: SearchOptions = {},
  ): AsyncGenerator<Bundle> {
    const wanted = options.include ?? [];
    const caps = wanted.length > 0 ? await this.capsFor(type, signal) : undefined;
    const served = wanted.filter((i) => caps?.includes.has(i) === true);
    const emulated = wanted.filter((i) => !served.includes(i));
    const unknown = emulated.find((i) => !canFollowInclude(i));
    if (unknown !== undefined)
      throw new FhirHttpError(`cannot follow ${unknown} without the server's _include`, undefined, type);
    const query = new URLSearchParams(params);
    for (const include of served) query.append('_include', include);
    const pages = windowedSearch(query, {
      chain: (q) => this.pages(`${this.base}/${type}?${q.toString()}`, 'searchset', signal),
      canFilterLastUpdated: async () => (await this.capsFor(type, signal))?.lastUpdatedSearch === true,
    });
    const alreadyRead = new Set<string>();
    for await (const page of pages) {
      yield emulated.length === 0 ? page : await this.withIncludes(page, emulated, alreadyRead, signal);
    }
  }

  /**
   * Of these ids, the ones the server says are gone (404 or 410). A batch `_id` search narrows them
   * down where the server has one; each absent id is then read on its own, because a cache that
   * drops a live Task on a search's say-so hides work from the clinic.
   */
  async missing(type: string, ids: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const caps = await this.capsFor(type, signal);
    const canSearch = caps?.idSearch === true && caps.searchType;
    if (!canSearch && caps?.read !== true) return [];
    let absent: readonly string[] = ids;
    if (canSearch) {
      const found = new Set((await this.readById(type, ids, signal)).map((r) => r.id));
      absent = ids.filter((id) => !found.has(id));
      // Without reads the search's word is all there is.
      if (caps.read !== true) return [...absent];
    }
    const gone: string[] = [];
    for (const id of absent) {
      if ((await this.read(type, id, signal)) === undefined) gone.push(id);
    }
    return gone;
  }

  /** `GET [type]/[id]`; undefined when the server answers 404 or 410. */
  async read(type: string, id: string, signal?: AbortSignal): Promise<Resource | undefined> {
    try {
      return await this.getJson<Resource>(`${this.base}/${type}/${encodeURIComponent(id)}`, signal);
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  private async capsFor(type: string, signal?: AbortSignal): Promise<TypeCapabilities | undefined> {
    return (this.known ?? (await this.capabilities(signal))).types.get(type);
  }

  /** The page with what its matches point to appended as includes, each resource read once per search. */
  private async withIncludes(
    page: Bundle,
    includes: readonly string[],
    read: Set<string>,
    signal?: AbortSignal,
  ): Promise<Bundle> {
    const matches = (page.entry ?? [])
      .filter((e) => e.search?.mode !== 'include' && e.search?.mode !== 'outcome')
      .flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
    const targets = includeTargets(matches, includes, this.base).filter((key) => !read.has(key));
    const added: BundleEntry[] = [];
    for (const [type, ids] of byType(targets)) {
      ids.forEach((id) => read.add(`${type}/${id}`));
      for (const resource of await this.readMany(type, ids, signal)) {
        added.push({ fullUrl: `${this.base}/${type}/${resource.id ?? ''}`, resource, search: { mode: 'include' } });
      }
    }
    return added.length === 0 ? page : { ...page, entry: [...(page.entry ?? []), ...added] };
  }

  /** Current versions of these resources, by `_id` search where offered, else one read each; gone ones are left out. */
  private async readMany(type: string, ids: readonly string[], signal?: AbortSignal): Promise<Resource[]> {
    const caps = await this.capsFor(type, signal);
    if (caps?.idSearch === true && caps.searchType) return this.readById(type, ids, signal);
    if (caps?.read !== true) return [];
    const found: Resource[] = [];
    for (const id of ids) {
      const resource = await this.read(type, id, signal);
      if (resource !== undefined) found.push(resource);
    }
    return found;
  }

  private async readById(type: string, ids: readonly string[], signal?: AbortSignal): Promise<Resource[]> {
    const found: Resource[] = [];
    for (let at = 0; at < ids.length; at += IDS_PER_READ) {
      const batch = ids.slice(at, at + IDS_PER_READ);
      const params = new URLSearchParams({ _id: batch.join(','), _count: String(batch.length) });
      for await (const page of this.pages(`${this.base}/${type}?${params.toString()}`, 'searchset', signal)) {
        for (const entry of page.entry ?? []) {
          if (entry.resource?.resourceType === type && entry.search?.mode !== 'include') found.push(entry.resource);
        }
      }
    }
    return found;
  }

  /** `GET [type]/_history?_since=…`, newest first, page by page. */
  async *history(type: string, params: URLSearchParams, signal?: AbortSignal): AsyncGenerator<Bundle> {
    yield* this.pages(`${this.base}/${type}/_history?${params.toString()}`, 'history', signal);
  }

  private async *pages(first: string, kind: Bundle['type'], signal?: AbortSignal): AsyncGenerator<Bundle> {
    let url: string | undefined = first;
    const visited = new Set<string>();
    while (url !== undefined) {
      if (visited.has(url)) throw new FhirHttpError('the server sent a next link already followed', undefined, url);
      visited.add(url);
      const bundle: Bundle = await this.getJson<Bundle>(url, signal);
      if (bundle.resourceType !== 'Bundle' || bundle.type !== kind) {
        throw new FhirHttpError(`expected a ${kind} Bundle`, 200, url);
      }
      yield bundle;
      const next = bundle.link?.find((l) => l.relation === 'next')?.url;
      // Used as given; a relative link is resolved against the page it came from, as a browser would.
      url = next === undefined ? undefined : new URL(next, url).toString();
    }
  }

  /** One GET with retries: network errors, timeouts, 408/425/429/5xx and cut or unreadable bodies. */
  async getJson<T extends Resource>(url: string, signal?: AbortSignal): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      signal?.throwIfAborted();
      if (attempt > 0) {
        const retryAfter = lastError instanceof TransientError ? lastError.retryAfterMs : undefined;
        this.retries++;
        await this.sleep(backoffDelay(attempt - 1, this.random, this.backoff, retryAfter), signal);
      }
      try {
        return await this.attempt<T>(url, signal);
      } catch (error) {
        // The caller's cancellation is final; everything else that is not transient is too.
        if (signal?.aborted === true) throw signal.reason;
        if (!(error instanceof TransientError)) throw error;
        lastError = error;
      }
    }
    throw new RetriesExhaustedError(`GET ${url} failed ${this.maxAttempts} times`, { cause: lastError });
  }

  private async attempt<T extends Resource>(url: string, signal?: AbortSignal): Promise<T> {
    this.requests++;
    let response: Response;
    let text: string;
    let bytes: number;
    try {
      response = await this.http.send(url, { headers: this.headers }, signal);
      if (RETRYABLE_STATUSES.has(response.status)) {
        const date = instantOf(response.headers.get('date'));
        const retryAfter = retryAfterOf(response, date ?? Date.now());
        await response.body?.cancel().catch(() => undefined);
        throw new TransientError(`HTTP ${response.status}`, retryAfter);
      }
      const { status } = response;
      // A connection cut mid-body rejects here ("terminated"), which is as transient as a refused one.
      // Too large is the portal's doing, not the network's: asking again would fetch the same again.
      ({ text, bytes } = await this.http.readBody(response, 'a page').catch((error: unknown) => {
        throw error instanceof BodyLimitError ? new FhirHttpError(`${error.message} (GET ${url})`, status, url) : error;
      }));
    } catch (error) {
      if (error instanceof TransientError || error instanceof FhirHttpError || signal?.aborted === true) throw error;
      throw new TransientError(networkReason(error));
    }
    if (!response.ok) {
      throw new FhirHttpError(`HTTP ${response.status} for GET ${url}: ${text.slice(0, 300)}`, response.status, url);
    }
    const expected = Number(response.headers.get('content-length') ?? NaN);
    if (!Number.isNaN(expected) && bytes < expected) throw new TransientError('truncated body');
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch {
      // Answers are JSON; one that does not parse was cut short on the way.
      throw new TransientError('unparsable body');
    }
    const tooDeep = this.http.tooDeep(text, 'a page');
    if (tooDeep !== undefined) throw new FhirHttpError(`${tooDeep} (GET ${url})`, response.status, url);
    return value;
  }
}

function instantOf(value: string | null): number | undefined {
  if (value === null) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
