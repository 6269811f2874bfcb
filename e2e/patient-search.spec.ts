import { expect, test } from './fixtures';
import { DOD_ID_SYSTEM } from '../src/domain/fhir/codes';

test.use({ viewport: { width: 1280, height: 800 } });

test('finds a patient by name, date of birth and DoD ID, their items grouped, and opens one', async ({ app }) => {
  const { page } = app;
  // A patient with more than one open item, as the portal sent them.
  const busiest = await app.cache.db
    .selectFrom('work_item')
    .select(['patient_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('is_open', '=', 1)
    .where('patient_id', 'is not', null)
    .groupBy('patient_id')
    .orderBy('n', 'desc')
    .orderBy('patient_id')
    .executeTakeFirstOrThrow();
  const patientId = busiest.patient_id ?? '';
  const raw = await app.cache.db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'Patient')
    .where('id', '=', patientId)
    .executeTakeFirstOrThrow();
  const patient = JSON.parse(raw.json) as {
    name: { family: string; given: string[] }[];
    birthDate: string;
    identifier: { system: string; value: string }[];
  };
  const family = patient.name[0]?.family ?? '';
  const given = patient.name[0]?.given[0] ?? '';
  const [y = '', m = '', d = ''] = patient.birthDate.split('-');
  const dodId = patient.identifier.find((i) => i.system === DOD_ID_SYSTEM)?.value ?? '';
  const open = (
    await app.cache.db
      .selectFrom('work_item')
      .select('id')
      .where('patient_id', '=', patientId)
      .where('is_open', '=', 1)
      .execute()
  ).map((r) => r.id);

  await page.getByRole('button', { name: /^All pools/ }).click();
  const list = page.getByRole('listbox', { name: /Work items, \d+ open/ });
  await expect(list).toBeVisible();
  const search = page.getByRole('searchbox', { name: /Search messages, or a patient/ });
  const found = page.getByRole('region', { name: /found by/ });

  const forms: [string, RegExp][] = [
    [family, /found by name “/],
    [`${family}, ${given}`, /found by name “/],
    [`${family}, ${given.slice(0, 2)}`, /found by name “/],
    [given.slice(0, 3), /found by name “/],
    [patient.birthDate, /found by date of birth/],
    [`${m}/${d}/${y}`, /found by date of birth/],
    [`${Number(m)}/${Number(d)}/${y.slice(2)}`, /found by date of birth/],
    [dodId, /found by DoD ID/],
  ];
  for (const [typed, readAs] of forms) {
    // Keyboard first: `/` from the list focuses the search box.
    await list.focus();
    await page.keyboard.press('/');
    await expect(search).toBeFocused();
    await page.keyboard.type(typed);
    await expect(found.getByRole('status')).toHaveText(readAs);
    const heading = found.locator(`button[data-patient-id="${patientId}"]`);
    await expect(heading).toContainText(`${family}, ${given}`);
    await expect(heading).toContainText(`${open.length} item`);
    // The patient's heading takes the cursor to the first of their items, which begins their group.
    await heading.click();
    const active = list.getByRole('option', { selected: true });
    await expect(active).toHaveClass(/group-start/);
    expect(open).toContain(await active.getAttribute('data-item-id'));
    await expect(active).toHaveAttribute('data-search-match', /patient|both/);
    await expect(active.locator('mark.patient-match')).toHaveText(`${family}, ${given}`);
    // Esc in the search box clears it: the list is the inbox again, no lookup.
    await search.focus();
    await page.keyboard.press('Escape');
    await expect(found).toHaveCount(0);
  }

  // Last: look the patient up by DoD ID and open one of their items from the keyboard.
  await list.focus();
  await page.keyboard.press('/');
  await page.keyboard.type(dodId);
  await expect(list).toHaveAccessibleName(`Work items, ${open.length} open`);
  await page.keyboard.press('Enter');
  await expect(list).toBeFocused();
  await page.keyboard.press('Enter');
  const openedId = await list.getByRole('option', { selected: true }).getAttribute('data-item-id');
  expect(open).toContain(openedId);
  const subject = await app.cache.db
    .selectFrom('work_item')
    .select('subject')
    .where('id', '=', openedId ?? '')
    .executeTakeFirstOrThrow();
  const detail = page.locator('section.detail');
  await expect(detail).toBeFocused();
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(subject.subject);
});
