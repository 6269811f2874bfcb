import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoClinic } from '../cache/seed-demo';
import { openTestDatabase } from '../db/test-database';
import { ACKNOWLEDGE_FIRST } from '../outbox/action-guards';
import { getItemDetail } from './item-detail';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
const NOW = Date.parse('2026-11-27T15:00:00Z');
const ctx = { now: NOW };

beforeAll(async () => {
  cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { seed: 3, now: new Date(NOW), patients: 40, workItems: 120 });
});
afterAll(() => cache.dispose());

const firstOf = async (focusType: string) =>
  cache.db
    .selectFrom('work_item')
    .select('id')
    .where('focus_type', '=', focusType)
    .orderBy('id')
    .executeTakeFirstOrThrow();

describe('getItemDetail', () => {
  it('gives a message item its thread in order, and the patient beside it', async () => {
    const { id } = await firstOf('Communication');
    const detail = await getItemDetail(cache.db, id, ctx);
    expect(detail?.messages.length).toBeGreaterThan(0);
    expect(detail?.messages[0]?.fromPatient).toBe(true);
    const sent = detail?.messages.map((m) => m.sentAt ?? 0) ?? [];
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(detail?.patient?.name).toBe(detail?.item.patientName);
    expect(detail?.medication).toBeNull();
  });

  it("shows the patient's allergies, active problems, newest results and last and next visit", async () => {
    // A patient with something in every part of the chart.
    const patient = await cache.db
      .selectFrom('work_item')
      .innerJoin('allergy', 'allergy.patient_id', 'work_item.patient_id')
      .innerJoin('problem', 'problem.patient_id', 'work_item.patient_id')
      .innerJoin('diagnostic_report', 'diagnostic_report.patient_id', 'work_item.patient_id')
      .select(['work_item.id', 'work_item.patient_id'])
      .where('problem.clinical_status', '=', 'active')
      .orderBy('work_item.id')
      .executeTakeFirstOrThrow();
    const patientId = patient.patient_id!;
    // Visits on either side of now, and one that did not happen.
    const rid = (
      await cache.db.selectFrom('fhir_resource').select('rid').orderBy('rid', 'desc').executeTakeFirstOrThrow()
    ).rid;
    const raw = (n: number) => ({
      resource_type: 'Appointment',
      id: `appt-test-${n}`,
      version_id: '1',
      last_updated: '2026-11-01T00:00:00Z',
      last_updated_ms: 0,
      json: '{}',
    });
    for (let n = 1; n <= 4; n++) await cache.db.insertInto('fhir_resource').values(raw(n)).execute();
    const visit = (n: number, startAt: number, status: string) => ({
      id: `appt-test-${n}`,
      resource_type: 'Appointment' as const,
      rid: rid + n,
      patient_id: patientId,
      start_at: startAt,
      status,
      description: `Visit ${n}`,
      clinician: 'Dr Test',
    });
    await cache.db
      .insertInto('visit')
      .values([
        visit(1, NOW + 3 * 86_400_000, 'booked'),
        visit(2, NOW + 86_400_000, 'booked'),
        visit(3, NOW + 3_600_000, 'cancelled'),
        visit(4, NOW - 3_600_000, 'cancelled'),
      ])
      .execute();

    const detail = await getItemDetail(cache.db, patient.id, ctx);
    const context = detail?.patient;
    const allergies = await cache.db
      .selectFrom('allergy')
      .select('substance')
      .where('patient_id', '=', patientId)
      .execute();
    expect(context?.allergies.map((a) => a.substance).sort()).toEqual(allergies.map((a) => a.substance).sort());
    const problems = await cache.db
      .selectFrom('problem')
      .select('name')
      .where('patient_id', '=', patientId)
      .where('clinical_status', '=', 'active')
      .execute();
    expect(context?.problems.map((p) => p.name).sort()).toEqual(problems.map((p) => p.name).sort());

    const results = context?.recentResults ?? [];
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(5);
    const issued = results.map((r) => r.issuedAt ?? 0);
    expect(issued).toEqual([...issued].sort((a, b) => b - a));
    expect(results.every((r) => Array.isArray(r.observations))).toBe(true);

    expect(context?.nextVisit).toMatchObject({ id: 'appt-test-2', kind: 'Appointment', startAt: NOW + 86_400_000 });
    const past = await cache.db
      .selectFrom('visit')
      .select(['id', 'start_at'])
      .where('patient_id', '=', patientId)
      .where('start_at', '<=', NOW)
      .where('status', '!=', 'cancelled')
      .orderBy('start_at', 'desc')
      .executeTakeFirst();
    expect(context?.lastVisit?.id ?? null).toBe(past?.id ?? null);
    expect(context?.lastVisit?.id).not.toBe('appt-test-4');
  });

  it("explains the triage of the thread's first patient message and the due time's target", async () => {
    const row = await cache.db
      .selectFrom('work_item')
      .select(['id', 'category', 'suggested_pool', 'priority', 'due_at'])
      .where('focus_type', '=', 'Communication')
      .where('category', 'is not', null)
      .where('priority', '=', 'routine')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const detail = await getItemDetail(cache.db, row.id, ctx);
    expect(detail?.triage).toMatchObject({
      category: row.category,
      suggestedPool: row.suggested_pool,
      emergency: null,
    });
    expect(detail?.triage?.reasons.length).toBeGreaterThan(0);
    expect(detail?.due).toEqual({ dueAt: row.due_at, target: '3 business days', policyVersion: 'default-1' });
  });

  it('names the referral number of a referral question', async () => {
    const items = await cache.db
      .selectFrom('work_item')
      .select('id')
      .where('work_type', '=', 'referral-status')
      .execute();
    expect(items.length).toBeGreaterThan(0);
    for (const { id } of items) {
      const detail = await getItemDetail(cache.db, id, ctx);
      expect(detail?.referralNumber, id).toMatch(/^(HM|TW)\d{9}$/);
    }
    const { id } = await firstOf('MedicationRequest');
    expect((await getItemDetail(cache.db, id, ctx))?.referralNumber).toBeNull();
  });

  it('refuses to close an emergency until it is acknowledged', async () => {
    const { id } = await firstOf('Communication');
    expect((await getItemDetail(cache.db, id, ctx))?.closable).toEqual({ ok: true });
    await cache.db
      .updateTable('work_item')
      .set({ emergency: 1, emergency_kind: 'medical' })
      .where('id', '=', id)
      .execute();
    const flagged = await getItemDetail(cache.db, id, ctx);
    expect(flagged?.closable).toEqual({ ok: false, reason: ACKNOWLEDGE_FIRST });
    expect(flagged?.item.emergency).toMatchObject({ kind: 'medical', acknowledgedAt: null });
    await cache.db
      .updateTable('work_item')
      .set({ emergency_ack_at: NOW, emergency_ack_by: 'Practitioner/rn-harper', emergency_ack_how: 'reply' })
      .where('id', '=', id)
      .execute();
    expect((await getItemDetail(cache.db, id, ctx))?.closable).toEqual({ ok: true });
  });

  it('gives a renewal its prescription', async () => {
    const { id } = await firstOf('MedicationRequest');
    const detail = await getItemDetail(cache.db, id, ctx);
    expect(detail?.medication?.medication).toBe(detail?.item.subject.replace('Renewal: ', ''));
  });

  it('gives a result its observations, held from the patient', async () => {
    // A lab report with values (an imaging report has none).
    const { id } = await cache.db
      .selectFrom('work_item')
      .select('id')
      .where('focus_type', '=', 'DiagnosticReport')
      .where((eb) =>
        eb.exists(eb.selectFrom('report_result').select('report_id').whereRef('report_id', '=', 'work_item.focus_id')),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const detail = await getItemDetail(cache.db, id, ctx);
    expect(detail?.result?.held).toBe(true);
    expect(detail?.result?.observations.length).toBeGreaterThan(0);
  });

  it('answers null for an item the cache does not hold', async () => {
    expect(await getItemDetail(cache.db, 'no-such-task', ctx)).toBeNull();
  });
});
