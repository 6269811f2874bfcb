import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Reference, ServiceRequest, Task } from '@medplum/fhirtypes';
import { DEFAULT_CLINIC_POLICY } from '../../domain/business-hours/clinic-policy';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { describeTarget, targetFor } from '../../domain/business-hours/targets';
import { REFERRAL_NUMBER_SYSTEM } from '../../domain/fhir/codes';
import type { DB, WorkItemRow } from '../db/schema';
// The sentence the done-guard refuses with: the detail shows it before "Mark done" is tried.
import { ACKNOWLEDGE_FIRST, RELEASE_NOT_DONE, RENEWAL_NOT_DONE } from '../outbox/action-guards';
import { NEEDS_REVIEW_STATES } from '../outbox/pending';
import type {
  DueExplanation,
  Priority,
  QuickText,
  ThreadMessage,
  TriageExplanation,
  WorkItemDetail,
  WorkType,
} from '../../shared/work-item';
import { DEFAULT_RENEWAL_PROTOCOL } from '../../domain/renewals/protocol';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import { renewalReview } from '../renewals/renewal-review';
import { resultReview } from '../results/result-review';
import { greetingName, medicationById, patientContext, resultById } from './patient-context';
import type { GreetingStyle } from '../../shared/quick-texts';
import { DEFAULT_GREETING } from '../../shared/quick-texts';
import { summaryById, toSummary } from './summary';

export interface DetailContext {
  now: number;
  /** The desk user (a renewal's form depends on whether they may prescribe). */
  userId?: string | null;
  renewalProtocol?: RenewalProtocol;
  quickTexts?: readonly QuickText[];
  /** How the quick texts greet the patient (the clinic's quick-text setting); first name when absent. */
  greeting?: GreetingStyle;
  /** The clinic policy due times are computed with (its targets explain them); the default when absent. */
  policy?: ClinicPolicy;
}

/** One item with everything the detail pane shows; null when the cache does not hold it. */
export async function getItemDetail(db: Kysely<DB>, id: string, ctx: DetailContext): Promise<WorkItemDetail | null> {
  const row = await summaryById(db, id, ctx.now);
  if (row === undefined) return null;
  const thread = row.focus_type === 'Communication' ? row.focus_id : null;
  const policy = ctx.policy ?? DEFAULT_CLINIC_POLICY;
  const greeting = await greetingName(db, row.patient_id, row.patient_display, ctx.greeting ?? DEFAULT_GREETING);
  const [messages, patient, medication, result, triage, referralNumber, renewal, resultReviewed, stopped] =
    await Promise.all([
      thread === null ? [] : threadMessages(db, thread),
      row.patient_id === null ? null : patientContext(db, row.patient_id, ctx.now),
      row.focus_type === 'MedicationRequest' && row.focus_id !== null ? medicationById(db, row.focus_id) : null,
      row.focus_type === 'DiagnosticReport' && row.focus_id !== null ? resultById(db, row.focus_id) : null,
      thread === null ? null : threadTriage(db, thread),
      referralNumberOf(db, row),
      row.work_type === 'renewal-request'
        ? renewalReview(db, row, {
            now: ctx.now,
            protocol: ctx.renewalProtocol ?? DEFAULT_RENEWAL_PROTOCOL,
            userId: ctx.userId ?? null,
            greetingName: greeting,
            ...(ctx.quickTexts === undefined ? {} : { quickTexts: ctx.quickTexts }),
          })
        : null,
      row.work_type === 'result-release'
        ? resultReview(db, row, { now: ctx.now, userId: ctx.userId ?? null, policy })
        : null,
      stoppedAction(db, id),
    ]);
  return {
    item: toSummary(row),
    description: row.description,
    messages,
    patient,
    medication,
    result,
    triage,
    due: dueExplanation(row, policy),
    referralNumber,
    greetingName: greeting,
    renewal,
    resultReview: resultReviewed,
    closable:
      row.emergency === 1 && row.emergency_ack_at === null
        ? { ok: false, reason: ACKNOWLEDGE_FIRST }
        : row.work_type === 'result-release'
          ? { ok: false, reason: RELEASE_NOT_DONE }
          : row.work_type === 'renewal-request'
            ? { ok: false, reason: RENEWAL_NOT_DONE }
            : { ok: true },
    stopped,
  };
}

/** The item's first decision that waits for a person (parked or in conflict), if any. */
async function stoppedAction(db: Kysely<DB>, id: string): Promise<WorkItemDetail['stopped']> {
  const row = await db
    .selectFrom('outbox_action')
    .select(['action_id', 'refused', 'last_error'])
    .where('work_item_id', '=', id)
    .where('state', 'in', NEEDS_REVIEW_STATES)
    .orderBy('action_id')
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    actionId: row.action_id,
    refused: row.refused === 1,
    reason: row.last_error ?? 'It needs a person to look at it.',
  };
}

