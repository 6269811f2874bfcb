import type { Communication, DiagnosticReport, Observation, Task } from '@medplum/fhirtypes';
import { listInbox, listViews } from '../src/main/inbox/queries';
import type { ResultValue } from '../src/shared/results';
import { DEFAULT_FILTERS } from '../src/shared/work-item';
import type { InboxView, WorkItemSummary } from '../src/shared/work-item';
import { axeScan, detail, openView, selectRow, signInAsAnother } from './desk-steps';
import { expect, SEED_NOW, test } from './fixtures';
import type { SyncedAppHarness } from './fixtures';
import type { AppCore } from '../src/main/app-core';

/**
 * Results as a PCM and a nurse see them, each signed in on the embedded demo portal: the PCM whose
 * team has the most normal results waiting batch-releases them with a comment and holds an
 * abnormal one with the network cut (so each decision is seen waiting), and what reaches the
 * portal is checked on the portal itself: labels off, Tasks completed or on hold, one "New Result"
 * notice per report.
 */

/** A view's open rows as main answers it: the same rows, in the same order, as the page lists. */
async function viewRows(core: AppCore, view: InboxView = { kind: 'results' }): Promise<WorkItemSummary[]> {
  const page = await core.handlers['inbox:list']({
    view,
    filters: { ...DEFAULT_FILTERS, status: 'open' },
    search: '',
    offset: 0,
    limit: 1000,
  });
  return page.items;
}

/** The test's name as the batch dialog lists it, without the "Result:" of the row's subject. */
const testName = (subject: string) => subject.replace(/^result\s*[:—–-]\s*/i, '');

/** What batch release takes: normal, undecided, not on hold and not claimed by anyone but `userId` (issue 23). */
const undecidedNormal = (rows: readonly WorkItemSummary[], userId?: string) =>
  rows.filter(
    (r) =>
      r.severity === 'normal' &&
      r.syncState === null &&
      r.status !== 'on-hold' &&
      !(r.claimed && r.ownerId !== (userId ?? r.ownerId)),
  );

/** A value with earlier values of the same test: the one the trend chart is checked on. */
async function trendedValue(core: AppCore, id: string): Promise<ResultValue | undefined> {
  const item = await core.handlers['item:get']({ id });
  return item.resultReview?.values.find((v) => v.numeric !== null && v.trend.previous.length >= 2);
}

interface Person {
  id: string;
  name: string;
}

/** The PCMs on the roster, as the cache has them. */
const pcmsOf = (core: AppCore): Promise<Person[]> =>
  core.cache.db
    .selectFrom('practitioner')
    .innerJoin('practitioner_role', 'practitioner_role.practitioner_id', 'practitioner.id')
    .select(['practitioner.id', 'practitioner.display_name as name'])
    .where('practitioner_role.role', '=', 'pcm')
    .distinct()
    .orderBy('practitioner.display_name')
    .execute();

/**
 * A results view as another person's desk lists it, read from this cache: what a view holds
 * depends on who asks, and all the clinic's items are in every user's cache.
 */
async function resultRowsOf(core: AppCore, userId: string): Promise<WorkItemSummary[]> {
  const page = await listInbox(
    core.cache.db,
    { view: { kind: 'results' }, filters: { ...DEFAULT_FILTERS, status: 'open' }, search: '', offset: 0, limit: 1000 },
    { userId, now: SEED_NOW.getTime() },
  );
  return page.items;
}

/**
 * The PCM whose results view has the most normal results waiting and an abnormal one with a trend,
 * read from the signed-in user's synced cache as each PCM's view would list it.
 */
async function pickPcm(core: AppCore): Promise<{ pcm: Person; normal: number; abnormalId: string }> {
  let best: { pcm: Person; normal: number; abnormalId: string } | null = null;
  for (const pcm of await pcmsOf(core)) {
    const rows = await resultRowsOf(core, pcm.id);
    const normal = undecidedNormal(rows).length;
    if (best !== null && normal <= best.normal) continue;
    let abnormalId: string | null = null;
    for (const row of rows.filter((r) => r.severity === 'abnormal' && r.syncState === null)) {
      if ((await trendedValue(core, row.id)) !== undefined) {
        abnormalId = row.id;
        break;
      }
    }
    if (abnormalId !== null) best = { pcm, normal, abnormalId };
  }
  if (best === null || best.normal === 0) throw new Error('no PCM has normal results and an abnormal one with a trend');
  return best;
}

