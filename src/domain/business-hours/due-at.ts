import type { Priority, WorkType } from '../../shared/work-item';
import type { BusinessCalendar } from './business-calendar';
import { DEFAULT_TARGETS, targetFor } from './targets';
import type { Target, TargetsConfig } from './targets';

const HOUR = 3_600_000;

export interface DueRequest {
  /** When the message arrived (`Communication.received`), epoch ms. */
  received: number;
  workType: WorkType;
  priority: Priority;
}

export interface DueTime {
  /** ISO 8601 in UTC, as stored. */
  dueAt: string;
  dueAtMs: number;
  /** `received`, or the next opening when the clinic was closed then. */
  clockStartedAt: string;
  target: Target;
  /** The calendar's policy version, stored beside the due time. */
  policyVersion: string;
}

/** When a work item is due: its target counted on the clinic's business calendar from `received`. */
export function dueAt(
  request: DueRequest,
  calendar: BusinessCalendar,
  targets: TargetsConfig = DEFAULT_TARGETS,
): DueTime {
  if (!Number.isFinite(request.received)) throw new RangeError('received must be an instant (epoch ms)');
  const target = targetFor(targets, request.workType, request.priority);
  const due = afterTarget(calendar, request.received, target);
  return {
    dueAt: new Date(due).toISOString(),
    dueAtMs: due,
    clockStartedAt: new Date(calendar.nextOpening(request.received)).toISOString(),
    target,
    policyVersion: calendar.config.policyVersion,
  };
}

/** `from` plus a target counted on the clinic's calendar (a due time, or an auto-release time). */
export function afterTarget(calendar: BusinessCalendar, from: number, target: Target): number {
  return 'businessHours' in target
    ? calendar.addBusinessTime(from, Math.round(target.businessHours * HOUR))
    : calendar.addBusinessDays(from, target.businessDays);
}
