import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { DeskNotification, Notifier } from './notifier';

/** Priorities that interrupt a person (routine work waits for the inbox). */
const URGENT_PRIORITIES = ['urgent', 'asap', 'stat'];
/** More new items than this at once make one summary, not a stack of notifications. */
export const MAX_SINGLE_NOTIFICATIONS = 3;

const PRIORITY_WORDS: Record<string, string> = { urgent: 'Urgent', asap: 'ASAP', stat: 'STAT' };

export interface AlertCheck {
  /** The desk user's Practitioner id: only items in their pools interrupt them. */
  userId: string | null;
  notifier: Notifier;
  now: number;
  /**
   * The pass that just ended was the cache's first load. With nothing recorded yet, everything
   * found is the clinic's backlog, not news: it is recorded without a notification.
   */
  firstLoad: boolean;
}

interface Candidate {
  id: string;
  reason: 'emergency' | 'urgent';
  priority: string;
  pool: string;
  /** Wording that may be an emergency (the second tier): news as urgent, in its own words. */
  possible?: boolean;
}

/**
 * Raises a notification for each open emergency, possible emergency or urgent item in the user's pools that this desk
 * has not notified before (an urgent item that later shows emergency wording is news again), and
 * records it. Returns how many items were new.
 */
export async function raiseAlerts(db: Kysely<DB>, check: AlertCheck): Promise<number> {
  if (check.userId === null) return 0;
  const userId = check.userId;
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('work_item')
      .innerJoin('pool', 'pool.id', 'work_item.pool_id')
      .leftJoin('notified_item', 'notified_item.work_item_id', 'work_item.id')
      .select(['work_item.id', 'work_item.priority', 'pool.name as pool', 'notified_item.reason as notified'])
      .select(sql<boolean>`work_item.possible_emergency = 1`.as('possible'))
      .select(
        sql<'emergency' | 'urgent'>`case when work_item.emergency = 1 and work_item.emergency_ack_at is null
          then 'emergency' else 'urgent' end`.as('reason'),
      )
      .where('work_item.is_open', '=', 1)
      .where('work_item.pool_id', 'in', (eb) =>
        eb.selectFrom('pool_member').select('pool_id').where('practitioner_id', '=', userId),
      )
      .where((eb) =>
        eb.or([
          eb.and([eb('work_item.emergency', '=', 1), eb('work_item.emergency_ack_at', 'is', null)]),
          eb('work_item.priority', 'in', URGENT_PRIORITIES),
          eb('work_item.possible_emergency', '=', 1),
        ]),
      )
      .orderBy('work_item.emergency', 'desc')
      .orderBy('work_item.possible_emergency', 'desc')
      .orderBy('work_item.due_at')
      .orderBy('work_item.id')
      .execute();
    const fresh: Candidate[] = rows
      .map((r) => ({ ...r, possible: Boolean(r.possible) }))
      .filter((r) => r.notified === null || (r.reason === 'emergency' && r.notified !== 'emergency'));
    if (fresh.length === 0) return 0;
    const anyRecorded = await trx.selectFrom('notified_item').select('work_item_id').limit(1).executeTakeFirst();
    for (const item of fresh) {
      await trx
        .insertInto('notified_item')
        .values({ work_item_id: item.id, reason: item.reason, at: check.now })
        .onConflict((oc) => oc.column('work_item_id').doUpdateSet({ reason: item.reason, at: check.now }))
        .execute();
    }
    // Shown before the commit: should the commit fail, the next pass shows them again. A person
    // told twice about an emergency is better off than one never told.
    if (!(check.firstLoad && anyRecorded === undefined)) {
      for (const n of notificationsFor(fresh)) check.notifier.show(n);
    }
    return fresh.length;
  });
}

/** No patient names or words: these show on a shared screen. */
export function notificationsFor(items: readonly Candidate[]): DeskNotification[] {
  if (items.length > MAX_SINGLE_NOTIFICATIONS) {
    const emergencies = items.filter((i) => i.reason === 'emergency').length;
    const pools = [...new Set(items.map((i) => i.pool))].join(', ');
    return [
      {
        title:
          emergencies > 0
            ? `${items.length} new items — ${emergencies} with emergency wording`
            : `${items.length} new urgent items`,
        body: `In ${pools}. Open Triage Desk.`,
        itemId: null,
        urgency: emergencies > 0 ? 'critical' : 'normal',
      },
    ];
  }
  return items.map((i) =>
    i.reason === 'emergency'
      ? {
          title: `Emergency wording — ${i.pool}`,
          body: 'A message with emergency wording arrived. Open Triage Desk.',
          itemId: i.id,
          urgency: 'critical',
        }
      : i.possible === true
        ? {
            title: `Possible emergency — ${i.pool}`,
            body: 'A message that may be an emergency arrived. Read it now in Triage Desk.',
            itemId: i.id,
            urgency: 'normal',
          }
        : {
            title: `${PRIORITY_WORDS[i.priority] ?? 'Urgent'} item — ${i.pool}`,
            body: `An item marked ${(PRIORITY_WORDS[i.priority] ?? 'urgent').toLowerCase()} arrived. Open Triage Desk.`,
            itemId: i.id,
            urgency: 'normal',
          },
  );
}
