import type { Page } from '@playwright/test';
import type { TriageDeskApi } from '../src/shared/ipc/contract';
import { DEFAULT_DEMO_PASSWORD } from '../src/simulator/auth/auth-options';
import { completeDemoSignIn } from '../src/simulator/auth/demo-browser';
import { expect, test } from './fixtures';
import { axeScan, list, rowOf, waitForFirstLoad } from './desk-steps';

/** Asks main for the views from the page, as the renderer would, through the real dispatcher. */
const askForViews = (page: Page) =>
  page.evaluate(() => (window as unknown as { triageDesk: TriageDeskApi }).triageDesk.listViews({}));

/**
 * Sign-in and the idle lock on the desk as the Electron shell builds it: the embedded portal's
 * authorization server, the real SMART client (PKCE, loopback redirect), per-user encrypted
 * caches, the session's gate on every handler. The "system browser" is the demo browser signing
 * in as the chosen demo user.
 */
test('a nurse signs in through the portal, the desk locks when idle, and her queued work goes out after she signs in again', async ({
  sessionDesk,
}) => {
  // Two sign-ins, a first load and a push.
  test.setTimeout(120_000);
  const { page, desk } = sessionDesk;
  const detail = page.locator('section.detail');

  // Nobody signed in: the sign-in screen, and no inbox behind it.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(list(page)).toHaveCount(0);
  await axeScan(page, 'sign-in screen');
  await page.screenshot({ path: 'test-results/screens/session-sign-in-1280.png' });
  const refused = await askForViews(page);
  expect(refused).toMatchObject({ ok: false, error: { code: 'signed-out' } });

  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Signed in as Kwame Osei')).toBeVisible({ timeout: 20_000 });
  await waitForFirstLoad(page);
  await expect(list(page)).toHaveAccessibleName(/Work items, [1-9]\d* open/);

  // She claims an item with the network down: it waits in her cache's outbox.
  const id = await list(page).getByRole('option').filter({ hasText: 'Unclaimed' }).first().getAttribute('data-item-id');
  await rowOf(page, id ?? '').click();
  const subject = (await detail.getByRole('heading', { level: 2 }).first().textContent()) ?? '';
  expect(subject.length).toBeGreaterThan(5);
  sessionDesk.setOffline(true);
  await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Claim' }).click();
  await expect(detail.getByText('Waiting to sync')).toBeVisible();

  // Fifteen minutes without a key press or a click: the desk locks.
  await page.clock.fastForward('15:01');
  await expect(page.getByRole('heading', { level: 1, name: 'Desk locked' })).toBeVisible();
  await expect(page.getByText(/^Kwame Osei RN was signed in here\./)).toBeVisible();
  // The patient data has left the page, not only the screen…
  const html = await page.content();
  expect(html).not.toContain(subject);
  expect(html).not.toContain(id ?? '(none)');
  // …and main: the cache is closed, and every desk request is refused.
  await expect.poll(() => desk.current()).toBeNull();
  expect(await askForViews(page)).toMatchObject({
    ok: false,
    error: { code: 'signed-out', message: 'The desk is locked: sign in again to go on.' },
  });
  await axeScan(page, 'lock screen');
  await page.screenshot({ path: 'test-results/screens/session-locked-1280.png' });

  // Back online, she signs in again: her own cache reopens and the claim goes to the portal once.
  sessionDesk.setOffline(false);
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await expect(page.getByText('Signed in as Kwame Osei')).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => (desk.portal!.simulator.store.read('Task', id!) as { status: string }).status, { timeout: 20_000 })
    .toBe('accepted');
  const task = desk.portal!.simulator.store.read('Task', id!) as { owner?: { reference?: string } };
  expect(task.owner?.reference).toBe('Practitioner/rn-osei');

  // Her audit log says when she signed in, when the desk locked and why, and when she came back;
  // the lock, written with the network down, reaches the portal as a logout once she is back.
  const sessionRows = await desk
    .current()!
    .cache.db.selectFrom('audit_log')
    .select(['event', 'actor', 'hash'])
    .where('event', 'like', 'session.%')
    .orderBy('audit_id')
    .execute();
  expect(sessionRows.map((r) => r.event)).toEqual(['session.sign-in', 'session.lock.idle', 'session.sign-in']);
  expect(new Set(sessionRows.map((r) => r.actor))).toEqual(new Set(['Practitioner/rn-osei']));
  const lockRow = sessionRows[1]!;
  await expect
    .poll(
      () => {
        try {
          return (desk.portal!.simulator.store.read('AuditEvent', lockRow.hash) as { subtype?: { code?: string }[] })
            .subtype?.[0]?.code;
        } catch {
          return null;
        }
      },
      { timeout: 20_000 },
    )
    .toBe('110123');
});

