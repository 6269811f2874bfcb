import type { CareTeam, PractitionerRole, Task } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../domain/demo-clinic/generate';
import { seededRandom } from '../../domain/demo-clinic/random';
import { applyAction, lastClientAction } from '../../domain/outbox/apply-action';
import type { StaffAction } from '../../shared/staff-actions';
import { parseFaultSpec, withFaults } from '../../simulator/fault-injection';
import { FhirClient } from '../sync/fhir-client';
import { syncOnce } from '../sync/sync-engine';
import { cacheKeys, serverKeys, startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { FhirWriter } from './fhir-writer';
import { pushOutbox } from './pusher';
import type { PushSummary } from './pusher';
import { ActionRejectedError, recordAction } from './record-action';
import { planItem, PLANNABLE, uuidOf } from './test-support/action-plan';
import type { PlannedStep } from './test-support/action-plan';
import { history, repliesOnServer } from './test-support/portal-reads';
import { createUrn } from '../../domain/outbox/client-keys';

/*
 * Issue 5, "Done when" 2: a queue of over a thousand mixed actions drains through 500/503, 429 with
 * Retry-After, connections cut after the portal committed and slow bodies, and the portal ends up
 * holding each decision exactly once, in the order it was made. The model is the domain's own
 * applyAction run over each item's actions in order, starting from the portal's seed Task.
 */

const NOW = new Date('2026-11-25T12:00:00.000Z');
const clinic = generateClinic({ seed: 5, now: NOW, size: 'small' });
const nurses = clinic.resources
  .filter((r): r is PractitionerRole => r.resourceType === 'PractitionerRole')
  .filter((r) => r.code?.some((c) => c.coding?.some((code) => code.code === 'nurse')))
  .map((r) => r.practitioner?.reference ?? '');
const pools = clinic.resources
  .filter((r): r is CareTeam => r.resourceType === 'CareTeam' && r.id?.startsWith('pool-') === true)
  .map((r) => `CareTeam/${r.id ?? ''}`);
const NURSE = nurses[0]!;
let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

type Planned = PlannedStep;

/** What a request ended as, seen from the desk. */
interface Traffic {
  requests: number;
  byStatus: Record<string, number>;
  /** Connection died before the whole answer arrived (after the portal handled the request). */
  cut: number;
  postsCut: number;
  /** Transactions whose answer arrived whole and said 200. */
  postsOk: number;
}

function countingFetch(traffic: Traffic): typeof fetch {
  return async (input, init) => {
    traffic.requests++;
    const method = init?.method ?? 'GET';
    const response = await fetch(input, init);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      traffic.cut++;
      if (method === 'POST') traffic.postsCut++;
      throw error;
    }
    traffic.byStatus[response.status] = (traffic.byStatus[response.status] ?? 0) + 1;
    if (method === 'POST' && response.status === 200) traffic.postsOk++;
    return new Response(text === '' ? null : text, { status: response.status, headers: response.headers });
  };
}

/** A Task without the bookkeeping that only the portal decides. */
function comparable(task: Task, replyIds: ReadonlyMap<string, string>): unknown {
  const rest: Task = { ...task };
  delete rest.meta;
  return {
    ...rest,
    output: task.output?.map((o) => {
      const ref = o.valueReference?.reference ?? '';
      return { ...o, valueReference: { reference: replyIds.get(ref) ?? ref } };
    }),
  };
}

