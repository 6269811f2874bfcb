import type { Bundle, Communication, DiagnosticReport, Observation, Resource, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { HOLD_REASON_SYSTEM, HOLD_REVIEW_EXT, OBSERVATION_INTERPRETATION } from '../../domain/fhir/codes';
import { isHeldFromPatient } from '../../simulator/held-results';
import { validateFhirResource } from '../../simulator/validation';
import { OPEN_STATUSES } from '../../shared/work-item';
import type { TaskStatus } from '../../shared/work-item';
import { PROVIDERS_ONLY } from '../outbox/action-guards';
import { FhirWriter } from '../outbox/fhir-writer';
import { pushOutbox } from '../outbox/pusher';
import { ActionRejectedError, recordAction } from '../outbox/record-action';
import { getJson, history, repliesOnServer } from '../outbox/test-support/portal-reads';
import { syncOnce } from '../sync/sync-engine';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { staffWithRole } from '../outbox/test-support/nurses-clinic';

/*
 * Issue 8, first part: a provider's release or hold of a result reaches the portal as one
 * transaction (the hold label off the report and its values, the Task completed, the patient's
 * "New Result" notice), exactly once; a hold needs a documented reason and a review date.
 */

const NOW = new Date('2026-11-25T12:00:00.000Z');
const clinic = generateClinic({ seed: 21, now: NOW, size: 'small' });
const resources = withOneHeldCritical(clinic.resources);
const withRole = (code: string) => staffWithRole(clinic.resources, code);
const [PCM] = withRole('pcm') as [string];
const [NURSE] = withRole('nurse') as [string];

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function syncedClinic(): Promise<SyncHarness> {
  h = await startSyncHarness(resources, { validate: true });
  await syncOnce({ db: h.db, client: h.client() });
  return h;
}

/**
 * The clinic with the first open, held lab report given a critical value: a generated clinic has one
 * only by chance, and the generator's draws shift whenever its wording changes.
 */
function withOneHeldCritical(generated: readonly Resource[]): Resource[] {
  const copy = structuredClone(generated) as Resource[];
  const byRef = new Map(copy.map((r) => [`${r.resourceType}/${r.id ?? ''}`, r]));
  const report = copy
    .filter((r): r is Task => r.resourceType === 'Task' && OPEN_STATUSES.includes(r.status as TaskStatus))
    .map((t) => byRef.get(t.focus?.reference ?? ''))
    .find(
      (r): r is DiagnosticReport =>
        r?.resourceType === 'DiagnosticReport' && isHeldFromPatient(r) && (r.result?.length ?? 0) > 0,
    );
  const value = byRef.get(report?.result?.[0]?.reference ?? '') as Observation | undefined;
  if (value === undefined) throw new Error('the clinic has no open, held lab report to make critical');
  value.interpretation = [{ coding: [{ system: OBSERVATION_INTERPRETATION, code: 'HH' }] }];
  return copy;
}

/** An open result awaiting release, whose report is still held and has values; with a critical value, or none. */
async function heldResult(harness: SyncHarness, critical = false): Promise<{ id: string; report: string }> {
  const rows = await harness.db
    .selectFrom('work_item')
    .innerJoin('diagnostic_report', 'diagnostic_report.id', 'work_item.focus_id')
    .select(['work_item.id', 'work_item.focus_id'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('report_result')
            .innerJoin('observation', 'observation.id', 'report_result.observation_id')
            .select('observation.id')
            .whereRef('report_result.report_id', '=', 'diagnostic_report.id')
            .where('observation.flag', 'in', ['HH', 'LL']),
        )
        .as('critical'),
    )
    .where('work_item.work_type', '=', 'result-release')
    .where('work_item.is_open', '=', 1)
    .where('diagnostic_report.held', '=', 1)
    .where((eb) =>
      eb.exists(eb.selectFrom('report_result').select('report_id').whereRef('report_id', '=', 'diagnostic_report.id')),
    )
    .orderBy('work_item.id')
    .execute();
  const row = rows.find((r) => Boolean(r.critical) === critical);
  if (row === undefined) throw new Error(`no held ${critical ? 'critical' : 'non-critical'} result in the clinic`);
  return { id: row.id, report: row.focus_id ?? '' };
}

/** The portal's "call the patient" items about a report. */
async function callTasks(harness: SyncHarness, report: string): Promise<Task[]> {
  const bundle = await getJson<Bundle>(harness, `/Task?_count=1000`);
  return (bundle.entry ?? [])
    .map((e) => e.resource as Task)
    .filter(
      (t) =>
        t.focus?.reference === `DiagnosticReport/${report}` && t.code?.coding?.some((c) => c.code === 'patient-call'),
    );
}

const pushNow = (harness: SyncHarness, fetchImpl?: typeof fetch) =>
  pushOutbox({
    db: harness.db,
    writer: new FhirWriter({ baseUrl: harness.sim.baseUrl, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) }),
    now: () => Date.now() + 86_400_000,
    random: () => 0,
  });

const portalReport = (harness: SyncHarness, id: string) =>
  harness.sim.store.read('DiagnosticReport', id) as DiagnosticReport;

