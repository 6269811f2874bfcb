import type { DiagnosticReport, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { DIAGNOSTIC_SERVICE_SECTION, HOLD_REASON_SYSTEM, HOLD_REVIEW_EXT } from '../../domain/fhir/codes';
import { reportSeverity } from '../../domain/results/flags';
import { HOLD_REASON_CODES, HOLD_REASONS } from '../../domain/results/hold-reasons';
import { autoReleaseAt } from '../cache/due-times';
import type { DB } from '../db/schema';
import { isPrescriber } from '../renewals/prescribers';
import type { HoldReasonOption, ResultReview, ResultSeverity } from '../../shared/results';
import { clinicToday } from './clinic-today';
import { loadResult, ReleaseNotPossibleError } from './result-labels';
import { resultValues } from './result-values';

export interface ResultContext {
  now: number;
  /** The desk user: whether they may release and hold. */
  userId: string | null;
  policy: ClinicPolicy;
}

/** The work item columns a review reads. */
interface ResultRow {
  id: string;
  rid: number;
  patient_id: string | null;
  received_at: number;
}

export const HOLD_REASON_OPTIONS: HoldReasonOption[] = HOLD_REASON_CODES.map((code) => ({
  code,
  ...HOLD_REASONS[code],
}));

const RANK: Record<ResultSeverity, number> = { normal: 0, unknown: 1, abnormal: 2, critical: 3 };

const instant = (text: string | undefined): number | null => {
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
};

/**
 * A result awaiting release, ready for the provider: each value with its range, flag and trend,
 * the hold in force, when the portal would release it by itself, and whether a critical value
 * will ask the nursing pool to call. Null when the report is not in the cache yet.
 */
export async function resultReview(db: Kysely<DB>, row: ResultRow, ctx: ResultContext): Promise<ResultReview | null> {
  const stored = await db.selectFrom('fhir_resource').select('json').where('rid', '=', row.rid).executeTakeFirst();
  if (stored === undefined) return null;
  const task = JSON.parse(stored.json) as Task;
  let result: Awaited<ReturnType<typeof loadResult>>;
  try {
    result = await loadResult(db, task);
  } catch (error) {
    if (error instanceof ReleaseNotPossibleError) return null;
    throw error;
  }
  const { report, observations } = result;
  const collectedAt = instant(report.effectiveDateTime ?? report.effectivePeriod?.start);
  const issuedAt = instant(report.issued);
  const [values, canRelease, callAsked] = await Promise.all([
    resultValues(db, row.patient_id, observations, collectedAt ?? issuedAt),
    ctx.userId === null ? false : isPrescriber(db, ctx.userId),
    db
      .selectFrom('work_item')
      .select('id')
      .where('work_type', '=', 'patient-call')
      .where('focus_type', '=', 'DiagnosticReport')
      .where('focus_id', '=', report.id)
      .limit(1)
      .executeTakeFirst(),
  ]);
  const severity = reportSeverity(observations);
  const worst = values.reduce<(typeof values)[number] | undefined>(
    (w, v) => (w === undefined || RANK[v.severity] > RANK[w.severity] ? v : w),
    undefined,
  );
  const hold = holdOf(task);
  return {
    reportId: report.id,
    name: report.code.text ?? report.code.coding?.[0]?.display ?? 'Result',
    category: categoryOf(report),
    status: report.status,
    collectedAt,
    issuedAt,
    orderedBy: orderedByOf(report, task) ?? (await orderRequester(db, report)),
    conclusion: report.conclusion ?? null,
    severity,
    summary: worst?.trend.summary ?? `${severity}, no values`,
    values,
    held: (report.meta?.security ?? []).some((s) => s.code === 'NOPAT'),
    hold,
    holdReasons: HOLD_REASON_OPTIONS,
    today: clinicToday(ctx.now, ctx.policy),
    // A documented hold is the exception to releasing, so nothing releases it by itself.
    autoReleaseAt: hold === null ? autoReleaseAt(row.received_at, ctx.policy) : null,
    callPatient: severity !== 'critical' ? null : callAsked === undefined ? 'will-ask' : 'asked',
    canRelease,
  };
}

function categoryOf(report: DiagnosticReport): string | null {
  const codes = (report.category ?? []).flatMap((c) =>
    (c.coding ?? []).filter((coding) => coding.system === DIAGNOSTIC_SERVICE_SECTION),
  );
  const code = codes[0]?.code;
  if (code === 'LAB') return 'Laboratory';
  if (code === 'RAD') return 'Radiology';
  return codes[0]?.display ?? report.category?.[0]?.text ?? null;
}

/** The ordering clinician: the Task's requester, else a person among the report's performers. */
function orderedByOf(report: DiagnosticReport, task: Task): string | null {
  const person = [task.requester, ...(report.resultsInterpreter ?? []), ...(report.performer ?? [])].find(
    (r) => r?.reference?.startsWith('Practitioner') === true,
  );
  return person?.display ?? null;
}

/** The requester of the order the report answers (`basedOn`), as the cache holds it. */
async function orderRequester(db: Kysely<DB>, report: DiagnosticReport): Promise<string | null> {
  const id = /^ServiceRequest\/(.+)$/.exec(report.basedOn?.[0]?.reference ?? '')?.[1];
  if (id === undefined) return null;
  const order = await db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'ServiceRequest')
    .where('id', '=', id)
    .executeTakeFirst();
  if (order === undefined) return null;
  return (JSON.parse(order.json) as ServiceRequest).requester?.display ?? null;
}

function holdOf(task: Task): ResultReview['hold'] {
  if (task.status !== 'on-hold') return null;
  const coding = task.statusReason?.coding?.find((c) => c.system === HOLD_REASON_SYSTEM);
  const reviewOn = task.extension?.find((e) => e.url === HOLD_REVIEW_EXT)?.valueDate;
  if (coding?.code === undefined || reviewOn === undefined) return null;
  const known = HOLD_REASON_CODES.find((c) => c === coding.code);
  // The hold's own note is the last one its applier wrote: "Held until review on … — label: note".
  const note = [...(task.note ?? [])].reverse().find((n) => n.text.startsWith('Held until review on'))?.text ?? '';
  return {
    reason: coding.code,
    reasonLabel: known === undefined ? (coding.display ?? coding.code) : HOLD_REASONS[known].label,
    note: note.replace(/^Held until review on \S+ — [^:]+: /, ''),
    reviewOn,
  };
}