describe('the outbox through network faults', () => {
  it(
    'drains over a thousand mixed actions with nothing lost and nothing twice',
    // Below the writer's 30 s per-request timeout would hide a hang as a retry; the whole run
    // takes a few seconds, so a minute means something is stuck.
    { timeout: 90_000 },
    async () => {
      const faults = { on: false };
      h = await startSyncHarness(clinic.resources, {
        handlerWrapper: (handler) => {
          // Slow bodies in 2 KiB chunks: at the default 512 B every 20 ms a thousand answers take minutes.
          const faulty = withFaults({
            ...parseFaultSpec('error=0.2,statuses=429/503/500,drop=0.1,slow=0.1,retry-after=1,seed=11'),
            slowChunkBytes: 2048,
            slowPauseMs: 2,
          })(handler);
          return (req, res) => (faults.on ? faulty : handler)(req, res);
        },
      });
      const harness = h;
      // This test is about the network; surviving power cuts is the crash test's. At FULL, every
      // commit is an fsync, and the four thousand here would be most of the run on a slow disk.
      await sql`PRAGMA synchronous = NORMAL`.execute(harness.db);
      const tStart = Date.now();
      await syncOnce({ db: harness.db, client: harness.client() });

      // The plan: every open item gets its decisions, recorded interleaved across items as a
      // busy desk would, each item's own in order.
      const rand = seededRandom(2026);
      const openTasks = clinic.resources.filter(
        (r): r is Task & { id: string } => r.resourceType === 'Task' && PLANNABLE.has(r.status),
      );
      const queues = openTasks.map((t, n) => planItem(rand, t.id, n, nurses, pools));
      const planned: (Planned & { uuid: string; at: string })[] = [];
      const refused: string[] = [];
      let clock = NOW.getTime() + 60_000;
      while (queues.some((q) => q.length > 0)) {
        const open = queues.filter((q) => q.length > 0);
        const step = rand.pick(open).shift()!;
        clock += 1000;
        const uuid = uuidOf(planned.length + 1);
        try {
          await recordAction(harness.db, {
            workItemId: step.item,
            kind: step.kind,
            payload: step.payload,
            actor: NURSE,
            uuid,
            now: new Date(clock),
          });
        } catch (error) {
          // The plan is random; the desk refuses a claim of an item someone already has, and
          // closing unacknowledged emergency wording. Those never reach the queue.
          if (!(error instanceof ActionRejectedError)) throw error;
          refused.push(step.kind);
          continue;
        }
        planned.push({ ...step, uuid, at: new Date(clock).toISOString() });
      }
      expect(planned.length).toBeGreaterThanOrEqual(1000);
      expect(new Set(refused)).toEqual(new Set(refused.filter((kind) => kind === 'claim' || kind === 'done')));
      const kinds = new Set(planned.map((p) => p.kind));
      expect([...kinds].sort()).toEqual(['assign', 'claim', 'done', 'note', 'priority', 'reply', 'route']);

      // The pusher's clock jumps past every backoff (15 s cap) and Retry-After between rounds.
      const t0 = Date.now();
      console.info(`recorded in ${t0 - tStart} ms`);
      faults.on = true;
      const traffic: Traffic = { requests: 0, byStatus: {}, cut: 0, postsCut: 0, postsOk: 0 };
      const writer = new FhirWriter({ baseUrl: harness.sim.baseUrl, fetch: countingFetch(traffic), timeoutMs: 20_000 });
      const random = seededRandom(7);
      const total: PushSummary = { sent: 0, synced: 0, retrying: 0, parked: 0, conflicts: 0, rebased: 0 };
      let pushClock = clock;
      let rounds = 0;
      for (;;) {
        const left = await harness.db
          .selectFrom('outbox_action')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('state', 'in', ['queued', 'sending'])
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0) break;
        expect(rounds, 'the queue should drain in well under 200 rounds').toBeLessThan(200);
        rounds++;
        const summary = await pushOutbox({
          db: harness.db,
          writer,
          now: () => pushClock,
          random: () => random.next(),
          concurrency: 4,
        });
        for (const key of Object.keys(total) as (keyof PushSummary)[]) total[key] += summary[key];
        pushClock += 20_000;
        harness.clock.ms += 20_000;
        // Halfway, a sync through the same faults: it must not undo decisions still queued.
        if (rounds === 2) {
          await syncOnce({
            db: harness.db,
            client: new FhirClient({ baseUrl: harness.sim.baseUrl, maxAttempts: 30, sleep: () => Promise.resolve() }),
          });
        }
      }
      faults.on = false;
      console.info(`pushed in ${Date.now() - t0} ms`);

      // Every action landed, none needed a person (one desk: nobody else changed anything).
      const states = await harness.db.selectFrom('outbox_action').select(['client_uuid', 'state']).execute();
      expect(states.filter((s) => s.state !== 'synced')).toEqual([]);
      expect(states).toHaveLength(planned.length);

      // Each reply exactly once at the portal.
      const replyIds = new Map<string, string>();
      for (const p of planned.filter((x) => x.kind === 'reply')) {
        const found = await repliesOnServer(harness, p.uuid);
        expect(
          found.map((c) => c.payload?.[0]?.contentString),
          p.uuid,
        ).toEqual([p.payload.text]);
        replyIds.set(createUrn(p.uuid, 0), `Communication/${found[0]!.id ?? ''}`);
      }

      let versions = 0;
      for (const seed of openTasks) {
        const mine = planned.filter((p) => p.item === seed.id);
        // The model: the item's decisions applied in order to the portal's seed Task.
        let model: Task = seed;
        for (const p of mine) {
          const action = { kind: p.kind, payload: p.payload, uuid: p.uuid, actor: NURSE, at: p.at } as StaffAction;
          model = applyAction(model, action).task;
        }
        const server = harness.sim.store.read('Task', seed.id) as Task;
        expect(comparable(server, replyIds), seed.id).toEqual(comparable(model, replyIds));
        expect(server.note?.map((n) => n.text) ?? []).toEqual([
          ...(seed.note ?? []).map((n) => n.text),
          ...mine.flatMap((p) =>
            p.kind === 'note' ? [p.payload.text] : p.kind === 'route' ? [`Routed: ${p.payload.reason ?? ''}`] : [],
          ),
        ]);
        // The portal's history: one version per decision, in the order made; none twice, none lost.
        const made = (await history(harness, seed.id)).slice(1);
        versions += made.length;
        expect(
          made.map((v) => lastClientAction(v)),
          seed.id,
        ).toEqual(mine.map((p) => p.uuid));

        // The cache holds the portal's version, not a local one.
        const cached = await harness.db
          .selectFrom('fhir_resource')
          .select(['version_id', 'json'])
          .where('resource_type', '=', 'Task')
          .where('id', '=', seed.id)
          .executeTakeFirstOrThrow();
        expect(cached.version_id).toBe(server.meta?.versionId);
        expect(JSON.parse(cached.json)).toEqual(server);
      }
      const local = await harness.db
        .selectFrom('fhir_resource')
        .select(['resource_type', 'id', 'version_id'])
        .where((eb) => eb.or([eb('id', 'like', 'local-%'), eb('version_id', 'like', '%+local-%')]))
        .execute();
      expect(local).toEqual([]);
      // And a sync afterwards finds the cache equal to the portal (the patients' notifications come in).
      await syncOnce({ db: harness.db, client: harness.client() });
      expect(await cacheKeys(harness.db)).toEqual(await serverKeys(harness.sim.baseUrl));

      const lostAnswers = planned.length - traffic.postsOk;
      console.info(
        `outbox faults: ${planned.length} actions on ${openTasks.length} items (${replyIds.size} replies, ` +
          `${versions} Task versions), ${rounds} push rounds; ${traffic.requests} requests, ` +
          `${total.sent} transactions sent, ${total.retrying} retries scheduled, ` +
          `${traffic.cut} answers cut (${traffic.postsCut} transactions), ${lostAnswers} lost answers recognised as landed; ` +
          `statuses ${JSON.stringify(traffic.byStatus)}; summary ${JSON.stringify(total)}`,
      );
      // The faults really happened: committed-then-cut transactions, throttling and server errors.
      expect(lostAnswers).toBeGreaterThan(0);
      expect(traffic.byStatus[429]).toBeGreaterThan(0);
      expect(traffic.byStatus[503]).toBeGreaterThan(0);
      expect(traffic.byStatus[500]).toBeGreaterThan(0);
      expect(total).toMatchObject({ synced: planned.length, parked: 0, conflicts: 0 });
    },
  );
});
