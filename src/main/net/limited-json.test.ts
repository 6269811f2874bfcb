import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { FhirWriter } from '../outbox/fhir-writer';
import { FhirClient, FhirHttpError } from '../sync/fhir-client';
import { BodyLimitError, DEFAULT_BODY_LIMITS, jsonDepthExceeds, readLimitedText } from './limited-json';
import { describeSyncFailure } from '../sync/sync-failure';

const MiB = 1024 * 1024;
const noSleep = () => Promise.resolve();

/** A body of `total` bytes in 64 KiB chunks, produced only as read; records what was pulled and a cancel. */
function meteredBody(total: number) {
  const seen = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= total) return controller.close();
        const size = Math.min(chunk.byteLength, total - seen.pulled);
        seen.pulled += size;
        controller.enqueue(chunk.slice(0, size));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const deepJson = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('readLimitedText', () => {
  it('reads a body within the cap, decoded as Response.text() would', async () => {
    const bytes = new TextEncoder().encode('\uFEFF{"text":"Café ✓"}');
    // Split inside the multi-byte "é", so decoding per chunk would garble it.
    const at = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, at));
        controller.enqueue(bytes.slice(at));
        controller.close();
      },
    });
    expect(await readLimitedText(new Response(stream), 1_000)).toEqual({
      text: '{"text":"Café ✓"}',
      bytes: bytes.byteLength,
    });
  });

  it('refuses a declared Content-Length above the cap without reading the body', async () => {
    const { stream, seen } = meteredBody(20 * MiB);
    const response = new Response(stream, { headers: { 'Content-Length': String(20 * MiB) } });
    await expect(readLimitedText(response, 16 * MiB)).rejects.toThrow(
      new BodyLimitError('the portal sent a page larger than 16 MiB, more than Triage Desk reads at once'),
    );
    expect(seen).toEqual({ pulled: 0, cancelled: true });
  });

  it('stops at the cap when Content-Length understates the body, or is absent', async () => {
    for (const headers of [{ 'Content-Length': '100' }, {}] as Record<string, string>[]) {
      const { stream, seen } = meteredBody(20 * MiB);
      await expect(readLimitedText(new Response(stream, { headers }), MiB)).rejects.toThrow(BodyLimitError);
      expect(seen.cancelled).toBe(true);
      // At most one chunk past the cap was pulled; the rest of the 20 MiB never was.
      expect(seen.pulled).toBeLessThanOrEqual(MiB + 64 * 1024);
    }
  });
});

describe('jsonDepthExceeds', () => {
  it('counts nesting of objects and lists, not brackets inside strings', () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ text: '[[[[{{{{', quoted: 'say \\"[[[[\\"' }), 1)).toBe(false);
    expect(jsonDepthExceeds(deepJson(10_000), 64)).toBe(true);
    expect(jsonDepthExceeds(deepJson(64), 64)).toBe(false);
  });

  it("leaves room well beyond the demo clinic's deepest and largest resources", () => {
    const { resources } = generateClinic({ seed: 7, now: new Date('2026-11-27T15:00:00Z'), size: 'small' });
    const page: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
    };
    const text = JSON.stringify(page);
    // The deepest page is a quarter of the cap: a page 4x as deep is still read.
    expect(jsonDepthExceeds(text, DEFAULT_BODY_LIMITS.maxDepth / 4)).toBe(false);
    // The largest page the sync asks for (1,000 matches, as many includes) of the largest resource.
    const largest = Math.max(...resources.map((r) => JSON.stringify(r).length));
    expect(2_000 * largest).toBeLessThan(DEFAULT_BODY_LIMITS.maxBytes / 4);
  });
});

describe('FhirClient with body limits', () => {
  const servers: { close: () => void }[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it('gives up on an endless answer from a real server, closes the connection and does not retry', async () => {
    let connectionClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (connectionClosed = resolve));
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const write = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', write);
      res.on('close', connectionClosed);
      write();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new FhirClient({
      baseUrl: `http://127.0.0.1:${port}/fhir`,
      sleep: noSleep,
      bodyLimits: { ...DEFAULT_BODY_LIMITS, maxBytes: MiB },
    });
    const error: unknown = await client.getJson(`http://127.0.0.1:${port}/fhir/Task`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirHttpError);
    expect((error as Error).message).toBe(
      `the portal sent a page larger than 1 MiB, more than Triage Desk reads at once (GET http://127.0.0.1:${port}/fhir/Task)`,
    );
    expect(client.requests).toBe(1);
    await closed;
  });

  it('refuses a 10,000-deep page as the server problem it is, in words the sync shows', async () => {
    let calls = 0;
    const fetch = () => {
      calls++;
      return Promise.resolve(new Response(`{"resourceType":"Bundle","type":"searchset","x":${deepJson(10_000)}}`));
    };
    const client = new FhirClient({ baseUrl: 'http://portal.test/fhir', fetch, sleep: noSleep });
    const error: unknown = await client.getJson('http://portal.test/fhir/Task').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirHttpError);
    expect(calls).toBe(1);
    const { offline, problem } = describeSyncFailure(error, 'http://portal.test/fhir');
    expect(offline).toBe(false);
    expect(problem.message).toBe(
      'The portal gave an answer Triage Desk cannot use: the portal sent a page nested more than 64 levels deep, deeper than any FHIR resource is (GET http://portal.test/fhir/Task)',
    );
  });

  it('refuses a declared oversized page before reading it, and reads a normal one', async () => {
    const page: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };
    const answers = [
      () => new Response(JSON.stringify(page), { headers: { 'Content-Length': String(17 * MiB) } }),
      () => new Response(JSON.stringify(page)),
    ];
    const fetch = () => Promise.resolve(answers.shift()!());
    const client = new FhirClient({ baseUrl: 'http://portal.test/fhir', fetch, sleep: noSleep });
    await expect(client.getJson('http://portal.test/fhir/Task')).rejects.toThrow(/larger than 16 MiB/);
    expect(await client.getJson('http://portal.test/fhir/Task')).toEqual(page);
  });
});

describe('FhirWriter with body limits', () => {
  it('parks an oversized or too-deep answer with the reason, rather than retrying it forever', async () => {
    const answers = [
      () => new Response(meteredBody(3 * MiB).stream),
      () => new Response(`{"resourceType":"Task","id":"t1","x":${deepJson(10_000)}}`),
      () => new Response(JSON.stringify({ resourceType: 'Task', id: 't1', status: 'ready' })),
    ];
    const fetch = () => Promise.resolve(answers.shift()!());
    const writer = new FhirWriter({
      baseUrl: 'http://portal.test/fhir',
      fetch,
      bodyLimits: { ...DEFAULT_BODY_LIMITS, maxBytes: MiB },
    });
    expect(await writer.readTask('t1')).toEqual({
      kind: 'park',
      reason: 'the portal sent an answer larger than 1 MiB, more than Triage Desk reads at once',
    });
    expect(await writer.readTask('t1')).toEqual({
      kind: 'park',
      reason: 'the portal sent an answer nested more than 64 levels deep, deeper than any FHIR resource is (HTTP 200)',
    });
    expect(await writer.readTask('t1')).toMatchObject({ kind: 'task', task: { id: 't1' } });
  });
});
