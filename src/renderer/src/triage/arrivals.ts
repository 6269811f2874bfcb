import type { EmergencyKind, WorkItemSummary } from '../../../shared/work-item';

/**
 * Emergencies that arrive while the desk is open: which rows are news, and the words a screen
 * reader says about them. Pure, so the page's hook (use-arrivals.ts) only fetches and shows.
 */

/** `emergency`: first-tier wording not yet acknowledged. `possible`: wording that may be one. */
export type ArrivalTier = 'emergency' | 'possible';

export interface Arrival {
  id: string;
  tier: ArrivalTier;
  kind: EmergencyKind;
  subject: string;
  poolId: string | null;
  poolName: string | null;
}

/** What an open row asks of the nurse now: an emergency, a possible one, or nothing. */
export function tierOf(row: WorkItemSummary): ArrivalTier | null {
  if (row.emergency !== null && row.emergency.acknowledgedAt === null) return 'emergency';
  if (row.possibleEmergency !== null) return 'possible';
  return null;
}

const arrivalOf = (row: WorkItemSummary): Arrival | null => {
  const tier = tierOf(row);
  const kind = row.emergency?.kind ?? row.possibleEmergency?.kind;
  if (tier === null || kind === undefined) return null;
  return { id: row.id, tier, kind, subject: row.subject, poolId: row.poolId, poolName: row.poolName };
};

/** An item is news once per tier: a possible emergency that becomes an emergency is news again. */
const keyOf = (a: Arrival) => `${a.id}|${a.tier}`;

/**
 * The rows that are news since the last look. `seen` null is the first look: whatever is there
 * then is the backlog the nurse sees on opening the desk, recorded and not announced.
 */
export function noticeArrivals(
  seen: ReadonlySet<string> | null,
  rows: readonly WorkItemSummary[],
): { seen: Set<string>; fresh: Arrival[]; current: Arrival[] } {
  const current = rows.map(arrivalOf).filter((a): a is Arrival => a !== null);
  const next = new Set(seen ?? []);
  const fresh: Arrival[] = [];
  for (const arrival of current) {
    if (seen !== null && !next.has(keyOf(arrival))) fresh.push(arrival);
    next.add(keyOf(arrival));
  }
  return { seen: next, fresh, current };
}

const KIND_WORDS: Record<ArrivalTier, Record<EmergencyKind, string>> = {
  emergency: { medical: 'Emergency, 911', crisis: 'Crisis, 988' },
  possible: { medical: 'Possible emergency, read now', crisis: 'Possible crisis, read now' },
};

/** "Emergency, 911: new in Nursing Team: Chest pain since this morning." */
export function arrivalLine(arrival: Arrival): string {
  const where = arrival.poolName === null ? 'new' : `new in ${arrival.poolName}`;
  return `${KIND_WORDS[arrival.tier][arrival.kind]}: ${where}: ${arrival.subject}`;
}

/**
 * What the live regions say: emergencies in the assertive one (it interrupts), possible ones in
 * the polite one (said when the reader is free). Empty when there is nothing of that tier.
 */
export function announcements(fresh: readonly Arrival[]): { assertive: string; polite: string } {
  const say = (tier: ArrivalTier) => {
    const of = fresh.filter((a) => a.tier === tier);
    if (of.length === 0) return '';
    return `${of.map(arrivalLine).join('. ')}. Shown at the top of the window until opened.`;
  };
  return { assertive: say('emergency'), polite: say('possible') };
}
