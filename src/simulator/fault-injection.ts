import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { z } from 'zod';
import { seededRandom } from '../demo-clinic/random';

/**
 * Network trouble on demand, so the sync and the outbox can be tested against the faults a clinic
 * network really has: slow answers, overloaded servers, connections cut mid-response, bodies that
 * trickle in. Off unless configured; deterministic for a seed so a failing run can be replayed.
 */
export const faultConfigSchema = z
  .object({
    /** Added before the request is handled, uniformly in [min, max] milliseconds. */
    latencyMs: z.tuple([z.number().int().min(0), z.number().int().min(0)]).refine(([min, max]) => min <= max, {
      message: 'latency minimum must not exceed its maximum',
    }),
    /** Share of requests answered with one of `errorStatuses` instead of being handled. */
    errorRate: z.number().min(0).max(1),
    errorStatuses: z.array(z.union([z.literal(429), z.literal(500), z.literal(503)])).min(1),
    /** Seconds sent in Retry-After with 429 and 503. */
    retryAfterSeconds: z.number().int().min(0).max(3600),
    /** Share of handled requests whose connection is destroyed halfway through the body. */
    dropRate: z.number().min(0).max(1),
    /** Share of handled requests whose body is sent in small chunks with pauses. */
    slowRate: z.number().min(0).max(1),
    slowChunkBytes: z.number().int().min(1),
    slowPauseMs: z.number().int().min(0),
    seed: z.number().int(),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export const NO_FAULTS: FaultConfig = {
  latencyMs: [0, 0],
  errorRate: 0,
  errorStatuses: [500, 503, 429],
  retryAfterSeconds: 1,
  dropRate: 0,
  slowRate: 0,
  slowChunkBytes: 512,
  slowPauseMs: 20,
  seed: 1,
};

const SPEC_KEYS: Record<string, (value: string, config: FaultConfig) => Partial<FaultConfig>> = {
  latency: (v) => {
    const [min = NaN, max = min] = v.split('-').map(Number);
    return { latencyMs: [min, max] };
  },
  error: (v) => ({ errorRate: Number(v) }),
  statuses: (v) => ({ errorStatuses: v.split('/').map(Number) as FaultConfig['errorStatuses'] }),
  'retry-after': (v) => ({ retryAfterSeconds: Number(v) }),
  drop: (v) => ({ dropRate: Number(v) }),
  slow: (v) => ({ slowRate: Number(v) }),
  seed: (v) => ({ seed: Number(v) }),
};

/**
 * Reads the command line's compact form, e.g. `latency=50-200,error=0.1,statuses=429/503,drop=0.05,slow=0.1`.
 * Throws an Error whose message names the bad part.
 */
export function parseFaultSpec(spec: string): FaultConfig {
  let config: FaultConfig = { ...NO_FAULTS };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [key = '', value] = part.split('=', 2);
    const apply = SPEC_KEYS[key];
    if (apply === undefined || value === undefined || value === '') {
      throw new Error(`bad fault "${part}": expected one of ${Object.keys(SPEC_KEYS).join(', ')} as key=value`);
    }
    config = { ...config, ...apply(value, config) };
  }
  const parsed = faultConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`bad fault spec "${spec}": ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

const outcome = (code: string, text: string): string =>
  JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] });

/** Wraps a request handler so that it misbehaves as configured. */
export function withFaults(config: FaultConfig): (handler: RequestListener) => RequestListener {
  const random = seededRandom(config.seed);
  return (handler) => (req: IncomingMessage, res: ServerResponse) => {
    const latency = config.latencyMs[0] + Math.floor(random.next() * (config.latencyMs[1] - config.latencyMs[0] + 1));
    const fail = random.chance(config.errorRate);
    const status = random.pick(config.errorStatuses);
    const drop = random.chance(config.dropRate);
    const slow = random.chance(config.slowRate);
    const run = () => {
      if (fail) {
        const headers: Record<string, string> = { 'Content-Type': 'application/fhir+json' };
        if (status !== 500) headers['Retry-After'] = String(config.retryAfterSeconds);
        // Drain the request so the client is not left writing into a closed socket.
        req.resume();
        res.writeHead(status, headers).end(outcome(status === 429 ? 'throttled' : 'transient', `injected ${status}`));
        return;
      }
      if (drop || slow) interceptBody(req, res, drop ? 'drop' : 'slow', config);
      handler(req, res);
    };
    if (latency > 0) setTimeout(run, latency);
    else run();
  };
}

/**
 * Takes over `res.end` so the body the handler produced can be cut or trickled. Handlers in this
 * simulator answer with one `end(body)`, which is what makes the takeover simple.
 */
function interceptBody(req: IncomingMessage, res: ServerResponse, mode: 'drop' | 'slow', config: FaultConfig): void {
  const end = res.end.bind(res);
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    const body = typeof chunk === 'string' || chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.alloc(0);
    if (!res.headersSent && !res.hasHeader('Content-Length')) res.setHeader('Content-Length', body.length);
    if (mode === 'drop') {
      write(body.subarray(0, Math.floor(body.length / 2)));
      // The client has headers and half a body, then the connection dies: what a flaky VPN does.
      // On a keep-alive connection whose previous answer is still open (a slow body's last pause),
      // this answer waits in node's queue without a socket: cutting `res.socket` then would cut
      // nothing, and the half body would go out later and leave the client waiting for the rest
      // until its timeout. So cut the request's own connection, once this answer has had its turn.
      const cut = () => setImmediate(() => req.socket.destroy());
      if (res.socket === null) res.once('socket', cut);
      else cut();
      return res;
    }
    let offset = 0;
    const next = () => {
      if (res.destroyed) return;
      if (offset >= body.length) {
        end(...(rest as []));
        return;
      }
      write(body.subarray(offset, offset + config.slowChunkBytes));
      offset += config.slowChunkBytes;
      setTimeout(next, config.slowPauseMs);
    };
    next();
    return res;
  }) as ServerResponse['end'];
}