async function notices(harness: SyncHarness, report: string): Promise<Communication[]> {
  const bundle = await getJson<Bundle>(harness, `/Communication?_count=1000`);
  return (bundle.entry ?? [])
    .map((e) => e.resource as Communication)
    .filter(
      (c) => c.about?.some((a) => a.reference === `DiagnosticReport/${report}`) && c.topic?.text === 'New Result',
    );
}

const outboxRow = (harness: SyncHarness, actionId: number) =>
  harness.db
    .selectFrom('outbox_action')
    .select(['state', 'last_error'])
    .where('action_id', '=', actionId)
    .executeTakeFirstOrThrow();

describe('releasing a result', () => {
  it('takes the hold label off the report and its values, completes the Task, and the patient is notified', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness);
    const { actionId, uuid } = await recordAction(harness.db, {
      workItemId: item.id,
      kind: 'release',
      payload: { comment: 'Normal, no action needed.' },
      actor: PCM,
    });
    expect(await pushNow(harness)).toMatchObject({ synced: 1, parked: 0 });
    expect((await outboxRow(harness, actionId)).state).toBe('synced');

    const report = portalReport(harness, item.report);
    expect(isHeldFromPatient(report)).toBe(false);
    for (const ref of report.result ?? []) {
      const id = ref.reference?.replace('Observation/', '') ?? '';
      expect(isHeldFromPatient(harness.sim.store.read('Observation', id) as Observation)).toBe(false);
    }
    const task = harness.sim.store.read('Task', item.id) as Task;
    expect(task).toMatchObject({ status: 'completed', businessStatus: { text: 'Released to patient' } });
    expect(await notices(harness, item.report)).toHaveLength(1);
    const [comment] = await repliesOnServer(harness, uuid);
    expect(comment).toMatchObject({ payload: [{ contentString: 'Normal, no action needed.' }] });
    for (const resource of [report, task, comment!]) expect(() => validateFhirResource(resource)).not.toThrow();
    // The cache holds the portal's released copy.
    const cached = await harness.db
      .selectFrom('diagnostic_report')
      .select('held')
      .where('id', '=', item.report)
      .executeTakeFirstOrThrow();
    expect(cached.held).toBe(0);
  });

  it('released offline with the first answer lost: one release, one notice, one comment', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness);
    const { actionId, uuid } = await recordAction(harness.db, {
      workItemId: item.id,
      kind: 'release',
      payload: { comment: "Let's discuss at your visit." },
      actor: PCM,
    });
    expect(await pushNow(harness, () => Promise.reject(new TypeError('fetch failed')))).toMatchObject({ retrying: 1 });
    let lost = 0;
    const losesFirstAnswer: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST' && lost++ === 0) throw new TypeError('fetch failed: socket hang up');
      return response;
    };
    await pushNow(harness, losesFirstAnswer);
    await pushNow(harness, losesFirstAnswer);
    expect((await outboxRow(harness, actionId)).state).toBe('synced');
    expect(await notices(harness, item.report)).toHaveLength(1);
    expect(await repliesOnServer(harness, uuid)).toHaveLength(1);
    expect((await history(harness, item.id)).filter((v) => v.status === 'completed')).toHaveLength(1);
  });

  it('sends only what is still hidden when the portal released the report some other way meanwhile', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness);
    const { actionId } = await recordAction(harness.db, {
      workItemId: item.id,
      kind: 'release',
      payload: {},
      actor: PCM,
    });
    const current = portalReport(harness, item.report);
    const released: DiagnosticReport = { ...current, meta: { ...current.meta, security: [] } };
    delete released.meta?.security;
    const put = await fetch(`${harness.sim.baseUrl}/DiagnosticReport/${item.report}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(released),
    });
    expect(put.status).toBe(200);
    const reportVersion = portalReport(harness, item.report).meta?.versionId;
    // The report's patch fails its test (the label is gone already); the values' patches go again
    // on their own, and the report is not written a second time.
    expect(await pushNow(harness)).toMatchObject({ parked: 0, synced: 1 });
    expect((await outboxRow(harness, actionId)).state).toBe('synced');
    expect(portalReport(harness, item.report).meta?.versionId).toBe(reportVersion);
    expect(current.result?.length).toBeGreaterThan(0);
    for (const reference of current.result ?? []) {
      const id = (reference.reference ?? '').split('/')[1] ?? '';
      expect(isHeldFromPatient(harness.sim.store.read('Observation', id) as Observation)).toBe(false);
    }
    expect((harness.sim.store.read('Task', item.id) as Task).status).toBe('completed');
  });

  it('only a provider releases or holds', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness);
    await expect(
      recordAction(harness.db, { workItemId: item.id, kind: 'release', payload: {}, actor: NURSE }),
    ).rejects.toThrow(new ActionRejectedError(PROVIDERS_ONLY));
  });
});

describe('holding a result', () => {
  const hold = {
    reason: 'patient-request',
    note: 'Asked by phone on 11/24 to hear it at her 12/3 visit.',
    reviewOn: '2026-12-03',
  };

  it('is refused without a documented reason, a note and a review date ahead, saying every problem', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness);
    const at = new Date('2026-11-25T15:00:00Z');
    await expect(
      recordAction(harness.db, {
        workItemId: item.id,
        kind: 'hold',
        payload: { reason: 'rather-call-first', note: 'call', reviewOn: '2026-11-20' },
        actor: PCM,
        now: at,
      }),
    ).rejects.toThrow(
      /^"rather-call-first" is not a documented reason to hold a result\. .* The note must say why the result is held\. The review date must be after today\.$/,
    );
  });

  it('puts the Task on hold with the coded reason and the review date, and keeps the result held', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness);
    await recordAction(harness.db, {
      workItemId: item.id,
      kind: 'hold',
      payload: hold,
      actor: PCM,
      now: new Date('2026-11-25T15:00:00Z'),
    });
    await pushNow(harness);
    const task = harness.sim.store.read('Task', item.id) as Task;
    expect(task.status).toBe('on-hold');
    expect(task.statusReason?.coding?.[0]).toMatchObject({ system: HOLD_REASON_SYSTEM, code: 'patient-request' });
    expect(task.extension?.find((e) => e.url === HOLD_REVIEW_EXT)?.valueDate).toBe('2026-12-03');
    expect(task.note?.at(-1)?.text).toContain('Asked by phone on 11/24');
    expect(() => validateFhirResource(task)).not.toThrow();
    expect(isHeldFromPatient(portalReport(harness, item.report))).toBe(true);
    expect(await notices(harness, item.report)).toEqual([]);
    // It comes back on its review day (midnight in the clinic's zone, New York by default): due then.
    const row = await harness.db
      .selectFrom('work_item')
      .select(['is_open', 'due_at'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ is_open: 1, due_at: Date.parse('2026-12-03T05:00:00Z') });

    // Later the provider releases it after all: the hold's reason and date go.
    await recordAction(harness.db, { workItemId: item.id, kind: 'release', payload: {}, actor: PCM });
    await pushNow(harness);
    const released = harness.sim.store.read('Task', item.id) as Task;
    expect(released.status).toBe('completed');
    expect(released.statusReason).toBeUndefined();
    expect(released.extension?.some((e) => e.url === HOLD_REVIEW_EXT)).toBe(false);
    expect(isHeldFromPatient(portalReport(harness, item.report))).toBe(false);
  });
});

describe('a critical result', () => {
  it('asks the nursing pool to call the patient, urgently, once, whether it is held and then released', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness, true);
    await recordAction(harness.db, {
      workItemId: item.id,
      kind: 'hold',
      payload: {
        reason: 'preventing-harm',
        note: 'Tell her in person first: she is alone at home this week.',
        reviewOn: '2026-11-30',
      },
      actor: PCM,
      now: new Date('2026-11-25T15:00:00Z'),
    });
    // At once on this desk: the call item is in the Nursing Team's list before anything is sent.
    const local = await harness.db
      .selectFrom('work_item')
      .innerJoin('pool', 'pool.id', 'work_item.pool_id')
      .select(['work_item.priority', 'pool.name'])
      .where('work_item.work_type', '=', 'patient-call')
      .where('work_item.focus_id', '=', item.report)
      .execute();
    expect(local).toEqual([{ priority: 'urgent', name: 'Nursing Team' }]);
    await recordAction(harness.db, { workItemId: item.id, kind: 'release', payload: {}, actor: PCM });
    await pushNow(harness);

    const calls = await callTasks(harness, item.report);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      status: 'requested',
      priority: 'urgent',
      owner: { reference: 'CareTeam/pool-nursing' },
      partOf: [{ reference: `Task/${item.id}` }],
    });
    expect(calls[0]?.note?.[0]?.text).toMatch(/^Critical result \(.+\): .+\. Call the patient today/);
    expect(() => validateFhirResource(calls[0]!)).not.toThrow();
    // The cache holds the portal's call item in place of the placeholder.
    const cached = await harness.db
      .selectFrom('work_item')
      .select('id')
      .where('work_type', '=', 'patient-call')
      .where('focus_id', '=', item.report)
      .execute();
    expect(cached.map((c) => c.id)).toEqual([calls[0]?.id]);
  });

  it('a normal result asks nobody to call, whatever the page sends', async () => {
    const harness = await syncedClinic();
    const item = await heldResult(harness, false);
    // A page (or anything posing as one) asking for an urgent "critical result" call: main judges.
    const forged = { pool: 'CareTeam/pool-nursing', reason: 'Critical result: call the patient today.' };
    await recordAction(harness.db, {
      workItemId: item.id,
      kind: 'release',
      payload: { callPatient: forged },
      actor: PCM,
    });
    const row = await harness.db.selectFrom('outbox_action').select('payload').executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload)).not.toHaveProperty('callPatient');
    await pushNow(harness);
    expect(await callTasks(harness, item.report)).toEqual([]);
    const calls = await harness.db
      .selectFrom('work_item')
      .select('id')
      .where('work_type', '=', 'patient-call')
      .execute();
    expect(calls).toEqual([]);
  });
});
