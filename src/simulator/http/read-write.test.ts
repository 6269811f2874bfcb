import type { Bundle, CapabilityStatement, Patient, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
/** Any identifier system will do: these tests are of the simulator's conditional create, not of the desk's keys. */
const CLIENT_ID_SYSTEM = 'urn:ietf:rfc:3986';
import { smallClinic, task } from '../test-support/clinic-fixture';
import { databaseFingerprint, issueCode, startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic() });
});
afterAll(async () => {
  await sim.stop();
});

const newTask = (): Task => task('ignored', 'respond-to-message', 'Patient/pat-1', 'Communication/thread-1') as Task;

describe('read and vread', () => {
  it('reads a seeded resource with its version headers', async () => {
    const answer = await sim.fhir('/Task/task-1');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(answer.headers.get('etag')).toBe('W/"1"');
    expect(answer.headers.get('last-modified')).toBe(new Date('2026-11-21T09:00:00.000Z').toUTCString());
    expect(answer.body.meta).toMatchObject({ versionId: '1', lastUpdated: '2026-11-21T09:00:00.000Z' });
  });

  it('answers 304 to If-None-Match with the current version', async () => {
    const answer = await sim.fhir('/Task/task-1', { headers: { 'if-none-match': 'W/"1"' } });
    expect(answer.status).toBe(304);
  });

  it('reads old versions with vread and 404s a version that never was', async () => {
    const first = (await sim.fhir('/Patient/pat-1')).body;
    await sim.fhir('/Patient/pat-1', { method: 'PUT', body: { ...first, gender: 'female' } });
    const v1 = await sim.fhir<Patient>('/Patient/pat-1/_history/1');
    expect(v1.status).toBe(200);
    expect(v1.body.gender).toBeUndefined();
    const v2 = await sim.fhir<Patient>('/Patient/pat-1/_history/2');
    expect(v2.body).toMatchObject({ gender: 'female', meta: { versionId: '2' } });
    const v9 = await sim.fhir('/Patient/pat-1/_history/9');
    expect([v9.status, issueCode(v9.body)]).toEqual([404, 'not-found']);
  });
});

