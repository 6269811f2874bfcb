import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../cache/seed-demo';
import { openTestDatabase } from '../db/test-database';
import { MAX_SINGLE_NOTIFICATIONS, raiseAlerts } from './alerts';
import type { DeskNotification } from './notifier';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
const NOW = Date.parse('2026-11-27T15:00:00Z');
const shown: DeskNotification[] = [];
const notifier = { show: (n: DeskNotification) => void shown.push(n) };
let nurse: string;

beforeEach(async () => {
  shown.length = 0;
  cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { seed: 3, now: new Date(NOW), patients: 40, workItems: 120 });
  nurse = (
    await cache.db
      .selectFrom('pool_member')
      .select('practitioner_id')
      .where('pool_id', '=', 'pool-nursing')
      .orderBy('practitioner_id')
      .executeTakeFirstOrThrow()
  ).practitioner_id;
});
afterEach(() => cache.dispose());

const check = (firstLoad = false, userId: string | null = nurse) =>
  raiseAlerts(cache.db, { userId, notifier, now: NOW, firstLoad });
/** Makes every open item routine and not an emergency, so a test controls what is news. */
const calm = () => cache.db.updateTable('work_item').set({ priority: 'routine', emergency: 0 }).execute();
const openIn = (pool: string) =>
  cache.db
    .selectFrom('work_item')
    .select('id')
    .where('pool_id', '=', pool)
    .where('is_open', '=', 1)
    .orderBy('id')
    .execute();

describe('raiseAlerts', () => {
  it("records the backlog of a cache's first load without a notification", async () => {
    // The backlog holds at least one urgent item in the nurse's pool, whatever the generator drew.
    const [first] = await openIn('pool-nursing');
    await cache.db.updateTable('work_item').set({ priority: 'urgent' }).where('id', '=', first!.id).execute();
    const raised = await check(true);
    expect(raised).toBeGreaterThan(0);
    expect(shown).toEqual([]);
    expect(await check(false)).toBe(0);
  });

  it('notifies of an emergency in one of the user pools once, without the patient', async () => {
    await calm();
    await check(true);
    const [item] = await openIn('pool-nursing');
    await cache.db
      .updateTable('work_item')
      .set({ emergency: 1, emergency_kind: 'medical' })
      .where('id', '=', item!.id)
      .execute();
    expect(await check()).toBe(1);
    expect(shown).toEqual([
      {
        title: 'Emergency wording — Nursing Team',
        body: 'A message with emergency wording arrived. Open Triage Desk.',
        itemId: item!.id,
        urgency: 'critical',
      },
    ]);
    const patient = await cache.db
      .selectFrom('work_item')
      .select(['patient_display', 'subject'])
      .where('id', '=', item!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(shown)).not.toContain(patient.patient_display ?? '—');
    expect(JSON.stringify(shown)).not.toContain(patient.subject);
    expect(await check()).toBe(0);
    expect(shown).toHaveLength(1);
  });

  it('notifies again when an item already notified as urgent shows emergency wording', async () => {
    await calm();
    await check(true);
    const [item] = await openIn('pool-nursing');
    await cache.db.updateTable('work_item').set({ priority: 'stat' }).where('id', '=', item!.id).execute();
    await check();
    expect(shown.map((n) => n.title)).toEqual(['STAT item — Nursing Team']);
    await cache.db
      .updateTable('work_item')
      .set({ emergency: 1, emergency_kind: 'crisis' })
      .where('id', '=', item!.id)
      .execute();
    await check();
    expect(shown.map((n) => n.urgency)).toEqual(['normal', 'critical']);
  });

  it('leaves out pools the user is not in, and a desk nobody is signed in to', async () => {
    await calm();
    await check(true);
    const outside = await cache.db
      .selectFrom('work_item')
      .select('id')
      .where('is_open', '=', 1)
      .where('pool_id', 'not in', (eb) =>
        eb.selectFrom('pool_member').select('pool_id').where('practitioner_id', '=', nurse),
      )
      .executeTakeFirstOrThrow();
    await cache.db
      .updateTable('work_item')
      .set({ emergency: 1, emergency_kind: 'medical' })
      .where('id', '=', outside.id)
      .execute();
    expect(await check()).toBe(0);
    expect(await check(false, null)).toBe(0);
    expect(shown).toEqual([]);
  });

  it('sums up more than a few new items in one notification', async () => {
    await calm();
    await check(true);
    const items = (await openIn('pool-nursing')).slice(0, MAX_SINGLE_NOTIFICATIONS + 2);
    expect(items).toHaveLength(MAX_SINGLE_NOTIFICATIONS + 2);
    await cache.db
      .updateTable('work_item')
      .set({ priority: 'urgent' })
      .where(
        'id',
        'in',
        items.map((i) => i.id),
      )
      .execute();
    await cache.db
      .updateTable('work_item')
      .set({ emergency: 1, emergency_kind: 'medical' })
      .where('id', '=', items[0]!.id)
      .execute();
    expect(await check()).toBe(items.length);
    expect(shown).toEqual([
      {
        title: `${items.length} new items — 1 with emergency wording`,
        body: 'In Nursing Team. Open Triage Desk.',
        itemId: null,
        urgency: 'critical',
      },
    ]);
  });
});
