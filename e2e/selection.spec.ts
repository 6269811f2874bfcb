import type { Page } from '@playwright/test';
import { detail, list, selectedRow } from './desk-steps';
import { addEmergencyToCache } from './emergency-message';
import { expect, SEED_NOW, test } from './fixtures';
import type { AppHarness } from './fixtures';

/**
 * The selection is an item, not a row: whatever re-sorts the list under the cursor (a priority,
 * a sync bringing an emergency, a filter), the pane and the next key stay on the item the nurse
 * chose; when it leaves the view, the pane says so and the keys act on nothing.
 */
test.use({ viewport: { width: 1280, height: 800 } });

const rowIds = (page: Page) =>
  list(page)
    .getByRole('option')
    .evaluateAll((rows) => rows.map((r) => r.id));

async function actions(app: AppHarness): Promise<{ id: string; kind: string }[]> {
  const rows = await app.cache.db
    .selectFrom('outbox_action')
    .select(['work_item_id', 'kind'])
    .orderBy('action_id')
    .execute();
  return rows.map((r) => ({ id: r.work_item_id, kind: r.kind }));
}

/** The pane shows this item, and the list's cursor is on its row. */
async function expectSelected(page: Page, id: string, subject: string): Promise<void> {
  await expect(selectedRow(page)).toHaveAttribute('data-item-id', id);
  await expect(detail(page).getByRole('heading', { level: 2, name: subject })).toBeVisible();
}

/** A staff note by keyboard (n, type, Ctrl+Enter): which item it went to is in the outbox. */
async function noteByKeys(page: Page, text: string): Promise<void> {
  await list(page).focus();
  await page.keyboard.press('n');
  const box = detail(page).getByLabel('Staff note (not shown to the patient)');
  await expect(box).toBeFocused();
  await page.keyboard.type(text);
  await page.keyboard.press('Control+Enter');
  await expect(box).toBeHidden();
}

test('the selection follows the item across a priority re-sort, a sync, and filter changes', async ({ app }) => {
  const { page, cache } = app;
  await expect(page.getByRole('heading', { level: 2, name: 'Nursing Team' })).toBeVisible();
  await expect(list(page)).toHaveAccessibleName(/Work items, \d+ open/);

  // A routine, unclaimed item some rows down the Nursing Team's list, chosen with j.
  const order = await cache.db
    .selectFrom('work_item')
    .select(['id', 'subject', 'priority', 'owner_type'])
    .where('pool_id', '=', 'pool-nursing')
    .where('is_open', '=', 1)
    .orderBy('emergency', 'desc')
    .orderBy('possible_emergency', 'desc')
    .orderBy('due_at')
    .orderBy('id')
    .execute();
  const index = order.findIndex((r, i) => i >= 6 && r.priority === 'routine' && r.owner_type !== 'person');
  const target = order[index];
  if (target === undefined) throw new Error('no routine unclaimed Nursing Team item below the sixth row');
  const { id, subject } = target;
  await list(page).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('j');
  await expectSelected(page, id, subject);
  const before = (await rowIds(page)).indexOf(`row-${id}`);

  // (a) STAT: a shorter due time, so the row moves up; the pane and the cursor go with it.
  const pane = detail(page);
  await pane.getByLabel('Priority', { exact: true }).selectOption('stat');
  await pane.getByRole('button', { name: 'Set priority' }).click();
  await expect(selectedRow(page)).toHaveAttribute('aria-label', /^STAT/);
  await expect.poll(async () => (await rowIds(page)).indexOf(`row-${id}`)).toBeLessThan(before);
  await expectSelected(page, id, subject);
  await list(page).focus();
  await page.keyboard.press('c');
  await expect(selectedRow(page)).toHaveAttribute('aria-label', /claimed by Dana Harper/);
  await expectSelected(page, id, subject);
  expect(await actions(app)).toEqual([
    { id, kind: 'priority' },
    { id, kind: 'claim' },
  ]);

  // (b) A sync brings an emergency, which sorts above everything: still the same item.
  const emergency = await addEmergencyToCache(cache.db, SEED_NOW);
  await app.emit('inbox:changed', { reason: 'synced' });
  await expect(list(page).getByRole('option').first()).toHaveAttribute('data-item-id', emergency);
  await expectSelected(page, id, subject);
  await noteByKeys(page, 'Called the patient back');
  await expectSelected(page, id, subject);
  expect((await actions(app)).at(-1)).toEqual({ id, kind: 'note' });

  // (c) A filter that keeps it (overdue only, as STAT made it): the rows around it go, the selection stays.
  await page.getByRole('group', { name: 'Filters' }).getByRole('combobox', { name: 'Due' }).selectOption('overdue');
  await expect(list(page).locator(`[data-item-id="${emergency}"]`)).toHaveCount(0);
  await expectSelected(page, id, subject);
  await noteByKeys(page, 'Still waiting for the pharmacy');
  expect((await actions(app)).at(-1)).toEqual({ id, kind: 'note' });

  // A filter that drops it (routine only; it is STAT now): the pane says so, the keys do nothing.
  await page.getByRole('group', { name: 'Filters' }).getByRole('combobox', { name: 'Due' }).selectOption('any');
  await expectSelected(page, id, subject);
  await page.getByRole('group', { name: 'Filters' }).getByLabel('Routine', { exact: true }).check();
  await expect(list(page).locator(`[data-item-id="${id}"]`)).toHaveCount(0);
  await expect(detail(page)).toContainText('This item is no longer in this view — choose a row');
  await expect(selectedRow(page)).toHaveCount(0);
  const count = (await actions(app)).length;
  await list(page).focus();
  for (const key of ['c', 'd', 'n', 'r', 'p']) await page.keyboard.press(key);
  await expect(detail(page).getByRole('form', { name: /composer$/ })).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await actions(app)).toHaveLength(count);

  // Choosing a row (j) selects one again, and the keys act on it.
  await page.keyboard.press('j');
  const chosen = (await selectedRow(page).getAttribute('data-item-id')) ?? '';
  expect(chosen).not.toBe('');
  await expect(detail(page)).not.toContainText('no longer in this view');
  await page.keyboard.press('p');
  await expect(detail(page).locator(`[id="priority-${chosen}"]`)).toBeFocused();
});

