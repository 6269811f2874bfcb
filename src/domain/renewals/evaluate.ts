import { dateText, daysAgoText, instantOf, monthsBefore } from './dated';
import type { When } from './dated';
import { allergyConflict, classifyMedication, classLabel } from './medication-classes';
import type { MedicationClass } from './medication-classes';
import type { LabRequirement, RenewalProtocol } from './protocol';
import { classifyRequest } from './request-kind';

export interface RenewalInput {
  medication: {
    name: string;
    rxnorm?: string;
    controlled?: boolean;
    refillsLeft: number;
    validUntil: When;
    lastFilled?: When;
  };
  /** The patient's last visit with their PCM; null when none is on record. */
  lastVisit: { at: When; with?: string } | null;
  observations: readonly { loinc: string; name: string; value: string | number; unit?: string; at: When }[];
  /** Empty: no allergy list at all (unknown). A reviewed list with nothing to report says NKDA. */
  allergies: readonly { substance: string }[];
}

/** Unknown is no data at all; not met is data that is too old, out of range or conflicting. */
export type CriterionStatus = 'met' | 'not-met' | 'unknown';

export interface Criterion {
  id: string;
  label: string;
  status: CriterionStatus;
  /** The dated fact behind the status, in words for the card. */
  evidence: string;
}

export interface RenewalEvaluation {
  class: MedicationClass;
  classLabel: string;
  criteria: Criterion[];
  /** Every criterion met and it is a renewal, not a refill: safe to batch-approve. */
  allReady: boolean;
  isRefill: boolean;
  requestReason: string;
}

const monthsText = (n: number): string => (n === 1 ? '1 month' : `${n} months`);

function controlledCriterion(input: RenewalInput, cls: MedicationClass): Criterion {
  const base = { id: 'not-controlled', label: 'Not a controlled substance' };
  const { name, controlled } = input.medication;
  if (cls === 'controlled') {
    return { ...base, status: 'not-met', evidence: `${name} is a controlled substance: never renewed by protocol.` };
  }
  if (controlled === false || cls !== 'unclassified') {
    return { ...base, status: 'met', evidence: `${name} is not a controlled substance.` };
  }
  return {
    ...base,
    status: 'unknown',
    evidence: `${name} is not in the protocol's drug list and not marked either way.`,
  };
}

function protocolCriterion(cls: MedicationClass, protocol: RenewalProtocol): Criterion | null {
  const p = protocol.classes[cls];
  if (p.eligible || cls === 'controlled') return null;
  return {
    id: 'protocol',
    label: 'Renewable by protocol',
    // An unclassified drug may well be fine; what is missing is knowledge of it, not a reason against.
    status: cls === 'unclassified' ? 'unknown' : 'not-met',
    evidence: `${classLabel(cls)}: ${p.reason ?? 'not renewable by protocol'}.`,
  };
}

function visitCriterion(input: RenewalInput, months: number, now: number): Criterion {
  const base = { id: 'seen', label: `Seen by the PCM within ${monthsText(months)}` };
  if (input.lastVisit === null) return { ...base, status: 'unknown', evidence: 'No visit with the PCM on record.' };
  const at = instantOf(input.lastVisit.at);
  const who = input.lastVisit.with === undefined ? '' : ` with ${input.lastVisit.with}`;
  const fact = `Last visit${who} on ${dateText(at)}, ${daysAgoText(at, now)}`;
  return at >= monthsBefore(now, months)
    ? { ...base, status: 'met', evidence: `${fact}.` }
    : { ...base, status: 'not-met', evidence: `${fact}: older than ${monthsText(months)}.` };
}

function numericValue(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^\s*[<>]?=?\s*(-?\d+(?:\.\d+)?)/.exec(value);
  return m === null ? Number.NaN : Number(m[1]);
}

