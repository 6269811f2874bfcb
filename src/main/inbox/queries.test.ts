import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, NEAR_DUE_MS } from '../../shared/work-item';
import type { InboxFilters, InboxView, WorkItemSummary } from '../../shared/work-item';
import { seedDemoClinic } from '../cache/seed-demo';
import { openTestDatabase } from '../db/test-database';
import { inboxPageQuery, listInbox, listViews } from './queries';
import type { InboxContext } from './queries';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
const NOW = Date.parse('2026-11-27T15:00:00Z');
/** Leads the Nursing Team in the demo roster. */
const LEAD = 'rn-harper';
let nurse: string;
let ctx: InboxContext;

beforeAll(async () => {
  cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { seed: 3, now: new Date(NOW), patients: 40, workItems: 120 });
  // A nurse of the Nursing Team who leads nothing, with three items claimed.
  const member = await cache.db
    .selectFrom('pool_member')
    .select('practitioner_id')
    .where('pool_id', '=', 'pool-nursing')
    .where('lead', '=', 0)
    .orderBy('practitioner_id')
    .executeTakeFirstOrThrow();
  nurse = member.practitioner_id;
  ctx = { userId: nurse, now: NOW };
  const open = await cache.db.selectFrom('work_item').select('id').where('is_open', '=', 1).orderBy('id').execute();
  await cache.db
    .updateTable('work_item')
    .set({ owner_type: 'person', owner_id: nurse, owner_display: null })
    .where(
      'id',
      'in',
      open.slice(0, 3).map((r) => r.id),
    )
    .execute();
});
afterAll(() => cache.dispose());

const all: { view: InboxView; filters: InboxFilters; search: string; offset: number; limit: number } = {
  view: { kind: 'all' },
  filters: DEFAULT_FILTERS,
  search: '',
  offset: 0,
  limit: 1000,
};
const withFilters = (filters: Partial<InboxFilters>) => ({ ...all, filters: { ...DEFAULT_FILTERS, ...filters } });
const openRows = () => cache.db.selectFrom('work_item').selectAll().where('is_open', '=', 1).execute();
const urgencyOrder = (items: WorkItemSummary[]) =>
  items.map((i) => [i.emergency === null ? 1 : 0, i.dueAt ?? -Infinity, i.id] as const);
const sorted = <T extends readonly [number, number, string]>(keys: T[]) =>
  [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));

