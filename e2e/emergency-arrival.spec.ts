import { addEmergencyToCache, addPossibleEmergencyToCache } from './emergency-message';
import { list, selectedRow } from './desk-steps';
import { SEED_NOW, expect, test } from './fixtures';

/**
 * An emergency that arrives while the nurse works: said at once in the assertive live region (a
 * possible one in the polite region), shown in a banner with its whole subject until opened, and
 * opened from there with the keyboard. Sound is a choice, off until made.
 */
test.use({ viewport: { width: 1280, height: 800 } });

test('an emergency arriving is announced, stays in a banner until opened, and opens from it', async ({ app }) => {
  const { page, cache } = app;
  await expect(list(page)).toHaveAccessibleName(/Work items, \d+ open/);
  // The desk has looked at the backlog: what comes now is news.
  await expect(page.getByTestId('live-assertive')).toHaveAttribute('data-watching', 'true');
  const assertive = page.getByTestId('live-assertive');
  const polite = page.getByTestId('live-polite');
  const banner = page.getByRole('region', { name: 'New emergencies' });
  // The backlog on opening the desk is not news.
  await expect(assertive).toHaveText('');
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Sound on emergencies' })).not.toBeChecked();
  await expect(assertive).toHaveAttribute('aria-live', 'assertive');
  await expect(polite).toHaveAttribute('aria-live', 'polite');

  const id = await addEmergencyToCache(cache.db, SEED_NOW);
  const subject = (
    await cache.db.selectFrom('work_item').select('subject').where('id', '=', id).executeTakeFirstOrThrow()
  ).subject;
  await app.emit('inbox:changed', { reason: 'synced' });

  await expect(assertive).toContainText('Emergency, 911: new in Nursing Team');
  await expect(assertive).toContainText(subject);
  await expect(banner).toBeVisible();
  const line = banner.getByRole('listitem');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(subject);
  // The subject whole: nothing of it clipped.
  const clipped = await line.locator('.arrival-line').evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(clipped).toBe(false);
  await page.screenshot({ path: 'test-results/screens/emergency-arrival-1280.png' });

  // Another sync with nothing new: not said again, still shown.
  await app.emit('inbox:changed', { reason: 'synced' });
  await expect(banner).toBeVisible();

  // Opened from the banner with the keyboard: its row selected, the banner gone, the list focused.
  await banner.getByRole('button', { name: 'Open' }).focus();
  await page.keyboard.press('Enter');
  await expect(selectedRow(page)).toHaveAttribute('data-item-id', id);
  await expect(banner).toHaveCount(0);
  await expect(list(page)).toBeFocused();
  await expect(polite).toHaveText('');
});

test('a possible emergency arriving is said politely, and shown until opened', async ({ app }) => {
  const { page, cache } = app;
  await expect(list(page)).toHaveAccessibleName(/Work items, \d+ open/);
  // The desk has looked at the backlog: what comes now is news.
  await expect(page.getByTestId('live-assertive')).toHaveAttribute('data-watching', 'true');
  await addPossibleEmergencyToCache(cache.db, SEED_NOW);
  await app.emit('inbox:changed', { reason: 'synced' });
  await expect(page.getByTestId('live-polite')).toContainText('Possible emergency, read now: new in Nursing Team');
  await expect(page.getByTestId('live-assertive')).toHaveText('');
  await expect(page.getByRole('region', { name: 'New emergencies' })).toBeVisible();
});
