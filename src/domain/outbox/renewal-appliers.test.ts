import type { Communication, MedicationRequest, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { BUSINESS_STATUS_SYSTEM, CLIENT_ACTION_SYSTEM, TASK_POOL_EXT } from '../fhir/codes';
import { createUrn } from './client-keys';
import type { ActionKind, ActionPayload, StaffAction } from '../../shared/staff-actions';
import { ActionNotApplicableError, applyAction, lastClientAction } from './apply-action';
import { describeTerms, pendedRenewal } from './renewal-appliers';

const TASK: Task = {
  resourceType: 'Task',
  id: 'task-1',
  status: 'requested',
  intent: 'order',
  focus: { reference: 'MedicationRequest/rx-1' },
  for: { reference: 'Patient/pat-1' },
  owner: { reference: 'CareTeam/pool-pcm-blue' },
};
const TERMS = { quantity: 90, unit: 'tablet', repeats: 3, validityDays: 365, dosage: 'Take 1 tablet daily' };
const PRESCRIPTION = {
  medication: { text: 'Lisinopril 10 mg tablet', rxnorm: '314076' },
  pharmacy: { reference: 'Organization/pharmacy-1', display: 'Clinic Pharmacy' },
  supplyDays: 90,
};

let n = 0;
function act<K extends ActionKind>(kind: K, payload: ActionPayload<K>, actor = 'Practitioner/pcm-1'): StaffAction {
  n++;
  return {
    kind,
    payload,
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    actor,
    at: '2026-11-25T15:00:00.000Z',
  };
}

describe('renew', () => {
  it('creates the new prescription (priorPrescription, terms, the clinic pharmacy) and completes the Task', () => {
    const action = act('renew', { terms: TERMS, changed: false, prescription: PRESCRIPTION });
    const { task, creates } = applyAction(TASK, action);
    expect(creates).toHaveLength(1);
    const renewed = creates[0]!.resource as MedicationRequest;
    expect(creates[0]!.fullUrl).toBe(createUrn(action.uuid, 0));
    expect(renewed).toMatchObject({
      status: 'active',
      intent: 'order',
      identifier: [{ system: CLIENT_ACTION_SYSTEM, value: action.uuid }],
      subject: { reference: 'Patient/pat-1' },
      requester: { reference: 'Practitioner/pcm-1' },
      priorPrescription: { reference: 'MedicationRequest/rx-1' },
      medicationCodeableConcept: { text: 'Lisinopril 10 mg tablet', coding: [{ code: '314076' }] },
      dosageInstruction: [{ text: 'Take 1 tablet daily' }],
      dispenseRequest: {
        numberOfRepeatsAllowed: 3,
        quantity: { value: 90, unit: 'tablet' },
        validityPeriod: { start: '2026-11-25T15:00:00.000Z', end: '2027-11-25T15:00:00.000Z' },
        expectedSupplyDuration: { value: 90, code: 'd' },
        performer: { reference: 'Organization/pharmacy-1' },
      },
    });
    expect(task.status).toBe('completed');
    expect(task.executionPeriod?.end).toBe(action.at);
    expect(task.output).toEqual([
      { type: { text: 'Renewed prescription' }, valueReference: { reference: createUrn(action.uuid, 0) } },
    ]);
    expect(task.businessStatus?.coding?.[0]).toMatchObject({ system: BUSINESS_STATUS_SYSTEM, code: 'renewed' });
    expect(task.note?.at(-1)?.text).toBe(`Renewed: ${describeTerms(TERMS)}`);
    expect(lastClientAction(task)).toBe(action.uuid);
    expect(TASK.status).toBe('requested');
  });

  it('says "with changes" and keeps the PCM\'s note on the prescription', () => {
    const { task, creates } = applyAction(
      TASK,
      act('renew', {
        terms: { ...TERMS, quantity: 30 },
        changed: true,
        note: 'Dose review at next visit.',
        prescription: PRESCRIPTION,
      }),
    );
    expect(task.businessStatus?.coding?.[0]?.code).toBe('renewed-with-changes');
    expect((creates[0]!.resource as MedicationRequest).note?.[0]?.text).toBe('Dose review at next visit.');
  });

  it('refuses an item that is not about a prescription, or one whose drug main did not fill in', () => {
    const thread = { ...TASK, focus: { reference: 'Communication/thread-1' } };
    expect(() =>
      applyAction(thread, act('renew', { terms: TERMS, changed: false, prescription: PRESCRIPTION })),
    ).toThrow(ActionNotApplicableError);
    expect(() => applyAction(TASK, act('renew', { terms: TERMS, changed: false }))).toThrow(/drug is not known/);
    expect(() =>
      applyAction(
        { ...TASK, status: 'completed' },
        act('renew', { terms: TERMS, changed: false, prescription: PRESCRIPTION }),
      ),
    ).toThrow(/already completed/);
  });
});

describe('deny, pend and the refill pointer', () => {
  it('deny rejects the Task with its reason and writes the patient a reply about the prescription', () => {
    const action = act('deny', { reason: 'Needs an appointment first', reply: 'Please book a visit this month.' });
    const { task, creates } = applyAction(TASK, action);
    expect(task).toMatchObject({ status: 'rejected', statusReason: { text: 'Needs an appointment first' } });
    const reply = creates[0]!.resource as Communication;
    expect(reply).toMatchObject({
      recipient: [{ reference: 'Patient/pat-1' }],
      about: [{ reference: 'MedicationRequest/rx-1' }],
      payload: [{ contentString: 'Please book a visit this month.' }],
    });
    expect(reply.partOf).toBeUndefined();
  });

  it('pend records the terms for the PCM, hands the item to them and keeps its pool', () => {
    const action = act(
      'pend',
      { terms: TERMS, note: 'K+ 4.1 last month.', to: 'Practitioner/pcm-2' },
      'Practitioner/rn-1',
    );
    const { task, creates } = applyAction(TASK, action);
    expect(creates).toEqual([]);
    expect(task.owner?.reference).toBe('Practitioner/pcm-2');
    expect(task.status).toBe('accepted');
    expect(task.extension?.find((e) => e.url === TASK_POOL_EXT)?.valueReference?.reference).toBe(
      'CareTeam/pool-pcm-blue',
    );
    expect(pendedRenewal(task)).toEqual({
      by: 'Practitioner/rn-1',
      at: action.at,
      note: 'K+ 4.1 last month.',
      terms: TERMS,
    });
    // Pended twice: the latest proposal stands, one extension.
    const again = applyAction(
      task,
      act('pend', { terms: { ...TERMS, repeats: 1 }, note: 'Fewer refills.' }, 'Practitioner/rn-1'),
    );
    expect(again.task.extension?.filter((e) => e.url.endsWith('/pended-renewal'))).toHaveLength(1);
    expect((pendedRenewal(again.task)?.terms as typeof TERMS).repeats).toBe(1);
    expect(again.task.owner?.reference).toBe('Practitioner/pcm-2');
  });

  it('the refill pointer replies and closes the item in one step', () => {
    const { task, creates } = applyAction(TASK, act('redirect-refill', { text: 'Order it from Express Scripts.' }));
    expect(task.status).toBe('completed');
    expect(task.businessStatus?.coding?.[0]?.code).toBe('refill-redirected');
    expect((creates[0]!.resource as Communication).payload?.[0]?.contentString).toBe('Order it from Express Scripts.');
  });
});
