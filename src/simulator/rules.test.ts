import type { DiagnosticReport, MedicationRequest, Resource, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM } from '../domain/fhir/codes';
import { FhirError } from './errors';
import {
  activeMedicationRequestNeedsPcm,
  closedTaskStaysClosed,
  referencesResolve,
  releasedResultStaysReleased,
  renewalContinuesAPrescription,
  taskOwnerIsPoolOrStaff,
  taskRejectionOrHoldNeedsReason,
} from './rules';
import type { ResourceChange, RuleContext, WriteRule } from './rules';

const ROLES: Record<string, string[]> = { 'pcm-reyes': ['pcm'], 'rn-harper': ['nurse'] };
const LIVE = new Set(['Patient/pat-1', 'Practitioner/pcm-reyes']);
/** Prescriptions a renewal may name: pat-1's in each status, and one of pat-2's. */
const PRESCRIPTIONS: Record<string, MedicationRequest> = Object.fromEntries(
  (['active', 'completed', 'cancelled', 'stopped', 'entered-in-error'] as const)
    .map((status): [string, MedicationRequest] => [
      `rx-${status}`,
      {
        resourceType: 'MedicationRequest',
        id: `rx-${status}`,
        status,
        intent: 'order',
        subject: { reference: 'Patient/pat-1' },
      },
    ])
    .concat([
      [
        'rx-other',
        {
          resourceType: 'MedicationRequest',
          id: 'rx-other',
          status: 'active',
          intent: 'order',
          subject: { reference: 'Patient/pat-2' },
        },
      ],
    ]),
);
const context: RuleContext = {
  live: (type, id) =>
    type === 'MedicationRequest'
      ? PRESCRIPTIONS[id]
      : LIVE.has(`${type}/${id}`)
        ? ({ resourceType: type, id } as Resource)
        : undefined,
  rolesOf: (id) => ROLES[id] ?? [],
};

function outcome(rule: WriteRule, change: ResourceChange): string {
  try {
    rule(change, context);
    return 'ok';
  } catch (error) {
    if (error instanceof FhirError) return `${error.status} ${error.code}`;
    throw error;
  }
}

const rx = (requester: string, status: MedicationRequest['status'] = 'active'): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  status,
  intent: 'order',
  subject: { reference: 'Patient/pat-1' },
  requester: { reference: requester },
});

const held = { security: [{ system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS }] };
const report = (meta?: DiagnosticReport['meta']): DiagnosticReport => ({
  resourceType: 'DiagnosticReport',
  id: 'dr-1',
  status: 'final',
  code: { text: 'Panel' },
  ...(meta === undefined ? {} : { meta }),
});

const taskWith = (status: Task['status'], extra: Partial<Task> = {}): Task => ({
  resourceType: 'Task',
  id: 't',
  status,
  intent: 'order',
  ...extra,
});

describe('activeMedicationRequestNeedsPcm', () => {
  it('lets a PCM issue an active order and refuses a nurse with 403', () => {
    expect(outcome(activeMedicationRequestNeedsPcm, { next: rx('Practitioner/pcm-reyes') })).toBe('ok');
    expect(outcome(activeMedicationRequestNeedsPcm, { next: rx('Practitioner/rn-harper') })).toBe('403 forbidden');
    expect(outcome(activeMedicationRequestNeedsPcm, { next: rx('Organization/clinic') })).toBe('403 forbidden');
  });

  it('judges the requester only when the order becomes active (who may write it: role-write-rules.ts)', () => {
    const pcmOrder = rx('Practitioner/pcm-reyes');
    expect(outcome(activeMedicationRequestNeedsPcm, { next: rx('Practitioner/rn-harper', 'draft') })).toBe('ok');
    expect(
      outcome(activeMedicationRequestNeedsPcm, {
        previous: pcmOrder,
        next: { ...pcmOrder, note: [{ text: 'x' }] },
        actor: 'Practitioner/rn-harper',
      }),
    ).toBe('ok');
    expect(
      outcome(activeMedicationRequestNeedsPcm, {
        previous: rx('Practitioner/rn-harper', 'draft'),
        next: rx('Practitioner/rn-harper'),
      }),
    ).toBe('403 forbidden');
  });
});

