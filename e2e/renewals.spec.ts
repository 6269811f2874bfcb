import type { MedicationRequest } from '@medplum/fhirtypes';
import { renewalSubject } from '../src/renderer/src/renewals/renewal-words';
import { DEFAULT_FILTERS } from '../src/shared/work-item';
import type { WorkItemSummary } from '../src/shared/work-item';
import { axeScan, detail, openView, selectRow, signInAsAnother } from './desk-steps';
import { expect, test } from './fixtures';
import type { SyncedAppHarness } from './fixtures';
import type { AppCore } from '../src/main/app-core';

/**
 * Renewals as a PCM and a nurse of PCM Team Blue see them, on the embedded demo portal: each signs
 * in on the desk in turn, decides with the network cut (so each decision is seen waiting), and what
 * reaches the portal is checked on the portal itself.
 */

/** The renewals view as main answers it: the same rows, in the same order, as the page lists. */
async function renewalRows(core: AppCore, status: 'open' | 'closed' = 'open'): Promise<WorkItemSummary[]> {
  const page = await core.handlers['inbox:list']({
    view: { kind: 'renewals' },
    filters: { ...DEFAULT_FILTERS, status },
    search: '',
    offset: 0,
    limit: 1000,
  });
  return page.items;
}

/** The portal's MedicationRequests that renew a given prescription. */
async function renewalsOnPortal(
  app: SyncedAppHarness,
  patientId: string,
  priorId: string,
): Promise<MedicationRequest[]> {
  const response = await app.portalGet(`MedicationRequest?subject=Patient/${patientId}&_count=500`);
  expect(response.ok, `the portal's MedicationRequests of ${patientId}`).toBe(true);
  const bundle = (await response.json()) as { entry?: { resource?: MedicationRequest }[] };
  return (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is MedicationRequest => r?.priorPrescription?.reference === `MedicationRequest/${priorId}`);
}

