import type { Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { WORK_TYPE_SYSTEM } from '../../domain/fhir/codes';
import { FhirError } from '../errors';
import type { ResourceChange, RuleContext } from '../rules';
import { decisionsByPrescribers } from './task-decisions';

const ROLES: Record<string, string[]> = { 'pcm-reyes': ['pcm'], 'rn-harper': ['nurse'] };
const context: RuleContext = { live: () => undefined, rolesOf: (id) => ROLES[id] ?? [] };
const NURSE = 'Practitioner/rn-harper';
const PCM = 'Practitioner/pcm-reyes';

function outcome(change: ResourceChange): string {
  try {
    decisionsByPrescribers(change, context);
    return 'ok';
  } catch (error) {
    if (error instanceof FhirError) return `${error.status} ${error.code}`;
    throw error;
  }
}

const item = (workType: string, status: Task['status']): Task => ({
  resourceType: 'Task',
  id: 't',
  status,
  intent: 'order',
  code: { coding: [{ system: WORK_TYPE_SYSTEM, code: workType }] },
  statusReason: { text: 'A reason' },
});

describe('decisionsByPrescribers', () => {
  it('lets a PCM end a renewal request without renewing, and refuses a nurse every way of doing it', () => {
    for (const status of ['rejected', 'cancelled', 'failed', 'entered-in-error'] as const) {
      const change = { previous: item('renewal-request', 'in-progress'), next: item('renewal-request', status) };
      expect(outcome({ ...change, actor: PCM })).toBe('ok');
      expect(outcome({ ...change, actor: NURSE })).toBe('403 forbidden');
    }
    expect(outcome({ next: item('renewal-request', 'rejected'), actor: NURSE })).toBe('403 forbidden');
  });

  it("leaves a nurse the desk's other moves on a renewal: claim, pend, hold, complete (a refill pointed to the pharmacy)", () => {
    for (const status of ['accepted', 'in-progress', 'on-hold', 'completed'] as const) {
      expect(
        outcome({
          previous: item('renewal-request', 'requested'),
          next: item('renewal-request', status),
          actor: NURSE,
        }),
      ).toBe('ok');
    }
    // Amending a denied request (a note) is no new decision.
    expect(
      outcome({
        previous: item('renewal-request', 'rejected'),
        next: item('renewal-request', 'rejected'),
        actor: NURSE,
      }),
    ).toBe('ok');
  });

  it('keeps releasing and holding a result to a PCM; a nurse may claim and route it', () => {
    for (const status of ['completed', 'on-hold', 'cancelled'] as const) {
      const change = { previous: item('result-release', 'accepted'), next: item('result-release', status) };
      expect(outcome({ ...change, actor: PCM })).toBe('ok');
      expect(outcome({ ...change, actor: NURSE })).toBe('403 forbidden');
    }
    expect(
      outcome({
        previous: item('result-release', 'requested'),
        next: item('result-release', 'accepted'),
        actor: NURSE,
      }),
    ).toBe('ok');
  });

  it('refuses a nurse changing a decision item into another work type, or deleting it', () => {
    expect(
      outcome({
        previous: item('renewal-request', 'requested'),
        next: item('respond-to-message', 'requested'),
        actor: NURSE,
      }),
    ).toBe('403 forbidden');
    expect(outcome({ previous: item('result-release', 'requested'), actor: NURSE })).toBe('403 forbidden');
  });

  it("binds neither other work types nor the portal's own writes (no one acting)", () => {
    expect(
      outcome({
        previous: item('respond-to-message', 'requested'),
        next: item('respond-to-message', 'cancelled'),
        actor: NURSE,
      }),
    ).toBe('ok');
    expect(outcome({ previous: item('renewal-request', 'requested'), next: item('renewal-request', 'rejected') })).toBe(
      'ok',
    );
  });
});
