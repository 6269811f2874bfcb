/**
 * Why a result may be held from the patient. Since the 21st Century Cures Act's information
 * blocking rule (45 CFR part 171), results reach patients as soon as they are final unless an
 * exception applies; these are the exceptions a provider can document for one result. Anything
 * else ("I would rather tell them myself") is not a reason to hold: it is a comment on release.
 */
export const HOLD_REASONS = {
  'preventing-harm': {
    label: 'Release would likely cause substantial harm',
    rule: '45 CFR 171.201',
    /** What the note must say for the hold to stand. */
    note: "the clinician's individual judgement: who would be harmed, and how",
    maxDays: 30,
  },
  'patient-request': {
    label: 'The patient asked not to receive it this way',
    rule: '45 CFR 171.202(e)',
    note: 'when and how the patient asked (for example, to hear it at the visit)',
    maxDays: 90,
  },
  'consent-required': {
    label: "Law requires the patient's consent first (e.g. an adolescent's confidential care)",
    rule: '45 CFR 171.202(b)',
    note: 'which consent is missing',
    maxDays: 90,
  },
} as const;

export type HoldReason = keyof typeof HOLD_REASONS;
export const HOLD_REASON_CODES = Object.keys(HOLD_REASONS) as HoldReason[];

export interface HoldRequest {
  reason: string;
  note: string;
  /** ISO date (YYYY-MM-DD) when the result comes back for review. */
  reviewOn: string;
}

export type CheckedHold =
  { ok: true; reason: HoldReason; note: string; reviewOn: string } | { ok: false; problems: string[] };

const DAY_MS = 86_400_000;
const MIN_NOTE = 10;

/**
 * A hold the provider may record: a documented reason, a note that says what the reason needs,
 * and a review date after today and within the reason's limit. Every problem is said, in words
 * a provider can act on.
 */
export function checkHold(request: HoldRequest, today: string): CheckedHold {
  const problems: string[] = [];
  const reason = HOLD_REASON_CODES.find((code) => code === request.reason);
  if (reason === undefined) {
    problems.push(
      `"${request.reason}" is not a documented reason to hold a result. Choose one of: ${HOLD_REASON_CODES.map((c) => HOLD_REASONS[c].label).join('; ')}.`,
    );
  }
  const note = request.note.trim();
  if (note.length < MIN_NOTE) {
    const needs = reason === undefined ? 'why the result is held' : HOLD_REASONS[reason].note;
    problems.push(`The note must say ${needs}.`);
  }
  const review = dateOf(request.reviewOn);
  const now = dateOf(today);
  if (review === null) problems.push(`The review date "${request.reviewOn}" is not a date (YYYY-MM-DD).`);
  else if (now !== null && review <= now) problems.push('The review date must be after today.');
  else if (now !== null && reason !== undefined && review > now + HOLD_REASONS[reason].maxDays * DAY_MS) {
    problems.push(`A hold for this reason is reviewed within ${HOLD_REASONS[reason].maxDays} days.`);
  }
  return problems.length > 0 || reason === undefined
    ? { ok: false, problems }
    : { ok: true, reason, note, reviewOn: request.reviewOn };
}

function dateOf(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? null : ms;
}
