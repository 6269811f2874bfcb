import type { Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { pendedRenewal } from '../../domain/outbox/renewal-appliers';
import { evaluateRenewal } from '../../domain/renewals/evaluate';
import type { RenewalEvaluation } from '../../domain/renewals/evaluate';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import type { DB } from '../db/schema';
import { DEFAULT_QUICK_TEXTS, fillQuickText, naturalOrder } from '../../shared/quick-texts';
import type { PriorPrescription, RenewalReadiness, RenewalReview } from '../../shared/renewals';
import { prescriptionTermsSchema } from '../../shared/staff-actions';
import type { PrescriptionTerms } from '../../shared/staff-actions';
import type { QuickText } from '../../shared/work-item';
import { isPrescriber, listPrescribers } from './prescribers';
import { loadRenewalFacts } from './renewal-facts';

export interface RenewalContext {
  now: number;
  protocol: RenewalProtocol;
  /** The desk user's Practitioner id; null when nobody is signed in (then nobody may prescribe). */
  userId: string | null;
  quickTexts?: readonly QuickText[];
  /** The patient as the refill reply greets them (see greetingName); the Task's display in natural order when absent. */
  greetingName?: string | null;
}

/** The work item row fields a renewal is judged from. */
interface RenewalRow {
  rid: number;
  focus_type: string | null;
  focus_id: string | null;
  patient_display: string | null;
}

/** A year's supply as the new prescription's default: the common primary care renewal. */
const DEFAULT_VALIDITY_DAYS = 365;

export async function evaluateItem(
  db: Kysely<DB>,
  row: RenewalRow,
  ctx: RenewalContext,
): Promise<{ prior: PriorPrescription; evaluation: RenewalEvaluation } | null> {
  if (row.focus_type !== 'MedicationRequest' || row.focus_id === null) return null;
  const facts = await loadRenewalFacts(db, row.focus_id, ctx.protocol);
  if (facts === null) return null;
  return { prior: facts.prior, evaluation: evaluateRenewal(facts.input, ctx.protocol, ctx.now) };
}

/** The list badge: ready for batch approval, a refill, or how much needs the PCM's look. */
export function readinessOf(evaluation: RenewalEvaluation): RenewalReadiness {
  if (evaluation.isRefill) return { kind: 'refill' };
  if (evaluation.allReady) return { kind: 'ready' };
  const count = (status: string) => evaluation.criteria.filter((c) => c.status === status).length;
  return { kind: 'review', notMet: count('not-met'), unknown: count('unknown') };
}

/** The readiness card and the decision form's starting point for one renewal item. */
export async function renewalReview(
  db: Kysely<DB>,
  row: RenewalRow,
  ctx: RenewalContext,
): Promise<RenewalReview | null> {
  const judged = await evaluateItem(db, row, ctx);
  if (judged === null) return null;
  const { prior, evaluation } = judged;
  const [task, prescribers, canPrescribe] = await Promise.all([
    db
      .selectFrom('fhir_resource')
      .select('json')
      .where('rid', '=', row.rid)
      .executeTakeFirst()
      .then((r) => (r === undefined ? undefined : (JSON.parse(r.json) as Task))),
    listPrescribers(db),
    ctx.userId === null ? false : isPrescriber(db, ctx.userId),
  ]);
  const pended = task === undefined ? undefined : pendedRenewal(task);
  const pendedTerms = prescriptionTermsSchema.safeParse(pended?.terms);
  return {
    prescription: prior,
    isRefill: evaluation.isRefill,
    requestReason: evaluation.requestReason,
    classLabel: evaluation.classLabel,
    criteria: evaluation.criteria,
    allReady: evaluation.allReady,
    protocolVersion: ctx.protocol.protocolVersion,
    proposal: pendedTerms.success ? pendedTerms.data : termsOf(prior, evaluation),
    pended:
      pended === undefined
        ? null
        : {
            by: await personName(db, pended.by),
            at: pended.at === undefined ? null : Date.parse(pended.at),
            note: pended.note ?? '',
          },
    refillReply: refillReply(
      prior,
      ctx.greetingName !== undefined
        ? ctx.greetingName
        : row.patient_display === null
          ? null
          : naturalOrder(row.patient_display),
      ctx.quickTexts ?? DEFAULT_QUICK_TEXTS,
    ),
    prescribers,
    canPrescribe,
  };
}

/**
 * The prior prescription's terms, renewed for a year: the same quantity and directions, with
 * enough refills to last the year. Controlled drugs get no refills (a PCM writes those one by one).
 */
export function termsOf(prior: PriorPrescription, evaluation: Pick<RenewalEvaluation, 'class'>): PrescriptionTerms {
  const supply = prior.supplyDays ?? 30;
  const fills = Math.max(1, Math.floor(DEFAULT_VALIDITY_DAYS / supply));
  return {
    quantity: prior.quantity?.value ?? supply,
    unit: prior.quantity?.unit ?? 'units',
    repeats: evaluation.class === 'controlled' ? 0 : Math.min(11, fills - 1),
    validityDays: DEFAULT_VALIDITY_DAYS,
    dosage: prior.dosage ?? 'Use as directed',
  };
}

/** The clinic's refill quick text, or a pointer to where this prescription is filled. */
function refillReply(prior: PriorPrescription, patient: string | null, texts: readonly QuickText[]): string {
  const clinicText = texts.find((t) => t.id === 'refill')?.text;
  // Filled as the composer fills it, so the pointer reads the same from either place.
  if (clinicText !== undefined) return fillQuickText(clinicText, { patientName: patient });
  const where = prior.mailOrder
    ? 'TRICARE Pharmacy Home Delivery (Express Scripts) at express-scripts.com/TRICARE or 1-877-363-1303'
    : `the clinic pharmacy refill line${prior.pharmacy === null ? '' : ` (${prior.pharmacy})`}`;
  return `Hello${patient === null ? '' : ` ${patient}`}, your ${prior.medication} prescription still has refills: please order your refill from ${where}.`;
}

async function personName(db: Kysely<DB>, reference: string | undefined): Promise<string> {
  const id = /^Practitioner\/(.+)$/.exec(reference ?? '')?.[1];
  if (id === undefined) return 'a staff member';
  const row = await db.selectFrom('practitioner').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name ?? reference ?? 'a staff member';
}
