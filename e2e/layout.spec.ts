import type { Page } from '@playwright/test';
import { list, openView } from './desk-steps';
import { addEmergencyToCache } from './emergency-message';
import { expect, SEED_NOW, test } from './fixtures';

/**
 * The list at the sizes clinics use (a 1280×800 monitor, a 1920×1080 one): no patient name and no
 * due time cut off, on the nurse's pool, All pools and the PCM's renewals and results; and a
 * screenshot of each view for people to look at (test-results/screens/).
 */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** The patient-name and due-time cells on screen (and what is inside them) whose text is cut off. */
const clipped = (page: Page): Promise<string[]> =>
  page
    .locator(
      [
        '.inbox-rows .row .col-patient',
        '.inbox-rows .row .col-patient *',
        '.inbox-rows .row .col-due',
        '.inbox-rows .row .col-due *',
        '.inbox-rows .row .renewal-patient',
      ].join(', '),
    )
    .evaluateAll((cells) =>
      cells
        .filter((cell) => cell.scrollWidth > cell.clientWidth || cell.scrollHeight > cell.clientHeight + 1)
        .map((cell) => `${cell.className}: "${cell.textContent}" (${cell.scrollWidth}>${cell.clientWidth})`),
    );

async function expectNoneClipped(page: Page, what: string): Promise<void> {
  await expect(list(page).getByRole('option').first()).toBeVisible();
  expect(await list(page).locator('.col-patient').count(), `${what}: patient cells on screen`).toBeGreaterThan(0);
  expect(await clipped(page), what).toEqual([]);
}

test.describe('a nurse lead and a PCM', () => {
  test.use({ deskUsers: ['rn-harper', 'pcm-reyes'] });

  test('no patient name or due time is clipped at 1280×800 and 1920×1080', async ({ twoDesks }) => {
    test.setTimeout(180_000);
    const nurse = twoDesks.a.page;
    const pcm = twoDesks.b.page;
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}`;
      for (const page of [nurse, pcm]) await page.setViewportSize(size);

      await openView(nurse, 'Nursing Team');
      await expectNoneClipped(nurse, `nurse's pool at ${tag}`);
      await nurse.screenshot({ path: `test-results/screens/layout-${tag}-nurse-pool.png` });
      await openView(nurse, 'All pools');
      await expectNoneClipped(nurse, `All pools at ${tag}`);
      await nurse.screenshot({ path: `test-results/screens/layout-${tag}-all-pools.png` });

      await openView(pcm, 'Renewals');
      await expectNoneClipped(pcm, `PCM's renewals at ${tag}`);
      await pcm.screenshot({ path: `test-results/screens/layout-${tag}-pcm-renewals.png` });
      await openView(pcm, 'Results');
      await expectNoneClipped(pcm, `PCM's results at ${tag}`);
      // The selected result's table: each test's name on whole words, not a letter a line.
      const names = pcm.locator('.result-table .value-name');
      await expect(names.first()).toBeVisible();
      const widths = await names.evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
      expect(Math.min(...widths), `the result table's Test column at ${tag}`).toBeGreaterThan(60);
      await pcm.screenshot({ path: `test-results/screens/layout-${tag}-pcm-results.png` });
    }
  });
});

for (const size of SIZES) {
  const tag = `${size.width}x${size.height}`;
  test.describe(`screens at ${tag}`, () => {
    test.use({ viewport: size });

    test(`screens at ${tag}: my items, a pool, an emergency, an empty search`, async ({ app }) => {
      const { page, cache } = app;
      await expect(list(page)).toHaveAccessibleName(/Work items, \d+ open/);
      await openView(page, 'My items');
      await page.screenshot({ path: `test-results/screens/screen-${tag}-my-items.png` });
      await openView(page, 'Nursing Team');
      await page.screenshot({ path: `test-results/screens/screen-${tag}-pool.png` });

      await addEmergencyToCache(cache.db, SEED_NOW);
      await app.emit('inbox:changed', { reason: 'synced' });
      await list(page).getByRole('option').first().click();
      await expect(page.getByRole('region', { name: 'Emergency', exact: true })).toBeVisible();
      await expectNoneClipped(page, `nurse's pool with an emergency at ${tag}`);
      await page.screenshot({ path: `test-results/screens/screen-${tag}-emergency.png` });

      // A search with no hits: the page keeps its shape, the footer stays at the bottom.
      await page.getByRole('searchbox', { name: 'Search messages' }).fill('zzqxnothing');
      await expect(list(page)).toHaveAccessibleName(/Work items, 0 open/);
      await expect(page.getByText('No open items match this view and its filters.')).toBeVisible();
      const footer = await page.locator('footer.statusbar').boundingBox();
      expect((footer?.y ?? 0) + (footer?.height ?? 0)).toBeGreaterThan(size.height - 2);
      await page.screenshot({ path: `test-results/screens/screen-${tag}-empty-search.png` });
    });
  });
}
