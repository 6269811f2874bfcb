import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { WorkItemSummary } from '../src/shared/work-item';
import { expect } from './fixtures';

/** What a person does on the desk, shared by the browser tests: the list, the views, signing in, axe. */

export const list = (page: Page) => page.getByRole('listbox', { name: /^Work items/ });
export const selectedRow = (page: Page) => list(page).getByRole('option', { selected: true });
export const detail = (page: Page) => page.locator('section.detail');

/**
 * Waits for the desk's first load to finish: until then rows arrive page by page and the desk
 * may still move from "My items" to the user's pool once the roster has come, so a row picked by
 * its place could be another one by the time it is clicked.
 */
export async function waitForFirstLoad(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Synced/ })).toBeVisible({ timeout: 30_000 });
}

/** The row of one item, found by its id however the list is sorted. */
export const rowOf = (page: Page, id: string) => list(page).locator(`[data-item-id="${id}"]`);

/** Opens a view from the navigation ("Renewals", "Results") and waits for its rows. */
export async function openView(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Pools' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(list(page)).toHaveAccessibleName(/Work items, [1-9]\d* open/);
}

/**
 * Moves the list's cursor onto a row with j, as a person scanning down would, and waits for its
 * detail. `rows` is the view as main answers it: after any change has reloaded the page, the page
 * lists the same rows in the same order, so the indexes agree.
 */
export async function selectRow(
  page: Page,
  rows: readonly WorkItemSummary[],
  id: string,
  status: 'open' | 'closed' = 'open',
): Promise<void> {
  const index = rows.findIndex((r) => r.id === id);
  if (index < 0) throw new Error(`row ${id} is not in the list`);
  await expect(list(page)).toHaveAccessibleName(`Work items, ${rows.length} ${status}`);
  await list(page).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('j');
  await expect(selectedRow(page)).toHaveAttribute('data-item-id', id);
  await expect(detail(page).getByRole('heading', { level: 2, name: rows[index]?.subject ?? '' })).toBeVisible();
}

/**
 * Hands the desk to another person as staff do: "Sign out" in the header, then "Sign in" as them
 * (`signInAs` tells the demo browser who), and waits for their desk. Their own cache opens, empty
 * on a first sign-in: the test syncs it when it means to.
 */
export async function signInAsAnother(
  desk: { page: Page; signInAs(practitionerId: string): void },
  practitionerId: string,
  name: string,
): Promise<void> {
  const { page } = desk;
  await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  desk.signInAs(practitionerId);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('banner').getByText(`Signed in as ${name}`)).toBeVisible({ timeout: 20_000 });
}

/**
 * axe-core against WCAG 2.2 A/AA and axe's best practices: no serious or critical violation on what
 * is on screen.
 */
export async function axeScan(page: Page, what: string) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${what}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
  return result;
}
