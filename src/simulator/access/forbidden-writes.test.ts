import type {
  AuditEvent,
  Communication,
  DiagnosticReport,
  MedicationRequest,
  PractitionerRole,
  Task,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLE_SYSTEM } from '../../domain/fhir/codes';
import type { FhirAnswer } from '../test-support/harness';
import { databaseFingerprint, issueCode } from '../test-support/harness';
import { auditEventBy, smallClinic, staffMember, task } from '../test-support/clinic-fixture';
import { startSignedInPortal } from '../test-support/signed-in-staff';
import type { SignedInPortal } from '../test-support/signed-in-staff';

/*
 * Each write staff must not make, made over HTTP with a real access token: it answers 403 with a
 * `forbidden` OperationOutcome and leaves the portal as it was (every table compared, and the
 * resource read back at the version it had), and the same write by the one whose it is succeeds.
 */

const NURSE = 'rn-harper';
const PCM = 'pcm-reyes';
const CLERK = 'clerk-ward';
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };

let portal: SignedInPortal;
beforeAll(async () => {
  portal = await startSignedInPortal([
    ...smallClinic(),
    ...staffMember('rn-osei', 'Osei', 'nurse'),
    ...staffMember(CLERK, 'Ward', 'clerk'),
  ]);
  // Signed in before any fingerprint is taken: a sign-in writes to the authorization server's tables.
  for (const user of [NURSE, PCM, CLERK, 'rn-osei']) await portal.tokenFor(user);
});
afterAll(async () => {
  await portal.stop();
});

/** The store as it is: every table, for "nothing changed". */
const fingerprint = () => databaseFingerprint(portal.sim.store);

function expectForbidden(answer: FhirAnswer): void {
  expect(answer.status).toBe(403);
  expect(answer.body.resourceType).toBe('OperationOutcome');
  expect(issueCode(answer.body)).toBe('forbidden');
}

/** Runs a write that must be refused; the portal must be unchanged after it. */
async function refused(write: () => Promise<FhirAnswer>): Promise<FhirAnswer> {
  const before = fingerprint();
  const answer = await write();
  expectForbidden(answer);
  expect(fingerprint()).toBe(before);
  return answer;
}

const versionOf = async (path: string): Promise<string | undefined> =>
  (await portal.as(PCM, path)).body.meta?.versionId;

function freshTask(workType: string, focus: string): Task {
  return portal.sim.store.create(task('ignored', workType, 'Patient/pat-2', focus)).resource as Task;
}

describe('the roster is read-only to staff', () => {
  it("refuses a nurse making her own PractitionerRole a PCM's; the portal's administrators may", async () => {
    const path = '/PractitionerRole/role-rn-osei';
    const role = (await portal.as('rn-osei', path)).body as PractitionerRole;
    const promoted: PractitionerRole = { ...role, code: [{ coding: [{ system: STAFF_ROLE_SYSTEM, code: 'pcm' }] }] };
    await refused(() => portal.as('rn-osei', path, { method: 'PUT', body: promoted }));
    await refused(() =>
      portal.as(PCM, '/CareTeam/pool-nursing', {
        method: 'PATCH',
        headers: JSON_PATCH,
        body: [{ op: 'add', path: '/participant/-', value: { member: { reference: 'Practitioner/pcm-reyes' } } }],
      }),
    );
    expect(await versionOf(path)).toBe('1');
    // No staff role writes the roster: its administrators do, through the portal's own API.
    expect(portal.sim.store.update(promoted).resource.meta?.versionId).toBe('2');
  });
});

