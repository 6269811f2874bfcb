import { expect, test } from './fixtures';

/**
 * Screenshots for people to look at (test-results/screens/), taken on the seeded clinic: the inbox
 * with keyboard focus on the list, and one of each kind of item in the detail pane.
 */
test('screens: inbox with keyboard focus, and each item kind', async ({ app }) => {
  const { page } = app;
  const list = page.getByRole('listbox', { name: /^Work items/ });
  await expect(list).toHaveAccessibleName(/Work items, \d+ open/);
  await page.screenshot({ path: 'test-results/screens/inbox-own-pool.png' });
  await page.getByRole('button', { name: /^All pools/ }).click();
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.screenshot({ path: 'test-results/screens/inbox.png' });

  // The first open item of each kind, reached as a nurse would: from the top of the list, j by j.
  const order = await app.cache.db
    .selectFrom('work_item')
    .select(['id', 'subject', 'focus_type'])
    .where('is_open', '=', 1)
    .orderBy('emergency', 'desc')
    .orderBy('possible_emergency', 'desc')
    .orderBy('due_at')
    .orderBy('id')
    .execute();
  for (const focusType of ['Communication', 'MedicationRequest', 'DiagnosticReport'] as const) {
    const index = order.findIndex((item) => item.focus_type === focusType);
    const item = order[index];
    if (item === undefined) throw new Error(`no open ${focusType} item in the seed`);
    await list.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < index; i++) await page.keyboard.press('j');
    await expect(list.getByRole('option', { selected: true })).toHaveAttribute('data-item-id', item.id);
    await expect(page.getByRole('heading', { level: 2, name: item.subject })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/detail-${focusType}.png` });
  }
});

test.describe('sync screens', () => {
  test.use({ portalDelayMs: 150 });

  test('screens: first load, offline, diagnostics', async ({ syncedApp }) => {
    const { page, core } = syncedApp;
    syncedApp.startSync();
    await expect(page.getByText(/Step ([2-9]|1[0-5]) of 15/)).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/screens/sync-first-load.png' });
    await expect(page.getByRole('progressbar')).toBeHidden({ timeout: 30_000 });

    // The network goes: the cached inbox stays, the app says so and what to do.
    syncedApp.setOffline(true);
    await core.sync.syncNow();
    await expect(page.getByRole('alert')).toContainText('Cannot reach the portal', { timeout: 30_000 });
    await page.screenshot({ path: 'test-results/screens/sync-offline.png' });

    await page.getByRole('button', { name: /^Diagnostics/ }).click();
    await expect(page.getByRole('dialog', { name: 'Sync diagnostics' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/sync-diagnostics.png' });
  });
});

test('screens: a decision waiting to sync, and the queue of changes', async ({ app }) => {
  const { page } = app;
  const row = page.getByRole('option').filter({ hasText: 'Unclaimed' }).first();
  await row.click();
  const actions = page.getByRole('region', { name: 'Actions' });
  await actions.getByRole('button', { name: 'Claim' }).click();
  await actions.getByRole('button', { name: 'Reply to patient' }).click();
  await page.getByLabel(/Reply to the patient/).fill('Your lab results are normal. No changes to your medication.');
  await page.screenshot({ path: 'test-results/screens/actions-composer.png' });
  await actions.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('button', { name: /2 changes waiting to sync/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/actions-waiting.png' });
  await page.getByRole('button', { name: /2 changes waiting to sync/ }).click();
  await expect(page.getByRole('dialog', { name: 'Changes not yet on the portal' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/actions-queue.png' });
});