async function portal<T>(app: SyncedAppHarness, path: string): Promise<T> {
  const response = await app.portalGet(path);
  expect(response.ok, `GET ${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

const held = (resource: { meta?: { security?: { code?: string }[] } }) =>
  (resource.meta?.security ?? []).some((label) => label.code === 'NOPAT');

const about = (c: Communication, reference: string) => (c.about ?? []).some((a) => a.reference === reference);

/** A YYYY-MM-DD date some days on, on the calendar. */
const daysAfter = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a PCM, offline, batch-releases the normal results with a comment and holds an abnormal one; each syncs once', async ({
  syncedApp,
}) => {
  test.setTimeout(240_000);
  const { page } = syncedApp;
  await syncedApp.core.sync.syncNow();
  const { pcm, abnormalId } = await pickPcm(syncedApp.core);
  await signInAsAnother(syncedApp, pcm.id, pcm.name);
  const core = syncedApp.core;
  const db = core.cache.db;
  await core.sync.syncNow();
  await openView(page, 'Results');
  const rows = await viewRows(core);
  const normal = undecidedNormal(rows, pcm.id);
  // The list's badges say what main judged, in words.
  for (const row of normal.slice(0, 3)) {
    await expect(page.locator(`[data-item-id="${row.id}"]`)).toHaveAttribute('aria-label', /Normal/);
  }

  // The network goes: every decision below is made here and waits for the portal.
  syncedApp.setOffline(true);

  // One confirmation, listing each normal result with its patient.
  const bar = page.getByRole('region', { name: 'Batch release' });
  await bar.getByRole('button', { name: 'Release normal results…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Release normal results' });
  await expect(confirm).toBeVisible();
  const listed = confirm.getByRole('list', { name: 'Results to release' }).getByRole('listitem');
  await expect(listed).toHaveCount(normal.length);
  for (const [i, row] of normal.entries()) {
    await expect(listed.nth(i)).toContainText(testName(row.subject));
    await expect(listed.nth(i)).toContainText(row.patientName ?? 'Unknown patient');
    await expect(listed.nth(i).getByRole('checkbox')).toBeChecked();
  }
  // A quick text, inserted and then made the PCM's own.
  const quick = confirm.getByRole('group', { name: 'Insert a quick text' }).getByRole('button');
  await expect(quick.first()).toBeVisible();
  await quick.first().click();
  const commentBox = confirm.getByLabel('Comment to each patient (optional)');
  await expect(commentBox).toBeFocused();
  const inserted = await commentBox.inputValue();
  expect(inserted.trim()).not.toBe('');
  expect(inserted).not.toMatch(/\{\w+\}/);
  const comment = `${inserted.trim()} We will look at it again at your next visit.`;
  await commentBox.fill(comment);
  await axeScan(page, 'batch release dialog');
  await page.screenshot({ path: 'test-results/screens/results-batch-1440.png' });
  const noun = normal.length === 1 ? 'result' : 'results';
  await confirm.getByRole('button', { name: `Release ${normal.length} ${noun}` }).click();
  await expect(confirm).toBeHidden();
  await expect(bar.getByRole('status')).toContainText(`${normal.length} released`);

  // Each release is its own decision: its own outbox row, with the comment, and its own audit row.
  const releases = await db
    .selectFrom('outbox_action')
    .select(['work_item_id', 'client_uuid', 'payload'])
    .where('kind', '=', 'release')
    .execute();
  expect(releases.map((r) => r.work_item_id).sort()).toEqual(normal.map((r) => r.id).sort());
  for (const release of releases) expect(JSON.parse(release.payload)).toMatchObject({ comment });
  const audits = await db
    .selectFrom('audit_log')
    .select(['work_item_id', 'client_uuid'])
    .where('event', '=', 'action.release')
    .where('outcome', '=', 'success')
    .execute();
  expect(audits.map((r) => `${r.work_item_id}|${r.client_uuid}`).sort()).toEqual(
    releases.map((r) => `${r.work_item_id}|${r.client_uuid}`).sort(),
  );
  // Released here, not yet on the portal: the list says so wherever the rows are.
  const waiting = page.getByRole('button', { name: `${normal.length} changes waiting to sync` });
  await expect(waiting).toBeVisible();
  await page.getByLabel('Status').selectOption('closed');
  for (const row of normal) {
    const shown = page.locator(`[data-item-id="${row.id}"]`);
    if ((await shown.count()) === 0) continue; // scrolled out of a long list: the outbox rows above say it.
    await expect(shown).toHaveAttribute('aria-label', /change not yet sent/);
    await expect(shown.locator('.sync-state')).toHaveAttribute('title', 'Waiting to sync');
  }
  await page.getByLabel('Status').selectOption('open');

  // An abnormal result with earlier values: the chart tells them.
  const value = await trendedValue(core, abnormalId);
  if (value === undefined) throw new Error(`result ${abnormalId} has no trended value`);
  await page.setViewportSize({ width: 1280, height: 860 });
  const remaining = await viewRows(core);
  await selectRow(page, remaining, abnormalId);
  const chart = detail(page).getByRole('img', { name: new RegExp(`^${escape(value.name)}:`) });
  await expect(chart.first()).toBeVisible();
  await expect(chart.first()).toHaveAccessibleName(
    new RegExp(escape(value.trend.previous.map((p) => String(p.value)).join(', '))),
  );
  await expect(detail(page).locator('figure.trend-chart svg[role="img"]').first()).toBeVisible();
  await chart.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/results-trend-1280.png' });
  await axeScan(page, 'result detail');

  // Hold it: refused without a documented reason and a note, then held with them and a review date.
  await detail(page).getByRole('button', { name: 'Hold…' }).click();
  const hold = page.getByRole('dialog', { name: 'Hold result' });
  await expect(hold).toBeVisible();
  await hold.getByRole('button', { name: 'Hold result' }).click();
  await expect(hold.getByRole('alert')).toContainText(/reason|note/i);
  await expect(hold).toBeVisible();
  await axeScan(page, 'hold dialog with an error');
  await page.screenshot({ path: 'test-results/screens/results-hold-error-1280.png' });
  const review = (await core.handlers['item:get']({ id: abnormalId })).resultReview;
  if (review == null) throw new Error('the abnormal result has no review');
  const reason = review.holdReasons.find((r) => r.code === 'patient-request');
  expect(reason?.label).toBe('The patient asked not to receive it this way');
  await hold.getByRole('radio', { name: /^The patient asked not to receive it this way/ }).check();
  const note = 'She asked on the phone on 27 Nov to hear her results at her visit next week, not in the portal.';
  await hold.getByLabel(/^Note/).fill(note);
  const reviewOn = daysAfter(review.today, 14);
  await hold.getByLabel(/^Review on/).fill(reviewOn);
  await hold.getByRole('button', { name: 'Hold result' }).click();
  await expect(hold).toBeHidden();
  const holds = await db
    .selectFrom('outbox_action')
    .select(['payload'])
    .where('kind', '=', 'hold')
    .where('work_item_id', '=', abnormalId)
    .execute();
  expect(holds.map((h) => JSON.parse(h.payload) as unknown)).toEqual([
    expect.objectContaining({ reason: 'patient-request', note, reviewOn }),
  ]);
  // Held: out of the open list, or shown there as held.
  await expect
    .poll(async () => {
      const row = page.locator(`[data-item-id="${abnormalId}"]`);
      return (await row.count()) === 0 || /\bon hold\b/.test((await row.getAttribute('aria-label')) ?? '');
    })
    .toBe(true);

  // Back online: each decision reaches the portal once.
  syncedApp.setOffline(false);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('button', { name: /waiting to sync/ })).toBeHidden({ timeout: 30_000 });
  await expect
    .poll(async () => (await db.selectFrom('outbox_action').select('state').execute()).map((r) => r.state))
    .toEqual(Array<string>(normal.length + 1).fill('synced'));

  const items = await db
    .selectFrom('work_item')
    .select(['id', 'patient_id', 'focus_id'])
    .where(
      'id',
      'in',
      normal.map((r) => r.id),
    )
    .execute();
  expect(items).toHaveLength(normal.length);
  for (const item of items) {
    const reportRef = `DiagnosticReport/${item.focus_id ?? ''}`;
    const report = await portal<DiagnosticReport>(syncedApp, reportRef);
    expect(held(report), `${reportRef} still held`).toBe(false);
    for (const result of report.result ?? []) {
      const observation = await portal<Observation>(syncedApp, result.reference ?? '');
      expect(held(observation), `${result.reference} of ${reportRef} still held`).toBe(false);
    }
    const task = await portal<Task>(syncedApp, `Task/${item.id}`);
    expect(task.status).toBe('completed');
    const bundle = await portal<{ entry?: { resource?: Communication }[] }>(
      syncedApp,
      `Communication?subject=Patient/${item.patient_id ?? ''}&_count=500`,
    );
    const communications = (bundle.entry ?? []).map((e) => e.resource).filter((c) => c !== undefined);
    const notices = communications.filter((c) => about(c, reportRef) && c.topic?.text === 'New Result');
    expect(notices, `"New Result" notices about ${reportRef}`).toHaveLength(1);
    const comments = communications.filter(
      (c) =>
        about(c, reportRef) &&
        c.payload?.[0]?.contentString === comment &&
        c.sender?.reference?.startsWith('Practitioner/'),
    );
    expect(comments, `the comment to the patient about ${reportRef}`).toHaveLength(1);
  }
  const heldTask = await portal<Task>(syncedApp, `Task/${abnormalId}`);
  expect(heldTask.status).toBe('on-hold');
  expect(heldTask.statusReason?.coding?.map((c) => c.code)).toEqual(['patient-request']);
});

test('a nurse of the team sees the results and no "Release to patient"', async ({ syncedApp }) => {
  test.setTimeout(150_000);
  const { page } = syncedApp;
  await syncedApp.core.sync.syncNow();
  const { pcm } = await pickPcm(syncedApp.core);
  // The nurse who works in the PCM's team pool, as the PCM's views list its members.
  const pcmViews = await listViews(syncedApp.core.cache.db, pcm.id, SEED_NOW.getTime());
  const team = pcmViews.pools.find((p) => p.member && p.members.some((m) => m.id === pcm.id));
  const nurse = team?.members.find((m) => m.role === 'nurse');
  if (team === undefined || nurse === undefined) throw new Error(`no nurse works in ${pcm.name}'s team`);
  await signInAsAnother(syncedApp, nurse.id, nurse.name);
  const core = syncedApp.core;
  await core.sync.syncNow();

  // The Results view when main offers it to her; else her team's pool, where the results are too.
  const nurseViews = await core.handlers['inbox:views']({});
  const view: InboxView = nurseViews.resultsCount === null ? { kind: 'pool', poolId: team.id } : { kind: 'results' };
  if (view.kind === 'results') await openView(page, 'Results');
  else
    await page
      .getByRole('navigation', { name: 'Pools' })
      .getByRole('button', { name: new RegExp(`^${team.name}`) })
      .click();
  const rows = await viewRows(core, view);
  const result = rows.find((r) => r.workType === 'result-release');
  if (result === undefined) throw new Error('no result in her view');
  await selectRow(page, rows, result.id);
  await expect(page.getByRole('region', { name: 'Batch release' })).toHaveCount(0);
  await expect(detail(page).getByRole('button', { name: 'Release to patient' })).toHaveCount(0);
  await expect(detail(page).getByRole('button', { name: 'Hold…' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/results-nurse-1440.png' });
});

test('a release the portal refuses stays in the results queue, open, saying why; discarded, it is the portal’s again', async ({
  syncedApp,
}) => {
  test.setTimeout(180_000);
  const { page } = syncedApp;
  await page.setViewportSize({ width: 1280, height: 800 });
  await syncedApp.core.sync.syncNow();
  const { pcm } = await pickPcm(syncedApp.core);
  await signInAsAnother(syncedApp, pcm.id, pcm.name);
  const core = syncedApp.core;
  await core.sync.syncNow();
  await openView(page, 'Results');
  const rows = await viewRows(core);
  const target = undecidedNormal(rows)[0]!;
  const reportId = (await core.handlers['item:get']({ id: target.id })).result?.id ?? '';
  expect(reportId).not.toBe('');

  // The lab relabels the report at the portal after this desk last synced: still hidden from the patient.
  const store = core.portal!.simulator.store;
  const report = store.read('DiagnosticReport', reportId) as DiagnosticReport;
  store.update({
    ...report,
    meta: {
      ...report.meta,
      security: [
        ...(report.meta?.security ?? []),
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'TABOO', display: 'Taboo' },
      ],
    },
  });

  await selectRow(page, rows, target.id);
  await detail(page).getByRole('button', { name: 'Release to patient' }).click();
  // The desk sends it; the portal refuses it; the item is open again, in the queue, saying why.
  const notice = detail(page).getByRole('region', { name: 'Not done: the portal refused it' });
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(notice).toContainText('The release failed at the portal: the report is still hidden from the patient');
  await expect(page.locator(`[data-item-id="${target.id}"]`)).toBeVisible();
  const task = store.read('Task', target.id) as Task;
  expect(task.status).not.toBe('completed');
  await axeScan(page, 'a refused release on the result screen');
  await page.screenshot({ path: 'test-results/screens/results-release-refused-1280.png' });

  await notice.getByRole('button', { name: 'Discard the decision' }).click();
  await expect(notice).toBeHidden();
  const row = await core.cache.db
    .selectFrom('outbox_action')
    .select('state')
    .where('work_item_id', '=', target.id)
    .executeTakeFirstOrThrow();
  expect(row.state).toBe('discarded');
  await expect(detail(page).getByRole('button', { name: 'Release to patient' })).toBeVisible();
});