describe('prescriptions are written by prescribers', () => {
  const oxycodone = [
    { op: 'replace', path: '/medicationCodeableConcept', value: { text: 'Oxycodone 30 mg tablet' } },
    { op: 'add', path: '/dispenseRequest', value: { numberOfRepeatsAllowed: 11 } },
  ];

  it("refuses a nurse changing an active prescription's drug and refills; the PCM may", async () => {
    const path = '/MedicationRequest/rx-1';
    const before = await versionOf(path);
    await refused(() => portal.as(NURSE, path, { method: 'PATCH', headers: JSON_PATCH, body: oxycodone }));
    expect(await versionOf(path)).toBe(before);
    const byPcm = await portal.as(PCM, path, { method: 'PATCH', headers: JSON_PATCH, body: oxycodone });
    expect(byPcm.status).toBe(200);
    expect((byPcm.body as MedicationRequest).medicationCodeableConcept?.text).toBe('Oxycodone 30 mg tablet');
  });

  it('refuses a nurse creating a prescription naming herself requester, even as a draft; the PCM may', async () => {
    const order = (requester: string, status: MedicationRequest['status']): MedicationRequest => ({
      resourceType: 'MedicationRequest',
      status,
      intent: 'order',
      subject: { reference: 'Patient/pat-2' },
      requester: { reference: `Practitioner/${requester}` },
      medicationCodeableConcept: { text: 'Amoxicillin 500 mg capsule' },
    });
    await refused(() => portal.as(NURSE, '/MedicationRequest', { method: 'POST', body: order(NURSE, 'active') }));
    await refused(() => portal.as(NURSE, '/MedicationRequest', { method: 'POST', body: order(NURSE, 'draft') }));
    const byPcm = await portal.as(PCM, '/MedicationRequest', { method: 'POST', body: order(PCM, 'active') });
    expect(byPcm.status).toBe(201);
    // Nor may a PCM sign in a colleague's name.
    await refused(() => portal.as(PCM, '/MedicationRequest', { method: 'POST', body: order('pcm-tanaka', 'active') }));
  });
});

describe("result labels are the provider's", () => {
  it('refuses a nurse releasing a held result (taking its NOPAT label off); the PCM may', async () => {
    const release = [{ op: 'remove', path: '/meta/security' }];
    for (const path of ['/DiagnosticReport/dr-1', '/Observation/obs-1']) {
      await refused(() => portal.as(NURSE, path, { method: 'PATCH', headers: JSON_PATCH, body: release }));
      expect(await versionOf(path)).toBe('1');
    }
    const report = (await portal.as(NURSE, '/DiagnosticReport/dr-1')).body as DiagnosticReport;
    await refused(() =>
      portal.as(NURSE, '/DiagnosticReport/dr-1', {
        method: 'PUT',
        body: { ...report, meta: { ...report.meta, security: [] } },
      }),
    );
    const byPcm = await portal.as(PCM, '/DiagnosticReport/dr-1', {
      method: 'PATCH',
      headers: JSON_PATCH,
      body: release,
    });
    expect(byPcm.status).toBe(200);
    expect(byPcm.body.meta?.security).toBeUndefined();
  });

  it('refuses a nurse publishing a held result by posting unlabelled copies of it, or editing one', async () => {
    const report = (await portal.as(PCM, '/DiagnosticReport/dr-1')).body as DiagnosticReport;
    // A copy with no id and no labels: released the moment it is stored.
    const copy: DiagnosticReport = { ...report };
    delete copy.id;
    delete copy.meta;
    await refused(() => portal.as(NURSE, '/DiagnosticReport', { method: 'POST', body: copy }));
    await refused(() =>
      portal.as(NURSE, '/DiagnosticReport/dr-copy', { method: 'PUT', body: { ...copy, id: 'dr-copy' } }),
    );
    const conclusion = [{ op: 'add', path: '/conclusion', value: 'Normal.' }];
    await refused(() =>
      portal.as(NURSE, '/DiagnosticReport/dr-1', { method: 'PATCH', headers: JSON_PATCH, body: conclusion }),
    );
    expect((await portal.as(PCM, '/DiagnosticReport', { method: 'POST', body: copy })).status).toBe(201);
  });
});

