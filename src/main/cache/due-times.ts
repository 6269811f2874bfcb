import type { Task } from '@medplum/fhirtypes';
import { afterTarget, dueAt } from '../../domain/business-hours/due-at';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { HOLD_REVIEW_EXT } from '../../domain/fhir/codes';
import type { Priority, WorkType } from '../../shared/work-item';
import { DateTime } from 'luxon';
import { calendarOf } from './derivation-config';
import type { DerivationConfig } from './derivation-config';

/**
 * When a work item falls due, by the clinic's policy: its business-hours targets, the portal's
 * automatic release of results, and the review day of a held item. projections.ts writes what
 * these give into `work_item.due_at`; the result review shows the automatic release.
 */

/** The start of a held item's review day (HOLD_REVIEW_EXT) in the clinic's time zone; null without one. */
export function holdReviewAt(task: Task, config: DerivationConfig): number | null {
  const date = task.extension?.find((e) => e.url === HOLD_REVIEW_EXT)?.valueDate;
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const start = DateTime.fromISO(date, { zone: config.policy.calendar.timeZone }).startOf('day');
  return start.isValid ? start.toMillis() : null;
}

/**
 * The due time on the clinic's calendar, or null when the policy cannot give one (a calendar with
 * no opening, a work type or priority it has no target for): the portal's due time stands in then,
 * since one odd Task must never cost the sync its page.
 */
export function policyDue(
  received: number,
  workType: string,
  priority: string,
  config: DerivationConfig,
): { at: number; policy: string } | null {
  try {
    const due = dueAt(
      { received, workType: workType as WorkType, priority: priority as Priority },
      calendarOf(config.policy),
      config.policy.targets,
    );
    if (!Number.isFinite(due.dueAtMs)) return null;
    const autoRelease = workType === 'result-release' ? autoReleaseAt(received, config.policy) : null;
    // Reviewed before the portal releases it by itself, never after.
    const at = autoRelease === null ? due.dueAtMs : Math.min(due.dueAtMs, autoRelease);
    return { at, policy: due.policyVersion };
  } catch {
    return null;
  }
}

/** When the clinic's portal would release a result by itself; null when it releases none. */
export function autoReleaseAt(received: number, policy: ClinicPolicy): number | null {
  const rule = policy.resultAutoRelease;
  if (rule === undefined || rule === null) return null;
  const at = afterTarget(calendarOf(policy), received, rule.after);
  return Number.isFinite(at) ? at : null;
}
