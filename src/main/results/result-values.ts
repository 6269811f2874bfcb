import type { Observation, ObservationReferenceRange } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { LOINC, OBSERVATION_INTERPRETATION } from '../../domain/fhir/codes';
import { observationSeverity } from '../../domain/results/flags';
import { trendOf } from '../../domain/results/trend';
import type { Point } from '../../domain/results/trend';
import type { DB } from '../db/schema';
import type { ResultValue } from '../../shared/results';

export const loincOf = (o: Observation): string | null => o.code.coding?.find((c) => c.system === LOINC)?.code ?? null;

const nameOf = (o: Observation): string => o.code.text ?? o.code.coding?.[0]?.display ?? 'Result';

const instantOf = (o: Observation): number | null => {
  const text = o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued;
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
};

/** A stored Observation as the trend reads it: one number in one unit, or no value. */
export function pointOf(o: Observation & { id: string }): Point | null {
  const code = loincOf(o);
  const at = instantOf(o);
  if (code === null || at === null) return null;
  return { id: o.id, code, unit: o.valueQuantity?.unit, value: o.valueQuantity?.value, at, status: o.status };
}

function valueText(o: Observation): string {
  const q = o.valueQuantity;
  if (q?.value !== undefined) return `${q.comparator ?? ''}${q.value}`;
  if (o.valueString !== undefined) return o.valueString;
  const concept = o.valueCodeableConcept;
  if (concept !== undefined) return concept.text ?? concept.coding?.[0]?.display ?? concept.coding?.[0]?.code ?? '';
  const parts = (o.component ?? []).map((c) => c.valueQuantity?.value).filter((v) => v !== undefined);
  if (parts.length > 0) return parts.join('/');
  return o.dataAbsentReason?.text ?? o.dataAbsentReason?.coding?.[0]?.display ?? 'No value';
}

/** The normal range (a range without a type is the normal one), in the words a lab prints it. */
function rangeOf(o: Observation): ResultValue['range'] {
  const range = o.referenceRange?.find(
    (r: ObservationReferenceRange) => r.type === undefined || r.type.coding?.some((c) => c.code === 'normal'),
  );
  if (range === undefined) return null;
  const low = range.low?.value ?? null;
  const high = range.high?.value ?? null;
  const text =
    range.text ??
    (low !== null && high !== null ? `${low}–${high}` : low !== null ? `≥ ${low}` : high !== null ? `≤ ${high}` : null);
  return text === null ? null : { low, high, text };
}

function flagOf(o: Observation): string | null {
  for (const concept of o.interpretation ?? []) {
    const code = concept.coding?.find((c) => c.system === undefined || c.system === OBSERVATION_INTERPRETATION)?.code;
    if (code !== undefined) return code;
  }
  return null;
}

/**
 * The patient's other results of these tests, from the cache: the trend's candidates. The
 * observation index (patient, code) finds them, then the stored JSON gives value, unit and status.
 * Two reads, not a join: joined, SQLite's planner would walk every stored Observation instead.
 */
async function historyOf(db: Kysely<DB>, patientId: string, codes: readonly string[]): Promise<Point[]> {
  if (codes.length === 0) return [];
  const ids = await db
    .selectFrom('observation')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('code', 'in', codes)
    .execute();
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'Observation')
    .where(
      'id',
      'in',
      ids.map((r) => r.id),
    )
    .execute();
  return rows
    .map((r) => pointOf(JSON.parse(r.json) as Observation & { id: string }))
    .filter((p): p is Point => p !== null);
}

/** Each value of a report with its range, flag, severity and the trend of its earlier values. */
export async function resultValues(
  db: Kysely<DB>,
  patientId: string | null,
  observations: readonly (Observation & { id: string })[],
  reportAt: number | null,
): Promise<ResultValue[]> {
  const codes = [...new Set(observations.map(loincOf).filter((c): c is string => c !== null))];
  const history = patientId === null ? [] : await historyOf(db, patientId, codes);
  return observations.map((o) => {
    const severity = observationSeverity(o);
    const point = pointOf(o) ?? {
      id: o.id,
      code: loincOf(o) ?? '',
      unit: o.valueQuantity?.unit,
      value: o.valueQuantity?.value,
      at: reportAt ?? 0,
    };
    // A value without a test code or a time has no earlier values that are surely the same test.
    const trend =
      point.code === ''
        ? { previous: [], direction: 'first' as const, summary: `${severity}, first result` }
        : trendOf(point, history, severity);
    return {
      id: o.id,
      name: nameOf(o),
      loinc: loincOf(o),
      value: valueText(o),
      numeric: o.valueQuantity?.value ?? null,
      unit: o.valueQuantity?.unit ?? o.valueQuantity?.code ?? null,
      range: rangeOf(o),
      severity,
      flag: flagOf(o),
      trend: {
        previous: trend.previous.map((p) => ({ at: p.at, value: p.value ?? 0 })),
        direction: trend.direction,
        summary: trend.summary,
      },
    };
  });
}
