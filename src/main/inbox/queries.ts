import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { NEAR_DUE_MS } from '../../shared/work-item';
import type { InboxFilters, InboxPage, InboxView } from '../../shared/work-item';
import { DEFAULT_RENEWAL_PROTOCOL } from '../../domain/renewals/protocol';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import { evaluateItem, readinessOf } from '../renewals/renewal-review';
import { severitiesOf } from '../results/result-severity';
import { searchExpression } from './search-expression';
import { toSummary, withSummaryColumns } from './summary';

export { getItemDetail } from './item-detail';
export { listViews } from './views';

export interface InboxQuery {
  view: InboxView;
  filters: InboxFilters;
  /** What the person typed in the search box; '' for none. */
  search: string;
  offset: number;
  limit: number;
  /** An item whose place in the whole list to tell (InboxPage.position). */
  find?: string;
}

/** Who is asking and when: "mine", "escalated" and "overdue" depend on both. */
export interface InboxContext {
  /** The desk user's Practitioner id; null when nobody is signed in (no "mine", nothing escalated). */
  userId: string | null;
  now: number;
  /** The renewals view judges each row's readiness by it (the defaults when absent). */
  renewalProtocol?: RenewalProtocol;
  /**
   * The pools the person may read and those they lead (desk-access.ts): "All pools" and
   * "Escalated" are theirs. Absent for callers reading the whole cache on purpose (the CLI, tests).
   */
  scope?: { readable: 'every' | ReadonlySet<string>; led: 'every' | ReadonlySet<string> };
}

/**
 * The rows a view and its filters select. Each view's predicate leads with the columns of one of
 * migration 5's urgency indexes (owner, pool, or open-state first), so the list's order is read
 * off the index rather than sorted.
 */
function selection(db: Kysely<DB>, query: Omit<InboxQuery, 'offset' | 'limit'>, ctx: InboxContext) {
  const { view, filters } = query;
  let q = db.selectFrom('work_item');
  switch (view.kind) {
    case 'mine':
      q = q.where('work_item.owner_id', '=', ctx.userId).where('work_item.owner_type', '=', 'person');
      break;
    case 'pool':
      q = q.where('work_item.pool_id', '=', view.poolId);
      break;
    case 'all': {
      const readable = ctx.scope?.readable ?? 'every';
      if (readable !== 'every') {
        // Their pools' items, and anything assigned to them wherever it sits.
        q = q.where((eb) =>
          eb.or([
            ...(readable.size > 0 ? [eb('work_item.pool_id', 'in', [...readable])] : []),
            eb.and([eb('work_item.owner_type', '=', 'person'), eb('work_item.owner_id', '=', ctx.userId)]),
          ]),
        );
      }
      break;
    }
    case 'renewals':
    case 'results':
      // A prescriber's decisions (a nurse may prepare them): their pools' items and their own.
      q = q
        .where('work_item.work_type', '=', view.kind === 'renewals' ? 'renewal-request' : 'result-release')
        .where((eb) =>
          eb.or([
            eb('work_item.pool_id', 'in', (sub) =>
              sub
                .selectFrom('pool_member')
                .select('pool_member.pool_id')
                .where('pool_member.practitioner_id', '=', ctx.userId),
            ),
            eb.and([eb('work_item.owner_type', '=', 'person'), eb('work_item.owner_id', '=', ctx.userId)]),
          ]),
        );
      break;
    case 'escalated': {
      q = q.where('work_item.is_open', '=', 1).where('work_item.due_at', '<', ctx.now);
      const led = ctx.scope?.led;
      if (led === 'every') break;
      q =
        led === undefined
          ? q.where('work_item.pool_id', 'in', (eb) =>
              eb
                .selectFrom('pool_member')
                .select('pool_member.pool_id')
                .where('pool_member.practitioner_id', '=', ctx.userId)
                .where('pool_member.lead', '=', 1),
            )
          : q.where('work_item.pool_id', 'in', led.size > 0 ? [...led] : ['']);
      break;
    }
  }
  q = q.where('work_item.is_open', '=', filters.status === 'open' ? 1 : 0);
  if (filters.workTypes.length > 0) q = q.where('work_item.work_type', 'in', filters.workTypes);
  if (filters.priorities.length > 0) q = q.where('work_item.priority', 'in', filters.priorities);
  if (filters.due === 'overdue') q = q.where('work_item.due_at', '<', ctx.now);
  if (filters.due === 'near-due') {
    q = q.where('work_item.due_at', '>=', ctx.now).where('work_item.due_at', '<', ctx.now + NEAR_DUE_MS);
  }
  if (filters.unassignedOnly) q = q.where(sql<boolean>`work_item.owner_type is not 'person'`);
  const match = searchExpression(query.search);
  if (match !== null) {
    q = q.where('work_item.id', 'in', (eb) =>
      eb
        .selectFrom('item_search')
        .select('item_search.work_item_id')
        .where(sql<boolean>`item_search MATCH ${match}`),
    );
  }
  return q;
}

