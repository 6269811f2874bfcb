import { expect, test } from './fixtures';

test('opens the seeded inbox and an item, through the real handlers', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { level: 1, name: 'Triage Desk' })).toBeVisible();
  // The desk opens on the user's own pool; the Nursing Team's lead also has every pool.
  await expect(page.getByRole('heading', { level: 2, name: 'Nursing Team' })).toBeVisible();
  await page.getByRole('button', { name: /^All pools/ }).click();
  const list = page.getByRole('listbox', { name: /Work items, \d+ open/ });
  await expect(list).toBeVisible();

  const expected = await app.cache.db
    .selectFrom('work_item')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_open', '=', 1)
    .executeTakeFirstOrThrow();
  await expect(list).toHaveAccessibleName(`Work items, ${expected.n} open`);

  // The first row is an emergency, then a possible one, then the one due soonest; shown in the
  // detail pane straight away.
  const soonest = await app.cache.db
    .selectFrom('work_item')
    .select(['id', 'subject'])
    .where('is_open', '=', 1)
    .orderBy('emergency', 'desc')
    .orderBy('possible_emergency', 'desc')
    .orderBy('due_at')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const firstRow = list.getByRole('option').first();
  await expect(firstRow).toHaveAttribute('data-item-id', soonest.id);
  await expect(page.getByRole('heading', { level: 2, name: soonest.subject })).toBeVisible();

  // Keyboard: move down, open; the detail follows and takes focus.
  await list.focus();
  await page.keyboard.press('ArrowDown');
  const second = list.getByRole('option', { selected: true });
  const secondId = await second.getAttribute('data-item-id');
  expect(secondId).not.toBe(soonest.id);
  await page.keyboard.press('Enter');
  const detail = page.locator('section.detail');
  await expect(detail).toBeFocused();
  const secondSubject = await app.cache.db
    .selectFrom('work_item')
    .select('subject')
    .where('id', '=', secondId ?? '')
    .executeTakeFirstOrThrow();
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(secondSubject.subject);
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();
});

test('shows a message thread with the patient beside it', async ({ app }) => {
  const { page } = app;
  const thread = await app.cache.db
    .selectFrom('work_item')
    .innerJoin('message', 'message.thread_id', 'work_item.focus_id')
    .select(['work_item.id', 'work_item.pool_id', 'message.body', 'work_item.patient_display'])
    .where('work_item.is_open', '=', 1)
    .where('work_item.focus_type', '=', 'Communication')
    .where('message.sender_type', '=', 'Patient')
    // The last row of its pool's list: emergencies and possible ones sort first.
    .where('work_item.emergency', '=', 0)
    .where('work_item.possible_emergency', '=', 0)
    .orderBy('work_item.due_at', 'desc')
    .executeTakeFirstOrThrow();
  const pool = await app.cache.db
    .selectFrom('pool')
    .select('name')
    .where('id', '=', thread.pool_id ?? '')
    .executeTakeFirstOrThrow();
  await page.getByRole('button', { name: new RegExp(`^${pool.name}`) }).click();
  await expect(page.getByRole('heading', { level: 2, name: pool.name })).toBeVisible();
  const row = page.locator(`[data-item-id="${thread.id}"]`);
  await page.getByRole('listbox').focus();
  await page.keyboard.press('End');
  await row.click();
  const messages = page.getByRole('region', { name: 'Messages' });
  await expect(messages).toContainText(thread.body ?? '');
  await expect(page.getByRole('region', { name: 'Patient' })).toContainText(thread.patient_display ?? '');
});

test('reloads when main says the inbox changed', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^All pools/ }).click();
  const list = page.getByRole('listbox', { name: /^Work items/ });
  await expect(list).toHaveAccessibleName(/Work items, \d+ open/);
  await app.cache.db.updateTable('work_item').set({ is_open: 0 }).where('priority', '=', 'routine').execute();
  const left = await app.cache.db
    .selectFrom('work_item')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_open', '=', 1)
    .executeTakeFirstOrThrow();
  await app.emit('inbox:changed', { reason: 'synced' });
  await expect(list).toHaveAccessibleName(`Work items, ${left.n} open`);
});
