import type { Bundle, BundleEntry, MedicationRequest, OperationOutcome, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
/** Any identifier system will do: these tests are of the simulator's conditional create, not of the desk's keys. */
const CLIENT_ID_SYSTEM = 'urn:ietf:rfc:3986';
import { smallClinic } from '../test-support/clinic-fixture';
import { databaseFingerprint, issueCode, startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic() });
});
afterAll(async () => {
  await sim.stop();
});

const RX_URN = 'urn:uuid:0c4d1f9a-7a36-4e0e-8f59-2d1b7a3f0001';

function renewal(clientId: string): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    identifier: [{ system: CLIENT_ID_SYSTEM, value: clientId }],
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/pat-2' },
    requester: { reference: 'Practitioner/pcm-reyes' },
    priorPrescription: { reference: 'MedicationRequest/rx-1' },
    medicationCodeableConcept: { text: 'Lisinopril 10 mg tablet' },
  };
}

async function renewalTransaction(taskUpdate: Partial<Task>, clientId: string): Promise<Bundle> {
  const current = (await sim.fhir('/Task/task-2')).body as Task;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: `${sim.baseUrl}/Task/task-2`,
        resource: {
          ...current,
          status: 'completed',
          output: [{ type: { text: 'renewal' }, valueReference: { reference: RX_URN } }],
          ...taskUpdate,
        },
        request: { method: 'PUT', url: 'Task/task-2', ifMatch: `W/"${current.meta?.versionId ?? ''}"` },
      },
      {
        fullUrl: RX_URN,
        resource: renewal(clientId),
        request: {
          method: 'POST',
          url: 'MedicationRequest',
          ifNoneExist: `identifier=${CLIENT_ID_SYSTEM}|${clientId}`,
        },
      },
    ],
  };
}

describe('transaction', () => {
  it('is all or nothing: one bad entry and nothing is written', async () => {
    const before = databaseFingerprint(sim.store);
    const bundle = await renewalTransaction(
      { status: 'no-such-status', statusReason: { text: 1 } } as unknown as Task,
      'urn:uuid:aaa-1',
    );
    const answer = await sim.fhir('/', { method: 'POST', body: bundle });
    expect(answer.status).toBe(400);
    expect(issueCode(answer.body)).toBe('invalid');
    expect((answer.body as OperationOutcome).issue[0]?.diagnostics).toMatch(/entry 0/);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('rolls back on a stale If-Match in any entry', async () => {
    const bundle = await renewalTransaction({}, 'urn:uuid:aaa-2');
    const entries = bundle.entry as BundleEntry[];
    if (entries[0]?.request !== undefined) entries[0].request.ifMatch = 'W/"99"';
    const before = databaseFingerprint(sim.store);
    const answer = await sim.fhir('/', { method: 'POST', body: bundle });
    expect(answer.status).toBe(412);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('resolves urn:uuid references and answers entry by entry in request order', async () => {
    const answer = await sim.fhir('/', { method: 'POST', body: await renewalTransaction({}, 'urn:uuid:aaa-3') });
    expect(answer.status).toBe(200);
    const response = answer.body as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual(['200 OK', '201 Created']);
    const rx = response.entry?.[1]?.resource as MedicationRequest;
    const completed = response.entry?.[0]?.resource as Task;
    expect(completed.output?.[0]?.valueReference?.reference).toBe(`MedicationRequest/${rx.id ?? ''}`);
    expect(response.entry?.[1]?.response?.location).toBe(`${sim.baseUrl}/MedicationRequest/${rx.id ?? ''}/_history/1`);
  });

  it('with If-None-Exist, a retried transaction points at the first attempt’s resource', async () => {
    // The Task is already completed by the test above, so the retry re-sends the same state.
    const first = (
      await sim.fhir('/MedicationRequest?identifier=' + encodeURIComponent(`${CLIENT_ID_SYSTEM}|urn:uuid:aaa-3`))
    ).body as Bundle;
    const rxId = first.entry?.[0]?.resource?.id ?? '';
    const retry = await sim.fhir('/', { method: 'POST', body: await renewalTransaction({}, 'urn:uuid:aaa-3') });
    expect(retry.status).toBe(200);
    const response = retry.body as Bundle;
    expect(response.entry?.[1]?.response?.status).toBe('200 OK');
    expect((response.entry?.[0]?.resource as Task).output?.[0]?.valueReference?.reference).toBe(
      `MedicationRequest/${rxId}`,
    );
    const all = (
      await sim.fhir('/MedicationRequest?identifier=' + encodeURIComponent(`${CLIENT_ID_SYSTEM}|urn:uuid:aaa-3`))
    ).body as Bundle;
    expect(all.total).toBe(1);
  });

  it('runs PATCH (as Binary), DELETE and GET entries', async () => {
    const patch = Buffer.from(JSON.stringify([{ op: 'replace', path: '/status', value: 'accepted' }])).toString(
      'base64',
    );
    const answer = await sim.fhir('/', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'GET', url: 'Task?_id=task-1' } },
          {
            resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: patch },
            request: { method: 'PATCH', url: 'Task/task-1' },
          },
          { request: { method: 'DELETE', url: 'Observation/obs-1' } },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const entries = (answer.body as Bundle).entry ?? [];
    expect(entries.map((e) => e.response?.status)).toEqual(['200 OK', '200 OK', '204 No Content']);
    // GET runs last, so it sees the patch.
    const found = entries[0]?.resource as Bundle;
    expect((found.entry?.[0]?.resource as Task).status).toBe('accepted');
  });
});

describe('batch', () => {
  it('runs each entry on its own: failures do not undo successes', async () => {
    const answer = await sim.fhir('/', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          {
            resource: { resourceType: 'Patient', name: [{ family: 'Batch' }] },
            request: { method: 'POST', url: 'Patient' },
          },
          { resource: { resourceType: 'Patient', colour: 'blue' }, request: { method: 'POST', url: 'Patient' } },
          { request: { method: 'GET', url: 'Patient/nope' } },
          { request: { method: 'GET', url: 'Patient/pat-1' } },
          { request: { method: 'GET' } },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const entries = (answer.body as Bundle).entry ?? [];
    expect((answer.body as Bundle).type).toBe('batch-response');
    expect(entries.map((e) => e.response?.status)).toEqual([
      '201 Created',
      '400 Bad Request',
      '404 Not Found',
      '200 OK',
      '400 Bad Request',
    ]);
    expect(issueCode(entries[1]?.response?.outcome)).toBe('invalid');
    const created = entries[0]?.resource?.id ?? '';
    expect((await sim.fhir(`/Patient/${created}`)).status).toBe(200);
  });
});