test('another person signing in on a locked desk gets their own cache, and is told whose changes wait unsent', async ({
  sessionDesk,
}) => {
  test.setTimeout(90_000);
  const { page, desk } = sessionDesk;
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(list(page)).toHaveAccessibleName(/Work items, [1-9]\d* open/, { timeout: 20_000 });
  const nurseCache = desk.current()!.cache.file;
  await waitForFirstLoad(page);
  // A claim made offline stays in the nurse's encrypted cache when she locks the desk.
  sessionDesk.setOffline(true);
  await list(page).getByRole('option').filter({ hasText: 'Unclaimed' }).first().click();
  await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Claim' }).click();
  await expect(page.locator('section.detail').getByText('Waiting to sync')).toBeVisible();
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Desk locked' })).toBeVisible();
  const notice = page.getByRole('region', { name: 'Not sent yet from this desk' });
  await expect(notice).toContainText('Kwame Osei RN: 1 change waiting to be sent');
  sessionDesk.setOffline(false);

  sessionDesk.signInAs('pcm-reyes');
  await page.getByRole('button', { name: 'Sign out (another person)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Signed in as Dr. Alicia Reyes')).toBeVisible({ timeout: 20_000 });
  expect(desk.current()!.cache.file).not.toBe(nurseCache);
  // Her desk says whose change is still here and what sends it; her own sync cannot.
  await expect(page.getByRole('status').filter({ hasText: 'Not sent yet from this desk' })).toHaveText(
    'Not sent yet from this desk: Kwame Osei RN (1 change waiting to be sent). They go to the portal when that person signs in here again.',
  );
  await page.screenshot({ path: 'test-results/screens/session-unsent-of-others-1280.png' });
  // Her views are her own: the Results view of a provider.
  await expect(page.getByRole('navigation', { name: 'Pools' }).getByRole('button', { name: /^Results/ })).toBeVisible();
});

test('with no browser coming up, the nurse copies the sign-in address into one, or gives the sign-in up', async ({
  sessionDesk,
}) => {
  test.setTimeout(90_000);
  const { page } = sessionDesk;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);

  // The system says it started a browser; nothing shows. The address is there, and Cancel.
  sessionDesk.setBrowser('none');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const address = page.getByRole('textbox', { name: /sign-in address/ });
  await expect(address).toHaveValue(/\/auth\/.*[?&]client_id=triage-desk/);
  await expect(address).toHaveValue(/code_challenge_method=S256/);
  await axeScan(page, 'sign-in waiting with its address');
  await page.screenshot({ path: 'test-results/screens/session-sign-in-address-1280.png' });
  await page.getByRole('button', { name: 'Copy address' }).click();
  await expect(page.getByText('Address copied.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await address.inputValue());

  // Cancelled: back to the start, no error to read, and the same button signs in again.
  await page.getByRole('button', { name: 'Cancel sign-in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  await expect(address).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A system that cannot start a browser at all: said so, and the address still leads in. Opened
  // by hand in a browser (the demo browser here), it signs her in.
  sessionDesk.setBrowser('broken');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('No browser could be opened (xdg-open');
  await expect(page.getByRole('heading', { name: 'Open this address in a browser' })).toBeVisible();
  await completeDemoSignIn(await address.inputValue(), { username: 'rn-osei', password: DEFAULT_DEMO_PASSWORD });
  await expect(page.getByText('Signed in as Kwame Osei')).toBeVisible({ timeout: 20_000 });
});
