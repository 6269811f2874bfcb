import type { DiagnosticReport, Patient, Task } from '@medplum/fhirtypes';
import type { Page } from '@playwright/test';
import { DEFAULT_FILTERS } from '../src/shared/work-item';
import type { InboxView, WorkItemSummary } from '../src/shared/work-item';
import { RENEWAL_NOT_DONE } from '../src/main/outbox/action-guards';
import { ON_HOLD_NOT_IN_BATCH } from '../src/main/results/release-normal';
import type { AppCore } from '../src/main/app-core';
import { detail, list, openView, selectRow, selectedRow, signInAsAnother } from './desk-steps';
import { expect, test } from './fixtures';
import type { SyncedAppHarness } from './fixtures';

/**
 * Issue 23's guards, each shown twice on the demo portal: the bad path refused in the page (by
 * keyboard first), and the same request made straight to main's handler, refused with the reason.
 * Either way nothing is queued and the portal's copy is the version it was.
 */

test.use({ viewport: { width: 1280, height: 800 } });

async function viewRows(core: AppCore, view: InboxView): Promise<WorkItemSummary[]> {
  const page = await core.handlers['inbox:list']({
    view,
    filters: { ...DEFAULT_FILTERS, status: 'open' },
    search: '',
    offset: 0,
    limit: 1000,
  });
  return page.items;
}

