import type { Topic, TopicContext } from './compose';
import { specialtyPlain } from './referrals';
import { CONTRACTORS, STAFF } from './staff';

/** Referral status, appointments, records and admin questions: the clerks' pools. */
const self = (c: TopicContext) => c.sender === c.patient;
const proxy = (c: TopicContext) => c.sender !== c.patient;

function referralSlots(c: TopicContext): Record<string, string> {
  const referral = c.world.referralFor(c.rnd, c.patient, c.at);
  c.links.referral = referral;
  const contractor = CONTRACTORS[c.patient.region];
  return {
    specialty: specialtyPlain(referral.specialty),
    referred: c.clock.shortDate(referral.authoredAt),
    refNo: referral.number,
    contractor:
      contractor.name === 'TriWest Healthcare Alliance' ? c.rnd.pick(['TriWest', contractor.name]) : contractor.name,
    site: contractor.site,
    my: self(c) ? 'my' : `${c.patient.given}'s`,
    My: self(c) ? 'My' : `${c.patient.given}'s`,
    whoWas: self(c) ? 'I was' : `${c.patient.given} was`,
  };
}

export const REFERRAL_TOPICS: readonly Topic[] = [
  {
    kind: 'referral-status',
    weight: 3,
    fits: () => true,
    slots: referralSlots,
    subjects: ['[Referral status|Status of {my} {specialty} referral|{specialty} referral|Referral question]'],
    replies: [
      'Your referral {refNo} to {specialty} was approved by {contractor}; the authorization letter is on {site}. The office should call you within 5 business days; if they do not, call them at the number on the letter.',
      '{contractor} is still reviewing referral {refNo}; that usually takes 5 to 7 business days. You will get a letter, and it will show on {site}.',
    ],
    bodies: [
      '{whoWas} referred to {specialty} on {referred} and [I have not heard anything|nobody has called] from {contractor}. [My referral number is {refNo}.|The referral number is {refNo}.|] [Can you tell me where it stands?|Who do I call?|Is there anything I need to do?]',
      'Did {my} {specialty} referral get approved? I checked {site} and do not see it. [Referral #{refNo}.|]',
    ],
  },
  {
    kind: 'referral-status',
    weight: 2,
    fits: () => true,
    slots: referralSlots,
    subjects: ['[Change referral provider|Problem with {my} referral|{specialty} office]'],
    replies: [
      'We asked {contractor} to [list a different provider|extend the authorization] for referral {refNo}. You will get a new letter from {contractor} within a week.',
      'We resent referral {refNo} to the {specialty} office today and confirmed they received it.',
    ],
    bodies: [
      '{contractor} sent a letter approving {my} {specialty} referral ({refNo}), but the office they listed [is not taking new patients|cannot see us for three months|is over an hour away]. Can it be changed to a different office?',
      'The {specialty} office says they never received {my} referral. Can you resend it? Referral #{refNo}.',
      '{My} {specialty} referral ({refNo}) runs out on {futureDate} and [I|we] still have [two|three|a few] visits left. Can it be extended?',
    ],
  },
];

const APPOINTMENT_REASONS = [
  'a follow-up on my {plain}',
  'my annual physical',
  'a medication check',
  'a knee that has been bothering me',
  'a mole I want looked at',
] as const;

