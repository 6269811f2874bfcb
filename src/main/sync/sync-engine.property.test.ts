import type { Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallClinic } from '../../simulator/test-support/clinic-fixture';
import { syncOnce } from './sync-engine';
import { cacheKeys, serverKeys, startSyncHarness } from './test-support/sync-harness';
import type { SyncHarness } from './test-support/sync-harness';

type WritableType = 'Patient' | 'Practitioner';

interface Write {
  op: 'create' | 'update' | 'delete' | 'recreate';
  type: WritableType;
  pick: number;
  /** Server clock step before the write: 0 puts many writes in one millisecond. */
  advanceMs: number;
}

interface SyncPass {
  pageSize: number;
  /** Written while the pass is between pages of its first feed. */
  midChain: Write[];
  /** Cancel the pass after this many pages (undefined: let it finish). */
  abortAfterPages: number | undefined;
}

type Step = { kind: 'write'; write: Write } | { kind: 'sync'; pass: SyncPass };

const writeArb: fc.Arbitrary<Write> = fc.record({
  op: fc.constantFrom('create', 'update', 'update', 'delete', 'recreate'),
  type: fc.constantFrom('Patient', 'Practitioner'),
  pick: fc.nat(50),
  advanceMs: fc.constantFrom(0, 0, 1, 3000),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: writeArb.map((write) => ({ kind: 'write' as const, write })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        pageSize: fc.integer({ min: 1, max: 4 }),
        midChain: fc.array(writeArb, { maxLength: 3 }),
        abortAfterPages: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      })
      .map((pass) => ({ kind: 'sync' as const, pass })),
  },
);

/** The ids the model believes live and deleted, so writes pick real targets. */
class Writer {
  private live: Record<WritableType, string[]>;
  private deleted: Record<WritableType, string[]> = { Patient: [], Practitioner: [] };
  private n = 0;

  constructor(
    private readonly h: SyncHarness,
    seed: readonly Resource[],
  ) {
    const ids = (type: WritableType) => seed.filter((r) => r.resourceType === type).map((r) => r.id!);
    this.live = { Patient: ids('Patient'), Practitioner: ids('Practitioner') };
  }

  apply(w: Write): void {
    this.h.clock.ms += w.advanceMs;
    const store = this.h.sim.store;
    const live = this.live[w.type];
    const deleted = this.deleted[w.type];
    const body = (id?: string): Resource => ({
      resourceType: w.type,
      ...(id === undefined ? {} : { id }),
      name: [{ family: `Written-${++this.n}` }],
    });
    switch (w.op) {
      case 'create': {
        const { resource } = store.create(body());
        live.push(resource.id!);
        return;
      }
      case 'update': {
        const id = live[w.pick % Math.max(1, live.length)];
        if (id !== undefined) store.update(body(id));
        return;
      }
      case 'delete': {
        const [id] = live.splice(w.pick % Math.max(1, live.length), 1);
        if (id === undefined) return;
        store.delete(w.type, id);
        deleted.push(id);
        return;
      }
      case 'recreate': {
        const [id] = deleted.splice(w.pick % Math.max(1, deleted.length), 1);
        if (id === undefined) return;
        store.update(body(id));
        live.push(id);
        return;
      }
    }
  }
}

async function runPass(h: SyncHarness, writer: Writer, pass: SyncPass): Promise<void> {
  const controller = new AbortController();
  let pages = 0;
  let wrote = false;
  try {
    await syncOnce({
      db: h.db,
      client: h.client(),
      pageSize: pass.pageSize,
      signal: controller.signal,
      onProgress: () => {
        pages++;
        if (!wrote) {
          wrote = true;
          pass.midChain.forEach((w) => writer.apply(w));
        }
        if (pages === pass.abortAfterPages) controller.abort(new Error('interrupted'));
      },
    });
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
}

describe('sync model', () => {
  it('after any interleaving of server writes and (interrupted) passes, a quiet pass leaves cache = server', async () => {
    const seed = smallClinic();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), async (steps) => {
        const h = await startSyncHarness(seed);
        try {
          const writer = new Writer(h, seed);
          for (const step of steps) {
            if (step.kind === 'write') writer.apply(step.write);
            else await runPass(h, writer, step.pass);
          }
          await syncOnce({ db: h.db, client: h.client(), pageSize: 3 });
          expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
        } finally {
          await h.dispose();
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
