import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POOL_LEADS, POOLS, poolId } from '../../demo-clinic/staff';
import { openTestDatabase } from '../db/test-database';
import { seedDemoClinic } from './seed-demo';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
beforeAll(async () => {
  cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { now: new Date('2026-11-18T15:00:00Z') });
});
afterAll(() => cache.dispose());

const count = async (query: string) => (await sql<{ n: number }>`${sql.raw(query)}`.execute(cache.db)).rows[0]?.n ?? -1;

describe('the demo clinic in the cache', () => {
  it('has one lead per pool, the one the clinic names', async () => {
    const leads = await cache.db
      .selectFrom('pool_member')
      .select(['pool_id', 'practitioner_id'])
      .where('lead', '=', 1)
      .execute();
    expect(leads.sort((a, b) => a.pool_id.localeCompare(b.pool_id))).toEqual(
      POOLS.map((p) => ({ pool_id: poolId(p.key), practitioner_id: POOL_LEADS[p.key] })).sort((a, b) =>
        a.pool_id.localeCompare(b.pool_id),
      ),
    );
  });

  it('derives triage, due times, emergencies and a search row for every item', async () => {
    const items = await count('SELECT count(*) AS n FROM work_item');
    expect(items).toBeGreaterThan(100);
    expect(await count('SELECT count(*) AS n FROM item_search')).toBe(items);
    expect(await count(`SELECT count(*) AS n FROM work_item WHERE due_policy = 'default-1'`)).toBe(items);
    expect(await count(`SELECT count(*) AS n FROM message WHERE sender_type = 'Patient' AND triage IS NULL`)).toBe(0);
    // Every emergency message lands on its item (the small clinic's seed may hold none; the unit tests make them).
    expect(
      await count(`SELECT count(*) AS n FROM work_item w WHERE w.emergency = 0 AND EXISTS
        (SELECT 1 FROM message m WHERE m.thread_id = w.focus_id AND w.focus_type = 'Communication' AND m.emergency = 1)`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*) AS n FROM work_item WHERE focus_type = 'Communication' AND category IS NULL
        AND EXISTS (SELECT 1 FROM message m WHERE m.thread_id = focus_id AND m.triage IS NOT NULL)`),
    ).toBe(0);
  });

  it('projects the chart beside an item: allergies, problems, past and booked visits', async () => {
    expect(await count('SELECT count(*) AS n FROM allergy')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM problem')).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM visit WHERE resource_type = 'Encounter'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM visit WHERE resource_type = 'Appointment'`)).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM visit WHERE patient_id IS NULL OR clinician IS NULL')).toBe(0);
  });

  it('gives every renewal request its facts: the last fill, and blood pressures by LOINC code', async () => {
    // The prescription behind each renewal request has been filled at least once.
    expect(
      await count(`SELECT count(*) AS n FROM work_item w WHERE w.work_type = 'renewal-request'
        AND NOT EXISTS (SELECT 1 FROM medication_dispense d WHERE d.prescription_id = w.focus_id)`),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM medication_dispense WHERE handed_over_at IS NULL')).toBe(0);
    const pressures = await cache.db
      .selectFrom('observation')
      .select(['value_text', 'patient_id'])
      .where('code', '=', '85354-9')
      .execute();
    expect(pressures.length).toBeGreaterThan(100);
    for (const bp of pressures) expect(bp.value_text).toMatch(/^\d{2,3}\/\d{2,3} mm\[Hg\]$/);
    expect(await count('SELECT count(*) AS n FROM observation WHERE code IS NULL')).toBe(0);
  });
});
