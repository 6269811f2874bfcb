import { parseRetryAfter } from '../../domain/sync/backoff';
import { DEFAULT_BODY_LIMITS, jsonDepthExceeds, readLimitedText, tooDeepMessage } from './limited-json';
import type { BodyLimits } from './limited-json';
import { networkFailure } from './network-failure';
import { nodeFetch } from './portal-fetch';
import type { PortalFetch } from './portal-fetch';

/**
 * One request to the portal as both its users send it: the sync's reads (FhirClient) and the
 * outbox's writes (FhirWriter). Each decides for itself what an answer means and whether to ask
 * again (the sync retries in memory, the outbox from its database); what they share is here: the
 * portal's base URL, the fetch the desk was given, the time one attempt may take and how much of an
 * answer is read (limited-json.ts says why).
 */

/** Statuses that say "not now" rather than "no": the same request may succeed later. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Per attempt, headers and body together. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface PortalHttpOptions {
  baseUrl: string;
  fetch?: PortalFetch | undefined;
  /** Per attempt, headers and body together (default 30 s). */
  timeoutMs?: number | undefined;
  /** Largest answer and deepest JSON accepted (default 16 MiB, 64 levels: limited-json.ts says why). */
  bodyLimits?: BodyLimits | undefined;
}

export interface PortalRequest {
  method?: string;
  headers: Record<string, string>;
  body?: string;
}

export class PortalHttp {
  /** The base URL without trailing slashes: paths are appended as `${base}/Task/…`. */
  readonly base: string;
  readonly bodyLimits: BodyLimits;
  private readonly fetch: PortalFetch;
  private readonly timeoutMs: number;

  constructor(options: PortalHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? nodeFetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.bodyLimits = options.bodyLimits ?? DEFAULT_BODY_LIMITS;
  }

  /**
   * Sends one request. The attempt's time limit (and the caller's `signal`, when given) governs
   * the body as well as the headers, so read the body with `readBody` before anything slow.
   */
  send(url: string, request: PortalRequest, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    return this.fetch(url, { ...request, signal: combined });
  }

  /**
   * The answer's text, read no further than the byte cap (BodyLimitError past it). `what` names the
   * answer in the message as its reader knows it: "a page" for the sync, "an answer" for the outbox.
   */
  readBody(response: Response, what: string): Promise<{ text: string; bytes: number }> {
    return readLimitedText(response, this.bodyLimits.maxBytes, what);
  }

  /** Why this JSON text is refused for its depth, or undefined when it is within the cap. */
  tooDeep(text: string, what: string): string | undefined {
    return jsonDepthExceeds(text, this.bodyLimits.maxDepth)
      ? tooDeepMessage(this.bodyLimits.maxDepth, what)
      : undefined;
  }
}

/** "network: …" with what the network error says, whichever fetch made the request. */
export function networkReason(error: unknown): string {
  return `network: ${networkFailure(error)?.detail ?? (error instanceof Error ? error.message : String(error))}`;
}

/** The answer's Retry-After in ms from `now`; undefined without one. */
export const retryAfterOf = (response: Response, now: number): number | undefined =>
  parseRetryAfter(response.headers.get('retry-after'), now);
