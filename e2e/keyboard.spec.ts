import { DEFAULT_FILTERS } from '../src/shared/work-item';
import type { InboxView, WorkItemSummary } from '../src/shared/work-item';
import type { AppCore } from '../src/main/app-core';
import { detail, list, selectRow } from './desk-steps';
import { expect, test } from './fixtures';

/**
 * A PCM at 1280×800 working with the keyboard only: views by `g` then a letter, decisions by a
 * capital letter that always asks first (Enter confirms, Esc cancels), and the focus back on the
 * list after every dialog, never on <body>.
 */

async function viewRows(core: AppCore, view: InboxView): Promise<WorkItemSummary[]> {
  const page = await core.handlers['inbox:list']({
    view,
    filters: DEFAULT_FILTERS,
    search: '',
    offset: 0,
    limit: 1000,
  });
  return page.items;
}

const outboxOf = (core: AppCore, id: string) =>
  core.cache.db.selectFrom('outbox_action').select(['kind']).where('work_item_id', '=', id).execute();

test.describe('a PCM of Team Blue, keys only', () => {
  test.use({ deskUsers: ['pcm-reyes', 'rn-osei'], viewport: { width: 1280, height: 800 } });

  test('goes to Renewals with g r, approves one with Shift+A then Enter, batch-approves, and the list keeps the focus', async ({
    twoDesks,
  }) => {
    test.setTimeout(120_000);
    const { page, core } = twoDesks.a;
    await expect(list(page)).toBeFocused();

    // g then r: the renewals view, the list still focused.
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await expect(page.getByRole('heading', { level: 2, name: 'Renewals' })).toBeVisible();
    await expect(list(page)).toBeFocused();

    const rows = await viewRows(core, { kind: 'renewals' });
    const ready = rows.filter((r) => r.readiness?.kind === 'ready' && r.syncState === null);
    const target = ready[0];
    if (target === undefined) throw new Error('no ready renewal in PCM Team Blue');
    await selectRow(page, rows, target.id);

    // Shift+A asks first; Esc leaves everything as it was, and the focus on the list.
    await page.keyboard.press('Shift+A');
    const confirm = page.getByRole('dialog', { name: /^Approve the renewal of / });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Approve' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(list(page)).toBeFocused();
    expect(await outboxOf(core, target.id)).toEqual([]);

    // Again, and Enter approves: one renew in the outbox, the row gone, the list focused.
    await page.keyboard.press('Shift+A');
    await expect(confirm).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/keyboard-approve-confirm-1280.png' });
    // The key did its part: the pane has nothing to say about it.
    await expect(detail(page).locator('.key-note')).toHaveText('');
    await page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(list(page)).toBeFocused();
    await expect(page.locator(`[data-item-id="${target.id}"]`)).toHaveCount(0);
    expect(await outboxOf(core, target.id)).toEqual([{ kind: 'renew' }]);

    // The batch: Tab-free is not the point here, the focus afterwards is.
    const left = ready.length - 1;
    const bar = page.getByRole('region', { name: 'Batch approval' });
    if (left > 0) {
      await bar.getByRole('button', { name: `Approve ${left} ready` }).focus();
      await page.keyboard.press('Enter');
      const batch = page.getByRole('dialog', { name: /^Approve \d+ renewals? as written\?$/ });
      await expect(batch).toBeVisible();
      await page.keyboard.press('Enter');
      await expect(batch).toBeHidden();
      await expect(bar.getByRole('status')).toHaveText(`${left} approved`);
      await expect(list(page)).toBeFocused();
    }
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
  });

  test('a decision key that does not fit the item says so and does nothing; Shift+R on a result asks first', async ({
    twoDesks,
  }) => {
    test.setTimeout(120_000);
    const { page, core } = twoDesks.a;
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await expect(page.getByRole('heading', { level: 2, name: 'Results' })).toBeVisible();
    await expect(list(page)).toBeFocused();
    const rows = await viewRows(core, { kind: 'results' });
    const result = rows[0];
    if (result === undefined) throw new Error('no results for PCM Team Blue');
    await selectRow(page, rows, result.id);

    // Approve is for renewals: nothing opens, the pane says why.
    await page.keyboard.press('Shift+A');
    await expect(
      detail(page).getByRole('status').filter({ hasText: 'Approve and deny are for renewals' }),
    ).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);

    // Release asks first; Esc cancels; nothing recorded, the list focused.
    await page.keyboard.press('Shift+R');
    const confirm = page.getByRole('dialog', { name: /^Release .* to the patient\?$/ });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Release to patient' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(list(page)).toBeFocused();
    expect(await outboxOf(core, result.id)).toEqual([]);

    // Hold opens the hold dialog; Esc, and the list again.
    await page.keyboard.press('Shift+H');
    const hold = page.getByRole('dialog');
    await expect(hold).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(hold).toBeHidden();
    await expect(list(page)).toBeFocused();

    // g then i: back to my items; a lone r without g is still reply, not a view.
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await expect(page.getByRole('heading', { level: 2, name: 'My items' })).toBeVisible();
  });
});
