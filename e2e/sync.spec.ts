import { SYNC_FEEDS } from '../src/main/sync/sync-engine';
import { expect, test } from './fixtures';

test.describe('over a slow network', () => {
  // Long enough per request that the first load can be watched on loopback.
  test.use({ portalDelayMs: 120 });

  test('first start fills the inbox from the embedded portal with a progress bar, then follows new messages', async ({
    syncedApp,
  }) => {
    const { page, core } = syncedApp;
    await expect(page.getByRole('listbox', { name: /Work items, 0 open/ })).toBeVisible();
    syncedApp.startSync();

    const progress = page.getByRole('progressbar', { name: 'First load from the portal' });
    await expect(progress).toBeVisible();
    await expect(page.getByText(/Step \d+ of 15: [A-Za-z ]+ · \d+ of \d+/)).toBeVisible();
    // The inbox fills while the rest of the first load goes on.
    await expect(
      page
        .getByRole('listbox', { name: /^Work items/ })
        .getByRole('option')
        .first(),
    ).toBeVisible();
    await expect(progress).toBeHidden({ timeout: 20_000 });

    const tasks = await core.cache.db
      .selectFrom('work_item')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_open', '=', 1)
      .executeTakeFirstOrThrow();
    expect(tasks.n).toBeGreaterThan(100);
    await page.getByRole('button', { name: /^All pools/ }).click();
    await expect(page.getByRole('listbox', { name: `Work items, ${tasks.n} open` })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Pools' }).getByRole('button', { name: /Nursing/ }),
    ).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Synced just now/ })).toBeVisible();

    // A patient writes in while the app runs: the next background pass brings it in, no reload.
    const taskId = core.portal!.live!.tick();
    await expect(page.getByRole('listbox', { name: `Work items, ${tasks.n + 1} open` })).toBeVisible({
      timeout: 15_000,
    });
    // The list is virtualised and sorted by due time, so the new row may be off screen: the count
    // above moved without a reload, and the cache holds the new item.
    const arrived = await core.cache.db.selectFrom('work_item').select('id').where('id', '=', taskId).execute();
    expect(arrived).toHaveLength(1);
  });
});

test('shows the diagnostics: feeds, recent passes, nothing set aside', async ({ syncedApp }) => {
  const { page, core } = syncedApp;
  await core.sync.syncNow();
  await page.getByRole('button', { name: /^Diagnostics/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Sync diagnostics' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Nothing: every resource the portal sent could be stored.')).toBeVisible();
  // A header row and one row per feed.
  await expect(dialog.getByRole('table', { name: 'Feeds' }).getByRole('row')).toHaveCount(1 + SYNC_FEEDS.length);
  await expect(
    dialog.getByRole('table', { name: 'Recent passes' }).getByRole('cell', { name: 'ok' }).first(),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('a claim and a reply show at once, wait to sync, and reach the portal', async ({ syncedApp }) => {
  // A first load, an offline spell and a push: more steps than most tests.
  test.setTimeout(90_000);
  const { page, core } = syncedApp;
  await core.sync.syncNow();
  // The desk is bound to whoever signed in: it says who, and offers no one else.
  await expect(page.getByRole('banner').getByText('Signed in as Dana Harper')).toBeVisible();
  await expect(page.getByRole('banner').getByRole('combobox')).toHaveCount(0);
  const row = page.getByRole('option').filter({ hasText: 'Unclaimed' }).first();
  const id = await row.getAttribute('data-item-id');
  await row.click();
  const actions = page.getByRole('region', { name: 'Actions' });
  // Offline: the decisions are saved here and shown, and wait for the portal.
  syncedApp.setOffline(true);
  await actions.getByRole('button', { name: 'Claim' }).click();
  await actions.getByRole('button', { name: 'Reply to patient' }).click();
  await page.getByLabel(/Reply to the patient/).fill('Please call the clinic at your convenience.');
  await actions.getByRole('button', { name: 'Send reply' }).click();
  const detail = page.getByRole('region', { name: 'Work item' }).or(page.locator('section.detail'));
  await expect(detail.getByText('Waiting to sync')).toBeVisible();
  await expect(page.getByRole('button', { name: /2 changes waiting to sync/ })).toBeVisible();
  await expect(page.locator(`[data-item-id="${id}"]`)).toContainText(/Claimed|In progress/);

  syncedApp.setOffline(false);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(detail.getByText('Waiting to sync')).toBeHidden({ timeout: 20_000 });
  const task = core.portal!.simulator.store.read('Task', id!) as { status: string; output?: unknown[] };
  expect(task.status).toBe('in-progress');
  expect(task.output).toHaveLength(1);
});