describe('listInbox', () => {
  it('lists open items of every pool, emergencies first and then soonest due, with the total', async () => {
    const page = await listInbox(cache.db, all, ctx);
    expect(page.total).toBe((await openRows()).length);
    expect(page.items).toHaveLength(page.total);
    expect(page.items.every((i) => ['requested', 'accepted', 'in-progress', 'on-hold'].includes(i.status))).toBe(true);
    expect(urgencyOrder(page.items)).toEqual(sorted(urgencyOrder(page.items)));
  });

  it('pages without gaps or repeats', async () => {
    const whole = await listInbox(cache.db, all, ctx);
    const pages = [];
    for (let offset = 0; offset < whole.total; offset += 7) {
      pages.push(...(await listInbox(cache.db, { ...all, offset, limit: 7 }, ctx)).items);
    }
    expect(pages.map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
  });

  it('shows "my items": open items claimed by the user, and none when nobody is signed in', async () => {
    const page = await listInbox(cache.db, { ...all, view: { kind: 'mine' } }, ctx);
    const rows = (await openRows()).filter((r) => r.owner_type === 'person' && r.owner_id === nurse);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(page.items.map((i) => i.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(page.items.every((i) => i.claimed)).toBe(true);
    expect(await listInbox(cache.db, { ...all, view: { kind: 'mine' } }, { userId: null, now: NOW })).toEqual({
      total: 0,
      items: [],
    });
  });

  it('shows a lead the overdue open items of their pools, named as escalated to them', async () => {
    const lead = await cache.db
      .selectFrom('practitioner')
      .select('display_name')
      .where('id', '=', LEAD)
      .executeTakeFirstOrThrow();
    // Make sure there is something overdue in the lead's pool, and something not yet due.
    const nursing = (await openRows()).filter((r) => r.pool_id === 'pool-nursing');
    expect(nursing.length).toBeGreaterThan(2);
    await cache.db
      .updateTable('work_item')
      .set({ due_at: NOW - 3_600_000 })
      .where('id', '=', nursing[0]!.id)
      .execute();
    await cache.db
      .updateTable('work_item')
      .set({ due_at: NOW + 86_400_000 })
      .where('id', '=', nursing[1]!.id)
      .execute();

    const page = await listInbox(cache.db, { ...all, view: { kind: 'escalated' } }, { userId: LEAD, now: NOW });
    const expected = (await openRows()).filter(
      (r) => r.pool_id === 'pool-nursing' && r.due_at !== null && r.due_at < NOW,
    );
    expect(page.items.map((i) => i.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(page.items.every((i) => i.escalatedTo === lead.display_name)).toBe(true);
    // Only for leads: a nurse who leads nothing has no escalated items.
    expect((await listInbox(cache.db, { ...all, view: { kind: 'escalated' } }, ctx)).total).toBe(0);
    // Not overdue: not escalated.
    const later = await listInbox(cache.db, { ...all, view: { kind: 'pool', poolId: 'pool-nursing' } }, ctx);
    expect(later.items.find((i) => i.id === nursing[1]!.id)?.escalatedTo).toBeNull();
  });

  it('filters by type, priority, status, due and owner', async () => {
    const rows = await openRows();
    const byType = await listInbox(cache.db, withFilters({ workTypes: ['refill-request', 'renewal-request'] }), ctx);
    expect(byType.total).toBe(rows.filter((r) => ['refill-request', 'renewal-request'].includes(r.work_type)).length);
    expect(byType.total).toBeGreaterThan(0);

    const urgent = await listInbox(cache.db, withFilters({ priorities: ['urgent', 'asap', 'stat'] }), ctx);
    expect(urgent.total).toBe(rows.filter((r) => r.priority !== 'routine').length);

    const overdue = await listInbox(cache.db, withFilters({ due: 'overdue' }), ctx);
    expect(overdue.total).toBe(rows.filter((r) => r.due_at !== null && r.due_at < NOW).length);
    expect(overdue.total).toBeGreaterThan(0);
    const near = await listInbox(cache.db, withFilters({ due: 'near-due' }), ctx);
    expect(near.items.every((i) => i.dueAt !== null && i.dueAt >= NOW && i.dueAt < NOW + NEAR_DUE_MS)).toBe(true);
    expect(near.total).toBe(
      rows.filter((r) => r.due_at !== null && r.due_at >= NOW && r.due_at < NOW + NEAR_DUE_MS).length,
    );

    const unassigned = await listInbox(cache.db, withFilters({ unassignedOnly: true }), ctx);
    expect(unassigned.total).toBe(rows.filter((r) => r.owner_type !== 'person').length);
    expect(unassigned.items.every((i) => !i.claimed)).toBe(true);

    const closed = await listInbox(cache.db, withFilters({ status: 'closed' }), ctx);
    const closedRows = await cache.db.selectFrom('work_item').select('id').where('is_open', '=', 0).execute();
    expect(closed.total).toBe(closedRows.length);
    expect(closed.total).toBeGreaterThan(0);
  });

  it('puts an emergency first, marked with its kind and acknowledgement', async () => {
    const rows = await openRows();
    const latest = rows.reduce((a, b) => ((a.due_at ?? 0) > (b.due_at ?? 0) ? a : b));
    await cache.db
      .updateTable('work_item')
      .set({ emergency: 1, emergency_kind: 'crisis' })
      .where('id', '=', latest.id)
      .execute();
    const page = await listInbox(cache.db, { ...all, limit: 1 }, ctx);
    expect(page.items[0]).toMatchObject({
      id: latest.id,
      emergency: { kind: 'crisis', acknowledgedAt: null, acknowledgedBy: null, acknowledgedHow: null },
    });
    await cache.db
      .updateTable('work_item')
      .set({ emergency_ack_at: NOW, emergency_ack_by: `Practitioner/${LEAD}`, emergency_ack_how: 'call' })
      .where('id', '=', latest.id)
      .execute();
    const acknowledged = (await listInbox(cache.db, { ...all, limit: 1 }, ctx)).items[0];
    expect(acknowledged?.emergency).toMatchObject({ acknowledgedAt: NOW, acknowledgedHow: 'call' });
    expect(acknowledged?.emergency?.acknowledgedBy).toMatch(/\S/);
    expect(acknowledged?.emergency?.acknowledgedBy).not.toContain('Practitioner/');
  });

  it('finds items by words of the subject or of any message, as the person types', async () => {
    await cache.db
      .insertInto('item_search')
      .values({
        work_item_id: 'task-00005',
        subject: 'Question',
        body: 'My knee swelling is worse after physiotherapy',
      })
      .execute();
    const found = await listInbox(cache.db, { ...all, search: 'knee swel' }, ctx);
    expect(found.items.map((i) => i.id)).toContain('task-00005');
    expect((await listInbox(cache.db, { ...all, search: 'KNEE, Swelling!' }, ctx)).items.map((i) => i.id)).toContain(
      'task-00005',
    );
    expect((await listInbox(cache.db, { ...all, search: 'knee xylophone' }, ctx)).total).toBe(0);
    // FTS5 syntax typed in the box is read as words, never as a query (nor an error).
    for (const search of ['"', 'knee AND', 'NEAR(knee', 'subject:knee', '-knee', '*', 'knee" OR "x', ')(']) {
      const page = await listInbox(cache.db, { ...all, search }, ctx);
      expect(page.items.length, search).toBe(Math.min(page.total, all.limit));
    }
    // Nothing searchable typed: no filter at all.
    expect((await listInbox(cache.db, { ...all, search: ' ?! ' }, ctx)).total).toBe((await openRows()).length);
  });

  it('reads the all-pools, pool, my-items and renewals pages in index order, without a sort', async () => {
    const views: InboxView[] = [
      { kind: 'all' },
      { kind: 'pool', poolId: 'pool-nursing' },
      { kind: 'mine' },
      { kind: 'renewals' },
    ];
    for (const view of views) {
      const compiled = inboxPageQuery(cache.db, { ...all, view, limit: 200 }, ctx).compile();
      const plan = await cache.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]),
      );
      const details = plan.rows.map((r) => r.detail).join('\n');
      expect(details, view.kind).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      expect(details, view.kind).toMatch(/work_item USING INDEX work_item_(open|pool|owner)_by_urgency/);
    }
  });
});

describe('listViews', () => {
  it('gives a nurse their pools with counts that agree with the lists, and no lead views', async () => {
    const views = await listViews(cache.db, nurse, NOW);
    expect(views.user).toMatchObject({ id: nurse, role: 'nurse' });
    expect(views.escalatedCount).toBeNull();
    expect(views.allCount).toBeNull();
    expect(views.mineCount).toBe((await listInbox(cache.db, { ...all, view: { kind: 'mine' } }, ctx)).total);
    const memberships = await cache.db
      .selectFrom('pool_member')
      .select('pool_id')
      .where('practitioner_id', '=', nurse)
      .execute();
    expect(views.pools.map((p) => p.id).sort()).toEqual(memberships.map((m) => m.pool_id).sort());
    for (const pool of views.pools) {
      const page = await listInbox(cache.db, { ...all, view: { kind: 'pool', poolId: pool.id } }, ctx);
      expect(pool.openCount).toBe(page.total);
      expect(pool.overdueCount).toBe(page.items.filter((i) => i.dueAt !== null && i.dueAt < NOW).length);
      expect(pool.member).toBe(true);
      expect(pool.members.map((m) => m.id)).toContain(nurse);
    }
    const nursing = views.pools.find((p) => p.id === 'pool-nursing');
    expect(nursing?.leadName).toMatch(/\S/);
    const active = await cache.db.selectFrom('pool').select('id').where('active', '=', 1).execute();
    expect(views.routeTargets).toHaveLength(active.length);
  });

  it('gives a lead every pool, the escalated and all-pools counts, and unacknowledged emergencies', async () => {
    const views = await listViews(cache.db, LEAD, NOW);
    const active = await cache.db.selectFrom('pool').select('id').where('active', '=', 1).execute();
    expect(views.pools).toHaveLength(active.length);
    expect(views.allCount).toBe((await listInbox(cache.db, all, { userId: LEAD, now: NOW })).total);
    expect(views.escalatedCount).toBe(
      (await listInbox(cache.db, { ...all, view: { kind: 'escalated' } }, { userId: LEAD, now: NOW })).total,
    );
    expect(views.escalatedCount).toBeGreaterThan(0);
    const open = await openRows();
    for (const pool of views.pools) {
      expect(pool.emergencyCount).toBe(
        open.filter((r) => r.pool_id === pool.id && r.emergency === 1 && r.emergency_ack_at === null).length,
      );
    }
  });

  it('shows every pool when nobody is signed in', async () => {
    const views = await listViews(cache.db, null, NOW);
    expect(views.user).toBeNull();
    expect(views.mineCount).toBe(0);
    expect(views.escalatedCount).toBeNull();
    expect(views.pools.length).toBe(views.routeTargets.length);
  });
});
