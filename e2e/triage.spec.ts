import type { Page } from '@playwright/test';
import { axeScan } from './desk-steps';
import { addEmergencyToCache, addPossibleEmergencyToCache } from './emergency-message';
import { expect, SEED_NOW, test } from './fixtures';

const inboxRows = (page: Page) => page.getByRole('listbox', { name: /^Work items/ }).getByRole('option');
const selectedRow = (page: Page) =>
  page.getByRole('listbox', { name: /^Work items/ }).getByRole('option', { selected: true });

/** Presses `j` until the selected row's spoken label matches, as a nurse scanning down would. */
async function moveTo(page: Page, label: RegExp, limit = 40): Promise<string> {
  for (let i = 0; i < limit; i++) {
    const spoken = (await selectedRow(page).getAttribute('aria-label')) ?? '';
    if (label.test(spoken)) return (await selectedRow(page).getAttribute('data-item-id')) ?? '';
    await page.keyboard.press('j');
    await expect(selectedRow(page)).not.toHaveAttribute('aria-label', spoken);
  }
  throw new Error(`no row matching ${label} within ${limit} rows`);
}

test('triages the Nursing Team pool with the keyboard only: claim, reply with a quick text, done, route', async ({
  app,
}) => {
  const { page, cache } = app;
  const list = page.getByRole('listbox', { name: /Work items, \d+ open/ });
  await expect(page.getByRole('heading', { level: 2, name: 'Nursing Team' })).toBeVisible();
  await expect(list).toBeFocused();

  // Claim the first unclaimed item.
  const first = await moveTo(page, /, unclaimed/);
  await page.keyboard.press('c');
  await expect(selectedRow(page)).toHaveAttribute('aria-label', /claimed by Dana Harper/);

  // Reply with the refill quick text: r opens the composer, Shift+Tab reaches the picker,
  // type-ahead chooses, Enter inserts it, Ctrl+Enter sends.
  await page.keyboard.press('r');
  const reply = page.getByLabel('Reply to the patient (they will see this)');
  await expect(reply).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByLabel('Quick text')).toBeFocused();
  await page.keyboard.type('Refill');
  await page.keyboard.press('Enter');
  await expect(reply).toBeFocused();
  await expect(reply).toHaveValue(/Express Scripts/);
  await page.keyboard.press('Control+Enter');
  await expect(reply).toBeHidden();
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('Express Scripts');

  // Done: the item leaves the open list.
  await expect(list).toBeFocused();
  await page.keyboard.press('d');
  await expect(page.locator(`[data-item-id="${first}"]`)).toHaveCount(0);

  // Route the next item to the pharmacy, with a reason.
  await expect(list).toBeFocused();
  const routed = (await selectedRow(page).getAttribute('data-item-id')) ?? '';
  await page.keyboard.press('t');
  const dialog = page.getByRole('dialog', { name: 'Route to another pool' });
  await expect(dialog.getByLabel('Pool')).toBeFocused();
  await page.keyboard.type('Pharmacy');
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await page.keyboard.type('Medication question for the pharmacist');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.locator(`[data-item-id="${routed}"]`)).toHaveCount(0);

  // Each decision is in the outbox, in order, with the local copy changed and audited.
  const actions = await cache.db
    .selectFrom('outbox_action')
    .select(['work_item_id', 'kind', 'payload'])
    .orderBy('action_id')
    .execute();
  expect(actions.map((a) => [a.work_item_id, a.kind])).toEqual([
    [first, 'claim'],
    [first, 'reply'],
    [first, 'done'],
    [routed, 'route'],
  ]);
  expect(JSON.parse(actions[1]?.payload ?? '{}')).toMatchObject({ text: expect.stringContaining('Express Scripts') });
  expect(JSON.parse(actions[3]?.payload ?? '{}')).toEqual({
    pool: 'CareTeam/pool-pharmacy',
    reason: 'Medication question for the pharmacist',
  });
  const items = await cache.db
    .selectFrom('work_item')
    .select(['id', 'is_open', 'pool_id'])
    .where('id', 'in', [first, routed])
    .execute();
  expect(items.find((i) => i.id === first)?.is_open).toBe(0);
  expect(items.find((i) => i.id === routed)?.pool_id).toBe('pool-pharmacy');
  // Decisions only: opening an item writes a "view" row of its own.
  const audited = await cache.db.selectFrom('audit_log').select('event').where('event', 'like', 'action.%').execute();
  expect(audited).toHaveLength(4);
});

