import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallClinic } from '../test-support/clinic-fixture';
import { databaseFingerprint, issueCode, startTestSimulator } from '../test-support/harness';
import type { FhirInit, TestSimulator } from '../test-support/harness';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic(), maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await sim.stop();
});

const validTask = {
  resourceType: 'Task',
  status: 'requested',
  intent: 'order',
  for: { reference: 'Patient/pat-1' },
};

interface BadCase {
  name: string;
  path: string;
  init?: FhirInit;
  status: number;
  code: string;
}

const CASES: BadCase[] = [
  {
    name: 'bad JSON',
    path: '/Task',
    init: { method: 'POST', body: '{"resourceType": "Task",', headers: { 'content-type': 'application/fhir+json' } },
    status: 400,
    code: 'structure',
  },
  {
    name: 'a JSON array for a resource',
    path: '/Task',
    init: { method: 'POST', body: [] },
    status: 400,
    code: 'structure',
  },
  {
    name: 'no resourceType',
    path: '/Task',
    init: { method: 'POST', body: { status: 'requested' } },
    status: 400,
    code: 'structure',
  },
  {
    name: 'unknown resource type',
    path: '/Spaceship',
    init: { method: 'POST', body: { resourceType: 'Spaceship' } },
    status: 404,
    code: 'not-supported',
  },
  { name: 'unsupported R4 type', path: '/Device/1', status: 404, code: 'not-supported' },
  {
    name: 'body type differs from URL',
    path: '/Task',
    init: { method: 'POST', body: { resourceType: 'Patient' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'update id differs from URL',
    path: '/Task/task-1',
    init: { method: 'PUT', body: { ...validTask, id: 'task-2' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'update without id',
    path: '/Task/task-1',
    init: { method: 'PUT', body: validTask },
    status: 400,
    code: 'required',
  },
  {
    name: 'missing required element',
    path: '/Task',
    init: { method: 'POST', body: { resourceType: 'Task', intent: 'order' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'unknown element',
    path: '/Task',
    init: { method: 'POST', body: { ...validTask, colour: 'blue' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'wrong data type',
    path: '/Task',
    init: { method: 'POST', body: { ...validTask, authoredOn: 'yesterday' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'invalid id in URL',
    path: '/Task/bad%20id',
    init: { method: 'PUT', body: { ...validTask, id: 'bad id' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'dangling reference',
    path: '/Task',
    init: { method: 'POST', body: { ...validTask, for: { reference: 'Patient/nobody' } } },
    status: 422,
    code: 'processing',
  },
  { name: 'unknown search parameter', path: '/Task?colour=blue', status: 400, code: 'invalid' },
  { name: 'unknown modifier', path: '/Task?status:fuzzy=requested', status: 400, code: 'invalid' },
  { name: 'chained parameter', path: '/Task?patient.name=Nguyen', status: 400, code: 'invalid' },
  { name: 'bad _count', path: '/Task?_count=ten', status: 400, code: 'invalid' },
  { name: 'negative _count', path: '/Task?_count=-1', status: 400, code: 'invalid' },
  { name: 'bad _lastUpdated', path: '/Task?_lastUpdated=gt2026-13-01', status: 400, code: 'invalid' },
  { name: 'bad _lastUpdated prefix', path: '/Task?_lastUpdated=ap2026-01-01', status: 400, code: 'invalid' },
  { name: 'bad _sort', path: '/Task?_sort=priority', status: 400, code: 'invalid' },
  { name: 'bad _include', path: '/Task?_include=Task:requester', status: 400, code: 'invalid' },
  { name: 'bad _history parameter', path: '/Task/_history?_at=2026', status: 400, code: 'invalid' },
  { name: 'bad _since', path: '/_history?_since=soon', status: 400, code: 'invalid' },
  {
    name: 'bad If-Match format',
    path: '/Task/task-1',
    init: { method: 'PUT', body: { ...validTask, id: 'task-1' }, headers: { 'if-match': '3' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'bad X-Practitioner',
    path: '/Task',
    init: { method: 'POST', body: validTask, headers: { 'x-practitioner': 'Patient/pat-1' } },
    status: 400,
    code: 'invalid',
  },
  { name: 'unknown id', path: '/Task/nope', status: 404, code: 'not-found' },
  {
    name: 'patch on unknown id',
    path: '/Task/nope',
    init: { method: 'PATCH', body: '[]', headers: { 'content-type': 'application/json-patch+json' } },
    status: 404,
    code: 'not-found',
  },
  { name: 'delete unknown id', path: '/Task/nope', init: { method: 'DELETE' }, status: 404, code: 'not-found' },
  {
    name: 'malformed JSON Patch',
    path: '/Task/task-1',
    init: { method: 'PATCH', body: '{"op":"replace"}', headers: { 'content-type': 'application/json-patch+json' } },
    status: 400,
    code: 'structure',
  },
  {
    name: 'JSON Patch test failing',
    path: '/Task/task-1',
    init: {
      method: 'PATCH',
      body: '[{"op":"test","path":"/status","value":"completed"},{"op":"replace","path":"/status","value":"accepted"}]',
      headers: { 'content-type': 'application/json-patch+json' },
    },
    status: 422,
    code: 'processing',
  },
  {
    name: 'JSON Patch to invalid resource',
    path: '/Task/task-1',
    init: {
      method: 'PATCH',
      body: '[{"op":"remove","path":"/status"}]',
      headers: { 'content-type': 'application/json-patch+json' },
    },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'PATCH with a FHIR content type',
    path: '/Task/task-1',
    init: { method: 'PATCH', body: '[]', headers: { 'content-type': 'application/fhir+json' } },
    status: 415,
    code: 'not-supported',
  },
  {
    name: 'XML body',
    path: '/Task',
    init: { method: 'POST', body: '<Task/>', headers: { 'content-type': 'application/fhir+xml' } },
    status: 415,
    code: 'not-supported',
  },
  {
    name: 'XML only accepted',
    path: '/Task/task-1',
    init: { headers: { accept: 'application/fhir+xml' } },
    status: 406,
    code: 'not-supported',
  },
  {
    name: 'wrong method on instance',
    path: '/Task/task-1',
    init: { method: 'POST', body: validTask },
    status: 405,
    code: 'not-supported',
  },
  { name: 'wrong method on type', path: '/Task', init: { method: 'DELETE' }, status: 405, code: 'not-supported' },
  {
    name: 'wrong method on metadata',
    path: '/metadata',
    init: { method: 'PUT', body: {} },
    status: 405,
    code: 'not-supported',
  },
  { name: 'unknown endpoint', path: '/Task/task-1/$everything', status: 404, code: 'not-found' },
  { name: 'system search', path: '/?status=requested', status: 400, code: 'not-supported' },
  {
    name: 'expired paging link',
    path: '/?_getpages=00000000-0000-0000-0000-000000000000&_getpagesoffset=50&_count=50',
    status: 410,
    code: 'not-found',
  },
  {
    name: 'bundle of the wrong type',
    path: '/',
    init: { method: 'POST', body: { resourceType: 'Bundle', type: 'collection' } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'transaction entry without request',
    path: '/',
    init: { method: 'POST', body: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: validTask }] } },
    status: 400,
    code: 'invalid',
  },
  {
    name: 'oversized body',
    path: '/Task',
    init: { method: 'POST', body: { ...validTask, description: 'x'.repeat(70 * 1024) } },
    status: 413,
    code: 'too-costly',
  },
];

describe('every bad request answers a 4xx OperationOutcome and changes nothing', () => {
  it.each(CASES)('$name → $status $code', async ({ path, init, status, code }) => {
    const before = databaseFingerprint(sim.store);
    const answer = await sim.fhir(path, init);
    expect(answer.body?.resourceType).toBe('OperationOutcome');
    expect([answer.status, issueCode(answer.body)]).toEqual([status, code]);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('answers 413 to a body announced too large by Content-Length', async () => {
    const before = databaseFingerprint(sim.store);
    const body = 'x'.repeat(200 * 1024);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL('/Task', sim.baseUrl);
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/fhir+json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(413);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });
});