describe('staff write in their own name', () => {
  const reply = (sender: string): Communication => ({
    resourceType: 'Communication',
    status: 'completed',
    partOf: [{ reference: 'Communication/thread-1' }],
    subject: { reference: 'Patient/pat-1' },
    sender: { reference: sender },
    recipient: [{ reference: 'Patient/pat-1' }],
    payload: [{ contentString: 'Please stop the new medication and call us.' }],
  });

  it('refuses a nurse posting to a patient as Dr. Reyes; as herself she may', async () => {
    await refused(() => portal.as(NURSE, '/Communication', { method: 'POST', body: reply('Practitioner/pcm-reyes') }));
    // By Dr. Reyes's PractitionerRole, or by her full address, is the same claim.
    await refused(() =>
      portal.as(NURSE, '/Communication', { method: 'POST', body: reply('PractitionerRole/role-pcm-reyes') }),
    );
    await refused(() =>
      portal.as(NURSE, '/Communication', {
        method: 'POST',
        body: reply(`${portal.sim.baseUrl}/Practitioner/pcm-reyes`),
      }),
    );
    const own = await portal.as(NURSE, '/Communication', { method: 'POST', body: reply(`Practitioner/${NURSE}`) });
    expect(own.status).toBe(201);
    // The reply stays hers: a colleague may not rewrite it.
    const sent = own.body as Communication;
    await refused(() =>
      portal.as('rn-osei', `/Communication/${sent.id ?? ''}`, {
        method: 'PUT',
        body: { ...sent, payload: [{ contentString: 'Never mind.' }] },
      }),
    );
  });

  it("refuses a note or a Task's requester in a colleague's name; in her own she may", async () => {
    const asReyes = { authorReference: { reference: 'Practitioner/pcm-reyes' }, text: 'Approved by phone.' };
    await refused(() =>
      portal.as(NURSE, '/Task/task-1', {
        method: 'PATCH',
        headers: JSON_PATCH,
        body: [{ op: 'add', path: '/note', value: [asReyes] }],
      }),
    );
    await refused(() =>
      portal.as(NURSE, '/Task/task-1', {
        method: 'PATCH',
        headers: JSON_PATCH,
        body: [{ op: 'add', path: '/note', value: [{ authorString: 'Dr. Reyes', text: 'Approved by phone.' }] }],
      }),
    );
    const call: Task = {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/pat-1' },
      requester: { reference: 'Practitioner/pcm-reyes' },
      owner: { reference: 'CareTeam/pool-nursing' },
    };
    await refused(() => portal.as(NURSE, '/Task', { method: 'POST', body: call }));
    const own = await portal.as(NURSE, '/Task/task-1', {
      method: 'PATCH',
      headers: JSON_PATCH,
      body: [
        { op: 'add', path: '/note', value: [{ ...asReyes, authorReference: { reference: `Practitioner/${NURSE}` } }] },
      ],
    });
    expect(own.status).toBe(200);
    const created = await portal.as(NURSE, '/Task', {
      method: 'POST',
      body: { ...call, requester: { reference: `Practitioner/${NURSE}` } },
    });
    expect(created.status).toBe(201);
  });
});

describe('decisions on renewals and results are prescribers', () => {
  it('refuses a nurse cancelling a renewal request as a way to deny it; the PCM may', async () => {
    const renewal = freshTask('renewal-request', 'MedicationRequest/rx-1');
    const path = `/Task/${renewal.id ?? ''}`;
    const cancel = [
      { op: 'replace', path: '/status', value: 'cancelled' },
      { op: 'add', path: '/statusReason', value: { text: 'Needs a visit first' } },
    ];
    await refused(() => portal.as(NURSE, path, { method: 'PATCH', headers: JSON_PATCH, body: cancel }));
    await refused(() =>
      portal.as(NURSE, path, {
        method: 'PATCH',
        headers: JSON_PATCH,
        body: [{ ...cancel[0], value: 'rejected' }, cancel[1]],
      }),
    );
    expect(await versionOf(path)).toBe('1');
    const byPcm = await portal.as(PCM, path, { method: 'PATCH', headers: JSON_PATCH, body: cancel });
    expect(byPcm.status).toBe(200);
    expect((byPcm.body as Task).status).toBe('cancelled');
  });

  it("lets a nurse do her part of the desk's work: claim, pend a renewal, reply and complete", async () => {
    const renewal = freshTask('renewal-request', 'MedicationRequest/rx-1');
    const path = `/Task/${renewal.id ?? ''}`;
    const mine = { reference: `Practitioner/${NURSE}` };
    const claimed = await portal.as(NURSE, path, {
      method: 'PATCH',
      headers: JSON_PATCH,
      body: [
        { op: 'replace', path: '/status', value: 'accepted' },
        { op: 'replace', path: '/owner', value: mine },
        { op: 'add', path: '/note', value: [{ authorReference: mine, text: 'Pended for PCM: 90 tablets.' }] },
      ],
    });
    expect(claimed.status).toBe(200);
    const done = await portal.as(NURSE, path, {
      method: 'PATCH',
      headers: JSON_PATCH,
      body: [{ op: 'replace', path: '/status', value: 'completed' }],
    });
    expect(done.status).toBe(200);
  });

  it('refuses a nurse releasing or holding a result item; the PCM may', async () => {
    const release = freshTask('result-release', 'DiagnosticReport/dr-1');
    const path = `/Task/${release.id ?? ''}`;
    const hold = [
      { op: 'replace', path: '/status', value: 'on-hold' },
      { op: 'add', path: '/statusReason', value: { text: 'Discuss in person' } },
    ];
    await refused(() => portal.as(NURSE, path, { method: 'PATCH', headers: JSON_PATCH, body: hold }));
    const byPcm = await portal.as(PCM, path, { method: 'PATCH', headers: JSON_PATCH, body: hold });
    expect(byPcm.status).toBe(200);
  });
});