function labCriterion(input: RenewalInput, req: LabRequirement, now: number): Criterion {
  const base = { id: req.id, label: `${req.label} within ${monthsText(req.withinMonths)}` };
  // The latest result decides: an older normal value does not excuse a newer abnormal one.
  let latest: (RenewalInput['observations'][number] & { ms: number }) | undefined;
  for (const o of input.observations) {
    if (!req.loinc.includes(o.loinc)) continue;
    const ms = instantOf(o.at);
    if (latest === undefined || ms > latest.ms) latest = { ...o, ms };
  }
  if (latest === undefined) return { ...base, status: 'unknown', evidence: `No ${req.label.toLowerCase()} on record.` };
  const unit = latest.unit === undefined ? '' : ` ${latest.unit}`;
  const fact = `${latest.name} ${latest.value}${unit} on ${dateText(latest.ms)}, ${daysAgoText(latest.ms, now)}`;
  if (latest.ms < monthsBefore(now, req.withinMonths)) {
    return { ...base, status: 'not-met', evidence: `${fact}: older than ${monthsText(req.withinMonths)}.` };
  }
  if (req.low !== undefined || req.high !== undefined) {
    const v = numericValue(latest.value);
    if (Number.isNaN(v))
      return { ...base, status: 'unknown', evidence: `${fact}: the value is not a number to check.` };
    if (req.low !== undefined && v < req.low) {
      const why = req.high === undefined ? `below ${req.low}` : `outside ${req.low}–${req.high}`;
      return { ...base, status: 'not-met', evidence: `${fact}: ${why}.` };
    }
    if (req.high !== undefined && v > req.high) {
      const why = req.low === undefined ? `above ${req.high}` : `outside ${req.low}–${req.high}`;
      return { ...base, status: 'not-met', evidence: `${fact}: ${why}.` };
    }
  }
  return { ...base, status: 'met', evidence: `${fact}.` };
}

function allergyCriterion(input: RenewalInput, cls: MedicationClass): Criterion {
  const base = { id: 'no-allergy-conflict', label: 'No allergy conflict' };
  if (input.allergies.length === 0)
    return { ...base, status: 'unknown', evidence: 'No allergy list on record (not even NKDA).' };
  const conflicts = input.allergies
    .map((a) => ({ substance: a.substance, why: allergyConflict(a.substance, input.medication, cls) }))
    .filter((c): c is { substance: string; why: string } => c.why !== null);
  if (conflicts.length > 0) {
    return {
      ...base,
      status: 'not-met',
      evidence: `Allergy to ${conflicts.map((c) => `${c.substance} (${c.why})`).join('; ')}.`,
    };
  }
  const listed = input.allergies.map((a) => a.substance).join(', ');
  return {
    ...base,
    status: 'met',
    evidence: `Allergies on record: ${listed}; none concerns ${input.medication.name}.`,
  };
}

/**
 * The readiness card for one renewal request. Pure: `now` is passed in, nothing is looked up. The
 * criteria come in a fixed order: controlled, protocol eligibility, visit, labs, allergies.
 */
export function evaluateRenewal(input: RenewalInput, protocol: RenewalProtocol, now: number): RenewalEvaluation {
  const cls = classifyMedication(input.medication);
  const p = protocol.classes[cls];
  const criteria: Criterion[] = [controlledCriterion(input, cls)];
  const eligibility = protocolCriterion(cls, protocol);
  if (eligibility !== null) criteria.push(eligibility);
  if (p.seenWithinMonths !== null) criteria.push(visitCriterion(input, p.seenWithinMonths, now));
  for (const req of p.labs) criteria.push(labCriterion(input, req, now));
  criteria.push(allergyCriterion(input, cls));
  const request = classifyRequest(input.medication, now);
  const isRefill = request.kind === 'refill';
  return {
    class: cls,
    classLabel: classLabel(cls),
    criteria,
    allReady: !isRefill && criteria.every((c) => c.status === 'met'),
    isRefill,
    requestReason: request.reason,
  };
}
