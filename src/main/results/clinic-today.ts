import { DateTime } from 'luxon';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';

/** The clinic's calendar date at an instant (YYYY-MM-DD): a hold's review date must be after it. */
export const clinicToday = (at: number, policy: ClinicPolicy): string =>
  DateTime.fromMillis(at, { zone: policy.calendar.timeZone }).toISODate() ?? new Date(at).toISOString().slice(0, 10);
