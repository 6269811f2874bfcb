import type {
  DueExplanation,
  EmergencyKind,
  Priority,
  RedFlagExplanation,
  TriageExplanation,
} from '../../../shared/work-item';

/** What a priority is called: on its badge, in the filters and in the item's priority choice. */
export const PRIORITY_LABELS: Record<Priority, string> = {
  stat: 'STAT',
  asap: 'ASAP',
  urgent: 'Urgent',
  routine: 'Routine',
};

/** The row badge: short, in capitals, with the number to call so the kind is never colour alone. */
export const EMERGENCY_BADGE: Record<EmergencyKind, string> = {
  medical: 'EMERGENCY · 911',
  crisis: 'CRISIS · 988',
};

/** The second tier's row badge: no alarm colour, but words that say why it sits at the top. */
export const POSSIBLE_EMERGENCY_BADGE: Record<EmergencyKind, string> = {
  medical: 'READ NOW · possible 911',
  crisis: 'READ NOW · possible 988',
};

/** What the nurse must do, in the words the clinic's emergency protocol uses. */
export const EMERGENCY_ACTION: Record<EmergencyKind, string> = {
  medical: 'Tell the patient to call 911 or go to the nearest emergency room',
  crisis: 'Call 911, or the Military Crisis Line: dial 988 then press 1',
};

export const ACK_HOW_LABELS: Record<'reply' | 'call', string> = {
  reply: '911/988 reply sent',
  call: 'I called the patient — document the call',
};

/** "clinical-question" → "Clinical question". */
export function categoryLabel(category: string): string {
  const words = category.replace(/-/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function triageSummary(triage: TriageExplanation): string {
  return `Suggested: ${categoryLabel(triage.category)} → ${triage.suggestedPool}`;
}

/** The red-flag headline of the item: "Emergency wording" or "Possible emergency — read now". */
export function redFlagHeadline(triage: TriageExplanation): string | null {
  if (triage.emergency === null) return null;
  const kind = triage.emergency.kind === 'crisis' ? 'crisis (988, press 1)' : 'medical (911)';
  return triage.emergency.tier === 'emergency'
    ? `Emergency wording — ${kind}`
    : `Possible emergency, ${kind} — read it now; no acknowledgement needed`;
}

/** One flagged concept, as the nurse reads it: "Stroke signs: "face is drooping" (body) — raised by …". */
export function redFlagLine(flag: RedFlagExplanation): string {
  const tier = flag.tier === 'emergency' ? '' : ' (possible)';
  const notes = flag.modifiers.length === 0 ? '' : ` — ${flag.modifiers.join('; ')}`;
  return `${flag.concept.charAt(0).toUpperCase()}${flag.concept.slice(1)}${tier}: "${flag.words}" in the ${flag.where}${notes}`;
}

/** "Mon 1 Dec 09:30": day first, 24-hour, the way military clinics write a date-time. */
export function formatDueInstant(ms: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')}`;
}

/** "Due Mon 1 Dec 09:30 · 3 business days · policy default-1". */
export function describeDue(due: DueExplanation, timeZone?: string): string {
  return `Due ${formatDueInstant(due.dueAt, timeZone)} · ${due.target} · policy ${due.policyVersion}`;
}
