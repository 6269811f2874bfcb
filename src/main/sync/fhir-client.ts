import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter } from '../../domain/sync/backoff';
import type { BackoffPolicy } from '../../domain/sync/backoff';

/** What the sync may rely on, read from `/metadata` (per resource type). */
export interface ServerCapabilities {
  fhirVersion: string | undefined;
  types: ReadonlyMap<string, TypeCapabilities>;
}

export interface TypeCapabilities {
  searchType: boolean;
  /** `history-type`: `GET [type]/_history?_since=` shows deletes. */
  historyType: boolean;
  /** `_lastUpdated` is a declared search parameter (type-level or server-wide). */
  lastUpdatedSearch: boolean;
  /** e.g. `Task:focus`. */
  includes: ReadonlySet<string>;
}

export interface FhirClientOptions {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  /** Waits between retries; tests pass one that records and returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Per attempt, headers and body together (default 30 s). */
  timeoutMs?: number;
  /** Attempts per request including the first (default 6). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  headers?: Record<string, string>;
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

/** Every attempt failed with a transient error; `cause` is the last one. */
export class RetriesExhaustedError extends Error {
  override name = 'RetriesExhaustedError';
}

const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

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
 */
export class FhirClient {
  private readonly base: string;
  private readonly fetch: typeof globalThis.fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly headers: Record<string, string>;
  /** Requests sent, retries included: for progress figures and tests. */
  requests = 0;
  retries = 0;

  constructor(options: FhirClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.headers = { Accept: 'application/fhir+json', ...options.headers };
  }

  async capabilities(signal?: AbortSignal): Promise<ServerCapabilities> {
    const statement = await this.getJson<CapabilityStatement>(`${this.base}/metadata`, signal);
    if (statement.resourceType !== 'CapabilityStatement') {
      throw new FhirHttpError('/metadata did not answer a CapabilityStatement', 200, `${this.base}/metadata`);
    }
    const rest = statement.rest?.find((r) => r.mode === 'server') ?? statement.rest?.[0];
    const serverWideLastUpdated = rest?.searchParam?.some((p) => p.name === '_lastUpdated') === true;
    const types = new Map<string, TypeCapabilities>();
    for (const resource of rest?.resource ?? []) {
      const interactions = new Set((resource.interaction ?? []).map((i) => i.code));
      types.set(resource.type ?? '', {
        searchType: interactions.has('search-type'),
        historyType: interactions.has('history-type'),
        lastUpdatedSearch:
          serverWideLastUpdated || resource.searchParam?.some((p) => p.name === '_lastUpdated') === true,
        includes: new Set(resource.searchInclude ?? []),
      });
    }
    return { fhirVersion: statement.fhirVersion, types };
  }

  /** `GET [type]?params`, then each `next` link as given. Yields one Bundle per page. */
  async *search(type: string, params: URLSearchParams, signal?: AbortSignal): AsyncGenerator<Bundle> {
    yield* this.pages(`${this.base}/${type}?${params.toString()}`, 'searchset', signal);
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
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, { headers: this.headers, signal: combined });
      if (TRANSIENT_STATUSES.has(response.status)) {
        const date = instantOf(response.headers.get('date'));
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), date ?? Date.now());
        await response.body?.cancel().catch(() => undefined);
        throw new TransientError(`HTTP ${response.status}`, retryAfter);
      }
      // A connection cut mid-body rejects here ("terminated"), which is as transient as a refused one.
      text = await response.text();
    } catch (error) {
      if (error instanceof TransientError || signal?.aborted === true) throw error;
      throw new TransientError(`network: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) {
      throw new FhirHttpError(`HTTP ${response.status} for GET ${url}: ${text.slice(0, 300)}`, response.status, url);
    }
    const expected = Number(response.headers.get('content-length') ?? NaN);
    if (!Number.isNaN(expected) && Buffer.byteLength(text) < expected) throw new TransientError('truncated body');
    try {
      return JSON.parse(text) as T;
    } catch {
      // Answers are JSON; one that does not parse was cut short on the way.
      throw new TransientError('unparsable body');
    }
  }
}

function instantOf(value: string | null): number | undefined {
  if (value === null) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
