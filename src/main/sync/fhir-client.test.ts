import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirClient, FhirHttpError, RetriesExhaustedError } from './fhir-client';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json', ...headers } });

const searchset = (ids: string[], next?: string): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: 3,
  entry: ids.map((id) => ({ resource: { resourceType: 'Patient', id }, search: { mode: 'match' } })),
  link: next === undefined ? [] : [{ relation: 'next', url: next }],
});

/** A fetch that answers from a script, one function per call, and records the URLs asked. */
function scripted(...answers: ((url: string, init?: RequestInit) => Response | Promise<Response>)[]) {
  const urls: string[] = [];
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : input.toString();
    urls.push(url);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected request ${url}`);
    return Promise.resolve(answer(url, init));
  };
  return { fetch, urls };
}

const collect = async (pages: AsyncGenerator<Bundle>) => {
  const all: Bundle[] = [];
  for await (const page of pages) all.push(page);
  return all;
};

describe('FhirClient', () => {
  it('follows next links exactly as given, relative ones against their page', async () => {
    const { fetch, urls } = scripted(
      () => json(searchset(['a'], 'http://portal.test/fhir?_getpages=xyz&_getpagesoffset=1&odd=%2F')),
      () => json(searchset(['b'], '?_getpages=xyz&_getpagesoffset=2')),
      () => json(searchset(['c'])),
    );
    const client = new FhirClient({ baseUrl: 'http://portal.test/fhir/', fetch });
    const pages = await collect(client.search('Patient', new URLSearchParams({ _count: '1' })));
    expect(pages.flatMap((p) => p.entry!.map((e) => e.resource!.id))).toEqual(['a', 'b', 'c']);
    expect(urls).toEqual([
      'http://portal.test/fhir/Patient?_count=1',
      'http://portal.test/fhir?_getpages=xyz&_getpagesoffset=1&odd=%2F',
      'http://portal.test/fhir?_getpages=xyz&_getpagesoffset=2',
    ]);
  });

  it('retries 429, 503, cut and unparsable bodies with backoff, never sooner than Retry-After', async () => {
    const { fetch } = scripted(
      () => json({}, 429, { 'Retry-After': '2' }),
      () => json({}, 503),
      () => new Response('{"resourceType":"Bun', { status: 200, headers: { 'Content-Length': '400' } }),
      () => {
        throw new TypeError('fetch failed');
      },
      () => new Response('{"resourceType":"Bundle","type":"searchset"', { status: 200 }),
      () => json(searchset(['a'])),
    );
    const delays: number[] = [];
    const client = new FhirClient({
      baseUrl: 'http://portal.test',
      fetch,
      random: () => 0.5,
      sleep: (ms) => (delays.push(ms), Promise.resolve()),
      backoff: { baseMs: 100, capMs: 1000 },
    });
    const [page] = await collect(client.search('Patient', new URLSearchParams()));
    expect(page!.entry).toHaveLength(1);
    expect(delays).toEqual([2000, 100, 200, 400, 500]);
    expect(client.retries).toBe(5);
  });

  it('gives up after maxAttempts, and does not retry a 4xx', async () => {
    const failing = scripted(...Array.from({ length: 3 }, () => () => json({}, 500)));
    const client = new FhirClient({
      baseUrl: 'http://p.test',
      fetch: failing.fetch,
      maxAttempts: 3,
      sleep: async () => {},
    });
    await expect(client.getJson('http://p.test/Patient')).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(failing.urls).toHaveLength(3);

    const refused = scripted(() => json({ resourceType: 'OperationOutcome' }, 400));
    const strict = new FhirClient({ baseUrl: 'http://p.test', fetch: refused.fetch, sleep: async () => {} });
    await expect(strict.getJson('http://p.test/Patient')).rejects.toMatchObject({ name: 'FhirHttpError', status: 400 });
    expect(refused.urls).toHaveLength(1);
  });

  it('times out a request that hangs and retries it; the caller abort ends everything', async () => {
    const hang = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
      );
    const { fetch, urls } = scripted(hang, () => json(searchset(['a'])));
    const client = new FhirClient({ baseUrl: 'http://p.test', fetch, timeoutMs: 20, sleep: async () => {} });
    await expect(client.getJson('http://p.test/Patient')).resolves.toMatchObject({ resourceType: 'Bundle' });
    expect(urls).toHaveLength(2);

    const controller = new AbortController();
    const stalled = scripted(hang, hang);
    const cancellable = new FhirClient({ baseUrl: 'http://p.test', fetch: stalled.fetch, sleep: async () => {} });
    const pending = cancellable.getJson('http://p.test/Patient', controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(stalled.urls).toHaveLength(1);
  });

  it('reads capabilities from /metadata', async () => {
    const { fetch } = scripted(() =>
      json({
        resourceType: 'CapabilityStatement',
        fhirVersion: '4.0.1',
        rest: [
          {
            mode: 'server',
            searchParam: [{ name: '_lastUpdated', type: 'date' }],
            resource: [
              {
                type: 'Task',
                interaction: [{ code: 'search-type' }, { code: 'history-type' }],
                searchInclude: ['Task:focus'],
              },
              { type: 'Patient', interaction: [{ code: 'search-type' }] },
            ],
          },
        ],
      }),
    );
    const caps = await new FhirClient({ baseUrl: 'http://p.test', fetch }).capabilities();
    expect(caps.types.get('Task')).toMatchObject({ searchType: true, historyType: true, lastUpdatedSearch: true });
    expect([...caps.types.get('Task')!.includes]).toEqual(['Task:focus']);
    expect(caps.types.get('Patient')).toMatchObject({ historyType: false });
  });

  it('refuses an answer that is not the expected Bundle', async () => {
    const { fetch } = scripted(() => json({ resourceType: 'Bundle', type: 'history' }));
    const client = new FhirClient({ baseUrl: 'http://p.test', fetch });
    await expect(collect(client.search('Patient', new URLSearchParams()))).rejects.toBeInstanceOf(FhirHttpError);
  });
});