test('a possible emergency sits at the top, marked, explains itself, and needs no acknowledgement', async ({ app }) => {
  const { page, cache } = app;
  const id = await addPossibleEmergencyToCache(cache.db, SEED_NOW);
  await app.emit('inbox:changed', { reason: 'synced' });

  const firstRow = inboxRows(page).first();
  await expect(firstRow).toHaveAttribute('data-item-id', id);
  await expect(firstRow).toContainText('READ NOW · possible 911');
  await expect(firstRow).toHaveAttribute('aria-label', /^Possible emergency, read now/);
  await expect(page.getByRole('region', { name: 'Emergency', exact: true })).toHaveCount(0);

  const why = page.getByRole('region', { name: 'Why this may be an emergency' });
  await expect(why).toContainText('Possible emergency');
  await expect(why).toContainText('Breathing getting worse (possible): "wheezing" in the body');
  await page.screenshot({ path: 'test-results/screens/triage-possible-emergency.png' });

  // No acknowledgement: a nurse reads it, replies, and may close it.
  await expect(page.getByRole('button', { name: 'Mark done' })).toBeEnabled();
});

test('an emergency surfaces first, marked, and cannot be closed until acknowledged', async ({ app }) => {
  const { page, cache } = app;
  const id = await addEmergencyToCache(cache.db, SEED_NOW);
  await app.emit('inbox:changed', { reason: 'synced' });

  const firstRow = inboxRows(page).first();
  await expect(firstRow).toHaveAttribute('data-item-id', id);
  await expect(firstRow).toContainText('EMERGENCY · 911');
  await expect(firstRow).toHaveAttribute('aria-label', /^EMERGENCY 911, not acknowledged/);
  await expect(page.getByRole('button', { name: /^Nursing Team/ })).toContainText('1 emergency');

  const banner = page.getByRole('region', { name: 'Emergency', exact: true });
  await expect(banner).toContainText('911');
  const done = page.getByRole('button', { name: 'Mark done' });
  await expect(done).toBeDisabled();
  await expect(page.getByRole('region', { name: 'Actions' })).toContainText('acknowledge it first');

  // Main refuses it too, whatever the page does.
  const refused = await page.evaluate(
    (itemId) =>
      (
        window as unknown as {
          triageDesk: {
            act(a: unknown): Promise<{ ok: boolean; error?: { message: string } }>;
          };
        }
      ).triageDesk.act({ id: itemId, kind: 'done', payload: {} }),
    id,
  );
  expect(refused.ok).toBe(false);
  expect(refused.error?.message).toMatch(/acknowledge it first/);

  // "Reply sent" before any reply is refused with what to do.
  await banner.getByLabel('911/988 reply sent').check();
  await banner.getByLabel('Acknowledgement note (required)').fill('Replied with the 911 advice');
  await banner.getByRole('button', { name: 'Acknowledge emergency' }).click();
  await expect(banner.getByRole('alert').last()).toContainText('Send the 911/988 reply first');

  // The emergency quick text is suggested first; send it, then acknowledge, then close.
  await page.getByRole('button', { name: 'Reply to patient' }).click();
  const picker = page.getByLabel('Quick text');
  await expect(picker.locator('optgroup').first().locator('option').first()).toHaveText(/^Emergency/);
  await picker.selectOption('emergency');
  await page.getByRole('button', { name: 'Insert' }).click();
  await expect(page.getByLabel('Reply to the patient (they will see this)')).toHaveValue(/911[\s\S]*988/);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('988');

  await banner.getByLabel('911/988 reply sent').check();
  await banner
    .getByLabel('Acknowledgement note (required)')
    .fill('Sent the 911 / 988 reply; patient called back, going to the ER');
  await banner.getByRole('button', { name: 'Acknowledge emergency' }).click();
  await expect(banner).toContainText('Acknowledged');
  await expect(firstRow).toHaveAttribute('aria-label', /^EMERGENCY 911, acknowledged/);
  await expect(done).toBeEnabled();
  await done.click();
  await expect(page.locator(`[data-item-id="${id}"]`)).toHaveCount(0);

  const kinds = await cache.db
    .selectFrom('outbox_action')
    .select('kind')
    .where('work_item_id', '=', id)
    .orderBy('action_id')
    .execute();
  expect(kinds.map((k) => k.kind)).toEqual(['reply', 'acknowledge', 'done']);
});

