import type { Task } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restrictedServer } from '../../simulator/restricted-server';
import { smallClinic } from '../../simulator/test-support/clinic-fixture';
import { syncOnce } from './sync-engine';
import { cacheKeys, serverKeys, startSyncHarness } from './test-support/sync-harness';
import type { SyncHarness } from './test-support/sync-harness';

type Step =
  | { kind: 'create'; advanceMs: number }
  | { kind: 'update' | 'close' | 'delete'; pick: number; advanceMs: number }
  | { kind: 'sync'; pageSize: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), advanceMs: fc.constantFrom(0, 1, 3000) }),
  fc.record({
    kind: fc.constantFrom('update' as const, 'close' as const, 'delete' as const),
    pick: fc.nat(20),
    advanceMs: fc.constantFrom(0, 1, 3000),
  }),
  fc.record({ kind: fc.constant('sync' as const), pageSize: fc.integer({ min: 1, max: 4 }) }),
);

function apply(h: SyncHarness, live: string[], template: Task, step: Exclude<Step, { kind: 'sync' }>): void {
  h.clock.ms += step.advanceMs;
  const store = h.sim.store;
  if (step.kind === 'create') {
    live.push(store.create({ ...template, id: undefined, meta: undefined, status: 'requested' }).resource.id!);
    return;
  }
  const id = live[step.pick % Math.max(1, live.length)];
  if (id === undefined) return;
  const task = store.read('Task', id) as Task;
  if (step.kind === 'delete') {
    store.delete('Task', id);
    live.splice(live.indexOf(id), 1);
  } else if (step.kind === 'close') store.update({ ...task, status: 'completed' });
  else store.update({ ...task, description: `${task.description ?? ''}+` });
}

describe('sync model without paging, _include or _history', () => {
  it('after any writes to Tasks and passes, the cache holds the server, plus only closed Tasks the server deleted', async () => {
    const seed = smallClinic();
    const template = seed.find((r): r is Task => r.resourceType === 'Task')!;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const h = await startSyncHarness(seed, {
          handlerWrapper: restrictedServer({ history: false, include: false, nextLinks: false }),
        });
        try {
          const live = seed.filter((r) => r.resourceType === 'Task').map((r) => r.id!);
          for (const step of steps) {
            if (step.kind === 'sync') await syncOnce({ db: h.db, client: h.client(), pageSize: step.pageSize });
            else apply(h, live, template, step);
          }
          await syncOnce({ db: h.db, client: h.client(), pageSize: 2 });
          const server = await serverKeys(h.sim.baseUrl);
          const cached = await cacheKeys(h.db);
          expect(cached).toEqual(expect.arrayContaining(server));
          const extra = cached.filter((k) => !server.includes(k));
          for (const key of extra) {
            const id = /^Task\/(.+)@/.exec(key)?.[1];
            expect(id, `${key} is cached but not on the server`).toBeDefined();
            expect(live).not.toContain(id);
            const row = await h.db.selectFrom('work_item').select('status').where('id', '=', id!).executeTakeFirst();
            expect(row?.status).toBe('completed');
          }
        } finally {
          await h.dispose();
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
