import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../cache/seed-demo';
import { openTestDatabase } from '../db/test-database';
import { getItemDetail, listInbox, listPools } from './queries';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
beforeAll(async () => {
  cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { seed: 3, now: new Date('2026-11-27T15:00:00Z'), patients: 40, workItems: 120 });
});
afterAll(() => cache.dispose());

const all = { poolId: null, includeClosed: false, offset: 0, limit: 1000 };

describe('listInbox', () => {
  it('lists only open items, soonest due first, with the total', async () => {
    const page = await listInbox(cache.db, all);
    const open = await cache.db.selectFrom('work_item').select('id').where('is_open', '=', 1).execute();
    expect(page.total).toBe(open.length);
    expect(page.items).toHaveLength(open.length);
    expect(page.items.every((i) => ['requested', 'accepted', 'in-progress', 'on-hold'].includes(i.status))).toBe(true);
    const due = page.items.map((i) => i.dueAt ?? -Infinity);
    expect(due).toEqual([...due].sort((a, b) => a - b));
  });

  it('pages without gaps or repeats', async () => {
    const whole = await listInbox(cache.db, all);
    const pages = [];
    for (let offset = 0; offset < whole.total; offset += 7) {
      pages.push(...(await listInbox(cache.db, { ...all, offset, limit: 7 })).items);
    }
    expect(pages.map((i) => i.id)).toEqual(whole.items.map((i) => i.id));
  });

  it('filters by pool, and the pool counts agree with the lists', async () => {
    const pools = await listPools(cache.db);
    expect(pools.map((p) => p.name)).toContain('Nursing Team');
    for (const pool of pools) {
      const page = await listInbox(cache.db, { ...all, poolId: pool.id });
      expect(page.total).toBe(pool.openCount);
      expect(page.items.every((i) => i.poolId === pool.id && i.poolName === pool.name)).toBe(true);
    }
  });

  it('includes closed items when asked', async () => {
    const closed = await cache.db.selectFrom('work_item').select('id').where('is_open', '=', 0).execute();
    expect(closed.length).toBeGreaterThan(0);
    const page = await listInbox(cache.db, { ...all, includeClosed: true });
    expect(page.total).toBe((await listInbox(cache.db, all)).total + closed.length);
  });

  it('names the owner only when a person has claimed the item', async () => {
    const page = await listInbox(cache.db, all);
    for (const item of page.items) {
      expect(item.claimed).toBe(item.ownerName !== null);
      if (item.status === 'requested') expect(item.claimed).toBe(false);
    }
  });
});

describe('getItemDetail', () => {
  const firstOf = async (focusType: string) =>
    cache.db
      .selectFrom('work_item')
      .select('id')
      .where('focus_type', '=', focusType)
      .orderBy('id')
      .executeTakeFirstOrThrow();

  it('gives a message item its thread in order, and the patient beside it', async () => {
    const { id } = await firstOf('Communication');
    const detail = await getItemDetail(cache.db, id);
    expect(detail?.messages.length).toBeGreaterThan(0);
    expect(detail?.messages[0]?.fromPatient).toBe(true);
    const sent = detail?.messages.map((m) => m.sentAt ?? 0) ?? [];
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(detail?.patient?.name).toBe(detail?.item.patientName);
    expect(detail?.medication).toBeNull();
  });

  it('gives a renewal its prescription', async () => {
    const { id } = await firstOf('MedicationRequest');
    const detail = await getItemDetail(cache.db, id);
    expect(detail?.medication?.medication).toBe(detail?.item.subject.replace('Renewal: ', ''));
  });

  it('gives a result its observations, held from the patient', async () => {
    const { id } = await firstOf('DiagnosticReport');
    const detail = await getItemDetail(cache.db, id);
    expect(detail?.result?.held).toBe(true);
    expect(detail?.result?.observations.length).toBeGreaterThan(0);
  });

  it('answers null for an item the cache does not hold', async () => {
    expect(await getItemDetail(cache.db, 'no-such-task')).toBeNull();
  });
});