describe('nobody on staff deletes', () => {
  it('refuses a delete without `d` in the token, and gives no staff role a token with it', async () => {
    await refused(() => portal.as(NURSE, '/Patient/pat-1', { method: 'DELETE' }));
    const asked = 'openid fhirUser user/*.cruds user/Patient.d user/*.rs';
    const { code, verifier } = await portal.client.signIn(CLERK, asked);
    const issued = await portal.client.redeem(code, verifier);
    expect(issued.status).toBe(200);
    const granted = String(issued.body.scope).split(' ');
    expect(granted).toContain('user/*.rs');
    expect(granted).not.toContain('user/*.cruds');
    expect(granted).not.toContain('user/Patient.d');
    const clerkToken = String(issued.body.access_token);
    const before = fingerprint();
    const deleted = await portal.sim.fhir('/Patient/pat-1', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${clerkToken}` },
    });
    expectForbidden(deleted);
    expect(deleted.headers.get('www-authenticate')).toContain('insufficient_scope');
    expect(fingerprint()).toBe(before);
    expect(await versionOf('/Patient/pat-1')).toBe('1');
  });

  it("lets the portal's own code delete, which no token reaches", () => {
    const scratch = portal.sim.store.create({ resourceType: 'Patient', name: [{ family: 'Scratch' }] }).resource;
    expect(portal.sim.store.delete('Patient', scratch.id ?? '').deleted).toBe(true);
  });
});

describe('audit records are written as oneself', () => {
  const event = (who: AuditEvent['agent'][number]['who'], id?: string) => auditEventBy(who, 'Patient/pat-1', id);

  it("refuses a forged AuditEvent naming someone else as the one who did it; one's own is stored", async () => {
    await refused(() =>
      portal.as(NURSE, '/AuditEvent', { method: 'POST', body: event({ reference: 'Practitioner/pcm-reyes' }) }),
    );
    await refused(() =>
      portal.as(NURSE, '/AuditEvent/forged', {
        method: 'PUT',
        headers: { 'if-none-match': '*' },
        body: event({ reference: 'Practitioner/pcm-reyes' }, 'forged'),
      }),
    );
    await refused(() =>
      portal.as(NURSE, '/AuditEvent', {
        method: 'POST',
        body: event({ identifier: { system: 'urn:oid:2.16.840.1.113883.4.6', value: '1234567890' } }),
      }),
    );
    const own = await portal.as(NURSE, '/AuditEvent/own-1', {
      method: 'PUT',
      headers: { 'if-none-match': '*' },
      body: event({ reference: `Practitioner/${NURSE}` }, 'own-1'),
    });
    expect(own.status).toBe(201);
    const unidentified = await portal.as(NURSE, '/AuditEvent', {
      method: 'POST',
      body: event({ display: 'Nobody signed in (unidentified)' }),
    });
    expect(unidentified.status).toBe(201);
  });
});

/** Keeps the refusal's words honest: it names who was refused and what. */
it('says in the refusal who was refused, and what was theirs to do', async () => {
  const answer = await portal.as(NURSE, '/MedicationRequest/rx-1', {
    method: 'PATCH',
    headers: JSON_PATCH,
    body: [{ op: 'replace', path: '/status', value: 'stopped' }],
  });
  expectForbidden(answer);
  const text = JSON.stringify(answer.body);
  expect(text).toContain('Practitioner/rn-harper');
  expect(text).toContain('prescriber');
});
