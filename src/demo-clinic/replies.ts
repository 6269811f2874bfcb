import type { Composed, Links } from './compose';
import type { Random } from './random';
import { specialtyPlain } from './referrals';
import type { StaffMember } from './staff';
import { CONTRACTORS } from './staff';
import type { PatientModel } from './model';
import { fill, layer } from './text';
import type { Slots } from './text';
import type { RedFlag, WorkKind } from './work-kinds';

// What staff write back, what they ask while an item waits on the patient, and patients' follow-ups.
const CLINIC_PHONE = '(757) 555-0100';
const PHARMACY_PHONE = '(757) 555-0140';

/** For a clinical question whose topic brings no answers of its own: safe for any of them. */
const CLINICAL = [
  '[Thank you for your message.|Thanks for reaching out.|Good [morning|afternoon].] [I would like you to be seen: call {clinicPhone} when we open and ask for a same-day appointment.|This sounds like something we should look at in person. I booked you a nurse visit for tomorrow morning; check your appointments in the portal.|I passed this to {pcm}, who will reply within one business day.] [If you get worse, go to the nearest emergency room or call 911.|Call us if you are not improving.|]',
];

const EMERGENCY: Readonly<Record<RedFlag['topic'], string>> = {
  'chest-pain':
    'These symptoms need emergency care now. Please call 911 or go to the nearest emergency room; do not wait for an appointment or drive yourself. [We are also calling you at the number on file.|]',
  stroke:
    'These can be signs of a stroke or of bleeding in the brain. Call 911 right now; every minute matters. [We are also calling you at the number on file.|]',
  suicide:
    'Thank you for telling us. Please call 988 and press 1 for the Military Crisis Line, or call 911, or go to the nearest emergency room now. You do not have to go through this alone. [We are calling you now.|A nurse is calling you now.]',
  breathing:
    'Trouble breathing like this is an emergency. Call 911 or go to the nearest emergency room now. [We are also calling you at the number on file.|]',
  overdose:
    'Please call 911 now. If [the person|anyone] is breathing and awake you can also call Poison Control at 1-800-222-1222, but do not wait. [We are also calling you at the number on file.|]',
  anaphylaxis:
    'This sounds like a severe allergic reaction. Use an EpiPen if you have one and call 911 now, even if it starts to get better. [We are also calling you at the number on file.|]',
  'infant-fever':
    'A fever of 100.4 or higher in a baby under 3 months old needs to be seen in the emergency room now, day or night. Please go now; do not give Tylenol first. [We are also calling you at the number on file.|]',
  pregnancy:
    'Please go to Labor and Delivery or the nearest emergency room now, or call 911; do not wait for your OB appointment. [We are also calling you at the number on file.|]',
  'head-injury':
    'These signs after a head injury need the emergency room now. Please call 911 or go to the nearest emergency room; do not drive yourself. [We are also calling you at the number on file.|]',
  'blood-sugar':
    'A blood sugar this far out of range with these symptoms is an emergency. Call 911 or go to the nearest emergency room now. [We are also calling you at the number on file.|]',
  'blood-pressure':
    'A blood pressure over 180/120 with a headache, vision change, chest pain or numbness is an emergency. Call 911 now; do not take extra pills to bring it down. [We are also calling you at the number on file.|]',
  heat: 'This sounds like heat stroke. Call 911 now, and cool the body with water and ice while you wait. [We are also calling you at the number on file.|]',
  torsion:
    'Sudden severe pain like this can mean a twisted testicle or ovary, which needs surgery within hours. Please go to the nearest emergency room now. [We are also calling you at the number on file.|]',
  'self-harm':
    'Thank you for telling us. Please call 988 and press 1 for the Military Crisis Line, or call 911, or go to the nearest emergency room now. You do not have to go through this alone. [We are calling you now.|A nurse is calling you now.]',
  'harm-others':
    'Thank you for telling us. Please call 988 and press 1 for the Military Crisis Line now, or 911, and put distance between yourself and any weapons. [We are calling you now.|A nurse is calling you now.]',
  sepsis:
    'An infection with a high fever, confusion or a racing heart can be sepsis, which is an emergency. Please go to the nearest emergency room now or call 911. [We are also calling you at the number on file.|]',
  bleeding:
    'Bleeding like this needs emergency care now. Call 911 or go to the nearest emergency room; do not drive yourself. [We are also calling you at the number on file.|]',
};