export const APPOINTMENT_TOPICS: readonly Topic[] = [
  {
    kind: 'appointment-request',
    weight: 3,
    fits: self,
    slots: (c) => {
      c.links.appointmentAction = 'schedule';
      const condition = c.patient.conditions[0]?.template.plain ?? 'blood pressure';
      const reasons =
        c.patient.gender === 'female' ? [...APPOINTMENT_REASONS, 'a well-woman exam'] : APPOINTMENT_REASONS;
      return { reason: c.rnd.pick(reasons).replace('{plain}', condition) };
    },
    subjects: ['[Appointment request|Need an appointment|Scheduling|Appointment for {reason}]'],
    bodies: [
      'I need an appointment for {reason} [next week|as soon as possible|on {weekday} if possible|sometime this month]. [Mornings work best.|I am free after 1300.|Any time works.|]',
      'Can I get on {pcm}\u2019s schedule for {reason}? [The online booking shows nothing open.|The appointment line had a long wait.]',
    ],
  },
  {
    kind: 'appointment-request',
    weight: 2,
    fits: (c) => proxy(c) && c.age >= 3,
    slots: (c) => {
      c.links.appointmentAction = 'schedule';
      return {
        visit: c.rnd.pick(['school sports physical', 'well-child check', 'camp physical', 'kindergarten physical']),
      };
    },
    subjects: ['[Appointment for {childName}|{visit}|Physical for {childName}]'],
    bodies: [
      '{childName} needs a {visit} before {futureDate}. What is the earliest available appointment? [{He} is {childAge}.|The form is from {school}.|]',
    ],
  },
  {
    kind: 'appointment-request',
    fits: (c) => self(c) && c.patient.category === 'ADSM',
    slots: () => ({}),
    subjects: ['[PHA appointment|Need my PHA|Periodic Health Assessment]'],
    bodies: [
      'I am due for my PHA[ and my unit needs it done before {futureDate}|]. Can I get on the schedule? [I am in the field {weekday} through Friday.|]',
    ],
  },
  {
    kind: 'appointment-request',
    weight: 3,
    fits: () => true,
    slots: (c) => {
      const appointment = c.world.appointmentFor(c.rnd, c.patient, c.at);
      c.links.appointment = appointment;
      c.links.appointmentAction = 'cancel';
      return {
        appt: `${c.clock.weekdayName(appointment.start)} ${c.clock.shortDate(appointment.start)} at ${c.clock.militaryTime(appointment.start)}`,
        my: self(c) ? 'my' : `${c.patient.given}'s`,
      };
    },
    subjects: ['[Cancel appointment|Cancel {my} appointment|Appointment cancellation]'],
    bodies: [
      'I need to cancel {my} appointment on {appt}[ because I have field duty that week| because I will be TDY| because of a work conflict| since we will be out of town|]. [Thank you.|Sorry for the short notice.|]',
    ],
  },
  {
    kind: 'appointment-request',
    weight: 2,
    fits: () => true,
    slots: (c) => {
      const appointment = c.world.appointmentFor(c.rnd, c.patient, c.at);
      c.links.appointment = appointment;
      c.links.appointmentAction = 'reschedule';
      return {
        appt: `${c.clock.shortDate(appointment.start)} at ${c.clock.militaryTime(appointment.start)}`,
        my: self(c) ? 'my' : `${c.patient.given}'s`,
      };
    },
    subjects: ['[Reschedule appointment|Move {my} appointment|Reschedule request]'],
    bodies: [
      'Can I move {my} appointment on {appt} to [later that week|the following week|any afternoon|a {weekday}]? [I have duty that day.|Work conflict.|My spouse has the car that day.]',
    ],
  },
];

export const RECORDS_TOPICS: readonly Topic[] = [
  {
    kind: 'records-request',
    weight: 3,
    fits: () => true,
    slots: (c) => ({ my: self(c) ? 'my' : `${c.patient.given}'s` }),
    subjects: ['[Immunization record|Shot record|Copy of {my} immunizations]'],
    bodies: [
      'I need a copy of {my} immunization record for [a PCS move to {station}|school registration at {school}|a new job|college|daycare]. [Can you upload it to the portal?|Can I pick it up?|Please email it if you can.]',
    ],
  },
  {
    kind: 'records-request',
    weight: 2,
    fits: (c) => self(c) && c.age >= 18,
    subjects: ['[Medical records request|Copy of my records|Records for the VA]'],
    bodies: [
      'Please send my records to the VA for my [separation|disability claim]. I separate on {futureDate}.',
      'How do I get a complete copy of my medical record before I PCS to {station}?',
      'Can you fax my records from my last visit to [my civilian specialist|the orthopedic office downtown|my new PCM at {station}]? I signed the release form at the front desk.',
    ],
  },
];

