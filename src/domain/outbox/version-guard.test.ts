import type { Task } from '@medplum/fhirtypes';
import { applyPatch } from 'rfc6902';
import { describe, expect, it } from 'vitest';
import type { StaffAction } from '../../shared/staff-actions';
import { applyAction } from './apply-action';
import { guardedTaskPatch } from './version-guard';

const base: Task = {
  resourceType: 'Task',
  id: 't1',
  meta: { versionId: '7', lastUpdated: '2026-11-27T14:00:00.000Z' },
  status: 'requested',
  intent: 'order',
  priority: 'routine',
  owner: { reference: 'CareTeam/nursing' },
  note: [{ text: 'Patient called twice' }],
};

const claim: StaffAction = {
  kind: 'claim',
  payload: {},
  uuid: '00000000-0000-4000-8000-000000000001',
  actor: 'Practitioner/rn-a',
  at: '2026-11-27T15:00:00.000Z',
};

const applied = (task: Task, patch: ReturnType<typeof guardedTaskPatch>) => {
  const copy = structuredClone(task);
  const failures = applyPatch(copy, patch).filter((r) => r !== null);
  return { copy, failed: failures.length > 0 };
};

describe('guardedTaskPatch', () => {
  it('makes the action’s Task from the version it saw', () => {
    const next = applyAction(base, claim).task;
    const patch = guardedTaskPatch(base, next);
    expect(patch[0]).toEqual({ op: 'test', path: '/meta/versionId', value: '7' });
    expect(patch).toContainEqual({ op: 'test', path: '/owner/reference', value: 'CareTeam/nursing' });
    const { copy, failed } = applied(base, patch);
    expect(failed).toBe(false);
    expect(copy).toEqual(next);
  });

  it('fails on a Task someone else changed, even where the server kept the version number', () => {
    const next = applyAction(base, claim).task;
    const patch = guardedTaskPatch(base, next);
    // Another nurse claimed it first: a new version…
    const claimedByColleague: Task = { ...base, meta: { versionId: '8' }, owner: { reference: 'Practitioner/rn-b' } };
    expect(applied(claimedByColleague, patch).failed).toBe(true);
    // …and a server that did not move the version on is caught by the field's own test.
    expect(applied({ ...claimedByColleague, meta: base.meta }, patch).failed).toBe(true);
  });

  it('adds tests for what it replaces, never for what it only adds', () => {
    const noted = applyAction(base, { ...claim, kind: 'note', payload: { text: 'Left voicemail' } }).task;
    const patch = guardedTaskPatch(base, noted);
    expect(patch.filter((op) => op.op === 'test').map((op) => op.path)).toEqual(
      expect.arrayContaining(['/meta/versionId']),
    );
    expect(patch.filter((op) => op.op === 'test' && op.path.startsWith('/note'))).toEqual([]);
    expect(applied(base, patch).copy.note?.map((n) => n.text)).toEqual(['Patient called twice', 'Left voicemail']);
  });
});
