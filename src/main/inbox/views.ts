import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { InboxViews, PoolSummary, StaffMember } from '../../shared/work-item';
import { isPrescriber } from '../renewals/prescribers';

/** The first role the roster gives a practitioner (a clerk who is also a nurse is rare; one is shown). */
const roleOf = sql<string | null>`(select role from practitioner_role
  where practitioner_role.practitioner_id = practitioner.id order by practitioner_role.id limit 1)`;

/**
 * The navigation: "My items", the pools the user may read (`scope`, from the clinic's access
 * policy; without one, every active pool for a lead or when nobody is signed in), "Escalated" and
 * "All pools" for leads only, and every active pool as a route target. Counts are of open items.
 */
export async function listViews(
  db: Kysely<DB>,
  userId: string | null,
  now: number,
  scope?: { readable: 'every' | ReadonlySet<string>; led: 'every' | ReadonlySet<string> },
): Promise<InboxViews> {
  const [user, memberships, pools, counts, emergencies, members] = await Promise.all([
    userId === null
      ? undefined
      : db
          .selectFrom('practitioner')
          .select(['practitioner.id', 'practitioner.display_name as name', roleOf.as('role')])
          .where('practitioner.id', '=', userId)
          .executeTakeFirst(),
    db
      .selectFrom('pool_member')
      .select(['pool_id', 'lead'])
      .where('practitioner_id', '=', userId ?? '')
      .execute(),
    db.selectFrom('pool').select(['id', 'name']).where('active', '=', 1).orderBy('name').orderBy('id').execute(),
    // Open items and overdue ones per pool, read from the pool index alone (it covers both columns).
    db
      .selectFrom('work_item')
      .select(['pool_id', (eb) => eb.fn.countAll<number>().as('open')])
      .select(sql<number>`sum(due_at < ${now})`.as('overdue'))
      .where('is_open', '=', 1)
      .groupBy('pool_id')
      .execute(),
    db
      .selectFrom('work_item')
      .select(['pool_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('is_open', '=', 1)
      .where('emergency', '=', 1)
      .where('emergency_ack_at', 'is', null)
      .groupBy('pool_id')
      .execute(),
    db
      .selectFrom('pool_member')
      .innerJoin('practitioner', 'practitioner.id', 'pool_member.practitioner_id')
      .select(['pool_member.pool_id', 'pool_member.lead', 'practitioner.id', 'practitioner.display_name as name'])
      .select(roleOf.as('role'))
      .orderBy('practitioner.display_name')
      .execute(),
  ]);

  const memberOf = new Set(memberships.map((m) => m.pool_id));
  // The clinic's access policy where the handlers pass it (a supervisor leads every pool);
  // otherwise the roster's own leads.
  const led = scope?.led ?? new Set(memberships.filter((m) => m.lead === 1).map((m) => m.pool_id));
  const leads = new Set(led === 'every' ? pools.map((p) => p.id) : led);
  const isLead = leads.size > 0;
  const openBy = new Map(counts.map((c) => [c.pool_id, c]));
  const emergencyBy = new Map(emergencies.map((e) => [e.pool_id, Number(e.n)]));
  const membersBy = new Map<string, StaffMember[]>();
  const leadBy = new Map<string, { id: string; name: string }>();
  for (const m of members) {
    const list = membersBy.get(m.pool_id) ?? [];
    list.push({ id: m.id, name: m.name, role: m.role });
    membersBy.set(m.pool_id, list);
    // Two leads: the same one the list names as escalated to (lowest id).
    const current = leadBy.get(m.pool_id);
    if (m.lead === 1 && (current === undefined || m.id < current.id)) leadBy.set(m.pool_id, { id: m.id, name: m.name });
  }

  const readable = scope?.readable;
  const shown =
    readable === undefined
      ? userId === null || isLead
        ? pools
        : pools.filter((p) => memberOf.has(p.id))
      : readable === 'every'
        ? pools
        : pools.filter((p) => readable.has(p.id));
  const summaries: PoolSummary[] = shown.map((p) => ({
    id: p.id,
    name: p.name,
    openCount: Number(openBy.get(p.id)?.open ?? 0),
    overdueCount: Number(openBy.get(p.id)?.overdue ?? 0),
    emergencyCount: emergencyBy.get(p.id) ?? 0,
    leadName: leadBy.get(p.id)?.name ?? null,
    member: memberOf.has(p.id),
    members: membersBy.get(p.id) ?? [],
  }));

  const mine =
    userId === null
      ? 0
      : await db
          .selectFrom('work_item')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('owner_id', '=', userId)
          .where('is_open', '=', 1)
          .where('owner_type', '=', 'person')
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n));
  const escalated = isLead
    ? [...leads].reduce((sum, poolId) => sum + Number(openBy.get(poolId)?.overdue ?? 0), 0)
    : null;
  const shownIds = new Set(shown.map((p) => p.id));
  const counted =
    readable === undefined || readable === 'every'
      ? counts
      : counts.filter((c) => c.pool_id !== null && shownIds.has(c.pool_id));
  const all = isLead || userId === null ? counted.reduce((sum, c) => sum + Number(c.open), 0) : null;

  return {
    user:
      user === undefined
        ? null
        : { id: user.id, name: user.name, role: user.role, canPrescribe: await isPrescriber(db, user.id) },
    mineCount: mine,
    escalatedCount: escalated,
    allCount: all,
    renewalsCount: userId === null ? null : await decisionsCount(db, userId, 'renewal-request'),
    resultsCount: userId === null ? null : await decisionsCount(db, userId, 'result-release'),
    pools: summaries,
    routeTargets: pools.map((p) => ({ id: p.id, name: p.name })),
  };
}

/** Open renewal requests (or results) in the user's pools or owned by them: the view's rows. */
async function decisionsCount(
  db: Kysely<DB>,
  userId: string,
  workType: 'renewal-request' | 'result-release',
): Promise<number> {
  const row = await db
    .selectFrom('work_item')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_open', '=', 1)
    .where('work_type', '=', workType)
    .where((eb) =>
      eb.or([
        eb('pool_id', 'in', (sub) =>
          sub.selectFrom('pool_member').select('pool_member.pool_id').where('pool_member.practitioner_id', '=', userId),
        ),
        eb.and([eb('owner_type', '=', 'person'), eb('owner_id', '=', userId)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