export const ADMIN_TOPICS: readonly Topic[] = [
  {
    kind: 'admin-question',
    weight: 2,
    fits: self,
    slots: (c) => {
      const others = STAFF.filter((s) => s.role === 'pcm' && s.id !== c.patient.pcm.id);
      const other = c.rnd.pick(others);
      return { otherPcm: other.display.startsWith('Dr.') ? `Dr. ${other.family}` : `${other.given} ${other.family}` };
    },
    subjects: ['[Change PCM|PCM change request|Switch providers]'],
    replies: [
      'You can change your PCM on the TRICARE website or by calling {contractor}; the change takes effect at the start of next month.',
    ],
    bodies: [
      'How do I change my PCM to {otherPcm}? [My spouse sees {otherPcm} and we would like to be on the same team.|I would prefer a [female|male] provider.]',
    ],
  },
  {
    kind: 'admin-question',
    weight: 2,
    fits: (c) => self(c) && (c.patient.category === 'ADSM' || c.patient.category === 'ADFM'),
    subjects: ['[PCS and TRICARE|Transferring enrollment|Moving to {station}]'],
    replies: [
      'Enroll at your new duty station within 90 days of arriving, online or through the TRICARE contractor there. For a 90-day supply of your medications, ask {pcm} at a visit before you leave; we booked you one.',
    ],
    bodies: [
      'We are PCSing to {station} in {nextMonth}. Do we need to do anything to transfer our TRICARE enrollment, and can we get 90 days of our medications before we go?',
    ],
  },
  {
    kind: 'admin-question',
    weight: 3,
    fits: (c) => self(c) && (c.patient.category === 'ADSM' || c.patient.category === 'NGR'),
    subjects: ['[Note for my command|Sick slip|Work note]'],
    replies: ['The note is uploaded to your portal under Documents.'],
    bodies: [
      'I need a note for my command saying I was seen on {weekday}. [My supervisor is asking for it by Friday.|Can you upload it to the portal?]',
      'I was out sick [{weekday}|Monday and Tuesday] and my command needs a sick slip. Can the clinic provide one through the portal?',
    ],
  },
  {
    kind: 'admin-question',
    fits: (c) => proxy(c),
    subjects: ['[Proxy access|Portal access for {childName}|Adding my spouse as proxy]'],
    replies: [
      "Proxy access is set up at the front desk with both parents' ID cards, or in the portal under Account settings, Proxy access.",
    ],
    bodies: ['My spouse needs proxy access to {childName}\u2019s portal account. How do we set that up?'],
  },
  {
    kind: 'admin-question',
    fits: self,
    subjects: ['[Bill question|Received a bill|TRICARE billing]'],
    replies: [
      'Please send a copy of the bill to {contractor}; if the visit was covered by a referral or was urgent care, they will reprocess the claim.',
    ],
    bodies: [
      'I received a bill from [an urgent care|the ER|a lab] for my visit on {pastDate}. I thought TRICARE covered it? [I had a referral.|Who do I talk to?]',
    ],
  },
  {
    kind: 'admin-question',
    fits: self,
    subjects: ['[Update phone number|Contact info|New phone]'],
    replies: ['We updated your phone number.'],
    bodies: [
      'Please update my phone number to {phone}. [My old number no longer works.|This is the best number to reach me.]',
    ],
  },
  {
    kind: 'admin-question',
    fits: self,
    subjects: ['[After-hours number|Nurse advice line|Clinic hours]'],
    replies: [
      'The Nurse Advice Line is 1-800-874-2273, option 1, open 24/7. The clinic is closed on federal and training holidays.',
    ],
    bodies: [
      'What is the phone number for the after-hours nurse advice line?',
      'Is the clinic open on [the Friday after Thanksgiving|the training holiday|Christmas Eve]?',
    ],
  },
  {
    kind: 'admin-question',
    fits: (c) => self(c) && c.patient.category === 'ADSM',
    subjects: ['[Profile extension|Duty limitation|Profile question]'],
    replies: ['Profiles are extended by your PCM at a visit; we booked you one with {pcm} before it expires.'],
    bodies: [
      'My profile for my [knee|back|shoulder|ankle] expires on {futureDate} and it is still not better. Can it be extended, or do I need an appointment?',
    ],
  },
];
