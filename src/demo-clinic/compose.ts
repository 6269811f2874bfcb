import type { Priority } from '../shared/work-item';
import type { ClinicClock } from './clinic-clock';
import { DAY } from './clinic-clock';
import type { AppointmentModel, MedModel, PatientModel, ReferralModel, ReportModel } from './model';
import { OTC_PRODUCTS } from './formulary';
import { DUTY_STATIONS, SCHOOLS } from './names';
import type { Random } from './random';
import { capitalise, fill, layer } from './text';
import type { Slots } from './text';
import type { RedFlag, WorkKind } from './work-kinds';
import type { World } from './world';

/** What a message is about on the chart; the staff reply and the Task point at the same things. */
export interface Links {
  med?: MedModel;
  report?: ReportModel;
  referral?: ReferralModel;
  appointment?: AppointmentModel;
  appointmentAction?: 'schedule' | 'cancel' | 'reschedule';
}

export interface TopicContext {
  rnd: Random;
  clock: ClinicClock;
  world: World;
  /** When the message arrives. */
  at: number;
  /** Whom it is about: a child's messages are on the child's chart. */
  patient: PatientModel;
  /** Who writes it: the patient, or a parent through proxy access. */
  sender: PatientModel;
  /** The subject's age when writing. */
  age: number;
  links: Links;
}

/**
 * One kind of message patients send, as templates (see text.ts) plus what it needs from the chart.
 * `fits` is cheap and random-free; `slots` may find or make what the message refers to and
 * answers null when this patient has nothing it could be about.
 */
export interface Topic {
  kind: WorkKind;
  fits(c: TopicContext): boolean;
  slots?(c: TopicContext): Record<string, string> | null;
  subjects: readonly string[];
  bodies: readonly string[];
  /** Share the portal marks more urgent than routine. */
  urgent?: number;
  redFlag?: RedFlag;
  /** Drawn this much more often than a weight-1 topic of its kind. */
  weight?: number;
  /** What staff answer to this topic; without them the kind's usual answers apply (replies.ts). */
  replies?: readonly string[];
}

export interface Composed {
  kind: WorkKind;
  subject: string;
  body: string;
  priority: Priority;
  redFlag: RedFlag | null;
  slots: Slots;
  replies: readonly string[] | null;
}

/** How often the portal's "urgent" box is ticked, by kind of message, where a topic does not say. */
const URGENT_SHARE: Readonly<Record<WorkKind, number>> = {
  'clinical-question': 0.08,
  'result-question': 0.05,
  'renewal-request': 0.12,
  'refill-request': 0.04,
  'result-release': 0,
  'referral-status': 0.03,
  'appointment-request': 0.02,
  'records-request': 0.01,
  'admin-question': 0.01,
};

const OPENERS = ['Hi,', 'Hello,', 'Good morning,', 'Good afternoon,', 'To whom it may concern,'] as const;
/** Clinical messages are often addressed to the PCM or the team by name. */
const CLINICAL_OPENERS = [...OPENERS, 'Hi {pcm},', 'Hello {pcm},', 'Hi {team} team,', 'Hi nurse,'] as const;

const CLOSERS = [
  'Thank you,\n{senderGiven}',
  'Thanks!',
  'Thanks,\n{senderGiven} {senderFamily}',
  'Thank you for your help.',
  'Respectfully,\n{senderGiven}',
  'Thanks in advance,\n{senderGiven}',
] as const;

type Maker = (c: TopicContext) => string;
const pcmName = (c: TopicContext) =>
  c.patient.pcm.display.startsWith('Dr.')
    ? `Dr. ${c.patient.pcm.family}`
    : `${c.patient.pcm.given} ${c.patient.pcm.family}`;
const male = (c: TopicContext) => c.patient.gender === 'male';

