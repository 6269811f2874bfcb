import type { Task } from '@medplum/fhirtypes';
import type { Kysely, Transaction } from 'kysely';
import { emergencyAcknowledgement } from '../../domain/outbox/apply-action';
import type { ActionPayload, StaffAction } from '../../shared/staff-actions';
import type { DB } from '../db/schema';
import { checkHold } from '../../domain/results/hold-reasons';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { clinicToday } from '../results/clinic-today';
import { isPrescriber, practitionerIdOf } from '../renewals/prescribers';
import { PENDING_STATES } from './pending';
import { unfilledPlaceholderProblem } from '../../shared/quick-texts';

/** A decision this desk will not record, with the reason in words a nurse can act on. */
export class ActionRejectedError extends Error {
  override name = 'ActionRejectedError';
}

export const NOT_AN_EMERGENCY = 'This item has no emergency wording to acknowledge.';
export const REPLY_FIRST = 'Send the 911/988 reply first, or document a call instead.';
export const ACKNOWLEDGE_FIRST =
  'Emergency wording: acknowledge it first — send the 911/988 reply or document the call.';
export const ALREADY_YOURS = 'You already have this item.';
export const PRESCRIBERS_ONLY = 'Only a PCM can approve or deny a renewal. Pend it for the PCM instead.';
export const NOT_A_RENEWAL = 'This item is not a renewal request.';
export const PROVIDERS_ONLY = 'Only a provider (PCM) can release or hold a result.';
export const NOT_A_RESULT = 'This item is not a result awaiting release.';
export const RENEWAL_NOT_DONE =
  'A renewal is closed by a decision: approve, deny, route, pend it for the PCM, or send the refill reply. Mark done would close it with none.';
export const RELEASE_NOT_DONE =
  'A result is closed by releasing it to the patient (or held for a documented reason): Mark done would leave it unseen.';

/**
 * The desk's own rules, checked against the local copy before anything is written. They run in
 * the recording transaction, so the state they judge is the state the action is applied to (a
 * sync committing in between cannot slip under the check).
 *
 * They judge what this desk knows. The portal may know more (another desk's claim not synced
 * yet): that still comes back from the pusher as a conflict for a person, as before.
 */
export async function checkAllowed(
  trx: Transaction<DB>,
  local: Task,
  action: StaffAction,
  policy: ClinicPolicy,
): Promise<void> {
  checkPatientText(action);
  switch (action.kind) {
    case 'claim':
      return checkClaim(trx, local, action);
    case 'done':
      return checkDone(trx, local);
    case 'acknowledge':
      return checkAcknowledge(trx, local, action as StaffAction<'acknowledge'>);
    case 'renew':
    case 'deny':
    case 'pend':
    case 'redirect-refill':
      return checkRenewalDecision(trx, local, action);
    case 'release':
    case 'hold':
      return checkResultDecision(trx, local, action, policy);
    default:
      return;
  }
}

/**
 * Someone else's item is taken over by assigning it, on purpose; a claim is "I'll take this one
 * from the pool", and on an item a colleague has it would be a silent take-over.
 */
async function checkClaim(db: Kysely<DB>, local: Task, action: StaffAction): Promise<void> {
  const owner = local.owner?.reference;
  if (owner === undefined || owner.startsWith('CareTeam/')) return;
  if (owner === action.actor) throw new ActionRejectedError(ALREADY_YOURS);
  const name = local.owner?.display ?? (await personName(db, owner));
  throw new ActionRejectedError(`Claimed by ${name} — assign it to yourself instead if you are taking it over.`);
}

/** The text of an action the patient will read: a reply, a denial's reply, a refill pointer, a release comment. */
export function patientTextOf(action: Pick<StaffAction, 'kind' | 'payload'>): string | undefined {
  switch (action.kind) {
    case 'reply':
    case 'redirect-refill':
      return (action.payload as ActionPayload<'reply' | 'redirect-refill'>).text;
    case 'deny':
      return (action.payload as ActionPayload<'deny'>).reply;
    case 'release':
      return (action.payload as ActionPayload<'release'>).comment;
    default:
      return undefined;
  }
}

/**
 * A quick text's `{placeholder}` left in what the patient reads ("booked for {appointment}") is a
 * gap a person forgot, never words for the patient: such an action is not recorded. Only the quick
 * texts' syntax counts (a name in braces); other braces a person types are left alone.
 */
function checkPatientText(action: StaffAction): void {
  const text = patientTextOf(action);
  const problem = text === undefined ? null : unfilledPlaceholderProblem(text);
  if (problem !== null) throw new ActionRejectedError(problem);
}

async function checkDone(db: Kysely<DB>, local: Task): Promise<void> {
  const item = await emergencyOf(db, local);
  if (item.row?.work_type === 'result-release') throw new ActionRejectedError(RELEASE_NOT_DONE);
  if (item.row?.work_type === 'renewal-request') throw new ActionRejectedError(RENEWAL_NOT_DONE);
  if (item.emergency && !item.acknowledged) throw new ActionRejectedError(ACKNOWLEDGE_FIRST);
}

