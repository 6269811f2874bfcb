import { z } from 'zod';
import { EMERGENCY_KINDS, RED_FLAG_FAMILIES, TRIAGE_CATEGORIES } from '../categories';
import { classify } from '../classify';
import type { TriageResult } from '../classify';
import type { TriageRules } from '../rules-schema';

/** One message of the evaluation corpus as its writer labelled it (eval/triage/README.md). */
export const labelledMessageSchema = z.strictObject({
  id: z.string().min(1),
  subject: z.string(),
  body: z.string(),
  emergency: z.boolean(),
  kind: z.enum(EMERGENCY_KINDS).nullable(),
  urgency: z.enum(['emergency', 'same-day', 'routine']),
  category: z.enum(TRIAGE_CATEGORIES),
  family: z.enum(RED_FLAG_FAMILIES).nullable(),
  note: z.string(),
});
export type LabelledMessage = z.infer<typeof labelledMessageSchema>;

/** Parses JSON Lines; a bad line names its number, so a broken corpus fails loudly. */
export function parseCorpus(text: string): LabelledMessage[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => {
      const parsed = labelledMessageSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`corpus line ${n}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}

export interface Scored {
  message: LabelledMessage;
  result: TriageResult;
}

export interface Score {
  messages: number;
  emergencies: number;
  /** Emergencies flagged at either tier, over all emergencies. */
  recall: number;
  /** Emergencies flagged at the first tier. */
  firstTierRecall: number;
  nonEmergencies: number;
  /** Non-emergencies flagged at the first tier (911 reply, acknowledgement), over all non-emergencies. */
  firstTierFalseAlarms: number;
  /** Non-emergencies put at the top as possible emergencies. */
  secondTierRate: number;
  categoryAccuracy: number;
  /** Flagged emergencies whose reply (medical or crisis) matches the label. */
  kindAccuracy: number;
  missed: Scored[];
  falseAlarms: Scored[];
  wrongCategory: Scored[];
}

export function scoreCorpus(corpus: readonly LabelledMessage[], rules?: TriageRules): Score {
  const scored = corpus.map((message) => ({
    message,
    result: classify({ subject: message.subject, body: message.body }, rules),
  }));
  const emergencies = scored.filter((s) => s.message.emergency);
  const others = scored.filter((s) => !s.message.emergency);
  const caught = emergencies.filter((s) => s.result.emergency !== null);
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const falseAlarms = others.filter((s) => s.result.emergency?.tier === 'emergency');
  // Victims of violence were labelled either way by the writers: a 911 reply or a crisis line both reach help.
  const kindRight = caught.filter(
    (s) => s.message.family === 'violence' || s.result.emergency?.kind === (s.message.kind ?? 'medical'),
  );
  const wrongCategory = scored.filter((s) => s.result.category !== s.message.category);
  return {
    messages: scored.length,
    emergencies: emergencies.length,
    recall: ratio(caught.length, emergencies.length),
    firstTierRecall: ratio(
      emergencies.filter((s) => s.result.emergency?.tier === 'emergency').length,
      emergencies.length,
    ),
    nonEmergencies: others.length,
    firstTierFalseAlarms: ratio(falseAlarms.length, others.length),
    secondTierRate: ratio(others.filter((s) => s.result.emergency?.tier === 'possible').length, others.length),
    categoryAccuracy: ratio(scored.length - wrongCategory.length, scored.length),
    kindAccuracy: ratio(kindRight.length, caught.length),
    missed: emergencies.filter((s) => s.result.emergency === null),
    falseAlarms,
    wrongCategory,
  };
}