describe('create', () => {
  it('assigns id, version 1 and a server lastUpdated, with Location', async () => {
    const answer = await sim.fhir('/Task', { method: 'POST', body: newTask() });
    expect(answer.status).toBe(201);
    const created = answer.body as Task;
    expect(created.id).not.toBe('ignored');
    expect(created.meta?.versionId).toBe('1');
    expect(created.meta?.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(answer.headers.get('location')).toBe(`${sim.baseUrl}/Task/${created.id ?? ''}/_history/1`);
    expect(answer.headers.get('etag')).toBe('W/"1"');
  });

  it('is idempotent with If-None-Exist on the client identifier', async () => {
    const body = {
      ...newTask(),
      identifier: [{ system: CLIENT_ID_SYSTEM, value: 'urn:uuid:5b7c0a4e-1111-4c1e-9a55-000000000001' }],
    };
    const headers = { 'if-none-exist': `identifier=${CLIENT_ID_SYSTEM}|urn:uuid:5b7c0a4e-1111-4c1e-9a55-000000000001` };
    const first = await sim.fhir('/Task', { method: 'POST', body, headers });
    const second = await sim.fhir('/Task', { method: 'POST', body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const search = await sim.fhir(
      `/Task?identifier=${encodeURIComponent(`${CLIENT_ID_SYSTEM}|urn:uuid:5b7c0a4e-1111-4c1e-9a55-000000000001`)}`,
    );
    expect((search.body as Bundle).total).toBe(1);
  });

  it('answers 412 when If-None-Exist matches several', async () => {
    const identifier = [{ system: 'urn:test', value: 'dup' }];
    await sim.fhir('/Task', { method: 'POST', body: { ...newTask(), identifier } });
    await sim.fhir('/Task', { method: 'POST', body: { ...newTask(), identifier } });
    const before = databaseFingerprint(sim.store);
    const third = await sim.fhir('/Task', {
      method: 'POST',
      body: { ...newTask(), identifier },
      headers: { 'if-none-exist': 'identifier=urn:test|dup' },
    });
    expect([third.status, issueCode(third.body)]).toEqual([412, 'multiple-matches']);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
    const minimal = await sim.fhir('/Task', { method: 'POST', body: newTask(), headers: { prefer: 'return=minimal' } });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toBeUndefined();
    expect(minimal.headers.get('location')).toMatch(/\/Task\/[^/]+\/_history\/1$/);
    const outcome = await sim.fhir('/Task', {
      method: 'POST',
      body: newTask(),
      headers: { prefer: 'return=OperationOutcome' },
    });
    expect(outcome.body.resourceType).toBe('OperationOutcome');
  });
});

describe('update, patch and delete', () => {
  it('bumps the version on every write and never moves lastUpdated backwards', async () => {
    const created = (await sim.fhir('/Task', { method: 'POST', body: newTask() })).body as Task;
    const id = created.id ?? '';
    const updated = await sim.fhir(`/Task/${id}`, {
      method: 'PUT',
      body: { ...created, status: 'accepted' },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.meta?.versionId).toBe('2');
    expect((updated.body.meta?.lastUpdated ?? '') >= (created.meta?.lastUpdated ?? '')).toBe(true);
    const patched = await sim.fhir(`/Task/${id}`, {
      method: 'PATCH',
      body: JSON.stringify([{ op: 'replace', path: '/status', value: 'in-progress' }]),
      headers: { 'content-type': 'application/json-patch+json', 'if-match': 'W/"2"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'in-progress', meta: { versionId: '3' } });
    expect((patched.body.meta?.lastUpdated ?? '') >= (updated.body.meta?.lastUpdated ?? '')).toBe(true);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const created = (await sim.fhir('/Task', { method: 'POST', body: newTask() })).body as Task;
    await sim.fhir(`/Task/${created.id ?? ''}`, { method: 'PUT', body: { ...created, status: 'accepted' } });
    const before = databaseFingerprint(sim.store);
    const stale = await sim.fhir(`/Task/${created.id ?? ''}`, {
      method: 'PUT',
      body: { ...created, status: 'cancelled' },
      headers: { 'if-match': 'W/"1"' },
    });
    expect([stale.status, issueCode(stale.body)]).toEqual([412, 'conflict']);
    const stalePatch = await sim.fhir(`/Task/${created.id ?? ''}`, {
      method: 'PATCH',
      body: JSON.stringify([{ op: 'replace', path: '/status', value: 'cancelled' }]),
      headers: { 'content-type': 'application/json-patch+json', 'if-match': 'W/"1"' },
    });
    expect(stalePatch.status).toBe(412);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('validates contained resources of types it does not serve', async () => {
    const withMedication = {
      ...newTask(),
      contained: [{ resourceType: 'Medication', id: 'med', code: { text: 'Amoxicillin 500 mg capsule' } }],
    };
    expect((await sim.fhir('/Task', { method: 'POST', body: withMedication })).status).toBe(201);
    const broken = { ...newTask(), contained: [{ resourceType: 'Medication', id: 'med', colour: 'red' }] };
    expect((await sim.fhir('/Task', { method: 'POST', body: broken })).status).toBe(400);
  });

  it('creates on update under the client id (updateCreate)', async () => {
    const answer = await sim.fhir('/Task/client-chosen-1', {
      method: 'PUT',
      body: { ...newTask(), id: 'client-chosen-1' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.meta?.versionId).toBe('1');
  });

  it('deletes: 204, then 410 on read, a tombstone version, and 204 again on a second delete', async () => {
    const created = (await sim.fhir('/Task', { method: 'POST', body: newTask() })).body as Task;
    const path = `/Task/${created.id ?? ''}`;
    const deleted = await sim.fhir(path, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('etag')).toBe('W/"2"');
    const read = await sim.fhir(path);
    expect([read.status, issueCode(read.body)]).toEqual([410, 'deleted']);
    expect((await sim.fhir(path, { method: 'DELETE' })).status).toBe(204);
    const history = (await sim.fhir(`${path}/_history`)).body as Bundle;
    expect(history.entry?.map((e) => e.request?.method)).toEqual(['DELETE', 'POST']);
    const vread = await sim.fhir(`${path}/_history/1`);
    expect(vread.status).toBe(200);
    const resurrected = await sim.fhir(path, { method: 'PUT', body: { ...created } });
    expect(resurrected.status).toBe(201);
    expect(resurrected.body.meta?.versionId).toBe('3');
  });

  it('returns an OperationOutcome for delete with Prefer: return=OperationOutcome', async () => {
    const created = (await sim.fhir('/Task', { method: 'POST', body: newTask() })).body as Task;
    const answer = await sim.fhir(`/Task/${created.id ?? ''}`, {
      method: 'DELETE',
      headers: { prefer: 'return=OperationOutcome' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.resourceType).toBe('OperationOutcome');
  });
});

describe('metadata', () => {
  it('lists exactly the supported types, interactions, params and includes', async () => {
    const answer = await sim.fhir<CapabilityStatement>('/metadata');
    expect(answer.status).toBe(200);
    const rest = answer.body.rest?.[0];
    const taskEntry = rest?.resource?.find((r) => r.type === 'Task');
    expect(taskEntry?.searchInclude).toEqual(expect.arrayContaining(['Task:focus', 'Task:patient']));
    expect(taskEntry?.searchParam?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['_id', '_lastUpdated', 'owner', 'status', 'code', 'patient', 'focus', 'identifier']),
    );
    expect(rest?.interaction?.map((i) => i.code).sort()).toEqual(['batch', 'history-system', 'transaction']);
    expect(rest?.resource?.some((r) => r.type === 'Device')).toBe(false);
  });
});