const BY_KIND: Readonly<
  Record<Exclude<WorkKind, 'clinical-question' | 'renewal-request' | 'result-release'>, string[]>
> = {
  'result-question': ['{pcm} reviewed your result and will reply with any next steps within one business day.'],
  'refill-request': [],
  'referral-status': [
    'Your referral {refNo} to {specialty} was approved by {contractor}; the authorization letter is on {site}. The office should call you within 5 business days; if they do not, call them at the number on the letter.',
  ],
  'appointment-request': [],
  'records-request': [
    '[Your records request is in process.|We received your request.] [The immunization record is now in your portal under Documents.|You can pick up a copy at Records in 5 business days; bring your ID card.|We faxed the records today.]',
  ],
  'admin-question': [
    'Thanks for your message. [We looked into it and updated your record.|I passed this to the clinic manager, who will reply within two business days.]',
  ],
};

/** What staff ask while an item waits on the patient, each with the patient's answer. */
const HOLD_EXCHANGES: Readonly<Record<WorkKind, readonly (readonly [string, string])[]>> = {
  'clinical-question': [
    ['Can you tell me how long this has been going on?', 'It started about {days} days ago.'],
    [
      'Can you come in today? Please call {clinicPhone}.',
      '[I can come in this afternoon.|I called and got a 1400 slot.]',
    ],
    [
      'Can you upload a photo, or any readings you have taken at home?',
      '[I uploaded a photo.|I uploaded my readings.]',
    ],
    ['What have you tried for it so far?', 'I have tried {otc}, it helps a little.'],
  ],
  'result-question': [
    [
      '{pcm} would like to go over this by phone. What is a good number and time to reach you?',
      'Best number is {phone}, any time after 1500.',
    ],
  ],
  'renewal-request': [
    [
      '{pcm} needs a blood pressure check before renewing. Can you stop by the nurse station this week?',
      '[I can come by on {weekday}.|I will stop by the nurse station tomorrow.]',
    ],
  ],
  'refill-request': [
    [
      'Which pharmacy would you like this sent to, the clinic pharmacy or Express Scripts?',
      '[The clinic pharmacy please.|Express Scripts please.]',
    ],
  ],
  'result-release': [],
  'referral-status': [
    [
      'We are checking with {contractor}. Can you confirm your current address and phone number?',
      '[Yes, same address and phone.|Same address, new phone: {phone}.]',
    ],
  ],
  'appointment-request': [
    ['Which days and times work best for you?', '[Mornings work best.|Any afternoon after 1300.|{weekday} or Friday.]'],
  ],
  'records-request': [
    [
      'Please sign the release form (DD Form 2870) at the front desk or upload it here, so we can send the records.',
      '[I uploaded the form.|I signed it at the front desk this morning.]',
    ],
  ],
  'admin-question': [
    [
      'Can you send us your DoD ID number so we can look into this?',
      '[I will bring my ID card to the front desk.|I added it to my profile in the portal.]',
    ],
  ],
};

export const FOLLOW_UPS = {
  thanks: [
    '[Thank you!|Thanks so much.|Got it, thank you.|Thanks, that helps.|Appreciate the quick answer.|Thank you, I will do that.]',
  ],
  moreInfo: [
    '[Also forgot to mention, I have been taking {otc} for it.|Update: [still the same|a little better today|worse this morning].|I can come in any time this week.|This has happened before, about a year ago.]',
  ],
  contact: [
    '[Also, the best number to reach me is {phone}.|I am available after 1500 if you need to call.|Please call rather than message if that is easier: {phone}.]',
  ],
  nudge: [
    '[Any update on this?|Just checking on this, I have not heard back.|Following up on my message from {weekday}.|Hello? Still waiting on this.]',
  ],
  withdraw: [
    '[Never mind, I went to urgent care over the weekend.|Please disregard, I got it sorted out.|I called the clinic instead, you can close this.|Please disregard, this was sent twice.]',
  ],
} as const;

const slotValue = (slots: Slots, name: string): string =>
  (typeof slots === 'function' ? slots(name) : slots[name]) ?? '';