test('two staff claiming one item: the second sees the conflict and who has it, nothing overwritten', async ({
  twoDesks,
}) => {
  const { a, b } = twoDesks;
  // Both desks show the Nursing Team's unclaimed items, in the same order.
  for (const desk of [a, b]) {
    await desk.page.getByRole('button', { name: /^Nursing Team/ }).click();
    await desk.page.getByLabel('Unassigned only').check();
  }
  const rowA = inboxRows(a.page).first();
  const id = (await rowA.getAttribute('data-item-id')) ?? '';
  await expect(inboxRows(b.page).first()).toHaveAttribute('data-item-id', id);

  // Each claims it before hearing of the other; it leaves each desk's "unassigned" list at once.
  for (const desk of [a, b]) {
    await inboxRows(desk.page).first().click();
    await desk.page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Claim' }).click();
    await expect(desk.page.locator(`[data-item-id="${id}"]`)).toHaveCount(0);
    const local = await desk.core.cache.db
      .selectFrom('work_item')
      .select('owner_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(local.owner_id).toBe(desk.userId);
  }
  await twoDesks.syncBoth();

  // The first to reach the portal has it; the second's claim stops for review, with the other name.
  const review = b.page.getByRole('button', { name: /1 needs review/ });
  await expect(review).toBeVisible();
  await review.click();
  const queue = b.page.getByRole('dialog');
  await expect(queue).toContainText('Changed by someone else');
  await expect(queue).toContainText('Owner: now Kwame Osei at the portal');
  await queue.getByRole('button', { name: 'Discard mine' }).click();
  await queue.getByRole('button', { name: 'Close' }).click();
  await twoDesks.syncBoth();
  const portalTask = await fetch(`${a.core.portal?.baseUrl ?? ''}/Task/${id}`).then(
    (r) => r.json() as Promise<{ owner?: { reference?: string } }>,
  );
  expect(portalTask.owner?.reference).toBe('Practitioner/rn-osei');
  const bCopy = await b.core.cache.db
    .selectFrom('work_item')
    .select(['owner_id', 'owner_type'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  expect(bCopy).toEqual({ owner_id: 'rn-osei', owner_type: 'person' });
});

test('the inbox and the item view have no serious or critical accessibility violations', async ({ app }) => {
  const { page, cache } = app;
  await addEmergencyToCache(cache.db, SEED_NOW);
  await app.emit('inbox:changed', { reason: 'synced' });
  await expect(page.getByRole('region', { name: 'Emergency', exact: true })).toBeVisible();

  const scan = (what: string) => axeScan(page, what);
  // The inbox with an emergency open in the item view.
  await page.screenshot({ path: 'test-results/screens/triage-emergency.png' });
  await scan('inbox with an emergency');
  // A message item with the reply composer and its quick texts open.
  await page.keyboard.press('j');
  await page.getByRole('button', { name: 'Reply to patient' }).click();
  await scan('reply composer');
  await page.screenshot({ path: 'test-results/screens/triage-reply.png' });
  // The route dialog and the shortcut sheet.
  await page.getByRole('button', { name: 'Route' }).click();
  await scan('route dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
  await scan('shortcut sheet');
});
