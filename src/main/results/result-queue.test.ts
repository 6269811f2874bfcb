import type { DiagnosticReport, Observation, Resource, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLINIC_POLICY } from '../../domain/business-hours/clinic-policy';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { generateClinic } from '../../demo-clinic/generate';
import { LOINC } from '../../domain/fhir/codes';
import { observationSeverity, reportSeverity } from '../../domain/results/flags';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import { DEFAULT_DERIVATION } from '../cache/derivation-config';
import { workItemRow } from '../cache/projections';
import { getItemDetail } from '../inbox/item-detail';
import { listInbox } from '../inbox/queries';
import { listViews } from '../inbox/views';
import { createHandlers } from '../ipc/handlers';
import { RELEASE_NOT_DONE } from '../outbox/action-guards';
import { ActionRejectedError, recordAction } from '../outbox/record-action';
import { staffWithRole } from '../outbox/test-support/nurses-clinic';
import { syncOnce } from '../sync/sync-engine';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { releaseNormalResults } from './release-normal';

/*
 * The results queue as a provider reads it: each report's severity, its values with ranges,
 * flags and the trend of the same test's earlier values, batch release of exactly the normal
 * ones (each its own decision), and "Mark done" refused for a result.
 */

const NOW = new Date('2026-11-25T12:00:00.000Z');
const generated = generateClinic({ seed: 21, now: NOW, size: 'small' });
const byId = <T extends Resource>(type: T['resourceType'], id: string): T =>
  generated.resources.find((r) => r.resourceType === type && r.id === id) as T;
const [PCM, NURSE] = [staffWithRole(generated.resources, 'pcm')[0]!, staffWithRole(generated.resources, 'nurse')[0]!];
const idOf = (reference: string) => reference.replace('Practitioner/', '');

/** An open result item whose report has a numeric LOINC value: the one the trend fixtures are about. */
const traced = (() => {
  for (const task of generated.resources.filter((r): r is Task => r.resourceType === 'Task')) {
    if (task.status !== 'requested' || !task.code?.coding?.some((c) => c.code === 'result-release')) continue;
    const report = byId<DiagnosticReport>('DiagnosticReport', task.focus?.reference?.split('/')[1] ?? '');
    const first = byId<Observation>('Observation', report.result?.[0]?.reference?.split('/')[1] ?? '');
    const code = first.code.coding?.find((c) => c.system === LOINC)?.code;
    if (code !== undefined && first.valueQuantity?.value !== undefined && first.effectiveDateTime !== undefined) {
      return {
        task,
        report,
        first,
        code,
        unit: first.valueQuantity.unit ?? '',
        at: Date.parse(first.effectiveDateTime),
      };
    }
  }
  throw new Error('no open result with a numeric value in the clinic');
})();

const DAY = 86_400_000;
/** Earlier and later values of the same test, and look-alikes the trend must leave out. */
const history: Observation[] = [
  ['hist-1', traced.code, traced.unit, 4.1, -200, 'final', traced.report.subject?.reference],
  ['hist-2', traced.code, traced.unit, 4.3, -100, 'amended', traced.report.subject?.reference],
  ['hist-other-unit', traced.code, 'mg/dL', 90, -150, 'final', traced.report.subject?.reference],
  ['hist-later', traced.code, traced.unit, 9.9, 5, 'final', traced.report.subject?.reference],
  ['hist-withdrawn', traced.code, traced.unit, 7.7, -50, 'entered-in-error', traced.report.subject?.reference],
  ['hist-other-patient', traced.code, traced.unit, 1.1, -60, 'final', 'Patient/someone-else'],
  ['hist-other-test', '0000-0', traced.unit, 2.2, -70, 'final', traced.report.subject?.reference],
].map(([id, code, unit, value, days, status, subject]) => ({
  resourceType: 'Observation',
  id: id as string,
  status: status as Observation['status'],
  code: { coding: [{ system: LOINC, code: code as string }], text: 'Earlier' },
  subject: { reference: subject as string },
  effectiveDateTime: new Date(traced.at + (days as number) * DAY).toISOString(),
  valueQuantity: { value: value as number, unit: unit as string },
}));

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness([...generated.resources, ...history]);
  await syncOnce({ db: h.db, client: h.client() });
});
afterAll(() => h.dispose());

