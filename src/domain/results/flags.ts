import type { Observation } from '@medplum/fhirtypes';
import { OBSERVATION_INTERPRETATION } from '../fhir/codes';

/**
 * How far from normal one result is. `unknown`: nothing says (no interpretation, no numeric value
 * against a range), so a person must read it: never counted as normal.
 */
export type Severity = 'normal' | 'abnormal' | 'critical' | 'unknown';

const RANK: Record<Severity, number> = { normal: 0, unknown: 1, abnormal: 2, critical: 3 };

/** v3-ObservationInterpretation codes, as labs send them. */
const CRITICAL = new Set(['HH', 'LL', 'AA', 'HU', 'LU', 'CR']);
const ABNORMAL = new Set(['H', 'L', 'A', '>', '<', 'POS', 'DET', 'R', 'W']);
const NORMAL = new Set(['N', 'NEG', 'ND', 'S']);

/** The lab's own interpretation first; then the value against the reference range and critical limits. */
export function observationSeverity(observation: Observation): Severity {
  const codes = (observation.interpretation ?? []).flatMap((i) =>
    (i.coding ?? [])
      .filter((c) => c.system === undefined || c.system === OBSERVATION_INTERPRETATION)
      .map((c) => c.code),
  );
  if (codes.some((c) => c !== undefined && CRITICAL.has(c))) return 'critical';
  if (codes.some((c) => c !== undefined && ABNORMAL.has(c))) return 'abnormal';
  if (codes.some((c) => c !== undefined && NORMAL.has(c))) return 'normal';
  return againstRange(observation);
}

function againstRange(observation: Observation): Severity {
  const value = observation.valueQuantity?.value;
  const range = observation.referenceRange?.find((r) => r.type === undefined || isNormalRange(r.type.coding));
  if (value === undefined || range === undefined) return 'unknown';
  const low = range.low?.value;
  const high = range.high?.value;
  if (low === undefined && high === undefined) return 'unknown';
  return (low !== undefined && value < low) || (high !== undefined && value > high) ? 'abnormal' : 'normal';
}

const isNormalRange = (coding: { code?: string }[] | undefined): boolean =>
  (coding ?? []).some((c) => c.code === 'normal');

/** A report is as bad as its worst result; a report without results is unknown (someone reads it). */
export function reportSeverity(observations: readonly Observation[]): Severity {
  if (observations.length === 0) return 'unknown';
  return observations.map(observationSeverity).reduce((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'normal');
}
