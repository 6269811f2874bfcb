import { medSlots } from './compose';
import type { Topic } from './compose';
import { adult, child, kidSlots, partnerSlots, refillableSlots } from './red-flag-support';

/*
 * Mental health crises beyond the plain "I am thinking about killing myself": the indirect wording
 * of the warning signs (a farewell, giving things away, being a burden) and the means at hand
 * (pills saved up, a gun), self-harm, and thoughts of harming someone else. The C-SSRS screener
 * makes intent, a plan, preparation or recent self-harm "high risk: see now", so each of these is a
 * crisis (988 press 1, or 911). Their look-alikes are the forms and questions that name the topic.
 */

const SUICIDE: readonly Topic[] = [
  {
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 0.4,
    fits: adult,
    subjects: ['[Thank you|Thank you for everything|Goodbye|A note for {pcm}]'],
    bodies: [
      'I just wanted to say thank you to {pcm} and the nurses for everything over the years. [You can give my appointment on {futureDate} to someone else, I will not need it.|I will not be needing any more refills.] [I have written letters for my family.|I gave my dog to my neighbor and my truck to my brother this week.|I have put my affairs in order.] Please do not worry about me, [I will not be a burden to anyone much longer.|everyone will be better off.|it will all be over soon.]',
      'This will be my last message. Thank you for taking care of me all these years. Please tell {pcm} none of this is anyone\u2019s fault.',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 0.4,
    fits: adult,
    slots: (c) => medSlots(c) ?? { med: 'sleeping pills' },
    subjects: ['[I need to tell someone|Pills|Not doing well]'],
    bodies: [
      'I have been saving up my {med} [for a few weeks|since last month] and I have enough now. [I am sitting here with them in front of me.|I think tonight is the night.] I just wanted someone to know.',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 0.2,
    fits: adult,
    subjects: ['[Can someone call me|Not okay|Need to talk to someone]'],
    bodies: [
      'I keep cleaning my [pistol|gun|rifle] and thinking about using it on myself. [My wife took the kids to her mom\u2019s.|Nobody is home tonight.|I have not slept in days.] [I do not know why I am writing this here.|I do not want to go to the hospital.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 0.2,
    fits: adult,
    subjects: ['[I want to die|I do not want to be alive anymore|Thinking about ending it all]'],
    bodies: ['Please call me.', 'Can someone call me at {phone}?', 'I do not know who else to tell.'],
  },
  {
    kind: 'appointment-request',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 0.2,
    fits: adult,
    subjects: ['[Behavioral health appointment|Appointment request|Need to see someone]'],
    bodies: [
      'Can I get an appointment with behavioral health? I have been thinking about killing myself [every day|a lot this week] and I [have the pills ready|have a plan for this weekend|bought a rope]. [The soonest you have.|]',
    ],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 0.2,
    fits: adult,
    slots: (c) => refillableSlots(c, (m) => m.template.psychiatric === true),
    subjects: ['[{med} refill|Early refill|Refill]'],
    bodies: [
      'Can I get my {med} refilled early? Honestly I want [a full bottle|the 90 day supply] so I can take them all at once and not wake up.',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'suicide', mention: 'form' },
    weight: 0.6,
    fits: (c) => adult(c) && c.age <= 55,
    subjects: ['[Security clearance form|SF-86 question|Letter for my clearance]'],
    replies: [
      'Most counseling does not need a letter for the SF-86. If the investigator asks, {pcm} can write one; book a short visit if you would like it.',
    ],
    bodies: [
      'My security clearance paperwork asks about mental health treatment. I saw behavioral health in {year} for [stress|a rough patch after deployment|grief] and was never suicidal. Do I need a letter from {pcm}?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'education' },
    weight: 0.5,
    fits: (c) => child(c, 11, 17),
    subjects: ['[Question about {childName}|Talking to teens about suicide|School talk]'],
    replies: [
      'It is a good conversation to have, and asking directly does not put the idea in their head. The 988 Lifeline has a guide for parents; {pcm} is happy to talk at {childName}\u2019s next visit.',
    ],
    bodies: [
      '{childName}\u2019s school is doing a suicide prevention talk next week. {He} is fine, but what signs should we watch for at home, and how do we bring it up with {him}?',
    ],
  },
];

const SELF_HARM: readonly Topic[] = [
  {
    kind: 'clinical-question',
    redFlag: { topic: 'self-harm', mention: 'current' },
    weight: 0.4,
    fits: (c) => adult(c) && c.age <= 35,
    subjects: ['[Cut too deep|I need help|Bleeding]'],
    bodies: [
      'I have been cutting again [for the past week|every night] and tonight I cut deeper than I meant to. [It is still bleeding through the bandage.|I cannot get it to stop bleeding.] [I do not want to go to the ER.|Please do not call my command.|I do not know what to do.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'self-harm', mention: 'current' },
    weight: 0.3,
    fits: (c) => child(c, 12, 17),
    slots: kidSlots,
    subjects: ['[Worried about {childName}|Found cuts|Please call me]'],
    bodies: [
      'I found fresh cuts on {myKid}\u2019s [arms|thighs] tonight. When I asked, {he} said {he} [does not want to be alive anymore|wants to die and will do it again]. [I took the razors away.|{He} is in {his} room now.] [Can {he} see someone this week?|What should I do?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'self-harm', mention: 'current' },
    weight: 0.2,
    fits: (c) => adult(c) && c.age <= 40,
    subjects: ['[Not safe|Need help|Bad night]'],
    bodies: [
      'I burned myself on purpose with a [lighter|cigarette] last night and I keep thinking about doing something worse tonight. [I do not feel safe alone.|Nobody knows.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'self-harm', mention: 'historical' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 25 && c.age <= 50,
    subjects: ['[Scar treatment|Dermatology question|Old scars]'],
    replies: [
      'Dermatology can help with old scars with lasers or creams. {pcm} put in a referral; you will hear from the office within two weeks.',
    ],
    bodies: [
      'I have scars on my arms from cutting when I was a teenager, more than ten years ago. I am doing well now. Is there anything dermatology can do about the scars?',
    ],
  },
];

const HARM_OTHERS: readonly Topic[] = [
  {
    kind: 'clinical-question',
    redFlag: { topic: 'harm-others', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.age <= 60,
    subjects: ['[Need help|I am scared of myself|Can someone call me]'],
    bodies: [
      'I am so angry at my [ex|supervisor|neighbor] that I keep thinking about [hurting|killing] [him|her]. I [have my rifle in the truck|know where [he|she] lives|bought a gun this week] and I do not trust myself [tonight|right now]. [Can I get in with behavioral health?|I do not know what to do.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'harm-others', mention: 'current' },
    weight: 0.2,
    fits: (c) => adult(c) && c.age <= 55,
    slots: partnerSlots,
    subjects: ['[I need help|Anger|Scared of what I might do]'],
    bodies: [
      'Since I got back from [deployment|the field] my temper is bad. Last night I grabbed my {partnerRole} by the throat during an argument, and today I keep having thoughts of hurting [{partnerGiven}|my family] worse. I am scared of what I might do.',
    ],
  },
  {
    kind: 'appointment-request',
    redFlag: { topic: 'harm-others', mention: 'negated' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age <= 55,
    slots: (c) => {
      c.links.appointmentAction = 'schedule';
      return {};
    },
    subjects: ['[Appointment request|Anger management|Appointment about my temper]'],
    bodies: [
      'I would like an appointment about my anger. I would never hurt anyone, but I have been snapping at my family since I got back from [deployment|my last TDY]. [Is there an anger management class too?|]',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'harm-others', mention: 'form' },
    weight: 0.4,
    fits: (c) => adult(c) && c.patient.category === 'ADSM',
    subjects: ['[Form for my command|Weapons form|Commander form]'],
    replies: [
      'That form is completed by behavioral health; we sent them your request and they will contact you this week.',
    ],
    bodies: [
      'My command needs a form for my [weapons qualification|arming authorization] saying I have no thoughts of harming myself or others. I was seen by behavioral health in {year}. Who fills that out?',
    ],
  },
];

export const CRISIS_RED_FLAG_TOPICS: readonly Topic[] = [...SUICIDE, ...SELF_HARM, ...HARM_OTHERS];
