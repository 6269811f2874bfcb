import type { Bundle, Resource } from '@medplum/fhirtypes';
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

  it('reads what Tasks point to where the server has no _include: batched by _id, else one by one', async () => {
    const statement = (idSearch: boolean) =>
      json({
        resourceType: 'CapabilityStatement',
        rest: [
          {
            mode: 'server',
            searchParam: idSearch ? [{ name: '_id', type: 'token' }] : [],
            resource: ['Task', 'Patient', 'Communication'].map((type) => ({
              type,
              interaction: [{ code: 'read' }, { code: 'search-type' }],
            })),
          },
        ],
      });
    const tasks: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: 2,
      entry: [
        {
          resource: {
            resourceType: 'Task',
            id: 't1',
            status: 'requested',
            intent: 'order',
            for: { reference: 'Patient/p1' },
            focus: { reference: 'Communication/c1' },
          },
          search: { mode: 'match' },
        },
        {
          resource: {
            resourceType: 'Task',
            id: 't2',
            status: 'requested',
            intent: 'order',
            for: { reference: 'http://p.test/Patient/p2' },
            focus: { reference: 'http://elsewhere.test/Communication/c9' },
          },
          search: { mode: 'match' },
        },
      ],
    };
    const matchesOf = (type: string, ids: string[]): Bundle => ({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: ids.map((id) => ({ resource: { resourceType: type, id } as Resource, search: { mode: 'match' } })),
    });
    const include = ['Task:focus', 'Task:patient'];

    const batched = scripted(
      () => statement(true),
      () => json(tasks),
      () => json(matchesOf('Communication', ['c1'])),
      () => json(matchesOf('Patient', ['p1', 'p2'])),
    );
    const client = new FhirClient({ baseUrl: 'http://p.test', fetch: batched.fetch });
    const [page] = await collect(client.search('Task', new URLSearchParams({ _count: '5' }), undefined, { include }));
    expect(page!.entry!.filter((e) => e.search?.mode === 'include').map((e) => e.resource!.id)).toEqual([
      'c1',
      'p1',
      'p2',
    ]);
    expect(batched.urls.slice(1)).toEqual([
      'http://p.test/Task?_count=5',
      'http://p.test/Communication?_id=c1&_count=1',
      'http://p.test/Patient?_id=p1%2Cp2&_count=2',
    ]);

    const oneByOne = scripted(
      () => statement(false),
      () => json(tasks),
      () => json({ resourceType: 'Communication', id: 'c1' }),
      () => json({ resourceType: 'OperationOutcome' }, 410),
      () => json({ resourceType: 'Patient', id: 'p2' }),
    );
    const reader = new FhirClient({ baseUrl: 'http://p.test', fetch: oneByOne.fetch });
    const [read] = await collect(reader.search('Task', new URLSearchParams({ _count: '5' }), undefined, { include }));
    // p1 is gone (410): nothing to include, and no error.
    expect(read!.entry!.filter((e) => e.search?.mode === 'include').map((e) => e.resource!.id)).toEqual(['c1', 'p2']);
    expect(oneByOne.urls.slice(2)).toEqual([
      'http://p.test/Communication/c1',
      'http://p.test/Patient/p1',
      'http://p.test/Patient/p2',
    ]);
  });

  it('sends _include where the server lists it', async () => {
    const { fetch, urls } = scripted(
      () =>
        json({
          resourceType: 'CapabilityStatement',
          rest: [
            {
              mode: 'server',
              resource: [{ type: 'Task', interaction: [{ code: 'search-type' }], searchInclude: ['Task:focus'] }],
            },
          ],
        }),
      () => json({ resourceType: 'Bundle', type: 'searchset', entry: [] }),
    );
    const client = new FhirClient({ baseUrl: 'http://p.test', fetch });
    await collect(client.search('Task', new URLSearchParams(), undefined, { include: ['Task:focus'] }));
    expect(urls[1]).toBe('http://p.test/Task?_include=Task%3Afocus');
  });

  it("calls a resource missing only when a read of it answers 404 or 410, not on a search's say-so", async () => {
    const { fetch, urls } = scripted(
      () =>
        json({
          resourceType: 'CapabilityStatement',
          rest: [
            {
              mode: 'server',
              resource: [
                {
                  type: 'Task',
                  interaction: [{ code: 'read' }, { code: 'search-type' }],
                  searchParam: [{ name: '_id', type: 'token' }],
                },
              ],
            },
          ],
        }),
      () => json(found(['a'])),
      () => json({ resourceType: 'OperationOutcome' }, 404),
      // A search index behind the database: c exists after all.
      () => json({ resourceType: 'Task', id: 'c' }),
      () => json({ resourceType: 'OperationOutcome' }, 410),
    );
    const client = new FhirClient({ baseUrl: 'http://p.test', fetch });
    expect(await client.missing('Task', ['a', 'b', 'c', 'd'])).toEqual(['b', 'd']);
    expect(urls.slice(1)).toEqual([
      'http://p.test/Task?_id=a%2Cb%2Cc%2Cd&_count=4',
      'http://p.test/Task/b',
      'http://p.test/Task/c',
      'http://p.test/Task/d',
    ]);
  });
});

function found(ids: string[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: ids.map((id) => ({
      resource: { resourceType: 'Task', id, status: 'requested', intent: 'order' },
      search: { mode: 'match' },
    })),
  };
}