describe('renewalContinuesAPrescription', () => {
  const renewalOf = (prior: string, patient = 'Patient/pat-1'): MedicationRequest => ({
    ...rx('Practitioner/pcm-reyes'),
    subject: { reference: patient },
    priorPrescription: { reference: prior },
  });
  const message = (change: ResourceChange): string => {
    try {
      renewalContinuesAPrescription(change, context);
      return 'ok';
    } catch (error) {
      return (error as FhirError).message;
    }
  };

  it('renews an active or completed prescription of the same patient', () => {
    expect(outcome(renewalContinuesAPrescription, { next: renewalOf('MedicationRequest/rx-active') })).toBe('ok');
    expect(outcome(renewalContinuesAPrescription, { next: renewalOf('MedicationRequest/rx-completed') })).toBe('ok');
    expect(outcome(renewalContinuesAPrescription, { next: rx('Practitioner/pcm-reyes') })).toBe('ok');
  });

  it('refuses one cancelled, stopped or entered in error, saying which (422)', () => {
    expect(outcome(renewalContinuesAPrescription, { next: renewalOf('MedicationRequest/rx-cancelled') })).toBe(
      '422 business-rule',
    );
    expect(message({ next: renewalOf('MedicationRequest/rx-cancelled') })).toBe(
      'MedicationRequest/rx-cancelled was cancelled: it cannot be renewed.',
    );
    expect(message({ next: renewalOf('MedicationRequest/rx-stopped') })).toBe(
      'MedicationRequest/rx-stopped was stopped: it cannot be renewed.',
    );
    expect(message({ next: renewalOf('MedicationRequest/rx-entered-in-error') })).toBe(
      'MedicationRequest/rx-entered-in-error was entered in error: it cannot be renewed.',
    );
  });

  it("refuses another patient's prescription, or something that is not one (422)", () => {
    expect(outcome(renewalContinuesAPrescription, { next: renewalOf('MedicationRequest/rx-other') })).toBe(
      '422 business-rule',
    );
    expect(message({ next: renewalOf('MedicationRequest/rx-other') })).toMatch(
      /rx-other is for Patient\/pat-2, not Patient\/pat-1/,
    );
    expect(outcome(renewalContinuesAPrescription, { next: renewalOf('Patient/pat-1') })).toBe('422 business-rule');
  });

  it('checks only a new or changed link; a missing prior is left to referencesResolve', () => {
    const stale = renewalOf('MedicationRequest/rx-cancelled');
    expect(outcome(renewalContinuesAPrescription, { previous: stale, next: { ...stale, status: 'stopped' } })).toBe(
      'ok',
    );
    expect(
      outcome(renewalContinuesAPrescription, {
        previous: renewalOf('MedicationRequest/rx-active'),
        next: renewalOf('MedicationRequest/rx-stopped'),
      }),
    ).toBe('422 business-rule');
    expect(outcome(renewalContinuesAPrescription, { next: renewalOf('MedicationRequest/ghost') })).toBe('ok');
  });
});

describe('releasedResultStaysReleased', () => {
  it('allows release and refuses holding a released report again (422)', () => {
    expect(outcome(releasedResultStaysReleased, { previous: report(held), next: report() })).toBe('ok');
    expect(outcome(releasedResultStaysReleased, { previous: report(), next: report(held) })).toBe('422 business-rule');
    expect(outcome(releasedResultStaysReleased, { previous: report(held), next: report(held) })).toBe('ok');
  });
});

describe('closedTaskStaysClosed', () => {
  it('refuses reopening a completed or cancelled Task but allows amending and entered-in-error', () => {
    expect(outcome(closedTaskStaysClosed, { previous: taskWith('completed'), next: taskWith('requested') })).toBe(
      '422 business-rule',
    );
    expect(outcome(closedTaskStaysClosed, { previous: taskWith('cancelled'), next: taskWith('in-progress') })).toBe(
      '422 business-rule',
    );
    expect(
      outcome(closedTaskStaysClosed, {
        previous: taskWith('completed'),
        next: taskWith('completed', { note: [{ text: 'x' }] }),
      }),
    ).toBe('ok');
    expect(
      outcome(closedTaskStaysClosed, { previous: taskWith('completed'), next: taskWith('entered-in-error') }),
    ).toBe('ok');
    expect(outcome(closedTaskStaysClosed, { previous: taskWith('accepted'), next: taskWith('requested') })).toBe('ok');
  });
});

describe('taskRejectionOrHoldNeedsReason', () => {
  it('wants a statusReason when a Task is rejected or put on hold', () => {
    expect(outcome(taskRejectionOrHoldNeedsReason, { next: taskWith('rejected') })).toBe('422 business-rule');
    expect(
      outcome(taskRejectionOrHoldNeedsReason, {
        next: taskWith('on-hold', { statusReason: { text: 'Awaiting callback' } }),
      }),
    ).toBe('ok');
    expect(outcome(taskRejectionOrHoldNeedsReason, { previous: taskWith('on-hold'), next: taskWith('on-hold') })).toBe(
      'ok',
    );
  });
});

describe('taskOwnerIsPoolOrStaff', () => {
  it('accepts CareTeam and Practitioner owners, refuses a Group', () => {
    expect(
      outcome(taskOwnerIsPoolOrStaff, { next: taskWith('requested', { owner: { reference: 'CareTeam/pool' } }) }),
    ).toBe('ok');
    expect(
      outcome(taskOwnerIsPoolOrStaff, { next: taskWith('accepted', { owner: { reference: 'Practitioner/p' } }) }),
    ).toBe('ok');
    expect(outcome(taskOwnerIsPoolOrStaff, { next: taskWith('requested', { owner: { reference: 'Group/g' } }) })).toBe(
      '422 business-rule',
    );
  });
});

describe('referencesResolve', () => {
  it('wants local references to served types to exist; others pass', () => {
    expect(outcome(referencesResolve, { next: rx('Practitioner/pcm-reyes') })).toBe('ok');
    expect(outcome(referencesResolve, { next: rx('Practitioner/ghost') })).toBe('422 processing');
    expect(
      outcome(referencesResolve, {
        next: { ...rx('Practitioner/pcm-reyes'), basedOn: [{ reference: 'https://elsewhere.example/x/1' }] },
      }),
    ).toBe('ok');
    expect(
      outcome(referencesResolve, {
        next: { ...rx('Practitioner/pcm-reyes'), basedOn: [{ reference: 'Device/99' }] },
      }),
    ).toBe('ok');
  });
});
