import { createHash } from 'node:crypto';
import { businessCalendar } from '../../domain/business-hours/business-calendar';
import type { BusinessCalendar } from '../../domain/business-hours/business-calendar';
import { DEFAULT_CLINIC_POLICY } from '../../domain/business-hours/clinic-policy';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { DEFAULT_RULES } from '../../domain/triage/default-rules';
import type { TriageRules } from '../../domain/triage/rules-schema';

/**
 * What the cache derives its triage and due columns with: the clinic's triage rules and its
 * business-hours policy. Rows written with one config and read with another would disagree, so
 * the fingerprint is stored beside them (`derived_state`) and a change recomputes them all.
 */
export interface DerivationConfig {
  rules: TriageRules;
  policy: ClinicPolicy;
}

/**
 * Bump when the projection or derivation code changes what it writes for the same resource and
 * config (a new column, a fixed reading): caches derived by the older code are then recomputed.
 */
export const DERIVATION_CODE_VERSION = 2;

export const DEFAULT_DERIVATION: DerivationConfig = { rules: DEFAULT_RULES, policy: DEFAULT_CLINIC_POLICY };

/** The `derived_state` row naming what the derived columns were computed with. */
export const DERIVATION_STATE = 'derivation';

/**
 * The versions say what the rows were derived with; the digest of the content catches a clinic
 * file edited without a new version, which would otherwise leave rows from the old one in place.
 */
export const derivationFingerprint = (config: DerivationConfig): string =>
  `code ${DERIVATION_CODE_VERSION}; rules ${config.rules.version}; policy ${config.policy.calendar.policyVersion}; ` +
  `content ${createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16)}`;

// Building a calendar compiles its hours and holidays: once per policy, not once per row.
const calendars = new WeakMap<ClinicPolicy, BusinessCalendar>();

export function calendarOf(policy: ClinicPolicy): BusinessCalendar {
  let calendar = calendars.get(policy);
  if (calendar === undefined) {
    calendar = businessCalendar(policy.calendar);
    calendars.set(policy, calendar);
  }
  return calendar;
}
