import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';

/**
 * What a restricted server keeps of the simulator's features; each `false` takes one away. Real R4
 * servers lack these in the wild (Oracle Health's public API has no `_history`, several servers
 * answer one page only), and the sync must cope with each on its own.
 */
export interface RestrictedServerOptions {
  /** `[type]/_history` and friends: without it they answer 404 and `/metadata` lists no history interaction. */
  history?: boolean;
  /** `_include`: without it a search using one answers 400 and `/metadata` lists no `searchInclude`. */
  include?: boolean;
  /** `Bundle.link[next]` on searchsets: without it a search answers its first `_count` matches only. */
  nextLinks?: boolean;
  /** `_id` search: without it a search using one answers 400 and `/metadata` does not declare it. */
  idSearch?: boolean;
}

type Restrictions = Required<RestrictedServerOptions>;

const HISTORY_INTERACTIONS = new Set(['history-type', 'history-instance', 'history-system', 'vread']);

const outcome = (status: number, code: string, text: string) => ({
  status,
  body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] }),
});

/**
 * Wraps the simulator's handler so that it behaves like a server without some of what the
 * simulator offers, `/metadata` included, so the client's capability checks see the truth.
 *
 * An `_include` the server does not support answers 400, as HAPI and this simulator do for an
 * unsupported one. (Some servers ignore it instead, which looks like success; the client never sends
 * an `_include` the CapabilityStatement does not list, so either way it must not depend on one.)
 */
export function restrictedServer(options: RestrictedServerOptions): (handler: RequestListener) => RequestListener {
  const keep: Restrictions = { history: true, include: true, nextLinks: true, idSearch: true, ...options };
  return (handler) => (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname.split('/').filter((s) => s !== '');
    const refusal = refuse(keep, segments, url.searchParams);
    if (refusal !== undefined) {
      // Drain the request so the client is not left writing into a closed socket.
      req.resume();
      res
        .writeHead(refusal.status, {
          'Content-Type': 'application/fhir+json',
          'Content-Length': Buffer.byteLength(refusal.body),
        })
        .end(refusal.body);
      return;
    }
    if (req.method === 'GET' && segments[0] === 'metadata') rewriteJson(res, (body) => restrictStatement(keep, body));
    else if (req.method === 'GET' && !keep.nextLinks) rewriteJson(res, dropNextLinks);
    handler(req, res);
  };
}

function refuse(
  keep: Restrictions,
  segments: readonly string[],
  params: URLSearchParams,
): { status: number; body: string } | undefined {
  if (!keep.history && segments.includes('_history')) {
    return outcome(404, 'not-supported', 'This server does not support _history.');
  }
  if (!keep.include && (params.has('_include') || params.has('_revinclude'))) {
    return outcome(400, 'not-supported', '_include and _revinclude are not supported by this server.');
  }
  if (!keep.idSearch && segments.length === 1 && params.has('_id')) {
    return outcome(400, 'not-supported', 'Search by _id is not supported by this server.');
  }
  return undefined;
}

function restrictStatement(keep: Restrictions, body: unknown): unknown {
  const statement = body as CapabilityStatement;
  if (statement.resourceType !== 'CapabilityStatement') return body;
  for (const rest of statement.rest ?? []) {
    if (!keep.history) rest.interaction = rest.interaction?.filter((i) => !HISTORY_INTERACTIONS.has(i.code ?? ''));
    if (!keep.idSearch) rest.searchParam = rest.searchParam?.filter((p) => p.name !== '_id');
    for (const resource of rest.resource ?? []) {
      if (!keep.history) {
        resource.interaction = resource.interaction?.filter((i) => !HISTORY_INTERACTIONS.has(i.code ?? ''));
        delete resource.readHistory;
      }
      if (!keep.include) delete resource.searchInclude;
      if (!keep.idSearch) resource.searchParam = resource.searchParam?.filter((p) => p.name !== '_id');
    }
  }
  return statement;
}

function dropNextLinks(body: unknown): unknown {
  const bundle = body as Bundle;
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'searchset') return body;
  // Without paging there is no previous page either; self stays.
  bundle.link = bundle.link?.filter((l) => l.relation !== 'next' && l.relation !== 'previous');
  return bundle;
}

/**
 * Holds back the status line until the body is known, so the rewritten body goes out with its own
 * Content-Length. The simulator answers with one `writeHead` and one `end(body)`, which is all this
 * has to handle.
 */
function rewriteJson(res: ServerResponse, rewrite: (body: unknown) => unknown): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers: OutgoingHttpHeaders) => ServerResponse;
  const end = res.end.bind(res) as (chunk?: string | Buffer) => ServerResponse;
  let held: { status: number; headers: OutgoingHttpHeaders } = { status: 200, headers: {} };
  res.writeHead = ((status: number, headers?: OutgoingHttpHeaders) => {
    held = { status, headers: { ...headers } };
    return res;
  }) as ServerResponse['writeHead'];
  res.end = ((chunk?: unknown) => {
    const text = typeof chunk === 'string' || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
    let body = text;
    if (text !== '' && held.status < 300) {
      try {
        body = JSON.stringify(rewrite(JSON.parse(text)));
      } catch {
        // Not JSON: pass it on as it came.
      }
    }
    writeHead(held.status, { ...held.headers, 'Content-Length': Buffer.byteLength(body) });
    return end(body);
  }) as ServerResponse['end'];
}