test('a PCM, offline, batch-approves the ready renewals and denies one; each syncs once, one prescription per approval', async ({
  syncedApp,
}) => {
  test.setTimeout(150_000);
  const { page } = syncedApp;
  await signInAsAnother(syncedApp, 'pcm-reyes', 'Dr. Alicia Reyes');
  const core = syncedApp.core;
  const db = core.cache.db;
  await core.sync.syncNow();
  await openView(page, 'Renewals');
  const rows = await renewalRows(core);
  const ready = rows.filter((r) => r.readiness?.kind === 'ready' && r.syncState === null);
  expect(ready.length, 'the demo clinic has ready renewals in PCM Team Blue').toBeGreaterThan(0);

  // The network goes: every decision below is made here and waits for the portal.
  syncedApp.setOffline(true);

  // One confirmation, naming each patient and request.
  const bar = page.getByRole('region', { name: 'Batch approval' });
  const approveReady = bar.getByRole('button', { name: `Approve ${ready.length} ready` });
  await expect(approveReady).toBeEnabled();
  await approveReady.click();
  const noun = ready.length === 1 ? 'renewal' : 'renewals';
  const confirm = page.getByRole('dialog', { name: `Approve ${ready.length} ${noun} as written?` });
  await expect(confirm).toBeVisible();
  const listed = confirm.getByRole('list', { name: 'Renewals to approve' }).getByRole('listitem');
  await expect(listed).toHaveCount(ready.length);
  for (const [i, row] of ready.entries()) {
    await expect(listed.nth(i)).toContainText(renewalSubject(row.subject));
    await expect(listed.nth(i)).toContainText(row.patientName ?? 'Unknown patient');
  }
  await confirm.getByRole('button', { name: `Approve ${ready.length} ${noun}` }).click();
  await expect(confirm).toBeHidden();
  await expect(bar.getByRole('status')).toHaveText(`${ready.length} approved`);

  // Each approval is its own decision: its own outbox row and its own audit row.
  const renews = await db
    .selectFrom('outbox_action')
    .select(['work_item_id', 'client_uuid', 'payload'])
    .where('kind', '=', 'renew')
    .execute();
  expect(renews.map((r) => r.work_item_id).sort()).toEqual(ready.map((r) => r.id).sort());
  for (const renew of renews) expect(JSON.parse(renew.payload)).toMatchObject({ changed: false });
  const audits = await db
    .selectFrom('audit_log')
    .select(['work_item_id', 'client_uuid'])
    .where('event', '=', 'action.renew')
    .where('outcome', '=', 'success')
    .execute();
  expect(audits.map((r) => `${r.work_item_id}|${r.client_uuid}`).sort()).toEqual(
    renews.map((r) => `${r.work_item_id}|${r.client_uuid}`).sort(),
  );

  // Deny one that needs review, with a reason and the suggested reply, edited.
  const remaining = await renewalRows(core);
  const toDeny = remaining.find((r) => r.readiness?.kind === 'review');
  if (toDeny === undefined) throw new Error('no renewal needing review left to deny');
  await selectRow(page, remaining, toDeny.id);
  await detail(page).getByRole('button', { name: 'Deny…' }).click();
  const deny = page.getByRole('dialog', { name: /^Deny renewal of / });
  await deny.getByRole('radio', { name: 'Labs needed before renewal' }).check();
  const reply = deny.getByLabel(/^Reply to the patient/);
  await expect(reply).toHaveValue(/you need lab work/);
  const replyText = 'Before we can renew it, please come in for lab work. We will renew it once the results are in.';
  await reply.fill(replyText);
  await deny.getByRole('button', { name: 'Deny and send reply' }).click();
  await expect(deny).toBeHidden();
  await expect(page.locator(`[data-item-id="${toDeny.id}"]`)).toHaveCount(0);
  const denied = await db
    .selectFrom('outbox_action')
    .select(['payload'])
    .where('kind', '=', 'deny')
    .where('work_item_id', '=', toDeny.id)
    .execute();
  expect(denied.map((d) => JSON.parse(d.payload) as unknown)).toEqual([
    { reason: 'Labs needed before renewal', reply: replyText },
  ]);

  // Every decision shows as waiting, one line each.
  const waiting = page.getByRole('button', { name: `${ready.length + 1} changes waiting to sync` });
  await expect(waiting).toBeVisible();
  await waiting.click();
  const queue = page.getByRole('table', { name: 'Changes not yet on the portal' });
  await expect(queue.getByRole('row').filter({ hasText: /Renew: / })).toHaveCount(ready.length);
  await expect(queue.getByRole('row').filter({ hasText: 'Deny renewal: Labs needed before renewal' })).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screens/renewals-offline-queue-1440.png' });
  await page.keyboard.press('Escape');

  // Back online: each decision reaches the portal once, with exactly one new prescription per
  // approved request, renewing the request's own prescription.
  syncedApp.setOffline(false);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('button', { name: /waiting to sync/ })).toBeHidden({ timeout: 30_000 });
  await expect
    .poll(async () => (await db.selectFrom('outbox_action').select('state').execute()).map((r) => r.state))
    .toEqual(Array<string>(ready.length + 1).fill('synced'));
  const focus = await db
    .selectFrom('work_item')
    .select(['id', 'patient_id', 'focus_id'])
    .where(
      'id',
      'in',
      ready.map((r) => r.id),
    )
    .execute();
  expect(focus).toHaveLength(ready.length);
  for (const item of focus) {
    const renewed = await renewalsOnPortal(syncedApp, item.patient_id ?? '', item.focus_id ?? '');
    expect(renewed, `new prescriptions renewing ${item.focus_id}`).toHaveLength(1);
    expect(renewed[0]?.status).toBe('active');
  }
  const deniedTask = (await syncedApp.portalGet(`Task/${toDeny.id}`).then((r) => r.json())) as { status?: string };
  expect(deniedTask.status).toBe('rejected');

  // Decided, it is among the closed renewals: its facts still there, no decision left to make.
  await page.getByLabel('Status').selectOption('closed');
  await selectRow(page, await renewalRows(core, 'closed'), toDeny.id, 'closed');
  await expect(detail(page).getByRole('region', { name: 'Prescription to renew' })).toBeVisible();
  await expect(detail(page).getByRole('button', { name: /^(Approve|Deny|Pend|Route to another)/ })).toHaveCount(0);
});

test.describe('a PCM of Team Blue', () => {
  test.use({ deskUsers: ['pcm-reyes', 'rn-osei'] });

  test('the renewals view, a renewal and the batch confirmation: accessible, and laid out at 1280 and 1440 px', async ({
    twoDesks,
  }) => {
    test.setTimeout(150_000);
    const { a } = twoDesks;
    const { page } = a;
    await openView(page, 'Renewals');
    const rows = await renewalRows(a.core);
    const review = rows.find((r) => r.readiness?.kind === 'review') ?? rows[0];
    const refill = rows.find((r) => r.readiness?.kind === 'refill');
    if (review === undefined) throw new Error('no renewals listed');

    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 860 });
      await selectRow(page, rows, review.id);
      await expect(detail(page).getByRole('region', { name: /^Readiness/ })).toBeVisible();
      // Nothing in the item view runs off its side: a prescriber should never scroll sideways to decide.
      const overflow = await detail(page).evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, `the item view's sideways overflow at ${width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `test-results/screens/renewals-view-${width}.png` });
      await detail(page).getByRole('heading', { name: 'Decision' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/screens/renewals-decision-${width}.png` });
      if (refill !== undefined) {
        await selectRow(page, rows, refill.id);
        await expect(detail(page).getByRole('button', { name: 'Send pharmacy pointer and close' })).toBeVisible();
        await page.screenshot({ path: `test-results/screens/renewals-refill-${width}.png` });
      }
    }

    await selectRow(page, rows, review.id);
    await axeScan(page, 'renewal detail');
    // A changed field relabels the button and says what it was.
    const quantity = detail(page).getByLabel('Quantity');
    await quantity.fill('0');
    await expect(detail(page).getByRole('button', { name: 'Approve with changes' })).toBeVisible();
    await detail(page).getByRole('button', { name: 'Approve with changes' }).click();
    await expect(quantity).toBeFocused();
    await expect(quantity).toHaveAccessibleDescription(/a number above 0/);
    await axeScan(page, 'approve form with an error');
    await page.screenshot({ path: 'test-results/screens/renewals-form-error-1440.png' });

    await detail(page).getByRole('button', { name: 'Deny…' }).click();
    await axeScan(page, 'deny dialog');
    await page.keyboard.press('Escape');

    const bar = page.getByRole('region', { name: 'Batch approval' });
    await bar.getByRole('button', { name: /^Approve \d+ ready$/ }).click();
    await expect(page.getByRole('dialog', { name: /as written\?$/ })).toBeVisible();
    await axeScan(page, 'batch confirmation');
    await page.screenshot({ path: 'test-results/screens/renewals-batch-confirm-1440.png' });
    await page.keyboard.press('Escape');
    // Cancelled: nothing was decided.
    const actions = await a.core.cache.db.selectFrom('outbox_action').select('kind').execute();
    expect(actions).toEqual([]);
  });
});

