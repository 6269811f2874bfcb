import { DAY } from './clinic-clock';
import { hasCondition } from './compose';
import type { TopicContext } from './compose';
import { ageAt } from './model';
import type { MedModel } from './model';

/** Who writes a red-flag message, and what on the chart it may name. Shared by the topics-red-flags files. */

/** The patient writes about themself; a parent writes for a child through proxy access. */
export const self = (c: TopicContext): boolean => c.sender === c.patient;
export const proxy = (c: TopicContext): boolean => c.sender !== c.patient;
export const adult = (c: TopicContext): boolean => self(c) && c.age >= 18;
export const woman = (c: TopicContext, min: number, max: number): boolean =>
  adult(c) && c.patient.gender === 'female' && c.age >= min && c.age <= max;
export const man = (c: TopicContext, min: number, max: number): boolean =>
  adult(c) && c.patient.gender === 'male' && c.age >= min && c.age <= max;
/** A child of these ages, written about by a parent. */
export const child = (c: TopicContext, min: number, max: number): boolean => proxy(c) && c.age >= min && c.age <= max;
/** Two to 12 weeks old when the parent writes: "fever under 3 months" (and "my 5 week old"). */
export const youngInfant = (c: TopicContext): boolean => {
  const days = (c.at - c.patient.birthMs) / DAY;
  return proxy(c) && days >= 14 && days < 84;
};
/** Older than the fever-under-3-months rule, but a parent still remembers it. */
export const pastInfancy = (c: TopicContext): boolean => proxy(c) && c.age >= 1 && c.age <= 12;

export const diabetic = (c: TopicContext): boolean => adult(c) && hasCondition(c, 'type-2-diabetes');

/** Booked once the front desk works it. */
export const schedule = (c: TopicContext): Record<string, string> => {
  c.links.appointmentAction = 'schedule';
  return {};
};

export const takes = (c: TopicContext, ...keys: string[]): boolean =>
  c.patient.meds.some((m) => keys.includes(m.template.key) && m.writtenAt < c.at - DAY);

export const ANTICOAGULANTS = ['apixaban-5', 'warfarin-5'] as const;

/** A prescription the patient may refill (and the message is about), or null when there is none. */
export function refillableSlots(
  c: TopicContext,
  which: (m: MedModel) => boolean = () => true,
): Record<string, string> | null {
  const med = c.world.refillableMed(c.rnd, c.patient, c.at, which);
  if (med === null) return null;
  c.links.med = med;
  return { med: med.template.short, rxNumber: med.rxNumber };
}

/** One of the patient's current prescriptions by key, named in the message; null when they take none of them. */
export function takenSlots(c: TopicContext, keys: readonly string[]): Record<string, string> | null {
  const meds = c.patient.meds.filter((m) => keys.includes(m.template.key) && m.writtenAt < c.at - DAY);
  if (meds.length === 0) return null;
  const med = c.rnd.pick(meds);
  c.links.med = med;
  return { med: med.template.short };
}

/**
 * The other adult of the household, for a message a spouse types on the patient's own account
 * ("This is Maria, his wife"); null when the patient lives alone.
 */
export function partnerSlots(c: TopicContext): Record<string, string> | null {
  const partner = c.patient.household.members.find(
    (m) => m !== c.patient && m.relation !== 'child' && ageAt(m, c.at) >= 18,
  );
  if (partner === undefined) return null;
  return {
    partnerGiven: partner.given,
    partnerRole: partner.gender === 'male' ? 'husband' : 'wife',
    given: c.patient.given,
  };
}

/** A child's parent: "My son Liam" / "my daughter's". */
export function kidSlots(c: TopicContext): Record<string, string> {
  const kid = c.patient.gender === 'male' ? 'son' : 'daughter';
  return { kid, myKid: `my ${kid} ${c.patient.given}`, MyKid: `My ${kid} ${c.patient.given}` };
}

/** What Records answers to a request for old records, rather than the kind's usual shot-record answers. */
export const RECORDS_REPLIES: readonly string[] = [
  '[We received your request.|Your records request is in process.] [We faxed the records today.|You can pick up a copy at Records in 5 business days; bring your ID card.|The records are in your portal under Documents.]',
];
