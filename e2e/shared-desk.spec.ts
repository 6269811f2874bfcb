import { expect, test } from './fixtures';
import { axeScan, list } from './desk-steps';

/**
 * Issue 20, a shared workstation: one system browser for everyone at the desk, as at a clinic.
 * The desk's sign-out ends the portal's own session there; every sign-in asks who is at the
 * keyboard (prompt=login and max_age=0, and max_age holds where someone takes prompt off the
 * address); and a sign-in the portal reports as an old one is refused, with words.
 */
test('on a shared desk, each person signs in with their own password, and a stale portal sign-in is refused', async ({
  sessionDesk,
}) => {
  test.setTimeout(120_000);
  const { page, desk, browserVisits } = sessionDesk;
  await page.setViewportSize({ width: 1280, height: 800 });
  const signInButton = page.getByRole('button', { name: 'Sign in', exact: true });
  const signedInVisits = () => browserVisits.filter((visit) => visit.kind === 'sign-in');

  // Dr. Reyes signs in at the portal with her password, then signs out of the desk.
  sessionDesk.signInAs('pcm-reyes');
  await signInButton.click();
  await expect(page.getByText('Signed in as Dr. Alicia Reyes')).toBeVisible({ timeout: 20_000 });
  const first = signedInVisits()[0];
  expect(first).toMatchObject({ askedForCredentials: true });
  const asked = new URL(first?.kind === 'sign-in' ? first.address : 'http://unset');
  expect(asked.searchParams.get('prompt')?.split(' ')).toContain('login');
  expect(asked.searchParams.get('max_age')).toBe('0');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  // The portal's session in the browser ended too, with nothing to say about it on the desk.
  await expect.poll(() => browserVisits.at(-1)).toEqual({ kind: 'sign-out', page: 'Signed out of the portal' });
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The next person takes `prompt` off the sign-in address: the portal asks for a password anyway.
  sessionDesk.signInAs('rn-osei');
  sessionDesk.editSignInAddress((address) => address.searchParams.delete('prompt'));
  await signInButton.click();
  await expect(page.getByText('Signed in as Kwame Osei')).toBeVisible({ timeout: 20_000 });
  expect(signedInVisits().at(-1)).toMatchObject({ askedForCredentials: true });
  expect(new URL((signedInVisits().at(-1) as { address: string }).address).searchParams.has('prompt')).toBe(false);

  // He signs out with the network down: signed out of the desk all the same, and told to close the browser.
  sessionDesk.setOffline(true);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText(
    'Signed out of Triage Desk, but your sign-in at the portal could not be ended: the portal could not be reached. Close every browser window before you leave this computer.',
    { timeout: 20_000 },
  );
  expect(desk.current()).toBeNull();
  await page.screenshot({ path: 'test-results/screens/shared-desk-portal-sign-out-failed-1280.png' });
  sessionDesk.setOffline(false);

  // A portal that reports an old sign-in (here a fault it is told to have): the desk refuses it.
  sessionDesk.portalFaults.backdateAuthTimeSeconds = 3 * 60 * 60;
  sessionDesk.signInAs('rn-harper');
  sessionDesk.editSignInAddress(null);
  await signInButton.click();
  await expect(page.getByRole('alert')).toContainText(
    /^The portal did not confirm that you signed in just now \(it reported a sign-in from .+\), so Triage Desk refused it: on a shared computer that may be the previous person's sign-in\. Close every browser window, then sign in again\.$/,
    { timeout: 20_000 },
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(list(page)).toHaveCount(0);
  expect(desk.current()).toBeNull();
  await axeScan(page, 'sign-in refused for a stale portal sign-in');
  await page.screenshot({ path: 'test-results/screens/shared-desk-stale-sign-in-refused-1280.png' });

  // The portal mended, she signs in.
  sessionDesk.portalFaults.backdateAuthTimeSeconds = 0;
  await signInButton.click();
  await expect(page.getByText(/^Signed in as .*Harper/)).toBeVisible({ timeout: 20_000 });
});
