import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import type { InboxPage } from '../../shared/work-item';
import { DOD_ID_SYSTEM } from '../../domain/fhir/codes';
import { seedDemoClinic } from '../cache/seed-demo';
import { openTestDatabase } from '../db/test-database';
import { listInbox } from './queries';
import type { InboxContext, InboxQuery } from './queries';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
const NOW = Date.parse('2026-11-27T15:00:00Z');
const ctx: InboxContext = { userId: 'rn-harper', now: NOW };
const all: InboxQuery = { view: { kind: 'all' }, filters: DEFAULT_FILTERS, search: '', offset: 0, limit: 1000 };

/** A patient with open items, and their name parts, birth date and DoD ID as the portal sent them. */
let patient: { id: string; family: string; given: string; birthDate: string; dodId: string; open: string[] };

beforeAll(async () => {
  cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { seed: 3, now: new Date(NOW), patients: 40, workItems: 120 });
  const busiest = await cache.db
    .selectFrom('work_item')
    .select(['patient_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('is_open', '=', 1)
    .where('patient_id', 'is not', null)
    .groupBy('patient_id')
    .orderBy('n', 'desc')
    .orderBy('patient_id')
    .executeTakeFirstOrThrow();
  const id = busiest.patient_id ?? '';
  const raw = await cache.db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'Patient')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const json = JSON.parse(raw.json) as {
    name: { family: string; given: string[] }[];
    birthDate: string;
    identifier: { system: string; value: string }[];
  };
  const open = await cache.db
    .selectFrom('work_item')
    .select('id')
    .where('patient_id', '=', id)
    .where('is_open', '=', 1)
    .execute();
  patient = {
    id,
    family: json.name[0]?.family ?? '',
    given: json.name[0]?.given[0] ?? '',
    birthDate: json.birthDate,
    dodId: json.identifier.find((i) => i.system === DOD_ID_SYSTEM)?.value ?? '',
    open: open.map((r) => r.id).sort(),
  };
});
afterAll(() => cache.dispose());

const search = (text: string, over: Partial<InboxQuery> = {}, c: InboxContext = ctx) =>
  listInbox(cache.db, { ...all, ...over, search: text }, c);

/** The rows of the patient's group, and that the groups come first, each patient's rows together. */
function groupOf(page: InboxPage, patientId: string) {
  const lookup = page.lookup;
  expect(lookup).toBeDefined();
  const group = lookup?.patients.find((p) => p.patientId === patientId);
  expect(group).toBeDefined();
  const rows = page.items.slice(group?.firstIndex ?? 0, (group?.firstIndex ?? 0) + (group?.count ?? 0));
  expect(rows.every((r) => r.patientId === patientId && r.searchMatch !== 'text')).toBe(true);
  const grouped = lookup?.patients.reduce((n, p) => n + p.count, 0) ?? 0;
  expect(page.items.slice(grouped).every((r) => r.searchMatch === 'text')).toBe(true);
  return { group, ids: rows.map((r) => r.id).sort() };
}

describe('patient lookup in the search box', () => {
  it('finds a patient by last name, grouping their items first', async () => {
    const page = await search(patient.family);
    const { group, ids } = groupOf(page, patient.id);
    expect(ids).toEqual(patient.open);
    expect(group?.matchedBy).toBe('last name');
    expect(page.lookup?.readAs).toBe(`name “${patient.family}”`);
  });

  it('finds them by "Last, First" and "Last, Fi"', async () => {
    for (const text of [
      `${patient.family}, ${patient.given}`,
      `${patient.family.toUpperCase()},${patient.given.slice(0, 2)}`,
    ]) {
      const page = await search(text);
      const { group, ids } = groupOf(page, patient.id);
      expect(ids).toEqual(patient.open);
      expect(group?.matchedBy).toBe('last and first name');
      // Every patient found has that family name and a first name starting so.
      const found = await cache.db
        .selectFrom('patient')
        .select(['family_key', 'given_key'])
        .where('id', 'in', page.lookup?.patients.map((p) => p.patientId) ?? [])
        .execute();
      expect(found.every((p) => p.family_key?.startsWith(patient.family.toLowerCase()))).toBe(true);
    }
  });

  it('finds them by a partial first name alone', async () => {
    const page = await search(patient.given.slice(0, 3));
    const { ids } = groupOf(page, patient.id);
    expect(ids).toEqual(patient.open);
  });

  it('finds them by date of birth, typed ISO or US with a four- or two-digit year', async () => {
    const [y = '', m = '', d = ''] = patient.birthDate.split('-');
    const forms = [patient.birthDate, `${m}/${d}/${y}`, `${Number(m)}/${Number(d)}/${y}`];
    if (Number(y) < 2000 && Number(y) > 1926) forms.push(`${Number(m)}/${Number(d)}/${y.slice(2)}`);
    for (const text of forms) {
      const page = await search(text);
      const { group, ids } = groupOf(page, patient.id);
      expect(ids).toEqual(patient.open);
      expect(group?.matchedBy).toBe('date of birth');
      expect(group?.birthDate).toBe(patient.birthDate);
    }
  });

  it('finds them by DoD ID, and only them', async () => {
    const page = await search(patient.dodId);
    expect(page.lookup?.patients.map((p) => p.patientId)).toEqual([patient.id]);
    expect(page.lookup?.readAs).toBe('DoD ID');
    expect(page.items.map((i) => i.id).sort()).toEqual(patient.open);
  });

  it('keeps the view, filters and scope: a patient outside the readable pools is not named', async () => {
    const closed = await search(patient.family, { filters: { ...DEFAULT_FILTERS, status: 'closed' } });
    for (const item of closed.items) expect(item.status).not.toMatch(/requested|accepted|in-progress|on-hold/);
    const nobody = await search(
      patient.dodId,
      {},
      { userId: 'rn-nobody', now: NOW, scope: { readable: new Set(), led: new Set() } },
    );
    expect(nobody.lookup).toBeUndefined();
    expect(nobody.items).toEqual([]);
  });

  it('sends the groups with the first page only, and pages through the grouped order', async () => {
    const whole = await search(patient.family);
    const second = await search(patient.family, { offset: 1, limit: 2 });
    expect(second.lookup).toBeUndefined();
    expect(second.items.map((i) => i.id)).toEqual(whole.items.slice(1, 3).map((i) => i.id));
  });

  it('leaves a text search exactly as it was when no patient matches', async () => {
    const words = await search('cold symptoms');
    expect(words.lookup).toBeUndefined();
    expect(words.items.every((i) => i.searchMatch === undefined)).toBe(true);
    const urgency = words.items.map((i) => [i.emergency === null ? 1 : 0, i.dueAt ?? -Infinity] as const);
    const sorted = [...urgency].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(urgency).toEqual(sorted);
    expect(words.total).toBeGreaterThan(0);
  });
});

describe('the selected item during a lookup', () => {
  it('is found where the grouped list shows it, patients first', async () => {
    const page = await search(patient.family);
    expect(page.lookup).toBeDefined();
    for (const [index, item] of page.items.entries()) {
      const located = await search(patient.family, { find: item.id, limit: 1 });
      expect(located.position, item.id).toBe(index);
    }
  });
});
