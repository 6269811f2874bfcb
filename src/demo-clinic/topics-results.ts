import type { Topic, TopicContext } from './compose';

/** Questions about results the patient has seen in the portal, or is still waiting for. */
function releasedSlots(c: TopicContext, want: 'flagged' | 'normal' | 'imaging'): Record<string, string> | null {
  const report = c.world.releasedResultFor(c.rnd, c.patient, c.at, want);
  // Rounding can leave a value meant to be flagged just inside its range.
  if (want === 'flagged' ? report.flagged === null : (want === 'imaging') !== (report.conclusion !== null)) return null;
  c.links.report = report;
  const flag = report.flagged;
  return {
    panel: report.plain,
    panelName: report.name,
    collected: c.clock.shortDate(report.collectedAt),
    analyte: flag?.analyte ?? report.name,
    value: flag?.value ?? '',
    direction: flag === null ? 'normal' : flag.flag.startsWith('H') ? 'high' : 'low',
    conclusion: (report.conclusion ?? '').split('.')[0] ?? '',
    my: c.sender === c.patient ? 'my' : `${c.patient.given}'s`,
  };
}

export const RESULT_TOPICS: readonly Topic[] = [
  {
    kind: 'result-question',
    weight: 4,
    fits: () => true,
    slots: (c) => releasedSlots(c, 'flagged'),
    subjects: ['[Question about {my} results|{panelName} results|Lab results question|Flagged result]'],
    replies: [
      '{pcm} reviewed it: the {analyte} of {value} is only slightly {direction} and not a concern on its own. We will recheck it at your next visit.',
      '{pcm} would like to go over this result with you; please schedule a follow-up visit in the next two weeks.',
    ],
    bodies: [
      'I saw {my} {panel} results from {collected} in the portal. The {analyte} was flagged {direction} ({value}). [What does that mean?|Do I need to do anything?|Should I be worried?|Do I need to repeat it?]',
      'Can someone explain {my} {panelName}? It shows {analyte} {value}, marked {direction}. [Is that from my medication?|I have been feeling fine.|I was not fasting that morning.]',
    ],
  },
  {
    kind: 'result-question',
    weight: 2,
    fits: () => true,
    slots: (c) => releasedSlots(c, 'normal'),
    subjects: ['[{panelName} results|Thanks for the results|Results question]'],
    replies: ['Everything on it is within the normal range. {pcm} will repeat it at your next physical.'],
    bodies: [
      'Thank you for releasing {my} {panel}. Everything looked normal. Do I need to repeat it [next year|before my physical|in six months]?',
      'I see {my} {panelName} from {collected} is back. Does {pcm} want to go over it at my next visit, or is no news good news?',
    ],
  },
  {
    kind: 'result-question',
    fits: () => true,
    slots: (c) => releasedSlots(c, 'imaging'),
    subjects: ['[{panel} results|Question about {my} X-ray|What does my X-ray mean?]'],
    replies: [
      '{pcm} reviewed the report and will call you to go over it and what comes next.',
      '{pcm} would like to see you to talk about the result and any follow-up imaging; we booked a visit for next week.',
    ],
    bodies: [
      'Can someone explain {my} {panel} result? It says "{conclusion}." [Is that serious?|What happens next?|Do I need a follow-up?]',
    ],
  },
  {
    kind: 'result-question',
    weight: 2,
    fits: (c) => c.sender === c.patient,
    subjects: ['[Lab results?|When will I get my results?|Waiting on results]'],
    replies: [
      'Your results are back and {pcm} is reviewing them; they will be released to your portal within 3 business days.',
      'The lab is still processing that test; results usually take 5 to 7 days.',
    ],
    bodies: [
      'I had [blood work|labs|a urine test] done on {pastDate}. When will I see the results? [Nothing shows up in the portal yet.|{pcm} said someone would call.|]',
    ],
  },
];