async function checkAcknowledge(db: Kysely<DB>, local: Task, action: StaffAction<'acknowledge'>): Promise<void> {
  const item = await emergencyOf(db, local);
  if (item.row?.is_open === 0) throw new ActionRejectedError('This item is closed: there is nothing to acknowledge.');
  if (!item.emergency) throw new ActionRejectedError(NOT_AN_EMERGENCY);
  const ack = emergencyAcknowledgement(local);
  if (ack !== undefined || item.acknowledged) {
    const by = ack?.by ?? item.row?.emergency_ack_by ?? undefined;
    const at = ack?.at ?? item.row?.emergency_ack_at ?? undefined;
    throw new ActionRejectedError(
      `Already acknowledged${by === undefined ? '' : ` by ${await personName(db, by)}`}${at === undefined ? '' : ` at ${when(at)}`}.`,
    );
  }
  if (action.payload.how === 'reply' && !(await emergencyReplySent(db, local, item.row?.focus_id ?? null))) {
    throw new ActionRejectedError(REPLY_FIRST);
  }
}

/**
 * Approving or denying a renewal is a prescriber's decision (a nurse prepares it: `pend`); the
 * portal refuses it too, but a nurse should hear so at her desk, not from the queue later.
 */
async function checkRenewalDecision(db: Kysely<DB>, local: Task, action: StaffAction): Promise<void> {
  const item = await db
    .selectFrom('work_item')
    .select(['work_type'])
    .where('id', '=', local.id ?? '')
    .executeTakeFirst();
  if (item?.work_type !== 'renewal-request') throw new ActionRejectedError(NOT_A_RENEWAL);
  const actorId = practitionerIdOf(action.actor);
  if ((action.kind === 'renew' || action.kind === 'deny') && (actorId === null || !(await isPrescriber(db, actorId)))) {
    throw new ActionRejectedError(PRESCRIBERS_ONLY);
  }
  const to = action.kind === 'pend' ? (action as StaffAction<'pend'>).payload.to : undefined;
  const toId = to === undefined ? null : practitionerIdOf(to);
  if (to !== undefined && (toId === null || !(await isPrescriber(db, toId)))) {
    throw new ActionRejectedError(`${await personName(db, to)} is not a PCM: a pended renewal goes to a prescriber.`);
  }
}

/**
 * Results are released by the provider (docs/portal.md), and held only for a documented reason with
 * a review date: the reason is checked here, where the provider hears every problem at once.
 */
async function checkResultDecision(
  db: Kysely<DB>,
  local: Task,
  action: StaffAction,
  policy: ClinicPolicy,
): Promise<void> {
  const item = await db
    .selectFrom('work_item')
    .select(['work_type'])
    .where('id', '=', local.id ?? '')
    .executeTakeFirst();
  if (item?.work_type !== 'result-release') throw new ActionRejectedError(NOT_A_RESULT);
  const actorId = practitionerIdOf(action.actor);
  if (actorId === null || !(await isPrescriber(db, actorId))) throw new ActionRejectedError(PROVIDERS_ONLY);
  if (action.kind === 'hold') {
    // "After today" is the clinic's today: late on a US evening, UTC is already tomorrow.
    const checked = checkHold((action as StaffAction<'hold'>).payload, clinicToday(Date.parse(action.at), policy));
    if (!checked.ok) throw new ActionRejectedError(checked.problems.join(' '));
  }
}

/**
 * Emergency comes from the projection (derived from the thread's patient messages); acknowledged
 * from either the Task in hand (the source, already holding a queued acknowledgement) or its
 * projection.
 */
async function emergencyOf(db: Kysely<DB>, local: Task) {
  const row = await db
    .selectFrom('work_item')
    .select(['is_open', 'work_type', 'emergency', 'emergency_ack_at', 'emergency_ack_by', 'focus_type', 'focus_id'])
    .where('id', '=', local.id ?? '')
    .executeTakeFirst();
  return {
    row,
    emergency: row?.emergency === 1,
    acknowledged: emergencyAcknowledgement(local) !== undefined || (row?.emergency_ack_at ?? null) !== null,
  };
}

const MENTIONS_911_OR_988 = /(?<!\d)(911|988)(?!\d)/;

/**
 * A staff message in the item's thread that tells the patient to call 911 or 988: one the cache
 * holds (sent from any desk), or this item's reply still waiting in the outbox.
 */
async function emergencyReplySent(db: Kysely<DB>, local: Task, focusId: string | null): Promise<boolean> {
  const thread = local.focus?.reference?.startsWith('Communication/') === true ? focusId : null;
  if (thread !== null) {
    const sent = await db
      .selectFrom('message')
      .select('body')
      .where('thread_id', '=', thread)
      .where('sender_type', 'in', ['Practitioner', 'PractitionerRole'])
      .where((eb) => eb.or([eb('body', 'like', '%911%'), eb('body', 'like', '%988%')]))
      .execute();
    if (sent.some((m) => MENTIONS_911_OR_988.test(m.body ?? ''))) return true;
  }
  const queued = await db
    .selectFrom('outbox_action')
    .select('payload')
    .where('work_item_id', '=', local.id ?? '')
    .where('kind', '=', 'reply')
    .where('state', 'in', PENDING_STATES)
    .execute();
  return queued.some((r) => MENTIONS_911_OR_988.test(String((JSON.parse(r.payload) as { text?: unknown }).text)));
}

/** A person's name as the roster has it; the reference itself when the roster does not know them. */
async function personName(db: Kysely<DB>, reference: string): Promise<string> {
  const id = reference.startsWith('Practitioner/') ? reference.slice('Practitioner/'.length) : reference;
  const row = await db.selectFrom('practitioner').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name ?? reference;
}

/** The desk's local time: the nurse reads it against the clock on the wall. */
function when(at: string | number): string {
  return new Date(at).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
}
