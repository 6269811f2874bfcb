import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_FAULTS, parseFaultSpec, withFaults } from './fault-injection';
import type { FaultConfig } from './fault-injection';

const BODY = JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [], note: 'x'.repeat(4000) });
const ok: RequestListener = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(BODY);
};

let server: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      if (server === undefined) return resolve();
      server.close(() => resolve());
      // A connection a failing test left hanging must not hold the close up as well.
      server.closeAllConnections();
    }),
);

async function serve(config: Partial<FaultConfig>): Promise<string> {
  server = createServer(withFaults({ ...NO_FAULTS, ...config })(ok));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/Task`;
}

/** GET with the raw chunks as they arrived, or the error the connection ended with. */
function get(
  url: string,
  agent?: Agent,
): Promise<{ status?: number; headers?: Record<string, unknown>; chunks: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    const req = request(url, { agent }, (res) => {
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          chunks: parts.length,
          body: Buffer.concat(parts).toString(),
        }),
      );
      res.on('error', (e) => resolve({ status: res.statusCode, chunks: parts.length, body: '', error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode, chunks: parts.length, body: '', error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ chunks: parts.length, body: '', error: e.message }));
    req.end();
  });
}

describe('fault injection', () => {
  it('passes requests through untouched when off', async () => {
    const res = await get(await serve({}));
    expect(res).toMatchObject({ status: 200, body: BODY });
  });

  it('answers 429 and 503 with Retry-After and an OperationOutcome, 500 without', async () => {
    for (const [status, code] of [
      [429, 'throttled'],
      [503, 'transient'],
      [500, 'transient'],
    ] as const) {
      const res = await get(await serve({ errorRate: 1, errorStatuses: [status], retryAfterSeconds: 7 }));
      expect(res.status).toBe(status);
      expect(res.headers?.['retry-after']).toBe(status === 500 ? undefined : '7');
      expect(JSON.parse(res.body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code }] });
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
    }
  });

  it('cuts the connection halfway through the body', async () => {
    const res = await get(await serve({ dropRate: 1 }));
    expect(res.status).toBe(200);
    expect(res.error).toBeDefined();
    expect(res.body.length).toBeLessThan(BODY.length);
  });

  it('cuts a keep-alive connection even when its request arrived before the previous answer ended', async () => {
    // The first answer has its whole body out (Content-Length) but is ended a moment later, as a slow
    // body is after its last pause. The client sends the next request on the same connection at once,
    // and node queues that answer until the first ends. Dropping it must still cut the connection,
    // not leave the client waiting for the rest of a half-sent body until its own timeout.
    const heldOpen: RequestListener = (_req, res) => {
      res.writeHead(200, { 'Content-Length': Buffer.byteLength(BODY) });
      res.write(BODY);
      setTimeout(() => res.end(), 100);
    };
    const sized: RequestListener = (_req, res) => {
      res.writeHead(200, { 'Content-Length': Buffer.byteLength(BODY) }).end(BODY);
    };
    const drop = withFaults({ ...NO_FAULTS, dropRate: 1 })(sized);
    let queued = false;
    server = createServer((req, res) => {
      if (req.url === '/first') return heldOpen(req, res);
      queued = res.socket === null;
      drop(req, res);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(`http://127.0.0.1:${port}/first`, agent)).toMatchObject({ status: 200, body: BODY });
      const dropped = await get(`http://127.0.0.1:${port}/second`, agent);
      expect(queued).toBe(true);
      expect(dropped.status).toBe(200);
      expect(dropped.error).toBeDefined();
      expect(dropped.body.length).toBeLessThan(BODY.length);
    } finally {
      agent.destroy();
    }
  });

  it('trickles the body in small chunks, complete in the end', async () => {
    const res = await get(await serve({ slowRate: 1, slowChunkBytes: 1000, slowPauseMs: 5 }));
    expect(res.body).toBe(BODY);
    expect(res.chunks).toBeGreaterThanOrEqual(Math.floor(BODY.length / 1000));
  });

  it('makes the same choices for the same seed, so a failing run can be replayed', async () => {
    const statuses = async (seed: number) => {
      const url = await serve({ errorRate: 0.5, errorStatuses: [503], seed });
      const seen: (number | undefined)[] = [];
      for (let i = 0; i < 20; i++) seen.push((await get(url)).status);
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
      return seen;
    };
    const first = await statuses(9);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await statuses(9)).toEqual(first);
    expect(await statuses(10)).not.toEqual(first);
  });
});

describe('parseFaultSpec', () => {
  it('reads the compact command-line form', () => {
    expect(parseFaultSpec('latency=50-200,error=0.1,statuses=429/503,retry-after=2,drop=0.05,slow=0.2,seed=4')).toEqual(
      {
        ...NO_FAULTS,
        latencyMs: [50, 200],
        errorRate: 0.1,
        errorStatuses: [429, 503],
        retryAfterSeconds: 2,
        dropRate: 0.05,
        slowRate: 0.2,
        seed: 4,
      },
    );
    expect(parseFaultSpec('latency=30')).toMatchObject({ latencyMs: [30, 30] });
    expect(parseFaultSpec('')).toEqual(NO_FAULTS);
  });

  it.each([
    ['error=2', /errorRate/],
    ['latency=200-50', /latency minimum/],
    ['statuses=404', /errorStatuses/],
    ['boom=1', /bad fault "boom=1"/],
    ['drop', /bad fault "drop"/],
    ['error=lots', /errorRate/],
  ])('rejects %s with a message naming the problem', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});