/** Values any template may use. Each is drawn only when a template asks for it. */
const COMMON: Readonly<Record<string, Maker>> = {
  he: (c) => (male(c) ? 'he' : 'she'),
  He: (c) => (male(c) ? 'He' : 'She'),
  him: (c) => (male(c) ? 'him' : 'her'),
  his: (c) => (male(c) ? 'his' : 'her'),
  His: (c) => (male(c) ? 'His' : 'Her'),
  sonDaughter: (c) => (male(c) ? 'son' : 'daughter'),
  childName: (c) => c.patient.given,
  childAge: (c) => (c.age < 2 ? `${Math.floor((c.at - c.patient.birthMs) / (30.44 * DAY))} months` : `${c.age}`),
  senderGiven: (c) => c.sender.given,
  senderFamily: (c) => c.sender.family,
  pcm: pcmName,
  team: (c) => (c.patient.team === 'pcm-blue' ? 'Blue' : 'Gold'),
  weekday: (c) => c.clock.weekdayName(c.at - c.rnd.int(1, 5) * DAY),
  days: (c) => String(c.rnd.int(2, 6)),
  weeks: (c) => String(c.rnd.int(2, 5)),
  n: (c) => String(c.rnd.int(2, 9)),
  temp: (c) => (100.4 + c.rnd.int(0, 28) / 10).toFixed(1),
  bp: (c) => `${c.rnd.int(142, 168)}/${c.rnd.int(88, 102)}`,
  glucose: (c) => String(c.rnd.int(160, 265)),
  // Readings for the red-flag messages, on the right side of the protocols' thresholds.
  /** Whole weeks since birth: "my 5 week old". */
  weeksOld: (c) => String(Math.max(1, Math.floor((c.at - c.patient.birthMs) / (7 * DAY)))),
  bornYear: (c) => String(c.clock.local(c.patient.birthMs).year),
  /** A fever in an infant under 3 months: 100.4 °F or more (AAP). */
  infantTemp: (c) => (100.4 + c.rnd.int(0, 16) / 10).toFixed(1),
  normalTemp: (c) => (98.2 + c.rnd.int(0, 10) / 10).toFixed(1),
  highFever: (c) => (102.6 + c.rnd.int(0, 14) / 10).toFixed(1),
  /** Heat stroke: a core temperature of 104 °F or more. */
  heatTemp: (c) => (104 + c.rnd.int(0, 18) / 10).toFixed(1),
  lowSugar: (c) => String(c.rnd.int(34, 52)),
  recheckSugar: (c) => String(c.rnd.int(38, 56)),
  mildLowSugar: (c) => String(c.rnd.int(58, 68)),
  highSugar: (c) => String(c.rnd.int(486, 590)),
  /** A hypertensive crisis (AHA): over 180 and/or over 120; these are over both, and over 200. */
  crisisBp: (c) => `${c.rnd.int(204, 228)}/${c.rnd.int(122, 136)}`,
  /** Severe-range blood pressure in pregnancy (ACOG): 160 or more over 110 or more. */
  pregBp: (c) => `${c.rnd.int(160, 176)}/${c.rnd.int(110, 118)}`,
  pregWeeks: (c) => String(c.rnd.int(24, 38)),
  lateWeeks: (c) => String(c.rnd.int(30, 39)),
  pretermWeeks: (c) => String(c.rnd.int(28, 35)),
  earlyWeeks: (c) => String(c.rnd.int(6, 12)),
  pastDate: (c) => c.clock.shortDate(c.at - c.rnd.int(7, 45) * DAY),
  futureDate: (c) => c.clock.longDate(c.at + c.rnd.int(6, 40) * DAY),
  nextMonth: (c) => c.clock.monthName(c.at + 31 * DAY),
  station: (c) => c.rnd.pick(DUTY_STATIONS),
  school: (c) => c.rnd.pick(SCHOOLS),
  year: (c) => String(c.clock.local(c.at).year - c.rnd.int(2, 12)),
  hour: (c) => c.clock.militaryTime(c.at - c.rnd.int(1, 6) * 3_600_000),
  otc: (c) => c.rnd.pick(OTC_PRODUCTS).name,
  phone: (c) => `(757) 555-01${String(c.rnd.int(0, 99)).padStart(2, '0')}`,
};

export const COMMON_SLOT_NAMES: readonly string[] = Object.keys(COMMON);

/** The shared values for one message: drawn on first use, then the same wherever they recur. */
export function commonSlots(c: TopicContext): (name: string) => string | undefined {
  const drawn = new Map<string, string>();
  return (name) => {
    const known = drawn.get(name);
    if (known !== undefined) return known;
    const make = COMMON[name];
    if (make === undefined) return undefined;
    const value = make(c);
    drawn.set(name, value);
    return value;
  };
}

export function compose(c: TopicContext, topic: Topic): Composed | null {
  const own = topic.slots === undefined ? {} : topic.slots(c);
  if (own === null) return null;
  const { rnd } = c;
  const slots = layer(own, commonSlots(c));
  const subject = capitalise(fill(rnd.pick(topic.subjects), slots, rnd));
  let core = fill(rnd.pick(topic.bodies), slots, rnd);
  // Some people type in all lower case and without full stops; a triage rule must cope.
  if (rnd.chance(0.06)) core = core.toLowerCase().replace(/\.(\s|$)/g, '$1');
  const clinical = topic.kind === 'clinical-question' || topic.kind === 'result-question';
  const opener = rnd.chance(0.45) ? `${fill(rnd.pick(clinical ? CLINICAL_OPENERS : OPENERS), slots, rnd)}\n\n` : '';
  const rank = c.sender.rank;
  const closer = rnd.chance(0.55)
    ? `\n\n${
        rank !== null && rnd.chance(0.5)
          ? `${rnd.pick(['V/r', 'Very respectfully', 'R/'])},\n${rank} ${c.sender.family}`
          : fill(rnd.pick(CLOSERS), slots, rnd)
      }`
    : '';
  const redFlag = topic.redFlag ?? null;
  const priority: Priority =
    redFlag?.mention === 'current'
      ? 'stat'
      : rnd.chance(topic.urgent ?? URGENT_SHARE[topic.kind])
        ? 'urgent'
        : 'routine';
  return {
    kind: topic.kind,
    subject,
    body: `${opener}${core}${closer}`,
    priority,
    redFlag,
    slots,
    replies: topic.replies ?? null,
  };
}

/** Prescriptions the patient was on when writing. */
export const medsAt = (c: TopicContext): MedModel[] =>
  c.patient.meds.filter((m) => m.writtenAt < c.at - DAY && m.template.acute !== true);

export const hasCondition = (c: TopicContext, ...keys: string[]): boolean =>
  c.patient.conditions.some((x) => keys.includes(x.template.key));

/** Slots naming one of the patient's prescriptions, optionally of a kind; null when there is none. */
export function medSlots(c: TopicContext, which: (m: MedModel) => boolean = () => true): Record<string, string> | null {
  const meds = medsAt(c).filter(which);
  if (meds.length === 0) return null;
  const med = c.rnd.pick(meds);
  c.links.med = med;
  return {
    med: med.template.short,
    medFull: med.template.name,
    sideEffect: c.rnd.pick(med.template.sideEffects),
    rxNumber: med.rxNumber,
  };
}
