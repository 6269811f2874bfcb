import type { Bundle, CapabilityStatement, OperationOutcome, Patient, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { smallClinic } from '../../../simulator/test-support/clinic-fixture';
import { FaultInjector } from './faults';
import type { FaultRequest } from './faults';
import { medplumPortalFor, startMedplumPortal } from './medplum-portal';
import type { MedplumPortal } from './medplum-portal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const task = (fields: Partial<Task> = {}): Task => ({
  resourceType: 'Task',
  status: 'requested',
  intent: 'order',
  ...fields,
});
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');

let portal: MedplumPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

describe('the Medplum portal wrapper', () => {
  it('creates, reads and updates with ETag, Location and Last-Modified', async () => {
    portal = await startMedplumPortal();
    const created = await portal.http<Task>('POST', 'Task', task());
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const { id, meta } = created.body;
    expect(meta?.versionId).toMatch(UUID);
    expect(created.headers.get('etag')).toBe(`W/"${meta?.versionId}"`);
    expect(created.headers.get('location')).toBe(`${portal.baseUrl}/Task/${id}/_history/${meta?.versionId}`);
    expect(Date.parse(created.headers.get('last-modified')!)).toBe(
      Math.floor(Date.parse(meta!.lastUpdated!) / 1000) * 1000,
    );

    const read = await portal.http<Task>('GET', `Task/${id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`W/"${meta?.versionId}"`);
    expect(read.headers.get('location')).toBeNull();

    const updated = await portal.http<Task>(
      'PUT',
      `Task/${id}`,
      { ...read.body, status: 'accepted' },
      {
        'if-match': `W/"${meta?.versionId}"`,
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe('accepted');
    expect(updated.body.meta?.versionId).not.toBe(meta?.versionId);
    expect(updated.headers.get('location')).toBe(
      `${portal.baseUrl}/Task/${id}/_history/${updated.body.meta?.versionId}`,
    );
    const old = await portal.http<Task>('GET', `Task/${id}/_history/${meta?.versionId}`);
    expect(old.body.status).toBe('requested');
  });

  it('seeds with the ids given and Medplum’s own versions and times, keeping the rest of meta', async () => {
    portal = await medplumPortalFor(smallClinic());
    const observation = await portal.http<Patient>('GET', 'Observation/obs-1');
    expect(observation.status).toBe(200);
    expect(observation.body.meta?.versionId).toMatch(UUID);
    expect(observation.body.meta?.lastUpdated).not.toBe('2026-11-22T07:00:00.000Z');
    // The NOPAT label the results workflow depends on is data, not server bookkeeping.
    expect(observation.body.meta?.security).toEqual(smallClinic().find((r) => r.id === 'obs-1')?.meta?.security);
    const tasks = await portal.http<Bundle>('GET', 'Task');
    expect(tasks.body.entry?.map((e) => e.resource?.id).sort()).toEqual(['task-1', 'task-2', 'task-3']);
  });

  it('stamps meta.lastUpdated from the clock it is given', async () => {
    let ms = Date.parse('2026-11-25T12:00:00.000Z');
    portal = await startMedplumPortal({ resources: [task({ id: 't' })], now: () => new Date((ms += 1000)) });
    expect((await portal.http<Task>('GET', 'Task/t')).body.meta?.lastUpdated).toBe('2026-11-25T12:00:01.000Z');
    const patched = await portal.http<Task>('PATCH', 'Task/t', [{ op: 'replace', path: '/status', value: 'accepted' }]);
    expect(patched.body.meta?.lastUpdated).toBe('2026-11-25T12:00:02.000Z');
  });

  it('applies a JSON Patch sent as application/json-patch+json', async () => {
    portal = await startMedplumPortal({ resources: [task({ id: 't' })] });
    const patched = await portal.http<Task>('PATCH', 'Task/t', [
      { op: 'replace', path: '/status', value: 'in-progress' },
      { op: 'add', path: '/note', value: [{ text: 'called back' }] },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe(`W/"${patched.body.meta?.versionId}"`);
    expect((await portal.http<Task>('GET', 'Task/t')).body).toMatchObject({
      status: 'in-progress',
      note: [{ text: 'called back' }],
    });
    expect(portal.requests.at(-2)).toMatchObject({ method: 'PATCH', url: 'Task/t', status: 200, fault: 'none' });
    expect(portal.requests.at(-2)?.headers['content-type']).toBe('application/json-patch+json');
  });

  it('runs a transaction Bundle POSTed to the base: a create and a Binary JSON Patch pointing at it', async () => {
    portal = await startMedplumPortal({ resources: [task({ id: 't' })] });
    const urn = 'urn:uuid:5b1c0d7e-0a4b-4c8e-9d51-2f3a4b5c6d7e';
    const answer = await portal.http<Bundle>('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: urn,
          resource: { resourceType: 'Communication', status: 'completed', payload: [{ contentString: 'Hi' }] },
          request: { method: 'POST', url: 'Communication' },
        },
        {
          resource: {
            resourceType: 'Binary',
            contentType: 'application/json-patch+json',
            data: b64([
              { op: 'add', path: '/output', value: [{ type: { text: 'reply' }, valueReference: { reference: urn } }] },
            ]),
          },
          request: { method: 'PATCH', url: 'Task/t' },
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('transaction-response');
    const [created, patched] = answer.body.entry ?? [];
    expect(created?.response?.status).toBe('201');
    expect(patched?.response?.status).toBe('200');
    const reference = `Communication/${created?.resource?.id}`;
    expect(created?.response?.location).toBe(reference);
    expect((await portal.http<Task>('GET', 'Task/t')).body.output?.[0]?.valueReference?.reference).toBe(reference);
  });

  it('honours If-None-Exist: the second create answers 200 with the first', async () => {
    portal = await startMedplumPortal();
    const body = task({
      identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0e9d7c1a-3f4e-4b2a-8c6d-1a2b3c4d5e6f' }],
    });
    const ifNoneExist = {
      'if-none-exist': 'identifier=urn:ietf:rfc:3986|urn:uuid:0e9d7c1a-3f4e-4b2a-8c6d-1a2b3c4d5e6f',
    };
    const first = await portal.http<Task>('POST', 'Task', body, ifNoneExist);
    const second = await portal.http<Task>('POST', 'Task', body, ifNoneExist);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect((await portal.http<Bundle>('GET', 'Task')).body.total).toBe(1);
  });

  it('filters by _tag (system|code), as /metadata states: the audit push finds its records by their hash tag', async () => {
    const tagged = (code: string): Task => task({ meta: { tag: [{ system: 'urn:test:hash', code }] } });
    portal = await startMedplumPortal({ resources: [tagged('a'), tagged('b'), task()] });
    const found = await portal.http<Bundle>('GET', 'Task?_tag=urn:test:hash|b');
    expect(found.body.entry?.map((e) => e.resource?.meta?.tag?.[0]?.code)).toEqual(['b']);
    expect((await portal.http<Bundle>('GET', 'Task?_tag=urn:test:hash|c')).body.entry ?? []).toEqual([]);
  });

  it('serves /metadata as an R4 CapabilityStatement that FhirClient reads', async () => {
    portal = await startMedplumPortal();
    const metadata = await portal.http<CapabilityStatement>('GET', 'metadata');
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      resourceType: 'CapabilityStatement',
      kind: 'instance',
      fhirVersion: '4.0.1',
      rest: [{ mode: 'server', interaction: [{ code: 'transaction' }, { code: 'batch' }] }],
    });
    const taskType = metadata.body.rest?.[0]?.resource?.find((r) => r.type === 'Task');
    const codes = taskType?.interaction?.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['read', 'vread', 'update', 'patch', 'create', 'search-type']));
    expect(codes).toContain('history-instance');
    expect(codes).not.toContain('history-type');
    expect(taskType?.searchInclude).toBeUndefined();

    const caps = await portal.client().capabilities();
    expect(caps.fhirVersion).toBe('4.0.1');
    expect(caps.types.get('Task')).toMatchObject({
      searchType: true,
      read: true,
      idSearch: true,
      historyType: false,
      lastUpdatedSearch: true,
    });
    expect(caps.types.get('Task')?.includes.size).toBe(0);
  });

  it('does the conditional writes /metadata states: update (create when none), delete single', async () => {
    const tagged = (value: string, status: Task['status'] = 'requested') =>
      task({ status, identifier: [{ system: 'urn:test', value }] });
    portal = await startMedplumPortal({ resources: [tagged('one'), tagged('two'), tagged('two')] });
    expect((await portal.http('PUT', 'Task?identifier=urn:test|one', tagged('one', 'accepted'))).status).toBe(200);
    expect((await portal.http('PUT', 'Task?identifier=urn:test|new', tagged('new'))).status).toBe(201);
    expect((await portal.http('PUT', 'Task?identifier=urn:test|two', tagged('two'))).status).toBe(412);
    expect((await portal.http('DELETE', 'Task?identifier=urn:test|two')).status).toBe(412);
    expect((await portal.http('DELETE', 'Task?identifier=urn:test|one')).status).toBe(200);
    expect((await portal.http<Bundle>('GET', 'Task')).body.total).toBe(3);
  });

  it('answers paths outside its base with 404 and an OperationOutcome', async () => {
    portal = await startMedplumPortal();
    const outside = await fetch(new URL('/Task', portal.baseUrl));
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
  });
});

describe('faults', () => {
  it('unavailable: 503 with Retry-After before the router sees the request', async () => {
    portal = await startMedplumPortal({ faults: { seed: 1, retryAfterSeconds: 2 } });
    portal.faults.next({ kind: 'unavailable', match: (r) => r.method === 'POST' });
    const refused = await portal.http<OperationOutcome>('POST', 'Task', task());
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.body.issue?.[0]?.code).toBe('transient');
    expect((await portal.http<Bundle>('GET', 'Task')).body.total).toBe(0);
    expect(portal.requests[0]).toMatchObject({ method: 'POST', fault: 'unavailable', status: 503 });
  });

  it('drop-after-commit: the client sees a network error, yet the write landed', async () => {
    portal = await startMedplumPortal();
    portal.faults.next({ kind: 'drop-after-commit', match: (r) => r.method === 'POST' });
    const body = task({ identifier: [{ system: 'urn:test', value: 'dropped' }] });
    await expect(portal.http('POST', 'Task', body)).rejects.toThrow();
    const found = await portal.http<Bundle<Task>>('GET', 'Task?identifier=urn:test|dropped');
    expect(found.body.total).toBe(1);
    expect(portal.requests[0]).toMatchObject({ fault: 'drop-after-commit', status: undefined });
  });

  it('a forced fault waits for the request it matches', async () => {
    portal = await startMedplumPortal({ resources: [task({ id: 't' })] });
    portal.faults.next({ kind: 'drop-after-commit', match: (r) => r.method === 'PATCH' });
    expect((await portal.http('GET', 'Task/t')).status).toBe(200);
    expect(portal.faults.pending).toBe(1);
    await expect(
      portal.http('PATCH', 'Task/t', [{ op: 'replace', path: '/status', value: 'accepted' }]),
    ).rejects.toThrow();
    expect(portal.faults.pending).toBe(0);
    expect((await portal.http<Task>('GET', 'Task/t')).body.status).toBe('accepted');
  });

  it('slow: the answer comes, slowMs late', async () => {
    portal = await startMedplumPortal();
    portal.faults.next({ kind: 'slow', slowMs: 150 });
    const started = performance.now();
    expect((await portal.http('GET', 'Task')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(portal.faults.served.slow).toBe(1);
  });

  it('drawn faults repeat for a seed, stay within onlyMethods and never come more than maxInARow at once', () => {
    const draw = (seed: number, requests: FaultRequest[]) => {
      const faults = new FaultInjector({
        seed,
        drop: 0.3,
        unavailable: 0.3,
        slow: 0.2,
        onlyMethods: ['POST'],
        maxInARow: 2,
      });
      return requests.map((r) => faults.decide(r).kind);
    };
    const requests: FaultRequest[] = Array.from({ length: 200 }, (_, i) => ({
      method: i % 4 === 0 ? 'GET' : 'POST',
      url: 'Task',
      headers: {},
      body: undefined,
    }));
    const kinds = draw(7, requests);
    expect(draw(7, requests)).toEqual(kinds);
    expect(draw(8, requests)).not.toEqual(kinds);
    expect(kinds.filter((k, i) => requests[i]?.method === 'GET' && k !== 'none')).toEqual([]);
    for (const kind of ['drop-after-commit', 'unavailable', 'slow']) expect(kinds).toContain(kind);
    const posts = kinds.filter((_, i) => requests[i]?.method === 'POST');
    const longestRun = Math.max(
      ...posts
        .join(',')
        .split('none')
        .map((run) => run.split(',').filter(Boolean).length),
    );
    expect(longestRun).toBeLessThanOrEqual(2);
  });

  it('a seeded plan over HTTP: FhirClient retries through 503s and drops and reads every Task', async () => {
    portal = await medplumPortalFor(smallClinic(), { faults: { seed: 7, drop: 0.3, unavailable: 0.3 } });
    const client = portal.client();
    const pages = [];
    for await (const page of client.search('Task', new URLSearchParams({ _count: '10' }))) pages.push(page);
    expect(
      pages
        .flatMap((p) => p.entry ?? [])
        .map((e) => e.resource?.id)
        .sort(),
    ).toEqual(['task-1', 'task-2', 'task-3']);
    expect(portal.faults.served.unavailable + portal.faults.served['drop-after-commit']).toBeGreaterThan(0);
    expect(client.retries).toBe(portal.faults.served.unavailable + portal.faults.served['drop-after-commit']);
  });

  it('refuses rates that do not make a distribution', () => {
    expect(() => new FaultInjector({ seed: 1, drop: 0.6, unavailable: 0.6 })).toThrow(RangeError);
  });
});
