import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../db/schema';
import { NEAR_DUE_MS } from '../../shared/work-item';
import type { InboxFilters, InboxPage, InboxView, PatientLookup, SearchMatch } from '../../shared/work-item';
import { DEFAULT_RENEWAL_PROTOCOL } from '../../domain/renewals/protocol';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import { evaluateItem, readinessOf } from '../renewals/renewal-review';
import { severitiesOf } from '../results/result-severity';
import { matchedBy, matchingPatients } from './patient-lookup';
import { describePatientQuery, parsePatientQuery } from './patient-query';
import type { PatientQuery } from './patient-query';
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
 * The search box naming patients: `patients` is the subquery of their ids. `patientsOnly` leaves
 * out the items found by their words alone (for counting each patient's items).
 */
interface Lookup {
  query: PatientQuery;
  patients: RawBuilder<unknown>;
  patientsOnly?: boolean;
}

/** The inbox's order: emergencies, then possible ones, then the soonest due; the id breaks ties. */
const LIST_ORDER = sql`work_item.emergency desc, work_item.possible_emergency desc, work_item.due_at, work_item.id`;

/** While the box names patients: their items first, patient by patient (by name), each in LIST_ORDER. */
function lookupOrder(lookup: Lookup) {
  const ofPatients = sql`(work_item.patient_id IN ${lookup.patients})`;
  return sql`${ofPatients} desc, CASE WHEN ${ofPatients} THEN patient.family_key END, CASE WHEN ${ofPatients} THEN patient.given_key END, CASE WHEN ${ofPatients} THEN work_item.patient_id END, ${LIST_ORDER}`;
}

/**
 * The rows a view and its filters select. Each view's predicate leads with the columns of one of
 * migration 5's urgency indexes (owner, pool, or open-state first), so the list's order is read
 * off the index rather than sorted.
 */
function selection(
  db: Kysely<DB>,
  query: Omit<InboxQuery, 'offset' | 'limit'>,
  ctx: InboxContext,
  lookup: Lookup | null = null,
) {
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
  const isOpen = filters.status === 'open' ? 1 : 0;
  // A lookup names a few items: they are read by id, and the unary + keeps SQLite from walking
  // the whole view on the urgency index instead (it has no statistics to know better).
  q =
    lookup === null ? q.where('work_item.is_open', '=', isOpen) : q.where(sql<boolean>`+work_item.is_open = ${isOpen}`);
  if (filters.workTypes.length > 0) q = q.where('work_item.work_type', 'in', filters.workTypes);
  if (filters.priorities.length > 0) q = q.where('work_item.priority', 'in', filters.priorities);
  if (filters.due === 'overdue') q = q.where('work_item.due_at', '<', ctx.now);
  if (filters.due === 'near-due') {
    q = q.where('work_item.due_at', '>=', ctx.now).where('work_item.due_at', '<', ctx.now + NEAR_DUE_MS);
  }
  if (filters.unassignedOnly) q = q.where(sql<boolean>`work_item.owner_type is not 'person'`);
  const match = searchExpression(query.search);
  if (lookup !== null) {
    // One IN over a compound subquery, not an OR of two: SQLite then reads the few ids it names
    // off the primary key instead of walking every item of the view to test both sides.
    const ofPatients = sql`SELECT found.id FROM work_item AS found WHERE found.patient_id IN ${lookup.patients}`;
    q =
      match === null || lookup.patientsOnly === true
        ? q.where(sql<boolean>`work_item.id IN (${ofPatients})`)
        : q.where(
            sql<boolean>`work_item.id IN (${ofPatients} UNION SELECT work_item_id FROM item_search WHERE item_search MATCH ${match})`,
          );
  } else if (match !== null) {
    q = q.where('work_item.id', 'in', (eb) =>
      eb
        .selectFrom('item_search')
        .select('item_search.work_item_id')
        .where(sql<boolean>`item_search MATCH ${match}`),
    );
  }
  return q;
}

const textMatches = (match: string) => sql`(SELECT work_item_id FROM item_search WHERE item_search MATCH ${match})`;

/**
 * One page of the inbox: emergencies first, then possible emergencies, then soonest due. An item without a due time sorts
 * before the dated ones: SQLite puts NULL lowest, which keeps the order on the index, and such an
 * item needs a person's eyes anyway.
 */
export function inboxPageQuery(db: Kysely<DB>, query: InboxQuery, ctx: InboxContext) {
  return withSummaryColumns(selection(db, query, ctx), ctx.now)
    .orderBy(LIST_ORDER)
    .limit(query.limit)
    .offset(query.offset);
}

/**
 * A page while the search box names patients: the found patients' items first, patient by patient
 * (by name, as `lookupGroups` lists them), each patient's in the inbox's usual order; then the items
 * whose words alone matched, in that order too. Each row says which of the two brought it.
 */
function lookupPageQuery(db: Kysely<DB>, query: InboxQuery, ctx: InboxContext, lookup: Lookup) {
  const match = searchExpression(query.search);
  const ofPatients = sql<number>`(work_item.patient_id IN ${lookup.patients})`;
  return withSummaryColumns(selection(db, query, ctx, lookup), ctx.now)
    .select(ofPatients.as('patient_match'))
    .select((match === null ? sql<number>`0` : sql<number>`(work_item.id IN ${textMatches(match)})`).as('text_match'))
    .orderBy(lookupOrder(lookup))
    .limit(query.limit)
    .offset(query.offset);
}

/**
 * The patients the search box names that have items in this view (its scope and filters: a
 * patient with nothing here is not named), in list order, with where each one's items start.
 */
async function lookupGroups(
  db: Kysely<DB>,
  query: InboxQuery,
  ctx: InboxContext,
  lookup: Lookup,
): Promise<PatientLookup['patients']> {
  const rows = await selection(db, query, ctx, { ...lookup, patientsOnly: true })
    .innerJoin('patient', 'patient.id', 'work_item.patient_id')
    .select([
      'patient.id',
      'patient.display_name',
      'patient.birth_date',
      'patient.family_key',
      'patient.given_key',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy('patient.id')
    .orderBy('patient.family_key')
    .orderBy('patient.given_key')
    .orderBy('patient.id')
    .execute();
  let firstIndex = 0;
  return rows.map((row) => {
    const group = {
      patientId: row.id,
      name: row.display_name,
      birthDate: row.birth_date,
      matchedBy: matchedBy(lookup.query, row),
      count: Number(row.n),
      firstIndex,
    };
    firstIndex += group.count;
    return group;
  });
}

const SEARCH_MATCH: Record<number, SearchMatch> = { 1: 'text', 2: 'patient', 3: 'both' };

/**
 * Where one item sits in the list's order (0-based), or null when the view and its filters leave
 * it out: the page's selection follows the item, not the row, and its row may be on a page not
 * loaded. The order is inboxPageQuery's, as a window over the same selection.
 */
async function positionOf(
  db: Kysely<DB>,
  query: InboxQuery,
  ctx: InboxContext,
  id: string,
  lookup: Lookup | null,
): Promise<number | null> {
  const order = lookup === null ? LIST_ORDER : lookupOrder(lookup);
  const ranked = selection(db, query, ctx, lookup)
    .leftJoin('patient', 'patient.id', 'work_item.patient_id')
    .select(['work_item.id as id', sql<number>`row_number() over (order by ${order})`.as('n')]);
  const row = await db.selectFrom(ranked.as('ranked')).select('n').where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : Number(row.n) - 1;
}

export async function listInbox(db: Kysely<DB>, query: InboxQuery, ctx: InboxContext): Promise<InboxPage> {
  if (query.view.kind !== 'pool' && query.view.kind !== 'all' && ctx.userId === null) {
    return query.find === undefined ? { total: 0, items: [] } : { total: 0, items: [], position: null };
  }
  try {
    const patientQuery = parsePatientQuery(query.search, ctx.now);
    let lookup: Lookup | null =
      patientQuery === null ? null : { query: patientQuery, patients: matchingPatients(patientQuery) };
    // The patients' groups decide whether this is a lookup at all: with no patient found in the
    // view, the words are searched as text exactly as they always were.
    const groups = lookup === null ? [] : await lookupGroups(db, query, ctx, lookup);
    if (groups.length === 0) lookup = null;
    const total = await selection(db, query, ctx, lookup)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows =
      lookup === null
        ? (await inboxPageQuery(db, query, ctx).execute()).map((row) => ({ ...row, patient_match: 0, text_match: 0 }))
        : await lookupPageQuery(db, query, ctx, lookup).execute();
    const items = rows.map((row) => {
      const summary = toSummary(row);
      if (lookup === null) return summary;
      const searchMatch = SEARCH_MATCH[Number(row.patient_match) * 2 + Number(row.text_match)] ?? 'text';
      return { ...summary, searchMatch };
    });
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
    if (query.find !== undefined) page.position = await positionOf(db, query, ctx, query.find, lookup);
    if (lookup === null || patientQuery === null || query.offset !== 0) return page;
    const inGroups = groups.reduce((sum, g) => sum + g.count, 0);
    page.lookup = {
      readAs: describePatientQuery(patientQuery, query.search),
      patients: groups,
      textMatches: Number(total.n) - inGroups,
    };
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