/**
 * One page of the inbox: emergencies first, then possible emergencies, then soonest due. An item without a due time sorts
 * before the dated ones: SQLite puts NULL lowest, which keeps the order on the index, and such an
 * item needs a person's eyes anyway.
 */
export function inboxPageQuery(db: Kysely<DB>, query: InboxQuery, ctx: InboxContext) {
  return withSummaryColumns(selection(db, query, ctx), ctx.now)
    .orderBy('work_item.emergency', 'desc')
    .orderBy('work_item.possible_emergency', 'desc')
    .orderBy('work_item.due_at')
    .orderBy('work_item.id')
    .limit(query.limit)
    .offset(query.offset);
}

/**
 * Where one item sits in the list's order (0-based), or null when the view and its filters leave
 * it out: the page's selection follows the item, not the row, and its row may be on a page not
 * loaded. The order is inboxPageQuery's, as a window over the same selection.
 */
async function positionOf(db: Kysely<DB>, query: InboxQuery, ctx: InboxContext, id: string): Promise<number | null> {
  const ranked = selection(db, query, ctx).select([
    'work_item.id as id',
    sql<number>`row_number() over (order by work_item.emergency desc, work_item.possible_emergency desc, work_item.due_at, work_item.id)`.as(
      'n',
    ),
  ]);
  const row = await db.selectFrom(ranked.as('ranked')).select('n').where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : Number(row.n) - 1;
}

export async function listInbox(db: Kysely<DB>, query: InboxQuery, ctx: InboxContext): Promise<InboxPage> {
  if (query.view.kind !== 'pool' && query.view.kind !== 'all' && ctx.userId === null) {
    return query.find === undefined ? { total: 0, items: [] } : { total: 0, items: [], position: null };
  }
  try {
    const total = await selection(db, query, ctx)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await inboxPageQuery(db, query, ctx).execute();
    const items = rows.map(toSummary);
    if (query.view.kind === 'renewals') {
      const protocol = ctx.renewalProtocol ?? DEFAULT_RENEWAL_PROTOCOL;
      // One page at a time: readiness depends on today's date, so it is judged when read.
      for (const [i, row] of rows.entries()) {
        const judged = await evaluateItem(db, row, { now: ctx.now, protocol, userId: ctx.userId });
        items[i] = { ...items[i]!, readiness: judged === null ? null : readinessOf(judged.evaluation) };
      }
    }
    if (query.view.kind === 'results') {
      const reports = rows.filter((r) => r.focus_type === 'DiagnosticReport' && r.focus_id !== null);
      const severities = await severitiesOf(
        db,
        reports.map((r) => r.focus_id ?? ''),
      );
      for (const [i, row] of rows.entries()) {
        items[i] = { ...items[i]!, severity: severities.get(row.focus_id ?? '') ?? null };
      }
    }
    const page: InboxPage = { total: Number(total.n), items };
    if (query.find !== undefined) page.position = await positionOf(db, query, ctx, query.find);
    return page;
  } catch (error) {
    // The expression is built so FTS5 cannot misread it; should it still refuse one, the person
    // sees "nothing found" for their words rather than a database error.
    if (error instanceof Error && /fts5/i.test(error.message)) {
      return query.find === undefined ? { total: 0, items: [] } : { total: 0, items: [], position: null };
    }
    throw error;
  }
}