const resultsView = (userId: string) =>
  listInbox(
    h.db,
    { view: { kind: 'results' }, filters: DEFAULT_FILTERS, search: '', offset: 0, limit: 500 },
    { userId, now: NOW.getTime() },
  );

/** A PCM whose pools hold open results, both normal and not. */
async function busyPcm(): Promise<{ id: string; rows: Awaited<ReturnType<typeof resultsView>>['items'] }> {
  for (const pcm of staffWithRole(generated.resources, 'pcm').map(idOf)) {
    const { items } = await resultsView(pcm);
    if (items.some((i) => i.severity === 'normal') && items.some((i) => i.severity === 'abnormal')) {
      return { id: pcm, rows: items };
    }
  }
  throw new Error('no PCM with both normal and abnormal open results');
}

describe('the results queue', () => {
  it("lists the open results of the PCM's pools and theirs, each with the severity its values give", async () => {
    const { id, rows } = await busyPcm();
    const views = await listViews(h.db, id, NOW.getTime());
    expect(views.resultsCount).toBe(rows.length);
    expect(rows.every((r) => r.workType === 'result-release')).toBe(true);
    for (const row of rows.slice(0, 10)) {
      const task = await h.db
        .selectFrom('work_item')
        .select('focus_id')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      const report = byId<DiagnosticReport>('DiagnosticReport', task.focus_id ?? '');
      const values = (report.result ?? []).map((r) =>
        byId<Observation>('Observation', r.reference?.split('/')[1] ?? ''),
      );
      expect(row.severity).toBe(reportSeverity(values));
    }
  });

  it('shows each value with its range and flag, and the trend of only the same test, unit and patient, earlier, not withdrawn', async () => {
    const detail = await getItemDetail(h.db, traced.task.id ?? '', { now: NOW.getTime(), userId: idOf(PCM) });
    const review = detail?.resultReview;
    expect(review).toBeTruthy();
    expect(review!.reportId).toBe(traced.report.id);
    expect(review!.held).toBe(true);
    expect(review!.canRelease).toBe(true);
    expect(review!.holdReasons.map((r) => r.code)).toEqual(['preventing-harm', 'patient-request', 'consent-required']);
    expect(review!.today).toBe('2026-11-25');
    expect(review!.values).toHaveLength(traced.report.result?.length ?? 0);
    const first = review!.values.find((v) => v.id === traced.first.id)!;
    expect(first).toMatchObject({
      loinc: traced.code,
      numeric: traced.first.valueQuantity?.value,
      unit: traced.unit,
      severity: observationSeverity(traced.first),
    });
    expect(first.range?.text).toMatch(/\d/);
    // The demo's own earlier results of this test may be there too; the fixtures' look-alikes never.
    const previousValues = first.trend.previous.map((p) => p.value);
    expect(previousValues).toEqual(expect.arrayContaining([4.1, 4.3]));
    for (const excluded of [90, 9.9, 7.7, 1.1, 2.2]) expect(previousValues).not.toContain(excluded);
    expect(first.trend.previous.every((p) => p.at < traced.at)).toBe(true);
    expect(first.trend.summary).toMatch(/^(normal|abnormal|critical|unknown), (stable|rising|falling)$/);
    expect(detail!.closable).toEqual({ ok: false, reason: RELEASE_NOT_DONE });
    const asNurse = await getItemDetail(h.db, traced.task.id ?? '', { now: NOW.getTime(), userId: idOf(NURSE) });
    expect(asNurse?.resultReview?.canRelease).toBe(false);
  });

  it('refuses "Mark done" on a result: it closes by release or a documented hold', async () => {
    await expect(
      recordAction(h.db, { workItemId: traced.task.id ?? '', kind: 'done', payload: {}, actor: PCM }),
    ).rejects.toThrow(new ActionRejectedError(RELEASE_NOT_DONE));
  });

  it('batch release releases exactly the normal ones, each its own action and audit row, with the comment', async () => {
    const { id, rows } = await busyPcm();
    const normal = rows.filter((r) => r.severity === 'normal').map((r) => r.id);
    const other = rows.filter((r) => r.severity !== 'normal').map((r) => r.id);
    // Normal, but on hold or claimed by someone else: set aside, never released by a batch.
    const states = await h.db
      .selectFrom('work_item')
      .select(['work_item.id', 'work_item.status', 'work_item.owner_type', 'work_item.owner_id'])
      .where('work_item.id', 'in', normal)
      .execute();
    const setAside = new Set(
      states.filter((s) => s.status === 'on-hold' || (s.owner_type === 'person' && s.owner_id !== id)).map((s) => s.id),
    );
    const releasable = normal.filter((n) => !setAside.has(n));
    expect(releasable.length).toBeGreaterThan(0);
    const outcome = await releaseNormalResults(h.db, [...normal, other[0]!, 'not-an-item'], {
      actor: `Practitioner/${id}`,
      comment: 'Your results are normal.',
    });
    expect(outcome.released.map((r) => r.id).sort()).toEqual([...releasable].sort());
    expect(new Set(outcome.released.map((r) => r.actionId)).size).toBe(releasable.length);
    expect(outcome.skipped).toEqual([
      ...normal
        .filter((n) => setAside.has(n))
        .map((n) => ({ id: n, reason: expect.stringMatching(/^(On hold|Claimed by)/) as string })),
      {
        id: other[0],
        reason: expect.stringMatching(/^Not normal \((abnormal|critical|unknown)\): .+Open it to decide\.$/) as string,
      },
      { id: 'not-an-item', reason: 'Not in the local cache.' },
    ]);
    const actions = await h.db
      .selectFrom('outbox_action')
      .select(['work_item_id', 'kind', 'payload'])
      .where('work_item_id', 'in', normal)
      .execute();
    expect(actions).toHaveLength(releasable.length);
    expect(actions.every((a) => a.kind === 'release' && a.payload.includes('Your results are normal.'))).toBe(true);
    const audits = await h.db
      .selectFrom('audit_log')
      .select('work_item_id')
      .where('work_item_id', 'in', normal)
      .execute();
    // One audit row per release; a set-aside result is left untouched, the refusal is the batch's answer.
    expect(audits).toHaveLength(releasable.length);
    // Asked again, the same items are already decided.
    const again = await releaseNormalResults(h.db, releasable.slice(0, 1), { actor: `Practitioner/${id}` });
    expect(again.released).toEqual([]);
    expect(again.skipped[0]?.reason).toMatch(/^Already decided/);
  });

  it('refuses batch release to anyone without the PCM role, at the handler', async () => {
    const handlers = createHandlers({
      db: h.db,
      appInfo: () => {
        throw new Error('unused');
      },
      openExternal: async () => {},
      sync: null,
      user: () => Promise.resolve({ id: idOf(NURSE), reference: NURSE, name: 'A nurse' }),
      now: () => NOW.getTime(),
      onLocalChange: () => {},
    });
    await expect(handlers['results:release-normal']({ ids: [traced.task.id ?? ''] })).rejects.toThrow(
      /Only a provider \(PCM\) can release or hold a result/,
    );
  });
});

