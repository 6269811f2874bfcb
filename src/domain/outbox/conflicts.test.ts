import type { Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { StaffAction } from '../../shared/staff-actions';
import { applyAction, lastClientAction } from './apply-action';
import { clientKey, createUrn } from './client-keys';
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
};

const action = (
  kind: StaffAction['kind'],
  payload: object,
  uuid: string,
  actor = 'Practitioner/rn-a',
): StaffAction => ({ kind, payload, uuid, actor, at: '2026-11-27T15:00:00.000Z' });

describe('what two changes to one Task have in common', () => {
  it('a note added while someone else changed the priority does not overlap', () => {
    const mine = applyAction(base, action('note', { text: 'Called patient, left voicemail' }, u(1))).task;
    const theirs = { ...base, priority: 'urgent' as const, meta: { versionId: '4' } };
    expect(overlappingFields(changedFields(base, mine), changedFields(base, theirs))).toEqual([]);
  });

  it('two notes added at once both stand, two claims collide', () => {
    const mine = applyAction(base, action('note', { text: 'mine' }, u(1))).task;
    const theirs = applyAction(base, action('note', { text: 'theirs' }, u(2), 'Practitioner/rn-b')).task;
    expect(overlappingFields(changedFields(base, mine), changedFields(base, theirs))).toEqual([]);

    const claimA = applyAction(base, action('claim', {}, u(3))).task;
    const claimB = applyAction(base, action('claim', {}, u(4), 'Practitioner/rn-b')).task;
    expect(overlappingFields(changedFields(base, claimA), changedFields(base, claimB)).sort()).toEqual([
      'extension:http://triage-desk.local/fhir/StructureDefinition/task-pool',
      'owner',
      'status',
    ]);
  });

  it('the last-action marker and meta never count as a conflict', () => {
    const a = applyAction(base, action('priority', { priority: 'asap' }, u(5))).task;
    const b = applyAction(base, action('note', { text: 'x' }, u(6))).task;
    expect(overlappingFields(changedFields(base, a), changedFields(base, b))).toEqual([]);
    expect(lastClientAction(a)).toBe(u(5));
  });
});

describe('applyAction', () => {
  it('claiming keeps the pool in an extension so the item can go back to it', () => {
    const claimed = applyAction(base, action('claim', {}, u(7))).task;
    expect(claimed.owner).toEqual({ reference: 'Practitioner/rn-a' });
    expect(claimed.status).toBe('accepted');
    expect(claimed.extension).toContainEqual({
      url: 'http://triage-desk.local/fhir/StructureDefinition/task-pool',
      valueReference: { reference: 'CareTeam/nursing' },
    });
    expect(base.owner).toEqual({ reference: 'CareTeam/nursing' });
  });

  it('a reply creates one Communication in the thread, identified by the action UUID, and points the Task at it', () => {
    const { task, creates } = applyAction(base, action('reply', { text: 'Please call 911.' }, u(8)));
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({
      fullUrl: createUrn(u(8), 0),
      resource: {
        resourceType: 'Communication',
        identifier: [clientKey(u(8))],
        partOf: [{ reference: 'Communication/thread-1' }],
        recipient: [{ reference: 'Patient/p1' }],
        payload: [{ contentString: 'Please call 911.' }],
      },
    });
    expect(task.output).toEqual([{ type: { text: 'reply' }, valueReference: { reference: createUrn(u(8), 0) } }]);
    expect(task.status).toBe('in-progress');
  });

  it('refuses to act on a closed item', () => {
    const done = applyAction(base, action('done', {}, u(9))).task;
    expect(() => applyAction(done, action('claim', {}, u(10)))).toThrow('already completed');
  });
});