async function portal<T>(app: SyncedAppHarness, path: string): Promise<T> {
  const response = await app.portalGet(path);
  expect(response.ok, `GET ${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

const portalVersion = async (app: SyncedAppHarness, id: string) =>
  (await portal<Task>(app, `Task/${id}`)).meta?.versionId;

const outboxOf = (core: AppCore, id: string) =>
  core.cache.db.selectFrom('outbox_action').select(['kind', 'state']).where('work_item_id', '=', id).execute();

/** The desk's queue sent and the portal read back: what it holds now is what the desk decided. */
async function settle(app: SyncedAppHarness): Promise<void> {
  await app.core.sync.syncNow();
}

const rejection = async (call: () => unknown): Promise<string> => {
  try {
    await Promise.resolve().then(call);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('main accepted what it must refuse');
};

/** Presses `j` from the top until the selected row is one the test can use. */
async function moveToRow(page: Page, ok: (id: string) => boolean, limit = 40): Promise<string> {
  await list(page).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < limit; i++) {
    const id = (await selectedRow(page).getAttribute('data-item-id')) ?? '';
    if (ok(id)) return id;
    await page.keyboard.press('j');
    await expect(selectedRow(page)).not.toHaveAttribute('data-item-id', id);
  }
  throw new Error(`no usable row within ${limit} rows`);
}

test('a reply with an unfilled {placeholder} is not sent by Ctrl+Enter nor the button, nor recorded by main; the greeting uses the first name', async ({
  syncedApp,
}) => {
  test.setTimeout(120_000);
  const { page, core } = syncedApp;
  await core.sync.syncNow();
  const views = await core.handlers['inbox:views']({});
  const pool = views.pools.find((p) => p.name === 'Nursing Team') ?? views.pools[0];
  if (pool === undefined) throw new Error('the desk user has no pool');
  const rows = await viewRows(core, { kind: 'pool', poolId: pool.id });
  const usable = new Set(
    rows
      .filter((r) => r.emergency === null && r.workType !== 'renewal-request' && r.patientId !== null)
      .map((r) => r.id),
  );
  const id = await moveToRow(page, (row) => usable.has(row));
  const before = await portalVersion(syncedApp, id);

  // r opens the composer; the appointment quick text fills the name, not the time.
  await page.keyboard.press('r');
  const reply = page.getByLabel('Reply to the patient (they will see this)');
  await expect(reply).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByLabel('Quick text')).toBeFocused();
  await page.getByLabel('Quick text').selectOption({ label: 'Appointment booked' });
  await page.keyboard.press('Enter');
  await expect(reply).toBeFocused();
  const item = await core.handlers['item:get']({ id });
  const patient = await portal<Patient>(syncedApp, `Patient/${item.item.patientId ?? ''}`);
  const first = patient.name?.[0]?.given?.[0] ?? '';
  expect(first).not.toBe('');
  // "Hello Andre," — the first name, never the list's "Baker, Andre".
  await expect(reply).toHaveValue(new RegExp(`^Hello ${first}, your appointment is booked for \\{appointment\\}\\.`));

  // Ctrl+Enter: not sent, and the page says why, aloud.
  await page.keyboard.press('Control+Enter');
  const composer = page.getByRole('form', { name: 'Reply composer' });
  await expect(composer.getByRole('alert')).toHaveText(
    'Not sent. Fill in the parts still in {braces} before sending: {appointment}.',
  );
  await expect(reply).toBeVisible();
  await expect(reply).toBeFocused();
  await expect(composer.getByRole('button', { name: 'Send reply' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/screens/guards-placeholder-1280.png' });
  expect(await outboxOf(core, id)).toEqual([]);

  // Straight to main, as a page that skipped its own check would: refused with the reason.
  const text = await reply.inputValue();
  expect(await rejection(() => core.handlers['item:act']({ id, kind: 'reply', payload: { text } }))).toBe(
    'Fill in or remove {appointment} before sending: the patient would read it as written.',
  );
  expect(await outboxOf(core, id)).toEqual([]);
  await settle(syncedApp);
  expect(await portalVersion(syncedApp, id)).toBe(before);

  // Filled in, it goes.
  await reply.fill(text.replace('{appointment}', 'Tuesday 2 December at 09:40'));
  await page.keyboard.press('Control+Enter');
  await expect(reply).toBeHidden();
  expect((await outboxOf(core, id)).map((a) => a.kind)).toEqual(['reply']);
});

test('`d` on a renewal says why and closes nothing, for a nurse and a PCM; main refuses done; the portal is unchanged', async ({
  syncedApp,
}) => {
  test.setTimeout(150_000);
  const { page } = syncedApp;
  await syncedApp.core.sync.syncNow();

  const tryDone = async (who: string, name: string, view: InboxView) => {
    // Each sign-in opens that person's own cache: read it after.
    const core = syncedApp.core;
    await openView(page, name);
    const rows = await viewRows(core, view);
    const row = rows.find((r) => r.workType === 'renewal-request' && r.syncState === null && r.emergency === null);
    if (row === undefined) throw new Error(`${who} has no open renewal to try`);
    const before = await portalVersion(syncedApp, row.id);
    await selectRow(page, rows, row.id);
    // No "Mark done" on a renewal, and `d` says why instead.
    await expect(detail(page).getByRole('button', { name: 'Mark done' })).toHaveCount(0);
    await page.keyboard.press('d');
    await expect(detail(page).getByRole('alert').filter({ hasText: 'Cannot mark done' })).toHaveText(
      `Cannot mark done: ${RENEWAL_NOT_DONE}`,
    );
    await expect(selectedRow(page)).toHaveAttribute('data-item-id', row.id);
    expect(await outboxOf(core, row.id)).toEqual([]);
    // Main, asked directly, refuses with the same words.
    expect(await rejection(() => core.handlers['item:act']({ id: row.id, kind: 'done', payload: {} }))).toBe(
      RENEWAL_NOT_DONE,
    );
    expect(await outboxOf(core, row.id)).toEqual([]);
    await settle(syncedApp);
    expect(await portalVersion(syncedApp, row.id)).toBe(before);
    expect((await portal<Task>(syncedApp, `Task/${row.id}`)).status).not.toBe('completed');
  };

  // The desk starts signed in as the Nursing Team's lead, who supervises every pool in the demo.
  // (a nurse has no renewals view: she meets renewals in the pools she works in).
  await tryDone('the nurse', 'All pools', { kind: 'all' });
  await page.screenshot({ path: 'test-results/screens/guards-renewal-done-1280.png' });
  await signInAsAnother(syncedApp, 'pcm-reyes', 'Dr. Alicia Reyes');
  await syncedApp.core.sync.syncNow();
  await tryDone('the PCM', 'Renewals', { kind: 'renewals' });
});

test('a held result is listed apart, never checked, by "Release normal results…"; main skips it with the reason; the portal keeps it held', async ({
  syncedApp,
}) => {
  test.setTimeout(150_000);
  const { page } = syncedApp;
  await signInAsAnother(syncedApp, 'pcm-reyes', 'Dr. Alicia Reyes');
  const core = syncedApp.core;
  await core.sync.syncNow();
  const normal = (await viewRows(core, { kind: 'results' })).filter(
    (r) => r.severity === 'normal' && r.syncState === null && r.status !== 'on-hold' && !r.claimed,
  );
  expect(normal.length, 'Dr. Reyes has normal results waiting').toBeGreaterThanOrEqual(2);
  const held = normal[0]!;

  // The provider holds one for a documented reason; it reaches the portal.
  // Main judges the review date against the decision's own time: this machine's clock.
  const reviewOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await core.handlers['item:act']({
    id: held.id,
    kind: 'hold',
    payload: { reason: 'patient-request', note: 'Asked by phone to hear it at her visit first.', reviewOn },
  });
  await core.sync.syncNow();
  expect((await portal<Task>(syncedApp, `Task/${held.id}`)).status).toBe('on-hold');
  const before = await portalVersion(syncedApp, held.id);
  const reportId = (await portal<Task>(syncedApp, `Task/${held.id}`)).focus?.reference ?? '';
  const nopat = async () =>
    ((await portal<DiagnosticReport>(syncedApp, reportId)).meta?.security ?? []).some((l) => l.code === 'NOPAT');
  expect(await nopat()).toBe(true);

  await openView(page, 'Results');
  const bar = page.getByRole('region', { name: 'Batch release' });
  const open = bar.getByRole('button', { name: 'Release normal results…' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Release normal results' });
  await expect(dialog).toBeVisible();
  const subjectOf = (subject: string) => subject.replace(/^result\s*[:—–-]\s*/i, '');
  const toRelease = dialog.getByRole('list', { name: 'Results to release' }).getByRole('listitem');
  // What the batch takes: the normal, undecided results not on hold and nobody else's.
  const takes = (await viewRows(core, { kind: 'results' })).filter(
    (r) =>
      r.severity === 'normal' &&
      r.syncState === null &&
      r.status !== 'on-hold' &&
      !(r.claimed && r.ownerId !== 'pcm-reyes'),
  );
  expect(takes.map((r) => r.id)).not.toContain(held.id);
  await expect(toRelease).toHaveCount(takes.length);
  await expect(
    toRelease.filter({ hasText: subjectOf(held.subject) }).filter({ hasText: held.patientName ?? '' }),
  ).toHaveCount(0);
  const apart = dialog.getByRole('list', { name: 'Not included' }).getByRole('listitem');
  const heldRow = apart.filter({ hasText: subjectOf(held.subject) }).filter({ hasText: held.patientName ?? '' });
  await expect(heldRow).toHaveCount(1);
  await expect(heldRow).toContainText('On hold, not included');
  await expect(heldRow.getByRole('checkbox')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/guards-batch-held-1280.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Main, asked to release it in a batch anyway: skipped with the reason, nothing queued.
  const outcome = await core.handlers['results:release-normal']({ ids: [held.id] });
  expect(outcome).toEqual({ released: [], skipped: [{ id: held.id, reason: ON_HOLD_NOT_IN_BATCH }] });
  expect((await outboxOf(core, held.id)).map((a) => a.kind)).toEqual(['hold']);
  await settle(syncedApp);
  expect(await portalVersion(syncedApp, held.id)).toBe(before);
  expect(await nopat()).toBe(true);
});
