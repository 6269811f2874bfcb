import type { BatchApproval, ReadinessCriterion, RenewalReadiness } from '../../../shared/renewals';
import type { WorkItemSummary } from '../../../shared/work-item';

export type ReadinessTone = 'ready' | 'refill' | 'review';

/** The row badge: words first ("Ready", "Refill — pharmacy", "Review: 2 not met, 1 unknown"), colour second. */
export function readinessBadge(readiness: RenewalReadiness): { text: string; tone: ReadinessTone } {
  switch (readiness.kind) {
    case 'ready':
      return { text: 'Ready', tone: 'ready' };
    case 'refill':
      return { text: 'Refill — pharmacy', tone: 'refill' };
    case 'review': {
      const parts = [
        readiness.notMet > 0 ? `${readiness.notMet} not met` : null,
        readiness.unknown > 0 ? `${readiness.unknown} unknown` : null,
      ].filter((part) => part !== null);
      return { text: parts.length === 0 ? 'Review' : `Review: ${parts.join(', ')}`, tone: 'review' };
    }
  }
}

/**
 * A renewal's subject in the renewals list, where every row is one: the medication without the
 * "Renewal:" the view's title already says, so a narrow subject column shows the drug.
 */
export function renewalSubject(subject: string): string {
  const rest = subject.replace(/^renewal(?: request)?\s*[:—–-]\s*/i, '');
  return rest === '' ? subject : rest;
}

/** The readiness card's summary line: "All criteria met", or what stands in the way. */
export function criteriaSummary(criteria: readonly ReadinessCriterion[]): string {
  const notMet = criteria.filter((c) => c.status === 'not-met').length;
  const unknown = criteria.filter((c) => c.status === 'unknown').length;
  if (notMet === 0 && unknown === 0) return criteria.length === 0 ? 'No criteria apply' : 'All criteria met';
  return [notMet > 0 ? `${notMet} not met` : null, unknown > 0 ? `${unknown} unknown` : null]
    .filter((part) => part !== null)
    .join(' · ');
}

export const CRITERION_STATUS: Record<ReadinessCriterion['status'], { word: string; icon: string }> = {
  met: { word: 'Met', icon: '✓' },
  'not-met': { word: 'Not met', icon: '✗' },
  unknown: { word: 'Unknown', icon: '?' },
};

/** The rows batch approval may take: those listed whose readiness is "ready" and that nobody has decided yet. */
export function readyRows(rows: readonly WorkItemSummary[]): WorkItemSummary[] {
  return rows.filter((row) => row.readiness?.kind === 'ready' && row.syncState === null);
}

/** "4 approved, 1 skipped: Jane Doe — already decided". Names come from the rows the PCM confirmed. */
export function batchResultLine(result: BatchApproval, nameOf: (id: string) => string): string {
  const approved = `${result.approved.length} approved`;
  if (result.skipped.length === 0) return approved;
  const reasons = result.skipped.map((s) => `${nameOf(s.id)} — ${s.reason}`).join('; ');
  return `${approved}, ${result.skipped.length} skipped: ${reasons}`;
}

const ROLE_WORDS: Record<string, string> = {
  pcm: 'PCM',
  nurse: 'Nurse',
  pharmacist: 'Pharmacist',
  clerk: 'Clerk',
};

/** A roster role code as a person reads it ("pcm" → "PCM"). */
export function roleLabel(role: string | null): string | null {
  if (role === null) return null;
  return ROLE_WORDS[role] ?? role;
}

/** Why a PCM commonly says no, each with a reply the patient can act on ({medication} is filled in). */
export const DENY_REASONS: readonly { reason: string; reply: string }[] = [
  {
    reason: 'Needs an appointment first',
    reply:
      'We cannot renew your {medication} until your PCM has seen you. Please book an appointment through the portal or by calling the clinic. If you will run out before then, call the clinic so we can help.',
  },
  {
    reason: 'Labs needed before renewal',
    reply:
      'Before we can renew your {medication}, you need lab work. Please come in to the clinic laboratory; your PCM will look at the renewal again once the results are in.',
  },
  {
    reason: 'Medication discontinued',
    reply:
      'Your PCM has stopped your {medication}, so it will not be renewed. If you have questions about this change, please send us a message or book an appointment.',
  },
  {
    reason: 'Refer to specialist',
    reply:
      'Your {medication} is best managed by a specialist. Please contact the specialist who prescribes it, or send us a message if you need a referral.',
  },
];

export const OTHER_DENY_REPLY =
  'We are not able to renew your {medication} as requested. Your care team will contact you about next steps; please send us a message if you have questions.';

/** The patient-facing reply suggested for a deny reason, with the medication named. */
export function denyReplyFor(reason: string, medication: string): string {
  const known = DENY_REASONS.find((r) => r.reason === reason);
  return (known?.reply ?? OTHER_DENY_REPLY).replaceAll('{medication}', medication);
}
