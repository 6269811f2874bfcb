import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORK_TYPE_SYSTEM } from '../../domain/fhir/codes';
import { smallClinic } from '../test-support/clinic-fixture';
import { issueCode, startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic() });
});
afterAll(async () => {
  await sim.stop();
});

async function search(path: string): Promise<Bundle> {
  const answer = await sim.fhir(path);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Bundle;
}

const ids = (bundle: Bundle, mode: 'match' | 'include' = 'match'): string[] =>
  (bundle.entry ?? [])
    .filter((e) => e.search?.mode === mode)
    .map((e) => `${e.resource?.resourceType ?? ''}/${e.resource?.id ?? ''}`);

describe('type search', () => {
  it('filters Tasks by owner, status, code, patient and focus (Type/id and bare id)', async () => {
    expect(ids(await search('/Task?owner=CareTeam/pool-nursing&status=requested'))).toEqual([
      'Task/task-1',
      'Task/task-2',
      'Task/task-3',
    ]);
    const code = encodeURIComponent(`${WORK_TYPE_SYSTEM}|renewal-request`);
    expect(ids(await search(`/Task?code=${code}`))).toEqual(['Task/task-2']);
    expect(ids(await search('/Task?code=renewal-request,result-release'))).toEqual(['Task/task-2', 'Task/task-3']);
    expect(ids(await search('/Task?code=other-system|renewal-request'))).toEqual([]);
    expect(ids(await search('/Task?patient=pat-2'))).toEqual(['Task/task-2', 'Task/task-3']);
    expect(ids(await search('/Task?patient=Patient/pat-1'))).toEqual(['Task/task-1']);
    expect(ids(await search('/Task?focus=DiagnosticReport/dr-1'))).toEqual(['Task/task-3']);
    expect(ids(await search('/Task?focus=rx-1'))).toEqual(['Task/task-2']);
    expect(ids(await search('/Task?status=requested&status=completed'))).toEqual([]);
    expect(
      ids(await search(`/Task?owner=${encodeURIComponent(`${sim.baseUrl}/CareTeam/pool-nursing`)}&_count=1`)),
    ).toEqual(['Task/task-1']);
  });

  it('serves the other feeds’ parameters', async () => {
    expect(ids(await search('/Communication?part-of=Communication/thread-1'))).toEqual(['Communication/msg-1']);
    expect(
      ids(await search('/Communication?subject=Patient/pat-1&sender=Patient/pat-1&recipient=CareTeam/pool-nursing')),
    ).toEqual([
      // Same lastUpdated: the id breaks the tie.
      'Communication/msg-1',
      'Communication/thread-1',
    ]);
    expect(ids(await search('/MedicationRequest?patient=pat-2&status=active'))).toEqual(['MedicationRequest/rx-1']);
    expect(ids(await search('/DiagnosticReport?patient=pat-2&status=final'))).toEqual(['DiagnosticReport/dr-1']);
    expect(ids(await search('/Observation?patient=Patient/pat-2'))).toEqual(['Observation/obs-1']);
    expect(ids(await search('/PractitionerRole?practitioner=Practitioner/pcm-reyes'))).toEqual([
      'PractitionerRole/role-pcm-reyes',
    ]);
    expect(ids(await search('/CareTeam?name=nurs'))).toEqual(['CareTeam/pool-nursing']);
    expect(ids(await search('/CareTeam?name:exact=nursing team'))).toEqual([]);
    expect(ids(await search('/CareTeam?name:exact=Nursing Team'))).toEqual(['CareTeam/pool-nursing']);
    expect((await search('/Condition?patient=pat-1')).total).toBe(0);
  });

  it('filters by _id and by _lastUpdated ranges with every prefix', async () => {
    expect(ids(await search('/Task?_id=task-3,task-1'))).toEqual(['Task/task-1', 'Task/task-3']);
    expect(ids(await search('/Task?_lastUpdated=2026-11-21'))).toEqual(['Task/task-1', 'Task/task-2']);
    expect(ids(await search('/Task?_lastUpdated=gt2026-11-21T09:00:00.000Z'))).toEqual(['Task/task-2', 'Task/task-3']);
    expect(ids(await search('/Task?_lastUpdated=ge2026-11-21T09:00:00Z&_lastUpdated=lt2026-11-22'))).toEqual([
      'Task/task-1',
      'Task/task-2',
    ]);
    expect(ids(await search('/Task?_lastUpdated=le2026-11-21T10:00'))).toEqual(['Task/task-1', 'Task/task-2']);
    expect(ids(await search('/Task?_lastUpdated=eq2026-11-21T11:00:00%2B02:00'))).toEqual(['Task/task-1']);
  });

  it('sorts by _lastUpdated both ways, always gives total, and honours _count', async () => {
    expect(ids(await search('/Task?_sort=-_lastUpdated'))).toEqual(['Task/task-3', 'Task/task-2', 'Task/task-1']);
    const page = await search('/Task?_count=2');
    expect(page.total).toBe(3);
    expect(ids(page)).toHaveLength(2);
    expect(page.link?.find((l) => l.relation === 'next')).toBeDefined();
    const countOnly = await search('/Task?_count=0&_total=accurate');
    expect(countOnly.total).toBe(3);
    expect(countOnly.entry).toBeUndefined();
  });

  it('includes Task:focus and Task:patient targets with search.mode include', async () => {
    const bundle = await search('/Task?_id=task-3&_include=Task:focus&_include=Task:patient');
    expect(ids(bundle)).toEqual(['Task/task-3']);
    expect(ids(bundle, 'include').sort()).toEqual(['DiagnosticReport/dr-1', 'Patient/pat-2']);
    const typed = await search('/Task?_include=Task:focus:MedicationRequest');
    expect(ids(typed, 'include')).toEqual(['MedicationRequest/rx-1']);
  });

  it('accepts POST _search with form parameters', async () => {
    const answer = await sim.fhir('/Task/_search', {
      method: 'POST',
      body: 'status=requested&patient=pat-1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ids(answer.body as Bundle)).toEqual(['Task/task-1']);
  });

  it('ignores unknown parameters under Prefer: handling=lenient, with a warning entry', async () => {
    const answer = await sim.fhir('/Task?colour=blue&patient=pat-1', { headers: { prefer: 'handling=lenient' } });
    const bundle = answer.body as Bundle;
    expect(ids(bundle)).toEqual(['Task/task-1']);
    const outcome = bundle.entry?.find((e) => e.search?.mode === 'outcome')?.resource;
    expect(issueCode(outcome)).toBe('not-supported');
    expect(bundle.link?.[0]?.url).not.toContain('colour');
  });

  it('does not find deleted resources', async () => {
    const created = (
      await sim.fhir('/Patient', {
        method: 'POST',
        body: { resourceType: 'Patient', identifier: [{ system: 'urn:t', value: 'gone' }] },
      })
    ).body;
    expect((await search('/Patient?identifier=urn:t|gone')).total).toBe(1);
    await sim.fhir(`/Patient/${created.id ?? ''}`, { method: 'DELETE' });
    expect((await search('/Patient?identifier=urn:t|gone')).total).toBe(0);
  });
});

describe('MedicationDispense search', () => {
  it('finds a prescription’s fills by prescription, patient and status, and includes the prescription', async () => {
    const fill = (prescription: string | undefined, handedOver: string) =>
      sim.store.create({
        resourceType: 'MedicationDispense',
        status: 'completed',
        medicationCodeableConcept: { text: 'Lisinopril 10 mg tablet' },
        subject: { reference: 'Patient/pat-2' },
        ...(prescription === undefined ? {} : { authorizingPrescription: [{ reference: prescription }] }),
        whenHandedOver: handedOver,
      }).resource;
    const first = fill('MedicationRequest/rx-1', '2026-10-02T15:00:00.000Z');
    const walkIn = fill(undefined, '2026-10-09T15:00:00.000Z');
    const key = (r: { id?: string }) => `MedicationDispense/${r.id ?? ''}`;
    expect(ids(await search('/MedicationDispense?prescription=MedicationRequest/rx-1'))).toEqual([key(first)]);
    expect(ids(await search('/MedicationDispense?prescription=rx-1&status=completed'))).toEqual([key(first)]);
    // Both written in the same millisecond: the search's order between them is the ids', which are random.
    expect(ids(await search('/MedicationDispense?patient=pat-2')).sort()).toEqual([key(first), key(walkIn)].sort());
    expect(ids(await search('/MedicationDispense?subject=Patient/pat-1'))).toEqual([]);
    const withOrder = await search('/MedicationDispense?patient=pat-2&_include=MedicationDispense:prescription');
    expect(ids(withOrder, 'include')).toEqual(['MedicationRequest/rx-1']);
  });
});
