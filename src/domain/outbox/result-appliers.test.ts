import type { Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { HOLD_REASON_SYSTEM, HOLD_REVIEW_EXT, NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM } from '../fhir/codes';
import type { ActionKind, ActionPayload, StaffAction } from '../../shared/staff-actions';
import { ActionNotApplicableError, applyAction } from './apply-action';

const TASK: Task = {
  resourceType: 'Task',
  id: 'task-9',
  status: 'requested',
  intent: 'order',
  focus: { reference: 'DiagnosticReport/dr-1' },
  for: { reference: 'Patient/pat-1' },
};
const HELD = { system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS };
const OTHER = { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' };

const act = <K extends ActionKind>(kind: K, payload: ActionPayload<K>): StaffAction => ({
  kind,
  payload,
  uuid: '00000000-0000-4000-8000-000000000009',
  actor: 'Practitioner/pcm-1',
  at: '2026-11-25T15:00:00.000Z',
});

describe('release', () => {
  it('patches each held resource, guarded by a test of the labels it saw, and leaves others alone', () => {
    const { task, patches, creates } = applyAction(
      TASK,
      act('release', {
        labels: [
          { type: 'DiagnosticReport', id: 'dr-1', security: [HELD] },
          { type: 'Observation', id: 'obs-1', security: [OTHER, HELD] },
          { type: 'Observation', id: 'obs-2', security: [] },
        ],
      }),
    );
    expect(patches).toEqual([
      {
        type: 'DiagnosticReport',
        id: 'dr-1',
        operations: [
          { op: 'test', path: '/meta/security', value: [HELD] },
          { op: 'remove', path: '/meta/security' },
        ],
        done: expect.any(Function) as unknown,
        undone: 'the report is still hidden from the patient',
      },
      {
        type: 'Observation',
        id: 'obs-1',
        operations: [
          { op: 'test', path: '/meta/security', value: [OTHER, HELD] },
          { op: 'replace', path: '/meta/security', value: [OTHER] },
        ],
        done: expect.any(Function) as unknown,
        undone: 'values of the report are still hidden from the patient',
      },
    ]);
    // Done is judged by the copy the portal holds, whoever changed it.
    const [report, value] = patches;
    expect(report?.done({ resourceType: 'DiagnosticReport', meta: { security: [HELD] } } as never)).toBe(false);
    expect(report?.done({ resourceType: 'DiagnosticReport', meta: {} } as never)).toBe(true);
    expect(value?.done({ resourceType: 'Observation', meta: { security: [OTHER] } } as never)).toBe(true);
    expect(creates).toEqual([]);
    expect(task.status).toBe('completed');
  });

  it('sends the comment to the patient about the report', () => {
    const { creates, task } = applyAction(TASK, act('release', { comment: 'Normal, no action needed.', labels: [] }));
    expect(creates[0]?.resource).toMatchObject({
      resourceType: 'Communication',
      about: [{ reference: 'DiagnosticReport/dr-1' }],
      payload: [{ contentString: 'Normal, no action needed.' }],
    });
    expect(task.output).toHaveLength(1);
  });

  it('refuses an item that is not a result, or a release whose labels main did not fill in', () => {
    const thread = { ...TASK, focus: { reference: 'Communication/c-1' } };
    expect(() => applyAction(thread, act('release', { labels: [] }))).toThrow(ActionNotApplicableError);
    expect(() => applyAction(TASK, act('release', {}))).toThrow(/labels are not known/);
  });
});

describe('hold', () => {
  it('puts the Task on hold with the coded reason, its rule, and the review date', () => {
    const { task, patches } = applyAction(
      TASK,
      act('hold', {
        reason: 'preventing-harm',
        note: 'Discuss in person: new cancer diagnosis.',
        reviewOn: '2026-12-01',
      }),
    );
    expect(patches).toEqual([]);
    expect(task.status).toBe('on-hold');
    expect(task.statusReason).toEqual({
      coding: [
        { system: HOLD_REASON_SYSTEM, code: 'preventing-harm', display: 'Release would likely cause substantial harm' },
      ],
      text: 'Release would likely cause substantial harm (45 CFR 171.201)',
    });
    expect(task.extension?.find((e) => e.url === HOLD_REVIEW_EXT)?.valueDate).toBe('2026-12-01');
    expect(() =>
      applyAction(TASK, act('hold', { reason: 'busy', note: 'Later please.', reviewOn: '2026-12-01' })),
    ).toThrow(/not a documented reason/);
  });
});