test('a nurse has no approve or deny, pends a renewal for the PCM offline, and the PCM sees it after sync', async ({
  syncedApp,
}) => {
  test.setTimeout(150_000);
  const { page } = syncedApp;
  await signInAsAnother(syncedApp, 'rn-osei', 'Kwame Osei');
  const core = syncedApp.core;
  await core.sync.syncNow();
  await openView(page, 'Renewals');
  await expect(page.getByRole('region', { name: 'Batch approval' })).toHaveCount(0);
  const rows = await renewalRows(core);
  const target = rows.find((r) => r.readiness?.kind !== 'refill' && r.syncState === null);
  if (target === undefined) throw new Error('no renewal (not a refill) for the nurse to pend');
  await selectRow(page, rows, target.id);

  const item = detail(page);
  await expect(item.getByRole('heading', { name: 'Prepare for the PCM' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Deny/ })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/renewals-nurse-1440.png' });

  // Main refuses an approval from her whatever the page offers.
  const refused = await page.evaluate(
    (id) =>
      (
        window as unknown as {
          triageDesk: { act(a: unknown): Promise<{ ok: boolean; error?: { message: string } }> };
        }
      ).triageDesk.act({
        id,
        kind: 'renew',
        payload: {
          terms: { quantity: 30, unit: 'tablet', repeats: 1, validityDays: 90, dosage: 'Take 1 tablet daily' },
          changed: true,
        },
      }),
    target.id,
  );
  expect(refused.ok).toBe(false);
  expect(refused.error?.message).toMatch(/PCM|prescriber/i);

  syncedApp.setOffline(true);
  // A note is required before pending.
  await item.getByRole('button', { name: 'Pend for PCM' }).click();
  const note = item.getByLabel(/^Note for the PCM/);
  await expect(note).toBeFocused();
  await expect(note).toHaveAccessibleDescription(/Write a note for the PCM/);
  const noteText = 'Checked with the patient: taking it daily, no side effects. Last BP at home 128/80.';
  await note.fill(noteText);
  await item.getByLabel('Hand to PCM (optional)').selectOption({ label: 'Dr. Alicia Reyes' });
  await item.getByRole('button', { name: 'Pend for PCM' }).click();
  await expect(item.getByText('Waiting to sync')).toBeVisible();
  await expect(page.locator(`[data-item-id="${target.id}"]`)).toHaveAttribute('aria-label', /change not yet sent/);
  const pends = await core.cache.db
    .selectFrom('outbox_action')
    .select(['kind', 'payload'])
    .where('work_item_id', '=', target.id)
    .execute();
  expect(pends.map((p) => p.kind)).toEqual(['pend']);
  expect(JSON.parse(pends[0]?.payload ?? '{}')).toMatchObject({ note: noteText, to: 'Practitioner/pcm-reyes' });

  // Online again: sent, and the note stays on the item.
  syncedApp.setOffline(false);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(item.getByText('Waiting to sync')).toBeHidden({ timeout: 30_000 });
  await expect(item.locator('.pended-note')).toContainText(/^Pended by Kwame Osei/);
  await expect(item.locator('.pended-note')).toContainText(noteText);

  // The PCM, signed in after him on her own cache, finds it from the portal with the note, and
  // the approve form for her.
  await signInAsAnother(syncedApp, 'pcm-reyes', 'Dr. Alicia Reyes');
  const pcmCore = syncedApp.core;
  expect(pcmCore.cache.file).not.toBe(core.cache.file);
  await pcmCore.sync.syncNow();
  await openView(page, 'Renewals');
  const pcmRows = await renewalRows(pcmCore);
  await selectRow(page, pcmRows, target.id);
  await expect(item.locator('.pended-note')).toContainText(/^Pended by Kwame Osei/);
  await expect(item.locator('.pended-note')).toContainText(noteText);
  await expect(item.getByRole('button', { name: /^Approve/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/renewals-pended-for-pcm-1440.png' });
});
