import type { Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { EMERGENCY_ACK_EXT, LAST_CLIENT_ACTION_EXT } from '../fhir/codes';
import type { StaffAction } from '../../shared/staff-actions';
import { ActionNotApplicableError, applyAction, emergencyAcknowledgement } from './apply-action';
import { changedFields, overlappingFields } from './conflicts';

/** Action UUIDs as the desk makes them (randomUUID), numbered. */
const u = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const base: Task = {
  resourceType: 'Task',
  id: 't1',
  meta: { versionId: '3', lastUpdated: '2026-11-27T14:00:00.000Z' },
  status: 'requested',
  intent: 'order',
  priority: 'routine',
  owner: { reference: 'CareTeam/nursing' },
  for: { reference: 'Patient/p1' },
  focus: { reference: 'Communication/thread-1' },
  note: [{ text: 'Earlier note' }],
};

const acknowledge = (
  how: 'reply' | 'call',
  note: string,
  uuid: string,
  actor = 'Practitioner/rn-a',
  at = '2026-11-27T15:00:00.000Z',
): StaffAction => ({ kind: 'acknowledge', payload: { how, note }, uuid, actor, at });

describe('acknowledging an emergency', () => {
  it('records who, when, how and what on the Task, and a note portal staff can read', () => {
    const { task, creates } = applyAction(base, acknowledge('call', 'Called patient, EMS dispatched', u(1)));
    expect(creates).toEqual([]);
    expect(task.extension?.find((e) => e.url === EMERGENCY_ACK_EXT)).toEqual({
      url: EMERGENCY_ACK_EXT,
      extension: [
        { url: 'by', valueReference: { reference: 'Practitioner/rn-a' } },
        { url: 'at', valueDateTime: '2026-11-27T15:00:00.000Z' },
        { url: 'how', valueCode: 'call' },
        { url: 'note', valueString: 'Called patient, EMS dispatched' },
      ],
    });
    expect(task.note).toEqual([
      { text: 'Earlier note' },
      {
        authorReference: { reference: 'Practitioner/rn-a' },
        time: '2026-11-27T15:00:00.000Z',
        text: 'Emergency acknowledged — call made: Called patient, EMS dispatched',
      },
    ]);
    expect(emergencyAcknowledgement(task)).toEqual({
      by: 'Practitioner/rn-a',
      at: '2026-11-27T15:00:00.000Z',
      how: 'call',
      note: 'Called patient, EMS dispatched',
    });
    // Nothing else about the work changes: status, owner and priority are other people's decisions.
    expect(task).toMatchObject({ status: 'requested', owner: base.owner, priority: 'routine' });
    expect(task.extension?.find((e) => e.url === LAST_CLIENT_ACTION_EXT)?.valueString).toBe(u(1));
    expect(emergencyAcknowledgement(base)).toBeUndefined();
  });

  it('words the note for a 911/988 reply', () => {
    const { task } = applyAction(base, acknowledge('reply', 'Told to call 911 now', u(2)));
    expect(task.note?.at(-1)?.text).toBe('Emergency acknowledged — 911/988 reply sent: Told to call 911 now');
    expect(emergencyAcknowledgement(task)?.how).toBe('reply');
  });

  it('keeps the first acknowledgement as the record; a later one adds only its note', () => {
    const first = applyAction(base, acknowledge('reply', 'Sent 988 reply', u(3))).task;
    const second = applyAction(
      first,
      acknowledge('call', 'Also called', u(4), 'Practitioner/rn-b', '2026-11-27T15:05:00.000Z'),
    ).task;
    expect(second.extension?.filter((e) => e.url === EMERGENCY_ACK_EXT)).toHaveLength(1);
    expect(emergencyAcknowledgement(second)).toEqual(emergencyAcknowledgement(first));
    expect(second.note?.map((n) => n.text)).toEqual([
      'Earlier note',
      'Emergency acknowledged — 911/988 reply sent: Sent 988 reply',
      'Emergency acknowledged — call made: Also called',
    ]);
  });

  it('is not possible on a closed item', () => {
    expect(() => applyAction({ ...base, status: 'completed' }, acknowledge('call', 'x', u(5)))).toThrow(
      ActionNotApplicableError,
    );
  });
});

describe('two desks acknowledging the same emergency', () => {
  const mine = applyAction(base, acknowledge('call', 'A called the patient', u(6))).task;
  const theirs = applyAction(base, acknowledge('reply', 'B sent the 911 reply', u(7), 'Practitioner/rn-b')).task;

  it('is not a conflict: both say it was dealt with, so both land (theirs stays the record, mine as a note)', () => {
    expect(overlappingFields(changedFields(base, mine), changedFields(base, theirs))).toEqual([]);
    // What the pusher sends on a rebase: my action applied to the portal's version.
    const rebased = applyAction(theirs, acknowledge('call', 'A called the patient', u(6))).task;
    expect(emergencyAcknowledgement(rebased)?.by).toBe('Practitioner/rn-b');
    expect(rebased.note?.map((n) => n.text).slice(1)).toEqual([
      'Emergency acknowledged — 911/988 reply sent: B sent the 911 reply',
      'Emergency acknowledged — call made: A called the patient',
    ]);
  });

  it('only adding one is waved through: taking one away or rewriting it is a change like any other', () => {
    const field = `extension:${EMERGENCY_ACK_EXT}`;
    const removed: Task = { ...mine, extension: mine.extension?.filter((e) => e.url !== EMERGENCY_ACK_EXT) };
    const rewritten: Task = {
      ...mine,
      extension: mine.extension?.map((e) => (e.url === EMERGENCY_ACK_EXT ? { ...e, extension: [] } : e)),
    };
    expect(changedFields(mine, removed).get(field)).toBe('change');
    expect(changedFields(mine, rewritten).get(field)).toBe('change');
    expect(overlappingFields(new Map([[field, 'append']]), new Map([[field, 'change']]))).toEqual([field]);
  });

  it('is a conflict when the other desk closed the item meanwhile (applyAction refuses a closed Task)', () => {
    const closed = applyAction(theirs, { ...acknowledge('call', 'x', u(10)), kind: 'done', payload: {} }).task;
    expect(() => applyAction(closed, acknowledge('call', 'A called', u(6)))).toThrow(ActionNotApplicableError);
  });
});