test('an item closed elsewhere leaves the pane saying so; an own "done" moves on to the next row', async ({ app }) => {
  const { page, cache } = app;
  await expect(list(page)).toHaveAccessibleName(/Work items, \d+ open/);
  await list(page).focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const id = (await selectedRow(page).getAttribute('data-item-id')) ?? '';
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();

  // A colleague's done arrives by sync: the item is gone, nothing else is silently selected.
  await cache.db.updateTable('work_item').set({ is_open: 0, status: 'completed' }).where('id', '=', id).execute();
  await app.emit('inbox:changed', { reason: 'synced' });
  await expect(list(page).locator(`[data-item-id="${id}"]`)).toHaveCount(0);
  await expect(detail(page)).toContainText('This item is no longer in this view — choose a row');
  await page.keyboard.press('c');
  await page.waitForTimeout(300);
  expect(await actions(app)).toEqual([]);

  // The nurse's own done on a message: the next row is selected, as the list has always done.
  const order = await cache.db
    .selectFrom('work_item')
    .select(['id', 'work_type'])
    .where('pool_id', '=', 'pool-nursing')
    .where('is_open', '=', 1)
    .where('id', '!=', id)
    .orderBy('emergency', 'desc')
    .orderBy('possible_emergency', 'desc')
    .orderBy('due_at')
    .orderBy('id')
    .execute();
  const at = order.findIndex((r) => r.work_type === 'respond-to-message');
  const first = order[at]?.id ?? '';
  const next = order[at + 1]?.id ?? '';
  await page.keyboard.press('Home');
  for (let i = 0; i < at; i++) await page.keyboard.press('j');
  await expect(selectedRow(page)).toHaveAttribute('data-item-id', first);
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeVisible();
  await page.keyboard.press('d');
  await expect(list(page).locator(`[data-item-id="${first}"]`)).toHaveCount(0);
  await expect(selectedRow(page)).toHaveAttribute('data-item-id', next);
  await expect(detail(page)).not.toContainText('no longer in this view');
});