async function threadMessages(db: Kysely<DB>, threadId: string): Promise<ThreadMessage[]> {
  const rows = await db
    .selectFrom('message')
    // A reply written on this desk names its sender by reference only: the roster has the name.
    .leftJoin('practitioner', 'practitioner.id', 'message.sender_id')
    .selectAll('message')
    .select('practitioner.display_name as practitioner_name')
    .where('thread_id', '=', threadId)
    .where('body', 'is not', null)
    .orderBy('sent_at')
    .orderBy('id')
    .execute();
  return rows.map((m) => ({
    id: m.id,
    sentAt: m.sent_at ?? m.received_at,
    fromPatient: m.sender_type === 'Patient',
    senderName:
      m.sender_display ??
      (m.sender_type === 'Practitioner' ? m.practitioner_name : null) ??
      (m.sender_type === 'Patient' ? 'Patient' : 'Clinic staff'),
    body: m.body ?? '',
  }));
}

/** The part of a stored TriageResult the item view explains; anything else in the JSON is ignored. */
const storedTriage = z.object({
  category: z.string(),
  pool: z.string(),
  emergency: z
    .object({
      // A cache derived before the second tier held only first-tier emergencies, without flags.
      tier: z.enum(['emergency', 'possible']).default('emergency'),
      kind: z.enum(['medical', 'crisis']),
      action: z.string(),
      flags: z
        .array(
          z.object({
            concept: z.string(),
            family: z.string(),
            tier: z.enum(['emergency', 'possible']),
            words: z.string(),
            where: z.enum(['subject', 'body']),
            modifiers: z.array(z.string()),
          }),
        )
        .default([]),
    })
    .nullable(),
  reasons: z.array(z.string()),
});

/** The verdict on the thread's first patient message: what opened the item is what triage judged. */
async function threadTriage(db: Kysely<DB>, threadId: string): Promise<TriageExplanation | null> {
  const first = await db
    .selectFrom('message')
    .select('triage')
    .where('thread_id', '=', threadId)
    .where('sender_type', '=', 'Patient')
    .where('triage', 'is not', null)
    .orderBy('sent_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (first?.triage == null) return null;
  let json: unknown;
  try {
    json = JSON.parse(first.triage);
  } catch {
    return null;
  }
  const parsed = storedTriage.safeParse(json);
  if (!parsed.success) return null;
  const { category, pool, emergency, reasons } = parsed.data;
  return {
    category,
    suggestedPool: pool,
    emergency,
    reasons,
  };
}

/**
 * Only a due time the clinic's policy computed is explained by its targets; one still carrying the
 * portal's own date (no `due_policy`) has no target to name.
 */
function dueExplanation(row: WorkItemRow, policy: ClinicPolicy): DueExplanation | null {
  if (row.due_at === null || row.due_policy === null) return null;
  const target = describeTarget(targetFor(policy.targets, row.work_type as WorkType, row.priority as Priority));
  const autoRelease = row.work_type === 'result-release' ? policy.resultAutoRelease : null;
  return {
    dueAt: row.due_at,
    target:
      autoRelease === null || autoRelease === undefined
        ? target
        : `${target}, and before the portal releases it by itself after ${describeTarget(autoRelease.after)}`,
    policyVersion: row.due_policy,
  };
}

const serviceRequestId = (ref: Reference | undefined): string | null => {
  const match = /^ServiceRequest\/([A-Za-z0-9\-.]{1,64})$/.exec(ref?.reference ?? '');
  return match?.[1] ?? null;
};

const referralNumberIn = (request: ServiceRequest): string | null =>
  request.identifier?.find((i) => i.system === REFERRAL_NUMBER_SYSTEM)?.value ?? null;

/**
 * The number the regional contractor issued, which patients quote: from the referral the Task is
 * about (its focus or `basedOn`), or for a referral question that names none, the patient's latest.
 */
async function referralNumberOf(db: Kysely<DB>, row: WorkItemRow): Promise<string | null> {
  const linked = row.focus_type === 'ServiceRequest' && row.focus_id !== null ? [row.focus_id] : [];
  const stored = await db.selectFrom('fhir_resource').select('json').where('rid', '=', row.rid).executeTakeFirst();
  if (stored !== undefined) {
    const task = JSON.parse(stored.json) as Task;
    for (const ref of task.basedOn ?? []) {
      const id = serviceRequestId(ref);
      if (id !== null) linked.push(id);
    }
  }
  if (linked.length > 0) {
    const requests = await db
      .selectFrom('fhir_resource')
      .select('json')
      .where('resource_type', '=', 'ServiceRequest')
      .where('id', 'in', linked)
      .execute();
    for (const r of requests) {
      const number = referralNumberIn(JSON.parse(r.json) as ServiceRequest);
      if (number !== null) return number;
    }
  }
  if (row.work_type !== 'referral-status' || row.patient_id === null) return null;
  const own = await db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'ServiceRequest')
    .where((eb) => eb(eb.fn('json_extract', ['json', eb.val('$.subject.reference')]), '=', `Patient/${row.patient_id}`))
    .where((eb) => eb(eb.fn('json_extract', ['json', eb.val('$.identifier[0].system')]), '=', REFERRAL_NUMBER_SYSTEM))
    .orderBy((eb) => eb.fn('json_extract', ['json', eb.val('$.authoredOn')]), 'desc')
    .limit(1)
    .executeTakeFirst();
  return own === undefined ? null : referralNumberIn(JSON.parse(own.json) as ServiceRequest);
}
