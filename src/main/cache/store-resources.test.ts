import type { Resource, Task } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TASK_POOL_EXT, WORK_TYPE_SYSTEM } from '../../domain/fhir/codes';
import { openTestDatabase } from '../db/test-database';
import { storeResources, UnstorableResourceError } from './store-resources';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
beforeEach(async () => {
  cache = await openTestDatabase();
});
afterEach(() => cache.dispose());

const task = (version: string, overrides: Partial<Task> = {}): Task => ({
  resourceType: 'Task',
  id: 'task-1',
  meta: { versionId: version, lastUpdated: `2026-11-2${version}T10:00:00.000Z` },
  status: 'requested',
  intent: 'order',
  priority: 'routine',
  code: { coding: [{ system: WORK_TYPE_SYSTEM, code: 'renewal-request' }] },
  description: 'Renewal: Lisinopril 10 mg tablet',
  for: { reference: 'Patient/pat-1', display: 'Doe, Jane' },
  owner: { reference: 'CareTeam/pool-blue', display: 'PCM Team Blue' },
  focus: { reference: 'MedicationRequest/rx-1' },
  authoredOn: '2026-11-20T09:00:00Z',
  restriction: { period: { end: '2026-11-23T09:00:00Z' } },
  ...overrides,
});

const store = (resources: Resource[]) => cache.db.transaction().execute((trx) => storeResources(trx, resources));

describe('storeResources', () => {
  it('keeps the raw JSON with its version and projects a work item', async () => {
    expect(await store([task('1')])).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const raw = await cache.db.selectFrom('fhir_resource').selectAll().executeTakeFirstOrThrow();
    expect(raw).toMatchObject({
      resource_type: 'Task',
      id: 'task-1',
      version_id: '1',
      last_updated: '2026-11-21T10:00:00.000Z',
    });
    expect(JSON.parse(raw.json)).toEqual(task('1'));
    const item = await cache.db.selectFrom('work_item').selectAll().executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      work_type: 'renewal-request',
      status: 'requested',
      is_open: 1,
      pool_id: 'pool-blue',
      owner_type: 'pool',
      patient_id: 'pat-1',
      focus_type: 'MedicationRequest',
      focus_id: 'rx-1',
      received_at: Date.parse('2026-11-20T09:00:00Z'),
      // Friday before dawn in New York: three business days from Friday's opening is Wednesday's close.
      due_at: Date.parse('2026-11-25T21:30:00Z'),
      due_policy: 'default-1',
      portal_due_at: Date.parse('2026-11-23T09:00:00Z'),
    });
  });

  it('skips a version it already holds, so overlapping sync windows are harmless', async () => {
    await store([task('1')]);
    expect(await store([task('1')])).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await cache.db.selectFrom('work_item').select('id').execute()).toHaveLength(1);
  });

  it('replaces the projection when a new version arrives, keeping the claimed pool', async () => {
    await store([task('1')]);
    const claimed = task('2', {
      status: 'accepted',
      owner: { reference: 'Practitioner/rn-1', display: 'Dana Harper' },
      extension: [{ url: TASK_POOL_EXT, valueReference: { reference: 'CareTeam/pool-blue' } }],
    });
    expect(await store([claimed])).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const item = await cache.db.selectFrom('work_item').selectAll().executeTakeFirstOrThrow();
    expect(item).toMatchObject({ status: 'accepted', owner_type: 'person', owner_id: 'rn-1', pool_id: 'pool-blue' });
    const raws = await cache.db.selectFrom('fhir_resource').select('version_id').execute();
    expect(raws).toEqual([{ version_id: '2' }]);
  });

  it('deleting the raw resource removes its projection in the same statement', async () => {
    await store([task('1')]);
    await cache.db.deleteFrom('fhir_resource').where('id', '=', 'task-1').execute();
    expect(await cache.db.selectFrom('work_item').select('id').execute()).toEqual([]);
  });

  it('rewrites pool membership from each CareTeam version', async () => {
    const team = (version: string, members: string[]): Resource => ({
      resourceType: 'CareTeam',
      id: 'pool-blue',
      meta: { versionId: version, lastUpdated: '2026-11-20T00:00:00Z' },
      name: 'PCM Team Blue',
      participant: members.map((m) => ({ member: { reference: `Practitioner/${m}` } })),
    });
    await store([team('1', ['a', 'b'])]);
    await store([team('2', ['b', 'c', 'c'])]);
    const members = await cache.db
      .selectFrom('pool_member')
      .select('practitioner_id')
      .orderBy('practitioner_id')
      .execute();
    expect(members.map((m) => m.practitioner_id)).toEqual(['b', 'c']);
  });

  it.each([
    ['no id', { ...task('1'), id: undefined }, /has no id/],
    ['no versionId', { ...task('1'), meta: { lastUpdated: '2026-11-20T00:00:00Z' } }, /no meta.versionId/],
    [
      'a bad lastUpdated',
      { ...task('1'), meta: { versionId: '1', lastUpdated: 'yesterday' } },
      /no valid meta.lastUpdated/,
    ],
  ])('refuses a resource with %s, and the page stores nothing', async (_case, bad, message) => {
    const good = { ...task('1'), id: 'task-good' };
    await expect(store([good, bad as Resource])).rejects.toThrow(message);
    await expect(store([bad as Resource])).rejects.toBeInstanceOf(UnstorableResourceError);
    expect(await cache.db.selectFrom('fhir_resource').select('id').execute()).toEqual([]);
  });

  it('keeps resources it has no projection for as raw JSON', async () => {
    await store([
      { resourceType: 'Organization', id: 'mtf', meta: { versionId: '1', lastUpdated: '2026-11-20T00:00:00Z' } },
    ]);
    expect(await cache.db.selectFrom('fhir_resource').select(['resource_type', 'id']).execute()).toEqual([
      { resource_type: 'Organization', id: 'mtf' },
    ]);
  });

  it('keeps the newer of two versions of one resource in the same page', async () => {
    expect(await store([task('2', { priority: 'urgent' }), task('1')])).toEqual({
      created: 1,
      updated: 0,
      unchanged: 1,
    });
    const item = await cache.db.selectFrom('work_item').select('priority').executeTakeFirstOrThrow();
    expect(item.priority).toBe('urgent');
    expect(await cache.db.selectFrom('fhir_resource').select('version_id').execute()).toEqual([{ version_id: '2' }]);
  });

  it('stores a large page with the same result as one resource at a time', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ ...task('1'), id: `task-${i}`, description: `Item ${i}` }));
    expect(await store(many)).toEqual({ created: 2500, updated: 0, unchanged: 0 });
    const again = many.map((t, i) =>
      i % 2 === 0 ? { ...t, meta: { ...t.meta, versionId: '2' }, status: 'accepted' as const } : t,
    );
    expect(await store(again)).toEqual({ created: 0, updated: 1250, unchanged: 1250 });
    const accepted = await cache.db.selectFrom('work_item').select('id').where('status', '=', 'accepted').execute();
    expect(accepted).toHaveLength(1250);
    expect(cache.sqlite.pragma('foreign_key_check')).toEqual([]);
  });
});
