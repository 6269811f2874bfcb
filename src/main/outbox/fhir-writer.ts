import type { Bundle, OperationOutcome, Resource, Task } from '@medplum/fhirtypes';
import { BodyLimitError } from '../net/limited-json';
import type { BodyLimits } from '../net/limited-json';
import { clientKeySearches } from '../../domain/outbox/client-keys';
import { networkReason, PortalHttp, RETRYABLE_STATUSES, retryAfterOf } from '../net/portal-http';
import type { PortalFetch } from '../net/portal-fetch';

/** How one write request ended, in the classes the outbox acts on (docs/portal.md, "Writing"). */
export type WriteOutcome =
  | { kind: 'ok'; bundle: Bundle }
  /**
   * A 2xx transaction-response with entries that did not succeed: some servers are not
   * all-or-nothing, and what they did commit must be read back, never taken as the whole action.
   */
  | { kind: 'partial'; bundle: Bundle; refused: RefusedEntry[] }
  /** Network error, timeout, 408/429/5xx or a throttled/transient outcome: send again later. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** 412 or 409: the Task moved since the action's base. */
  | { kind: 'conflict'; reason: string }
  | { kind: 'unauthorized'; reason: string }
  /** 404 or 410: the item is gone at the portal. */
  | { kind: 'gone'; reason: string }
  /**
   * invalid, business rule, 403, anything else a retry cannot fix: a person must look.
   * `unsupported`: the server does not do what was asked (405, 415, 501, or `not-supported`).
   */
  | { kind: 'park'; reason: string; unsupported?: true };

export interface RefusedEntry {
  /** Its place in the request's Bundle. */
  index: number;
  /** What its own status and OperationOutcome say, in the same classes as a whole answer. */
  outcome: Exclude<WriteOutcome, { kind: 'ok' } | { kind: 'partial' }>;
}

export interface FhirWriterOptions {
  baseUrl: string;
  fetch?: PortalFetch;
  timeoutMs?: number;
  now?: () => number;
  /** Largest answer and deepest JSON accepted (default 16 MiB, 64 levels: net/limited-json.ts says why). */
  bodyLimits?: BodyLimits;
}

const UNSUPPORTED_STATUSES = new Set([405, 415, 501]);
const RETRY_ISSUES = new Set(['throttled', 'transient', 'timeout', 'lock-error', 'no-store', 'exception']);

/**
 * The outbox's side of HTTP: one attempt per call, no retries of its own, because the outbox keeps
 * its retry schedule in the database where a crash cannot lose it.
 */
export class FhirWriter {
  private readonly http: PortalHttp;
  private readonly base: string;
  private readonly now: () => number;

  constructor(options: FhirWriterOptions) {
    this.http = new PortalHttp(options);
    this.base = this.http.base;
    this.now = options.now ?? Date.now;
  }

