import { describe, expect, it } from 'vitest';
import { PRIORITIES, WORK_TYPES } from '../../shared/work-item';
import { businessCalendar } from './business-calendar';
import { DEFAULT_CLINIC_POLICY, parseClinicPolicy } from './clinic-policy';
import { afterTarget, dueAt } from './due-at';
import { DEFAULT_PRIORITY_TARGETS, DEFAULT_TARGETS, targetFor } from './targets';
import { local } from './test-calendars';

const defaults = businessCalendar(DEFAULT_CLINIC_POLICY.calendar);

describe('dueAt', () => {
  it('gives a routine message 3 business days on the default calendar: the close of the third open day after', () => {
    expect(
      dueAt({ received: local('2026-03-02T07:30'), workType: 'respond-to-message', priority: 'routine' }, defaults),
    ).toEqual({
      dueAt: '2026-03-05T21:30:00.000Z',
      dueAtMs: local('2026-03-05T16:30'),
      clockStartedAt: '2026-03-02T12:30:00.000Z',
      target: { businessDays: 3 },
      policyVersion: 'default-1',
    });
  });

  it('counts a target in business hours as opening time only, through a DST change', () => {
    const hours = parseClinicPolicy({
      timeZone: 'America/New_York',
      policyVersion: 'hours-1',
      targets: { byPriority: { routine: { businessHours: 72 } } },
    });
    if (!hours.ok) throw new Error(hours.problems.join('; '));
    // Monday 2026-03-02 07:30 EST: 8 days of 9 open hours, through the DST change, end Wednesday 03-11 16:30 EDT.
    const due = dueAt(
      { received: local('2026-03-02T07:30'), workType: 'respond-to-message', priority: 'routine' },
      defaults,
      hours.policy.targets,
    );
    expect(due.dueAtMs).toBe(local('2026-03-11T16:30'));
  });

  it("reads a clinic's result auto-release and counts it on the same calendar; none by default", () => {
    expect(DEFAULT_CLINIC_POLICY.resultAutoRelease).toBeNull();
    const parsed = parseClinicPolicy({
      timeZone: 'America/New_York',
      policyVersion: 'auto-1',
      resultAutoRelease: { after: { businessDays: 3 } },
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.policy.resultAutoRelease).toEqual({ after: { businessDays: 3 } });
    const rule = parsed.policy.resultAutoRelease!;
    // Friday afternoon: Monday, Tuesday, Wednesday's close.
    expect(afterTarget(defaults, local('2026-03-06T14:00'), rule.after)).toBe(local('2026-03-11T16:30'));
    const wrong = parseClinicPolicy({
      timeZone: 'America/New_York',
      policyVersion: 'x',
      resultAutoRelease: { after: 3 },
    });
    expect(wrong.ok).toBe(false);
  });

  it('starts the clock at the next opening for a message received at the weekend', () => {
    const due = dueAt({ received: local('2026-03-07T22:15'), workType: 'refill-request', priority: 'asap' }, defaults);
    expect(due.clockStartedAt).toBe('2026-03-09T11:30:00.000Z');
    expect(due.dueAt).toBe('2026-03-09T15:30:00.000Z'); // 11:30 EDT
  });

  it('takes the most specific target: work type and priority, then priority, then the default', () => {
    const parsed = parseClinicPolicy({
      timeZone: 'America/Chicago',
      policyVersion: 'lackland-7',
      targets: {
        byPriority: { routine: { businessHours: 48 } },
        byWorkType: { 'renewal-request': { routine: { businessDays: 3 } } },
      },
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const { targets, calendar } = parsed.policy;
    expect(targetFor(targets, 'renewal-request', 'routine')).toEqual({ businessDays: 3 });
    expect(targetFor(targets, 'respond-to-message', 'routine')).toEqual({ businessHours: 48 });
    expect(targetFor(targets, 'renewal-request', 'urgent')).toEqual({ businessDays: 1 });

    const clinic = businessCalendar(calendar);
    const received = local('2026-03-02T10:00', 'America/Chicago');
    const renewal = dueAt({ received, workType: 'renewal-request', priority: 'routine' }, clinic, targets);
    expect(renewal.dueAtMs).toBe(local('2026-03-05T16:30', 'America/Chicago'));
    expect(renewal.policyVersion).toBe('lackland-7');
  });

  it('has a default for every work type and priority, tighter as the priority rises', () => {
    expect(PRIORITIES.map((p) => DEFAULT_PRIORITY_TARGETS[p])).toEqual([
      { businessDays: 3 },
      { businessDays: 1 },
      { businessHours: 4 },
      { businessHours: 1 },
    ]);
    const received = local('2026-03-03T09:00');
    const dues = PRIORITIES.map((priority) => dueAt({ received, workType: 'respond-to-message', priority }, defaults));
    for (let i = 1; i < dues.length; i++) expect(dues[i]!.dueAtMs).toBeLessThan(dues[i - 1]!.dueAtMs);
    for (const workType of WORK_TYPES) {
      for (const priority of PRIORITIES)
        expect(targetFor(DEFAULT_TARGETS, workType, priority)).toBe(DEFAULT_PRIORITY_TARGETS[priority]);
    }
  });

  it('refuses a received time that is not an instant', () => {
    expect(() => dueAt({ received: Number.NaN, workType: 'records-request', priority: 'routine' }, defaults)).toThrow(
      RangeError,
    );
  });
});
