import type { CodeableConcept, Communication } from '@medplum/fhirtypes';
import { DAY, HOUR, MINUTE, iso } from './clinic-clock';
import type { Composed, Links } from './compose';
import type { Plan } from './lifecycle';
import type { PatientModel } from './model';
import type { Random } from './random';
import { followUp, holdExchange, replySlots, staffReply } from './replies';
import { ref, sharedBy } from './sink';
import type { Sink } from './sink';
import { poolRef } from './staff';
import type { PoolKey } from './staff';
import type { WorkKind } from './work-kinds';

/** The portal's category picker, as the patient chose it. */
const CATEGORY: Record<WorkKind, string> = {
  'clinical-question': 'Medical question',
  'result-question': 'Test results',
  'renewal-request': 'Prescription renewal',
  'refill-request': 'Prescription refill',
  'result-release': 'Test results',
  'referral-status': 'Referral',
  'appointment-request': 'Appointment',
  'records-request': 'Medical records',
  'admin-question': 'Administrative',
};

const CATEGORY_CONCEPT = sharedBy<WorkKind, CodeableConcept[]>((kind) => [{ text: CATEGORY[kind] }]);

export interface ThreadSpec {
  /** The Task id the thread's ids derive from. */
  key: string;
  patient: PatientModel;
  sender: PatientModel;
  pool: PoolKey;
  message: Composed;
  links: Links;
  plan: Plan;
  /** The new appointment a scheduling request produced, as the reply names it. */
  booked: string | null;
}

export interface Thread {
  header: Communication;
  /** The staff message that closed the item, for Task.output. */
  finalReply: Communication | null;
}

/**
 * A header Communication (no payload) and the messages in it, each `partOf` the header: the
 * patient's message, maybe more from them before anyone answers, a staff question while the item
 * is on hold and the patient's answer, the reply that closes it, sometimes a thank-you. Only what
 * has happened by `now` is written.
 */
export function addThread(rnd: Random, sink: Sink, spec: ThreadSpec, now: number): Thread {
  const { patient, sender, plan, message } = spec;
  const pool = poolRef(spec.pool);
  const subject = patient.ref;
  const from = sender.ref;
  const topic = { text: message.subject };
  const category = CATEGORY_CONCEPT(message.kind);
  const header = sink.add<Communication>(
    {
      resourceType: 'Communication',
      id: `thread-${spec.key}`,
      status: 'in-progress',
      category,
      subject,
      topic,
      sender: from,
      recipient: [pool],
    },
    plan.received,
  );
  const partOf = [ref('Communication', header.id ?? '')];
  // Shared by the thread's messages: one array each way instead of one per message.
  const toPool = [pool];
  const toPatient = [from];
  let count = 0;
  let lastFromPatient: Communication | null = null;
  let last = plan.received;
  const post = (at: number, fromPatient: boolean, text: string, inResponseTo: Communication | null) => {
    const message: Communication = {
      resourceType: 'Communication',
      id: `msg-${spec.key}-${++count}`,
      status: 'completed',
    };
    message.category = category;
    message.partOf = partOf;
    if (inResponseTo !== null) message.inResponseTo = [ref('Communication', inResponseTo.id ?? '')];
    message.subject = subject;
    message.topic = topic;
    message.sender = fromPatient ? from : plan.owner.ref;
    message.recipient = fromPatient ? toPool : toPatient;
    message.sent = iso(fromPatient ? at - rnd.int(5, 90) * 1000 : at);
    if (fromPatient) message.received = iso(at);
    message.payload = [{ contentString: text }];
    sink.add(message, at);
    last = at;
    if (fromPatient) lastFromPatient = message;
    return message;
  };
  const staffSlots = replySlots(message.slots, spec.links, patient, plan.owner);
  const first = post(plan.received, true, message.body, null);
  const firstTouch = plan.cancel?.at ?? plan.claimAt;

  // Before anyone picks it up the patient may add something, or ask again after two days of silence.
  if (rnd.chance(0.12)) {
    const at = plan.received + rnd.int(10, 12 * 60) * MINUTE;
    const more = message.kind === 'clinical-question' && message.redFlag === null ? 'moreInfo' : 'contact';
    if (at < firstTouch && at <= now) post(at, true, followUp(rnd, more, staffSlots), null);
  }
  if (firstTouch - plan.received > 2 * DAY && rnd.chance(0.3)) {
    const at = plan.received + (48 + rnd.int(0, 48)) * HOUR;
    if (at < firstTouch && at > last && at <= now) post(at, true, followUp(rnd, 'nudge', staffSlots), null);
  }
  if (plan.cancel !== null) {
    if (plan.cancel.at <= now) {
      if (plan.cancel.reason !== 'Duplicate request')
        post(plan.cancel.at, true, followUp(rnd, 'withdraw', staffSlots), null);
      header.status = 'stopped';
      sink.touch(header, plan.cancel.at);
    }
    return { header, finalReply: null };
  }
  if (plan.hold !== null && plan.hold.at <= now) {
    const exchange = holdExchange(rnd, message.kind, staffSlots);
    if (exchange !== null) {
      const asked = post(plan.hold.at, false, exchange.question, lastFromPatient ?? first);
      const answeredAt = Math.max(plan.hold.at + 5 * MINUTE, plan.hold.until - rnd.int(5, 60) * MINUTE);
      if (answeredAt <= now) post(answeredAt, true, exchange.answer, asked);
    }
  }
  if (plan.closeAt > now) return { header, finalReply: null };
  const reply = post(
    Math.min(now, Math.max(plan.closeAt, last + MINUTE)),
    false,
    staffReply(rnd, message, staffSlots, spec.links, spec.booked),
    lastFromPatient ?? first,
  );
  header.status = 'completed';
  sink.touch(header, last);
  if (rnd.chance(0.3)) {
    const at = last + rnd.int(10, 30 * 60) * MINUTE;
    if (at <= now) post(at, true, followUp(rnd, 'thanks', staffSlots), reply);
  }
  return { header, finalReply: reply };
}