describe("the clinic's auto-release policy", () => {
  const policy: ClinicPolicy = { ...DEFAULT_CLINIC_POLICY, resultAutoRelease: { after: { businessHours: 8 } } };

  it('brings a result due before the portal would release it by itself, and says when that is', async () => {
    const task = { ...traced.task, id: traced.task.id ?? '', priority: 'routine' as const };
    const plain = workItemRow(task, DEFAULT_DERIVATION);
    const capped = workItemRow(task, { ...DEFAULT_DERIVATION, policy });
    expect(capped.due_at).not.toBeNull();
    expect(capped.due_at!).toBeLessThan(plain.due_at!);
    const detail = await getItemDetail(h.db, traced.task.id ?? '', { now: NOW.getTime(), userId: idOf(PCM), policy });
    expect(detail?.resultReview?.autoReleaseAt).toBe(capped.due_at);
    expect(detail?.due?.target).toMatch(/before the portal releases it by itself after 8 business hours/);
    // A message's due time is the clinic's target alone.
    const message = { ...task, code: { coding: [{ ...task.code!.coding![0]!, code: 'respond-to-message' }] } };
    expect(workItemRow(message, { ...DEFAULT_DERIVATION, policy }).due_at).toBe(
      workItemRow(message, DEFAULT_DERIVATION).due_at,
    );
  });
});