  /** POST a transaction Bundle, acting as `actor`. */
  async transaction(bundle: Bundle, actor: string, signal?: AbortSignal): Promise<WriteOutcome> {
    const answer = await this.request(`${this.base}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', 'X-Practitioner': actor, Prefer: 'return=representation' },
      body: JSON.stringify(bundle),
      signal,
    });
    if (answer.kind !== 'answer') return answer;
    if (answer.status >= 200 && answer.status < 300) {
      const body = answer.body as Bundle | undefined;
      if (body?.resourceType !== 'Bundle' || body.type !== 'transaction-response') {
        return { kind: 'retry', reason: 'the portal answered a transaction without a transaction-response' };
      }
      const refused = refusedEntries(body);
      return refused.length === 0 ? { kind: 'ok', bundle: body } : { kind: 'partial', bundle: body, refused };
    }
    return classify(answer.status, answer.body, answer.retryAfterMs);
  }

  /** The Task as the portal has it now; `gone` when deleted; a retry class when it cannot tell. */
  async readTask(id: string, signal?: AbortSignal): Promise<{ kind: 'task'; task: Task } | WriteOutcome> {
    const answer = await this.request(`${this.base}/Task/${encodeURIComponent(id)}`, { method: 'GET', signal });
    if (answer.kind !== 'answer') return answer;
    if (answer.status === 200 && (answer.body as Resource | undefined)?.resourceType === 'Task') {
      return { kind: 'task', task: answer.body as Task };
    }
    return classify(answer.status, answer.body, answer.retryAfterMs);
  }

  /** The Task's versions, newest first; null where the server keeps no instance history. */
  async taskHistory(id: string, signal?: AbortSignal): Promise<Task[] | null | WriteOutcome> {
    const answer = await this.request(`${this.base}/Task/${encodeURIComponent(id)}/_history?_count=100`, {
      method: 'GET',
      signal,
    });
    if (answer.kind !== 'answer') return answer;
    if (answer.status === 404 || answer.status === 405 || answer.status === 501) return null;
    if (answer.status !== 200) return classify(answer.status, answer.body, answer.retryAfterMs);
    const bundle = answer.body as Bundle;
    const versions = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Task => r?.resourceType === 'Task');
    // Newest first whatever order the server lists them in (the spec asks for newest first;
    // Medplum's in-memory store flips its order on every read). Equal times keep the server's
    // order; a version without a readable time counts as the oldest, so the order stays total.
    return versions
      .map((task, i) => {
        const ms = Date.parse(task.meta?.lastUpdated ?? '');
        return { task, i, ms: Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms };
      })
      .sort((a, b) => (a.ms === b.ms ? a.i - b.i : a.ms < b.ms ? 1 : -1))
      .map(({ task }) => task);
  }

  /**
   * What an action created, found by its key (client-keys.ts): the current form, and where that
   * finds nothing, the form earlier versions wrote, for an action sent by one of them.
   */
  async findByIdentifier(type: string, uuid: string, signal?: AbortSignal): Promise<Resource[] | WriteOutcome> {
    for (const identifier of clientKeySearches(uuid)) {
      const query = new URLSearchParams({ identifier });
      const answer = await this.request(`${this.base}/${type}?${query.toString()}`, { method: 'GET', signal });
      if (answer.kind !== 'answer') return answer;
      if (answer.status !== 200) return classify(answer.status, answer.body, answer.retryAfterMs);
      const found = ((answer.body as Bundle).entry ?? [])
        .filter((e) => e.search?.mode !== 'include' && e.search?.mode !== 'outcome')
        .map((e) => e.resource)
        .filter((r): r is Resource => r !== undefined && r.resourceType === type);
      if (found.length > 0) return found;
    }
    return [];
  }

  /**
   * PUT a resource under the id the client gave it. With `createOnly`, If-None-Match: * asks for a
   * create that never overwrites (a resend that already landed answers 412), but servers that
   * ignore it overwrite (Medplum does): callers read what is there first and never rely on it.
   * `actor` is left out for the desk's own records (no person is acting).
   */
  async put(
    resource: Resource & { id: string },
    options: { actor?: string; createOnly?: boolean; signal?: AbortSignal } = {},
  ): Promise<{ kind: 'stored'; resource: Resource | null } | WriteOutcome> {
    const answer = await this.request(`${this.base}/${resource.resourceType}/${encodeURIComponent(resource.id)}`, {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/fhir+json',
        Prefer: 'return=representation',
        ...(options.actor === undefined ? {} : { 'X-Practitioner': options.actor }),
        ...(options.createOnly === true ? { 'If-None-Match': '*' } : {}),
      },
      body: JSON.stringify(resource),
      signal: options.signal,
    });
    if (answer.kind !== 'answer') return answer;
    // A server may answer 2xx without the body despite Prefer: the write happened all the same.
    if (answer.status >= 200 && answer.status < 300) {
      const body = answer.body as Resource | undefined;
      return { kind: 'stored', resource: body?.resourceType === resource.resourceType ? body : null };
    }
    return classify(answer.status, answer.body, answer.retryAfterMs);
  }

  /** Resources of a type carrying a tag (`_tag=system|code`), for records found by what they carry. */
  async findByTag(
    type: string,
    tag: { system: string; code: string },
    signal?: AbortSignal,
  ): Promise<Resource[] | WriteOutcome> {
    const query = new URLSearchParams({ _tag: `${tag.system}|${tag.code}` });
    const answer = await this.request(`${this.base}/${type}?${query.toString()}`, { method: 'GET', signal });
    if (answer.kind !== 'answer') return answer;
    if (answer.status !== 200) return classify(answer.status, answer.body, answer.retryAfterMs);
    return ((answer.body as Bundle).entry ?? [])
      .map((e) => e.resource)
      .filter((r): r is Resource => r?.resourceType === type);
  }

  /**
   * POST a resource; the server gives it its id. With `ifNoneExist` (a search), a create that a
   * server honouring it skips where the search matches. The stored copy when the server returns
   * one; else the id its Location names (`[base]/[type]/[id]/_history/[vid]`), to read it back by.
   */
  async create(
    resource: Resource,
    options: { ifNoneExist?: string; actor?: string; signal?: AbortSignal } = {},
  ): Promise<{ kind: 'created'; resource: Resource | null; id: string | null } | WriteOutcome> {
    const answer = await this.request(`${this.base}/${resource.resourceType}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/fhir+json',
        Prefer: 'return=representation',
        ...(options.actor === undefined ? {} : { 'X-Practitioner': options.actor }),
        ...(options.ifNoneExist === undefined ? {} : { 'If-None-Exist': options.ifNoneExist }),
      },
      body: JSON.stringify(resource),
      signal: options.signal,
    });
    if (answer.kind !== 'answer') return answer;
    if (answer.status >= 200 && answer.status < 300) {
      const body = answer.body as Resource | undefined;
      const stored = body?.resourceType === resource.resourceType ? body : null;
      return {
        kind: 'created',
        resource: stored,
        id: stored?.id ?? idInLocation(answer.location, resource.resourceType),
      };
    }
    return classify(answer.status, answer.body, answer.retryAfterMs);
  }

  /** Any resource as the portal has it now; `gone` when missing or deleted. */
  async read(
    type: string,
    id: string,
    signal?: AbortSignal,
  ): Promise<{ kind: 'found'; resource: Resource } | WriteOutcome> {
    const answer = await this.request(`${this.base}/${type}/${encodeURIComponent(id)}`, { method: 'GET', signal });
    if (answer.kind !== 'answer') return answer;
    if (answer.status === 200 && (answer.body as Resource | undefined)?.resourceType === type) {
      return { kind: 'found', resource: answer.body as Resource };
    }
    return classify(answer.status, answer.body, answer.retryAfterMs);
  }

  private async request(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal | undefined },
  ): Promise<
    { kind: 'answer'; status: number; body: unknown; retryAfterMs?: number; location?: string } | WriteOutcome
  > {
    try {
      const response = await this.http.send(
        url,
        {
          method: init.method,
          headers: { Accept: 'application/fhir+json', ...init.headers },
          ...(init.body === undefined ? {} : { body: init.body }),
        },
        init.signal,
      );
      const { text } = await this.http.readBody(response, 'an answer');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // A cut body: whatever happened at the portal, the answer is unknown.
        return { kind: 'retry', reason: `unreadable answer (HTTP ${response.status})` };
      }
      // Parked, not retried: the portal would send the same again, and a person should look.
      const tooDeep = this.http.tooDeep(text, 'an answer');
      if (tooDeep !== undefined) return { kind: 'park', reason: `${tooDeep} (HTTP ${response.status})` };
      const retryAfterMs = retryAfterOf(response, this.now());
      const location = response.headers.get('location');
      return {
        kind: 'answer',
        status: response.status,
        body,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...(location === null ? {} : { location }),
      };
    } catch (error) {
      if (init.signal?.aborted === true) throw init.signal.reason;
      if (error instanceof BodyLimitError) return { kind: 'park', reason: error.message };
      return { kind: 'retry', reason: networkReason(error) };
    }
  }
}

