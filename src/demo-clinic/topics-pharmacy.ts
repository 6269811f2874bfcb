import type { Topic, TopicContext } from './compose';

/**
 * Refill requests: the prescription still has refills, so the mail-order pharmacy (Express
 * Scripts) or the clinic pharmacy can fill it without the PCM. Patients send them anyway.
 */
function refillSlots(c: TopicContext): Record<string, string> | null {
  const med = c.world.refillableMed(c.rnd, c.patient, c.at);
  if (med === null) return null;
  c.links.med = med;
  const self = c.sender === c.patient;
  return {
    med: med.template.short,
    medFull: med.template.name,
    rxNumber: med.rxNumber,
    my: self ? 'my' : `${c.patient.given}'s`,
    My: self ? 'My' : `${c.patient.given}'s`,
    left: String(c.rnd.int(2, 10)),
    where: med.viaMailOrder ? 'Express Scripts' : 'the pharmacy',
  };
}

export const REFILL_TOPICS: readonly Topic[] = [
  {
    kind: 'refill-request',
    weight: 3,
    fits: () => true,
    slots: refillSlots,
    subjects: ['[Refill request|{med} refill|Refill: {med}|Need a refill of {med}|Rx refill]'],
    bodies: [
      '[Can you|Could you please|Please] refill {my} {med}? [I have about {left} [pills|days] left.|I am down to my last {left}.|I leave for TDY on {futureDate}.]',
      'Rx #{rxNumber}: please refill {my} {medFull}. [Thank you.|]',
      'I need a refill on {my} {med} [before the weekend|this week|as soon as possible]. [Same dose as before.|Please send it to the main pharmacy for pickup.|]',
    ],
  },
  {
    kind: 'refill-request',
    weight: 2,
    fits: () => true,
    slots: (c) => {
      const s = refillSlots(c);
      return s === null || c.links.med?.viaMailOrder !== true ? null : s;
    },
    subjects: ['[Express Scripts|Home delivery refill|Mail order {med}|{med} has not arrived]'],
    bodies: [
      '{My} {med} from Express Scripts [has not arrived|still has not shipped] [and I am almost out|yet]. [It has been {weeks} weeks.|The tracking has not updated since {weekday}.] Can you help?',
      'Express Scripts says they are waiting on the doctor to approve {my} {med}. Can you send it over?',
      'I tried to order {my} {med} on the Express Scripts app and it says to contact my prescriber. What do I need to do?',
    ],
  },
  {
    kind: 'refill-request',
    fits: (c) => c.sender === c.patient && c.sender.category === 'ADSM',
    slots: refillSlots,
    subjects: ['[Early refill before PCS|Early refill|Deployment supply of {med}]'],
    bodies: [
      'I am [PCSing to {station}|deploying|going to the field] [next month|on {futureDate}]. Can I get an early refill of {my} {med} so I do not run out?',
    ],
  },
];

/** What patients write in the comment box of the portal's renewal form; often nothing. */
export const RENEWAL_NOTES: readonly string[] = [
  'I have [about |]{left} days of medication left.',
  'Pharmacy says there are no refills left.',
  'My prescription expired. I still take it every day.',
  'Leaving for [TDY|the field|leave] on {futureDate}, please send a 90-day supply.',
  'Please send to Express Scripts.',
  'Please send to the clinic pharmacy for pickup.',
  'Same dose as before please.',
  'Not sure if I have refills left, renewing just in case.',
  '[Thank you!|Thanks.]',
];
