import { z } from 'zod';
import { calendarConfigSchema, DEFAULT_WEEKLY_HOURS } from './calendar-config';
import type { CalendarConfig } from './calendar-config';
import { DEFAULT_TARGETS, targetSchema, targetsConfigSchema } from './targets';
import type { Target, TargetsConfig } from './targets';

/**
 * Everything that decides a due time, as one clinic file: the calendar's fields and, optionally,
 * `targets`. Its `policyVersion` names both, so change it when either changes.
 */
export const clinicPolicySchema = calendarConfigSchema.extend({
  targets: targetsConfigSchema.default(DEFAULT_TARGETS),
  /**
   * The portal's auto-release of results, when the clinic's portal has one: a result not released
   * or held by then reaches the patient anyway, so the provider's due time is never later.
   */
  resultAutoRelease: z.strictObject({ after: targetSchema }).nullable().default(null),
});

export type ClinicPolicyInput = z.input<typeof clinicPolicySchema>;
export interface ClinicPolicy {
  calendar: CalendarConfig;
  targets: TargetsConfig;
  /** Absent or null: the portal releases nothing by itself (every result waits for a provider). */
  resultAutoRelease?: { after: Target } | null;
}

/** Used when a clinic has configured nothing: an East Coast clinic, Monday to Friday 07:30-16:30. */
export const DEFAULT_CLINIC_POLICY: ClinicPolicy = {
  calendar: {
    timeZone: 'America/New_York',
    hours: DEFAULT_WEEKLY_HOURS,
    federalHolidays: true,
    closures: [],
    policyVersion: 'default-1',
  },
  targets: DEFAULT_TARGETS,
  resultAutoRelease: null,
};

export type ParsedPolicy = { ok: true; policy: ClinicPolicy } | { ok: false; problems: string[] };

/** Parses a clinic file's JSON value; problems name the field, e.g. `hours.monday[0]: "7:30-12" is not …`. */
export function parseClinicPolicy(value: unknown): ParsedPolicy {
  const parsed = clinicPolicySchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const where = issue.path.reduce<string>(
          (text, key) =>
            typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`,
          '',
        );
        return where === '' ? issue.message : `${where}: ${issue.message}`;
      }),
    };
  }
  const { targets, resultAutoRelease, ...calendar } = parsed.data;
  return { ok: true, policy: { calendar, targets, resultAutoRelease } };
}
