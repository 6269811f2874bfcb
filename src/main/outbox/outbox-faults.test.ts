import type { Bundle, CareTeam, Communication, PractitionerRole, Task } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { seededRandom } from '../../demo-clinic/random';
import { applyAction, lastClientAction } from '../../domain/outbox/apply-action';
import type { StaffAction } from '../../shared/staff-actions';
import { parseFaultSpec, withFaults } from '../../simulator/fault-injection';
import type { CacheDatabase } from '../db/open-database';
import { openTestDatabase } from '../db/test-database';
import { FhirClient } from '../sync/fhir-client';
import { syncOnce } from '../sync/sync-engine';
import { cacheKeys, serverKeys, startSyncHarness } from '../sync/test-support/sync-harness';
import { medplumPortalFor } from '../test-support/medplum-portal/medplum-portal';
import type { MedplumPortal } from '../test-support/medplum-portal/medplum-portal';
import { FhirWriter } from './fhir-writer';
import { pushOutbox } from './pusher';
import type { PushSummary } from './pusher';
import { ActionRejectedError, recordAction } from './record-action';
import { planItem, PLANNABLE, uuidOf } from './test-support/action-plan';
import type { PlannedStep } from './test-support/action-plan';
import { keyQuery } from './test-support/portal-reads';
import { PORTAL_KINDS } from './test-support/portal-under-test';
import type { PortalKind } from './test-support/portal-under-test';
import { createUrn } from '../../domain/outbox/client-keys';

/*
 * Issue 5, "Done when" 2: a queue of over a thousand mixed actions drains through 500/503, 429 with
 * Retry-After, connections cut after the portal committed and slow bodies, and the portal ends up
 * holding each decision exactly once, in the order it was made. The model is the domain's own
 * applyAction run over each item's actions in order, starting from the portal's seed Task. Run on
 * the simulator and on Medplum's router (503s, answers dropped after commit, slow answers), which
 * ignores If-Match on PATCH: there only the desk's own guards keep it exactly once.
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
/** A portal under faults that are off until `faults(true)`, and a cache: each kind its own way. */
interface FaultyPortal {
  baseUrl: string;
  db: CacheDatabase['db'];
  faults(on: boolean): void;
  /** The portal's clock, moved on between rounds (Retry-After, backoff). */
  tick(ms: number): void;
  /** Fault statuses the desk must have met, to show the faults happened. */
  expectedStatuses: number[];
  dispose(): Promise<void>;
}

async function faultyPortal(kind: PortalKind): Promise<FaultyPortal> {
  if (kind === 'simulator') {
    const switch_ = { on: false };
    const harness = await startSyncHarness(clinic.resources, {
      handlerWrapper: (handler) => {
        // Slow bodies in 2 KiB chunks: at the default 512 B every 20 ms a thousand answers take minutes.
        const faulty = withFaults({
          ...parseFaultSpec('error=0.2,statuses=429/503/500,drop=0.1,slow=0.1,retry-after=1,seed=11'),
          slowChunkBytes: 2048,
          slowPauseMs: 2,
        })(handler);
        return (req, res) => (switch_.on ? faulty : handler)(req, res);
      },
    });
    return {
      baseUrl: harness.sim.baseUrl,
      db: harness.db,
      faults: (on) => (switch_.on = on),
      tick: (ms) => (harness.clock.ms += ms),
      expectedStatuses: [429, 503, 500],
      dispose: () => harness.dispose(),
    };
  }
  // Each write its own instant, so the portal's history orders as it was made.
  let ms = NOW.getTime();
  const portal: MedplumPortal = await medplumPortalFor(clinic.resources, {
    now: () => new Date((ms += 1000)),
    faults: { seed: 11, drop: 0.1, unavailable: 0.15, slow: 0.05, slowMs: 5, retryAfterSeconds: 1 },
  });
  portal.faults.paused = true;
  const cache = await openTestDatabase();
  return {
    baseUrl: portal.baseUrl,
    db: cache.db,
    faults: (on) => (portal.faults.paused = !on),
    tick: () => undefined,
    expectedStatuses: [503],
    dispose: async () => {
      await portal.close();
      await cache.dispose();
    },
  };
}

let portal: FaultyPortal | undefined;
afterEach(async () => {
  await portal?.dispose();
  portal = undefined;
});

async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  return (await (await fetch(`${baseUrl}/${path}`)).json()) as T;
}

/** A Task's versions oldest first, by the portal's time (some servers do not keep their order). */
async function historyOf(baseUrl: string, id: string): Promise<Task[]> {
  const bundle = await getJson<{ entry?: { resource?: Task }[] }>(baseUrl, `Task/${id}/_history?_count=1000`);
  const newestFirst = (bundle.entry ?? []).map((e) => e.resource as Task);
  return newestFirst
    .reverse()
    .map((task, i) => ({ task, i, at: Date.parse(task.meta?.lastUpdated ?? '') }))
    .sort((a, b) => (a.at === b.at ? a.i - b.i : a.at - b.at))
    .map(({ task }) => task);
}

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

