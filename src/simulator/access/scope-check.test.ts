import type { Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirRequest, FhirResponse, ServerContext } from '../http/fhir-request';
import { routeFhirRequest } from '../http/router';
import { smallClinic } from '../test-support/clinic-fixture';
import { databaseFingerprint, issueCode, startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';

/*
 * The letter each interaction needs, checked where the router knows the type and the method: the
 * token's scopes as the bearer guard hands them on (tokens themselves: forbidden-writes.test.ts).
 */

const patient = (id: string): Patient => ({ resourceType: 'Patient', id, name: [{ family: 'Scope' }] });

let sim: TestSimulator;
let context: ServerContext;
beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic() });
  context = { store: sim.store, baseUrl: () => sim.baseUrl, now: () => new Date() };
  // Deleted by the delete case once the letter is given.
  sim.store.update(patient('scratch'));
});
afterAll(async () => {
  await sim.stop();
});

function request(scopes: readonly string[], method: string, path: string, body?: unknown): FhirResponse {
  const url = new URL(path, 'http://localhost');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const req: FhirRequest = {
    method,
    segments,
    params: [...url.searchParams],
    headers: {},
    scopes,
    ...(body === undefined ? {} : { body }),
  };
  return routeFhirRequest(context, req);
}

const refusedForScope = (answer: FhirResponse) =>
  answer.status === 403 && issueCode(answer.body) === 'forbidden' && answer.headers['WWW-Authenticate'] !== undefined;

describe('one letter per interaction (SMART v2)', () => {
  const cases: { what: string; letter: string; run: (scopes: string[]) => FhirResponse }[] = [
    { what: 'read', letter: 'r', run: (s) => request(s, 'GET', '/Patient/pat-1') },
    { what: 'vread', letter: 'r', run: (s) => request(s, 'GET', '/Patient/pat-1/_history/1') },
    { what: 'instance history', letter: 'r', run: (s) => request(s, 'GET', '/Patient/pat-1/_history') },
    { what: 'search', letter: 's', run: (s) => request(s, 'GET', '/Patient?identifier=x') },
    { what: 'search by POST', letter: 's', run: (s) => request(s, 'POST', '/Patient/_search') },
    { what: 'type history', letter: 's', run: (s) => request(s, 'GET', '/Patient/_history') },
    { what: 'create', letter: 'c', run: (s) => request(s, 'POST', '/Patient', patient('ignored')) },
    { what: 'update', letter: 'u', run: (s) => request(s, 'PUT', '/Patient/pat-2', patient('pat-2')) },
    {
      what: 'patch',
      letter: 'u',
      run: (s) => request(s, 'PATCH', '/Patient/pat-2', [{ op: 'add', path: '/active', value: true }]),
    },
    { what: 'delete', letter: 'd', run: (s) => request(s, 'DELETE', '/Patient/scratch') },
  ];

  for (const { what, letter, run } of cases) {
    it(`${what} needs ${letter}: refused without it, whatever else the token holds, and nothing written`, () => {
      const others = 'cruds'.replace(letter, '');
      const before = databaseFingerprint(sim.store);
      const refused = run([`user/*.${others}`, `user/Task.${letter}`]);
      expect(refusedForScope(refused)).toBe(true);
      expect(refused.headers['WWW-Authenticate']).toContain(`scope="user/Patient.${letter}"`);
      expect(databaseFingerprint(sim.store)).toBe(before);
      // With the letter, on the type or on every type, the scope is no longer the problem.
      expect(refusedForScope(run([`user/Patient.${letter}`]))).toBe(false);
    });
  }

  it('takes an update that creates as a create as well (c and u)', () => {
    expect(refusedForScope(request(['user/Patient.u'], 'PUT', '/Patient/new-1', patient('new-1')))).toBe(true);
    expect(request(['user/Patient.cu'], 'PUT', '/Patient/new-1', patient('new-1')).status).toBe(201);
  });

  it('needs a search of every type for the system history, and `s` on the searched type for later pages', () => {
    expect(refusedForScope(request(['user/Patient.s', 'user/Task.s'], 'GET', '/_history'))).toBe(true);
    expect(request(['user/*.s'], 'GET', '/_history').status).toBe(200);
    const first = request(['user/Task.s'], 'GET', '/Task?_count=1').body as Bundle;
    const next = new URL(first.link?.find((l) => l.relation === 'next')?.url ?? '');
    expect(refusedForScope(request(['user/Patient.s'], 'GET', `/${next.search}`))).toBe(true);
    expect(request(['user/Task.s'], 'GET', `/${next.search}`).status).toBe(200);
  });
});

describe('SMART v1 permissions', () => {
  it('reads and searches with read, writes (create, update, delete) with write, everything with *', () => {
    expect(request(['user/*.read'], 'GET', '/Patient/pat-1').status).toBe(200);
    expect(request(['user/*.read'], 'GET', '/Patient').status).toBe(200);
    expect(refusedForScope(request(['user/*.read'], 'POST', '/Patient', patient('x')))).toBe(true);
    expect(refusedForScope(request(['user/Patient.write'], 'GET', '/Patient/pat-1'))).toBe(true);
    expect(request(['user/Patient.write'], 'POST', '/Patient', patient('x')).status).toBe(201);
    expect(refusedForScope(request(['user/Patient.write'], 'POST', '/Task', {}))).toBe(true);
    expect(request(['user/Patient.*'], 'GET', '/Patient/pat-1').status).toBe(200);
  });

  it('grants nothing for scopes it does not understand', () => {
    for (const scope of ['patient/*.read', 'system/*.cruds', 'user/Patient.rs?name=x', 'user/*.sr', 'openid']) {
      expect(refusedForScope(request([scope], 'GET', '/Patient/pat-1'))).toBe(true);
    }
  });
});

describe('batch and transaction entries are each an interaction', () => {
  const entries = (): BundleEntry[] => [
    { resource: patient('ignored'), request: { method: 'POST', url: 'Patient' } },
    { request: { method: 'DELETE', url: 'Patient/pat-1' } },
    { request: { method: 'GET', url: 'Patient/pat-2' } },
  ];

  it('refuses a whole transaction holding a delete the token cannot make, writing nothing', () => {
    const before = databaseFingerprint(sim.store);
    const answer = request(['user/*.crus'], 'POST', '/', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: entries(),
    });
    expect([answer.status, issueCode(answer.body)]).toEqual([403, 'forbidden']);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('refuses just that entry of a batch, and runs the others', () => {
    const answer = request(['user/*.crus'], 'POST', '/', { resourceType: 'Bundle', type: 'batch', entry: entries() });
    const statuses = ((answer.body as Bundle).entry ?? []).map((e) => e.response?.status);
    expect(statuses).toEqual(['201 Created', '403 Forbidden', '200 OK']);
    expect(sim.store.read('Patient', 'pat-1').meta?.versionId).toBe('1');
  });
});