/** Slots a reply may use on top of the message's own. */
export function replySlots(base: Slots, links: Links, patient: PatientModel, staff: StaffMember): Slots {
  const contractor = CONTRACTORS[patient.region];
  const med = links.med;
  const report = links.report;
  const referral = links.referral;
  return layer(
    {
      staffName: staff.display,
      clinicPhone: CLINIC_PHONE,
      pharmacyPhone: PHARMACY_PHONE,
      contractor: contractor.name,
      site: contractor.site,
      ...(med === undefined
        ? {}
        : {
            med: med.template.short,
            medFull: med.template.name,
            refills: `${med.refillsLeft} refill${med.refillsLeft === 1 ? '' : 's'}`,
          }),
      ...(report === undefined
        ? {}
        : {
            panelName: report.name,
            analyte: report.flagged?.analyte ?? report.name,
            value: report.flagged?.value ?? '',
            direction: report.flagged === null ? 'normal' : report.flagged.flag.startsWith('H') ? 'high' : 'low',
          }),
      ...(referral === undefined ? {} : { refNo: referral.number, specialty: specialtyPlain(referral.specialty) }),
    },
    base,
  );
}

export function staffReply(
  rnd: Random,
  message: Pick<Composed, 'kind' | 'redFlag' | 'replies'>,
  slots: Slots,
  links: Links,
  booked: string | null,
): string {
  const { kind, redFlag } = message;
  let text: string;
  if (redFlag?.mention === 'current') text = fill(EMERGENCY[redFlag.topic], slots, rnd);
  else if (message.replies !== null && message.replies.length > 0) text = fill(rnd.pick(message.replies), slots, rnd);
  else if (kind === 'clinical-question' || kind === 'renewal-request' || kind === 'result-release')
    text = fill(rnd.pick(CLINICAL), slots, rnd);
  else if (kind === 'result-question' && links.report === undefined) {
    text = fill(
      '[Your results are back and {pcm} is reviewing them; they will be released to your portal within 3 business days.|The lab is still processing that test; results usually take 5 to 7 days.]',
      slots,
      rnd,
    );
  } else if (kind === 'refill-request') {
    text = fill(
      links.med?.viaMailOrder === true
        ? 'Your {med} has {refills} left at Express Scripts, so no new prescription is needed. Please request the refill at express-scripts.com/TRICARE or in the Express Scripts app; it ships within a few days.'
        : 'Your {med} has {refills} left. [We sent the refill to the clinic pharmacy; it will be ready for pickup in 2 business days.|Please use the pharmacy refill line at {pharmacyPhone}; it will be ready in 2 business days.]',
      slots,
      rnd,
    );
  } else if (kind === 'appointment-request') {
    const action = links.appointmentAction ?? 'schedule';
    text =
      action === 'cancel'
        ? fill('Your appointment on {appt} is cancelled. [Let us know when you would like to rebook.|]', slots, rnd)
        : action === 'reschedule'
          ? `${fill('Your appointment on {appt} is cancelled', slots, rnd)} and you are rebooked for ${booked ?? 'next week'}.`
          : `You are booked with ${slotValue(slots, 'pcm')} on ${booked ?? 'the next available day'}. Please arrive 15 minutes early.`;
  } else text = fill(rnd.pick(BY_KIND[kind]), slots, rnd);
  return rnd.chance(0.5) ? `${text}\n\n${slotValue(slots, 'staffName')}`.trim() : text;
}

/** A staff question for an item on hold and the patient's answer to it, or null for work without a thread. */
export function holdExchange(rnd: Random, kind: WorkKind, slots: Slots): { question: string; answer: string } | null {
  const options = HOLD_EXCHANGES[kind];
  if (options.length === 0) return null;
  const [question, answer] = rnd.pick(options);
  return { question: fill(question, slots, rnd), answer: fill(answer, slots, rnd) };
}

export function followUp(rnd: Random, which: keyof typeof FOLLOW_UPS, slots: Slots): string {
  return fill(rnd.pick(FOLLOW_UPS[which]), slots, rnd);
}

export function renewalDenial(rnd: Random, slots: Slots): string {
  return fill(
    'Your renewal request for {medFull} [needs an appointment first: it is time for your yearly check and labs. Please call {clinicPhone} to schedule.|was reviewed by {pcm}, who would like to see you before continuing it. Please call {clinicPhone} to schedule.|cannot be renewed here: it was started by an outside specialist, please contact their office.]',
    slots,
    rnd,
  );
}

export const resultNotice = (name: string): string =>
  `A new result is available in your patient portal: ${name}. Your care team will contact you if anything needs follow-up.`;