describe.each(PORTAL_KINDS)('the outbox through network faults on the %s portal', (kind) => {
  it(
    'drains over a thousand mixed actions with nothing lost and nothing twice',
    // Below the writer's 30 s per-request timeout would hide a hang as a retry; the whole run
    // takes a few seconds, so a minute means something is stuck.
    { timeout: 90_000 },
    async () => {
      portal = await faultyPortal(kind);
      const harness = portal;
      const client = (maxAttempts?: number) =>
        new FhirClient({
          baseUrl: harness.baseUrl,
          sleep: () => Promise.resolve(),
          ...(maxAttempts === undefined ? {} : { maxAttempts }),
        });
      // This test is about the network; surviving power cuts is the crash test's. At FULL, every
      // commit is an fsync, and the four thousand here would be most of the run on a slow disk.
      await sql`PRAGMA synchronous = NORMAL`.execute(harness.db);
      const tStart = Date.now();
      await syncOnce({ db: harness.db, client: client() });

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
      harness.faults(true);
      const traffic: Traffic = { requests: 0, byStatus: {}, cut: 0, postsCut: 0, postsOk: 0 };
      const writer = new FhirWriter({ baseUrl: harness.baseUrl, fetch: countingFetch(traffic), timeoutMs: 20_000 });
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
        harness.tick(20_000);
        // Halfway, a sync through the same faults: it must not undo decisions still queued.
        if (rounds === 2) await syncOnce({ db: harness.db, client: client(30) });
      }
      harness.faults(false);
      console.info(`pushed in ${Date.now() - t0} ms`);

      // Every action landed, none needed a person (one desk: nobody else changed anything).
      const states = await harness.db.selectFrom('outbox_action').select(['client_uuid', 'state']).execute();
      expect(states.filter((s) => s.state !== 'synced')).toEqual([]);
      expect(states).toHaveLength(planned.length);

      // Each reply exactly once at the portal.
      const replyIds = new Map<string, string>();
      let lost = 0;
      let duplicated = 0;
      for (const p of planned.filter((x) => x.kind === 'reply')) {
        const found = ((await getJson<Bundle>(harness.baseUrl, `Communication?${keyQuery(p.uuid)}`)).entry ?? []).map(
          (e) => e.resource as Communication,
        );
        if (found.length === 0) lost++;
        if (found.length > 1) duplicated++;
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
        const server = await getJson<Task>(harness.baseUrl, `Task/${seed.id}`);
        expect(comparable(server, replyIds), seed.id).toEqual(comparable(model, replyIds));
        expect(server.note?.map((n) => n.text) ?? []).toEqual([
          ...(seed.note ?? []).map((n) => n.text),
          ...mine.flatMap((p) =>
            p.kind === 'note' ? [p.payload.text] : p.kind === 'route' ? [`Routed: ${p.payload.reason ?? ''}`] : [],
          ),
        ]);
        // The portal's history: one version per decision, in the order made; none twice, none lost.
        const made = (await historyOf(harness.baseUrl, seed.id)).slice(1);
        versions += made.length;
        const stamps = made.map((v) => lastClientAction(v));
        lost += mine.filter((p) => !stamps.includes(p.uuid)).length;
        duplicated += stamps.length - new Set(stamps).size;
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
      await syncOnce({ db: harness.db, client: client() });
      expect(await cacheKeys(harness.db)).toEqual(await serverKeys(harness.baseUrl));

      const lostAnswers = planned.length - traffic.postsOk;
      console.info(
        `outbox faults on the ${kind} portal: ${planned.length} actions on ${openTasks.length} items (${replyIds.size} replies, ` +
          `${versions} Task versions), ${rounds} push rounds; ${traffic.requests} requests, ` +
          `${total.sent} transactions sent, ${total.retrying} retries scheduled, ` +
          `${traffic.cut} answers cut (${traffic.postsCut} transactions), ${lostAnswers} lost answers recognised as landed; ` +
          `statuses ${JSON.stringify(traffic.byStatus)}; summary ${JSON.stringify(total)}; ` +
          `lost ${lost}, duplicated ${duplicated}`,
      );
      expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
      // The faults really happened: committed-then-cut transactions, throttling and server errors.
      expect(lostAnswers).toBeGreaterThan(0);
      for (const status of harness.expectedStatuses)
        expect(traffic.byStatus[status], `HTTP ${status}`).toBeGreaterThan(0);
      expect(total).toMatchObject({ synced: planned.length, parked: 0, conflicts: 0 });
    },
  );
});