/** The id in a Location header naming a resource of `type` (absolute or relative, with or without `_history`). */
export function idInLocation(location: string | undefined, type: string): string | null {
  if (location === undefined) return null;
  const path = location.split('?')[0] ?? '';
  const parts = path.split('/');
  const at = parts.lastIndexOf(type);
  const id = at === -1 ? undefined : parts[at + 1];
  return id === undefined || id === '' || id === '_history' ? null : decodeURIComponent(id);
}

/** The entries of a transaction-response whose own status is not 2xx. */
function refusedEntries(bundle: Bundle): RefusedEntry[] {
  const refused: RefusedEntry[] = [];
  (bundle.entry ?? []).forEach((entry, index) => {
    // "201 Created", "200", "400 Bad Request": the code comes first.
    const status = Number.parseInt(entry.response?.status ?? '', 10);
    if (status >= 200 && status < 300) return;
    const outcome = classify(Number.isNaN(status) ? 500 : status, entry.response?.outcome, undefined);
    refused.push({ index, outcome: outcome as RefusedEntry['outcome'] });
  });
  return refused;
}

function classify(status: number, body: unknown, retryAfterMs: number | undefined): WriteOutcome {
  const outcome =
    (body as OperationOutcome | undefined)?.resourceType === 'OperationOutcome'
      ? (body as OperationOutcome)
      : undefined;
  const issue = outcome?.issue?.[0];
  const reason = `HTTP ${status}${issue?.code === undefined ? '' : ` ${issue.code}`}${issue?.diagnostics === undefined ? '' : `: ${issue.diagnostics}`}`;
  if (RETRYABLE_STATUSES.has(status) || (issue?.code !== undefined && RETRY_ISSUES.has(issue.code) && status >= 500)) {
    return { kind: 'retry', reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (issue?.code === 'throttled' || issue?.code === 'transient') return { kind: 'retry', reason };
  if (status === 412 || status === 409) return { kind: 'conflict', reason };
  if (status === 401) return { kind: 'unauthorized', reason };
  if (status === 404 || status === 410) return { kind: 'gone', reason };
  const unsupported = UNSUPPORTED_STATUSES.has(status) || issue?.code === 'not-supported';
  return { kind: 'park', reason, ...(unsupported ? { unsupported: true as const } : {}) };
}
