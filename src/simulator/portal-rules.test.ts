import type { Bundle, BundleEntry, Communication, DiagnosticReport, MedicationRequest, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM } from '../domain/fhir/codes';
import { NEW_MESSAGE_TEXT, NEW_RESULT_TEXT } from './side-effects';
import { smallClinic, task } from './test-support/clinic-fixture';
import { databaseFingerprint, issueCode, startTestSimulator } from './test-support/harness';
import type { TestSimulator } from './test-support/harness';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic() });
});
afterAll(async () => {
  await sim.stop();
});

const order = (requester: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/pat-2' },
  requester: { reference: requester },
  medicationCodeableConcept: { text: 'Lisinopril 10 mg tablet' },
});

async function notifications(patient: string): Promise<Communication[]> {
  const bundle = (await sim.fhir(`/Communication?recipient=${patient}&category=notification`)).body as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource as Communication);
}

describe('portal rules over HTTP', () => {
  it('only a PCM may create an active MedicationRequest (nurse 403, PCM 201)', async () => {
    const before = databaseFingerprint(sim.store);
    const nurse = await sim.fhir('/MedicationRequest', { method: 'POST', body: order('Practitioner/rn-harper') });
    expect([nurse.status, issueCode(nurse.body)]).toEqual([403, 'forbidden']);
    const nurseActing = await sim.fhir('/MedicationRequest', {
      method: 'POST',
      body: order('Practitioner/pcm-reyes'),
      headers: { 'x-practitioner': 'Practitioner/rn-harper' },
    });
    expect(nurseActing.status).toBe(403);
    expect(databaseFingerprint(sim.store)).toBe(before);
    const pcm = await sim.fhir('/MedicationRequest', {
      method: 'POST',
      body: order('Practitioner/pcm-reyes'),
      headers: { 'x-practitioner': 'Practitioner/pcm-reyes' },
    });
    expect(pcm.status).toBe(201);
  });

  it('releases a held report once, notifies the patient, and refuses to hold it again (422)', async () => {
    const held = (await sim.fhir('/DiagnosticReport/dr-1')).body as DiagnosticReport;
    expect(await notifications('Patient/pat-2')).toHaveLength(0);
    const released = await sim.fhir('/DiagnosticReport/dr-1', {
      method: 'PUT',
      body: { ...held, meta: { ...held.meta, security: [] } },
    });
    expect(released.status).toBe(200);
    const [notice] = await notifications('Patient/pat-2');
    expect(notice?.payload?.[0]?.contentString).toBe(NEW_RESULT_TEXT);
    expect(notice?.about?.[0]?.reference).toBe('DiagnosticReport/dr-1');
    // Same transaction; the clock may tick between the two writes.
    expect(notice?.sent).toBe((released.body as DiagnosticReport).meta?.lastUpdated);

    const before = databaseFingerprint(sim.store);
    const current = released.body as DiagnosticReport;
    const again = await sim.fhir('/DiagnosticReport/dr-1', {
      method: 'PUT',
      body: {
        ...current,
        meta: { ...current.meta, security: [{ system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS }] },
      },
    });
    expect([again.status, issueCode(again.body)]).toEqual([422, 'business-rule']);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('records a New Secure Message notification when staff reply to the patient', async () => {
    const reply: Communication = {
      resourceType: 'Communication',
      status: 'completed',
      partOf: [{ reference: 'Communication/thread-1' }],
      inResponseTo: [{ reference: 'Communication/msg-1' }],
      subject: { reference: 'Patient/pat-1' },
      sender: { reference: 'Practitioner/rn-harper' },
      recipient: [{ reference: 'Patient/pat-1' }],
      payload: [{ contentString: 'Please stop the new medication and come in today.' }],
    };
    const answer = await sim.fhir('/Communication', { method: 'POST', body: reply });
    expect(answer.status).toBe(201);
    const [notice] = await notifications('Patient/pat-1');
    expect(notice?.topic?.text).toBe(NEW_MESSAGE_TEXT);
    expect(notice?.about?.[0]?.reference).toBe(`Communication/${(answer.body as Communication).id ?? ''}`);
    // A patient's own message notifies nobody.
    await sim.fhir('/Communication', {
      method: 'POST',
      body: { ...reply, sender: { reference: 'Patient/pat-1' }, recipient: [{ reference: 'CareTeam/pool-nursing' }] },
    });
    expect(await notifications('Patient/pat-1')).toHaveLength(1);
  });

  it('refuses to reopen a completed Task (422)', async () => {
    const current = (await sim.fhir('/Task/task-1')).body as Task;
    const done = await sim.fhir('/Task/task-1', { method: 'PUT', body: { ...current, status: 'completed' } });
    expect(done.status).toBe(200);
    const reopen = await sim.fhir('/Task/task-1', {
      method: 'PUT',
      body: { ...(done.body as Task), status: 'requested' },
    });
    expect([reopen.status, issueCode(reopen.body)]).toEqual([422, 'business-rule']);
  });
});

const PCM = 'Practitioner/pcm-reyes';
const NURSE = 'Practitioner/rn-harper';
const patch = (ops: object[]) => ({
  resourceType: 'Binary' as const,
  contentType: 'application/json-patch+json',
  data: Buffer.from(JSON.stringify(ops)).toString('base64'),
});

/** What the desk sends to approve a renewal: the new prescription and the Task completed, together. */
function renewalTransaction(taskId: string, prior: string, requester: string): Bundle {
  const entry: BundleEntry[] = [
    {
      fullUrl: 'urn:uuid:2f0c6d7e-1c59-4c1e-9d7a-000000000001',
      resource: { ...order(requester), priorPrescription: { reference: prior } },
      request: { method: 'POST', url: 'MedicationRequest' },
    },
    {
      resource: patch([{ op: 'replace', path: '/status', value: 'completed' }]),
      request: { method: 'PATCH', url: `Task/${taskId}` },
    },
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

describe('renewal rules over HTTP', () => {
  it('refuses a nurse posting the renewal transaction (403) and writes nothing of it', async () => {
    const before = databaseFingerprint(sim.store);
    const asNurse = await sim.fhir('/', {
      method: 'POST',
      body: renewalTransaction('task-2', 'MedicationRequest/rx-1', PCM),
      headers: { 'x-practitioner': NURSE },
    });
    expect([asNurse.status, issueCode(asNurse.body)]).toEqual([403, 'forbidden']);
    const signedByNurse = await sim.fhir('/', {
      method: 'POST',
      body: renewalTransaction('task-2', 'MedicationRequest/rx-1', NURSE),
      headers: { 'x-practitioner': NURSE },
    });
    expect([signedByNurse.status, issueCode(signedByNurse.body)]).toEqual([403, 'forbidden']);
    expect(databaseFingerprint(sim.store)).toBe(before);
    expect(((await sim.fhir('/Task/task-2')).body as Task).status).toBe('requested');
  });

  it("refuses renewing a cancelled prescription or another patient's (422), saying which", async () => {
    const cancelled = sim.store.create(
      { ...order(PCM), status: 'cancelled', subject: { reference: 'Patient/pat-2' } },
      { actor: PCM },
    ).resource;
    const before = databaseFingerprint(sim.store);
    const renewCancelled = await sim.fhir('/', {
      method: 'POST',
      body: renewalTransaction('task-2', `MedicationRequest/${cancelled.id ?? ''}`, PCM),
      headers: { 'x-practitioner': PCM },
    });
    expect([renewCancelled.status, issueCode(renewCancelled.body)]).toEqual([422, 'business-rule']);
    expect(JSON.stringify(renewCancelled.body)).toContain(
      `MedicationRequest/${cancelled.id ?? ''} was cancelled: it cannot be renewed.`,
    );
    const forAnother = await sim.fhir('/MedicationRequest', {
      method: 'POST',
      body: {
        ...order(PCM),
        subject: { reference: 'Patient/pat-1' },
        priorPrescription: { reference: 'MedicationRequest/rx-1' },
      },
      headers: { 'x-practitioner': PCM },
    });
    expect([forAnother.status, issueCode(forAnother.body)]).toEqual([422, 'business-rule']);
    expect(JSON.stringify(forAnother.body)).toContain('MedicationRequest/rx-1 is for Patient/pat-2, not Patient/pat-1');
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('lets a PCM renew: the new prescription names the old one and the Task completes', async () => {
    const answer = await sim.fhir('/', {
      method: 'POST',
      body: renewalTransaction('task-2', 'MedicationRequest/rx-1', PCM),
      headers: { 'x-practitioner': PCM },
    });
    expect(answer.status).toBe(200);
    const [created, completed] = ((answer.body as Bundle).entry ?? []).map((e) => e.resource);
    expect((created as MedicationRequest).priorPrescription?.reference).toBe('MedicationRequest/rx-1');
    expect((completed as Task).status).toBe('completed');
  });

  it('lets a nurse pend a renewal request but not deny it (403); a PCM may deny it', async () => {
    const { id } = sim.store.create(
      task('ignored', 'renewal-request', 'Patient/pat-2', 'MedicationRequest/rx-1'),
    ).resource;
    const url = `/Task/${id ?? ''}`;
    const deny = [
      { op: 'replace', path: '/status', value: 'rejected' },
      { op: 'add', path: '/statusReason', value: { text: 'Due for a visit before more refills' } },
    ];
    const before = databaseFingerprint(sim.store);
    const nurseDenies = await sim.fhir(url, {
      method: 'PATCH',
      body: deny,
      headers: { 'content-type': 'application/json-patch+json', 'x-practitioner': NURSE },
    });
    expect([nurseDenies.status, issueCode(nurseDenies.body)]).toEqual([403, 'forbidden']);
    expect(databaseFingerprint(sim.store)).toBe(before);
    const nursePends = await sim.fhir(url, {
      method: 'PATCH',
      body: [
        { op: 'replace', path: '/status', value: 'in-progress' },
        { op: 'replace', path: '/owner', value: { reference: PCM } },
        { op: 'add', path: '/note', value: [{ text: 'BP 128/82 last month; renewal prepared for Dr Reyes.' }] },
      ],
      headers: { 'content-type': 'application/json-patch+json', 'x-practitioner': NURSE },
    });
    expect(nursePends.status).toBe(200);
    const pcmDenies = await sim.fhir(url, {
      method: 'PATCH',
      body: deny,
      headers: { 'content-type': 'application/json-patch+json', 'x-practitioner': PCM },
    });
    expect(pcmDenies.status).toBe(200);
    expect((pcmDenies.body as Task).status).toBe('rejected');
  });
});

describe('the programmatic write API', () => {
  it('gives code-made writes versions, history and side effects like HTTP writes', async () => {
    const result = sim.store.create({
      resourceType: 'Communication',
      status: 'completed',
      subject: { reference: 'Patient/pat-2' },
      sender: { reference: 'Practitioner/pcm-reyes' },
      recipient: [{ reference: 'Patient/pat-2' }],
      payload: [{ contentString: 'Your refill is ready.' }],
    });
    expect(result.outcome).toBe('created');
    const id = result.resource.id ?? '';
    const overHttp = await sim.fhir(`/Communication/${id}`);
    expect(overHttp.headers.get('etag')).toBe('W/"1"');
    const history = (await sim.fhir(`/Communication/${id}/_history`)).body as Bundle;
    expect(history.total).toBe(1);
    const texts = (await notifications('Patient/pat-2')).map((n) => n.topic?.text);
    expect(texts).toContain(NEW_MESSAGE_TEXT);
  });

  it('runs several writes as one transaction that commits or rolls back whole', () => {
    const before = databaseFingerprint(sim.store);
    expect(() =>
      sim.store.transaction(() => {
        sim.store.create({ resourceType: 'Patient', name: [{ family: 'Rollback' }] });
        sim.store.create({
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          for: { reference: 'Patient/ghost' },
        });
      }),
    ).toThrow(/does not exist/);
    expect(databaseFingerprint(sim.store)).toBe(before);
  });

  it('forgets a rolled-back inner transaction when the outer one commits', () => {
    const patient = sim.store.transaction(() => {
      try {
        sim.store.transaction(() => {
          sim.store.create({
            resourceType: 'Task',
            status: 'requested',
            intent: 'order',
            for: { reference: 'Patient/ghost' },
          });
          throw new Error('changed my mind');
        });
      } catch {
        // The inner write is undone; its dangling reference must not fail the outer commit.
      }
      return sim.store.create({ resourceType: 'Patient', name: [{ family: 'Kept' }] }).resource;
    });
    expect(sim.store.read('Patient', patient.id ?? '').meta?.versionId).toBe('1');
  });
});
