import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import type { WorkItemSummary } from '../../shared/work-item';
import { verifyAuditChain } from '../audit/audit-chain';
import { openTestDatabase } from '../db/test-database';
import type { InboxQuery } from '../inbox/queries';
import { listingAudit } from './listing-audit';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
let now = Date.parse('2026-12-07T14:00:00Z');
beforeEach(async () => {
  cache = await openTestDatabase();
});
afterEach(() => cache.dispose());

const query = (over: Partial<InboxQuery> = {}): InboxQuery => ({
  view: { kind: 'pool', poolId: 'pool-nursing' },
  filters: DEFAULT_FILTERS,
  search: '',
  offset: 0,
  limit: 50,
  ...over,
});
const items = (...ids: string[]) =>
  ids.map((id, n) => ({ id, patientId: `patient-${n % 2}` })) as unknown as WorkItemSummary[];

const listRows = () =>
  cache.db.selectFrom('audit_log').select(['actor', 'event', 'detail']).where('event', '=', 'list').execute();

describe('listing audit', () => {
  it('writes one row per page shown, naming its items and patients, not one per row', async () => {
    const audit = listingAudit({ db: cache.db, now: () => now });
    await audit.shown('rn-delgado', query(), items('task-1', 'task-2', 'task-3'));
    const rows = await listRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor).toBe('Practitioner/rn-delgado');
    expect(JSON.parse(rows[0]?.detail ?? '{}')).toMatchObject({
      view: { kind: 'pool', poolId: 'pool-nursing' },
      items: ['task-1', 'task-2', 'task-3'],
      patients: ['patient-0', 'patient-1'],
    });
    expect((await verifyAuditChain(cache.db)).ok).toBe(true);
  });

  it('the same page refreshed after a sync is the same showing; new items, a search or time make a new one', async () => {
    const audit = listingAudit({ db: cache.db, now: () => now });
    await audit.shown('rn-delgado', query(), items('task-1', 'task-2'));
    now += 60_000;
    await audit.shown('rn-delgado', query(), items('task-1', 'task-2'));
    expect(await listRows()).toHaveLength(1);
    await audit.shown('rn-delgado', query(), items('task-1', 'task-2', 'task-9'));
    await audit.shown('rn-delgado', query({ search: 'metformin' }), items('task-2'));
    await audit.shown('rn-osei', query({ search: 'metformin' }), items('task-2'));
    expect(await listRows()).toHaveLength(4);
    now += 16 * 60_000;
    await audit.shown('rn-delgado', query({ search: 'metformin' }), items('task-2'));
    expect(await listRows()).toHaveLength(5);
  });

  it('an empty page shows no patient, and writes nothing', async () => {
    const audit = listingAudit({ db: cache.db, now: () => now });
    await audit.shown('rn-delgado', query(), []);
    expect(await listRows()).toEqual([]);
  });
});
