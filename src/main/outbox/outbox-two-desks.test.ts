import type { Communication, PractitionerRole, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { applyAction, lastClientAction } from '../../domain/outbox/apply-action';
import { createUrn } from '../../domain/outbox/client-keys';
import type { ActionKind, StaffAction } from '../../shared/staff-actions';
import type { DB } from '../db/schema';
import { openTestDatabase } from '../db/test-database';
import { syncOnce } from '../sync/sync-engine';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { FhirWriter } from './fhir-writer';
import { pushOutbox } from './pusher';
import { recordAction } from './record-action';
import { resolveAction } from './resolve-action';
import { history, repliesOnServer } from './test-support/portal-reads';

/*
 * Issue 5, "Done when" 3: two workstations (two caches, one portal), two nurses, acting on the same
 * items. Where both change the same thing, one wins and the other waits for a person with both
 * sides in hand; the portal never holds a version where the second decision replaced the first
 * unseen. Where they change different things, both land.
 */

const NOW = new Date('2026-11-25T12:00:00.000Z');
const clinic = generateClinic({ seed: 21, now: NOW, size: 60 });
const nurses = clinic.resources
  .filter((r): r is PractitionerRole => r.resourceType === 'PractitionerRole')
  .filter((r) => r.code?.some((c) => c.coding?.some((code) => code.code === 'nurse')))
  .map((r) => r.practitioner?.reference ?? '');
const [NURSE_A, NURSE_B, NURSE_C] = nurses as [string, string, string];
const POOL = clinic.resources.find((r) => r.resourceType === 'CareTeam' && r.id?.startsWith('pool-') === true)!;

interface Decision {
  kind: ActionKind;
  payload: Record<string, string>;
}
const claim: Decision = { kind: 'claim', payload: {} };
const done: Decision = { kind: 'done', payload: {} };
const note = (text: string): Decision => ({ kind: 'note', payload: { text } });
const priority = (value: string): Decision => ({ kind: 'priority', payload: { priority: value } });
const assign = (to: string): Decision => ({ kind: 'assign', payload: { to } });
const reply = (text: string): Decision => ({ kind: 'reply', payload: { text } });
const route: Decision = { kind: 'route', payload: { pool: `CareTeam/${POOL.id ?? ''}`, reason: 'Needs the PCM' } };

interface Pair {
  name: string;
  a: Decision[];
  b: Decision[];
  /** The element the two last decisions both change; null when they touch different things. */
  clash: string | null;
}

const PAIRS: readonly Pair[] = [
  { name: 'both claim', a: [claim], b: [claim], clash: 'owner' },
  { name: 'both change the priority', a: [priority('asap')], b: [priority('stat')], clash: 'priority' },
  { name: 'claim vs route', a: [claim], b: [route], clash: 'owner' },
  { name: 'done vs claim', a: [done], b: [claim], clash: 'status' },
  { name: 'both assign', a: [assign(NURSE_C)], b: [assign(NURSE_A)], clash: 'owner' },
  { name: 'reply vs done', a: [reply('Come in at 08:00.')], b: [done], clash: 'status' },
  { name: 'note vs priority', a: [note('A called the patient')], b: [priority('urgent')], clash: null },
  { name: 'note vs note', a: [note('A: left voicemail')], b: [note('B: patient called back')], clash: null },
  { name: 'priority vs assign', a: [priority('asap')], b: [assign(NURSE_C)], clash: null },
  { name: 'reply vs note', a: [reply('Your results are normal.')], b: [note('B: results reviewed')], clash: null },
  // The reply goes on top of the other's priority, and the claim behind it follows without
  // clashing with the reply's own status change.
  {
    name: 'reply then claim vs priority',
    a: [reply('See you Tuesday.'), claim],
    b: [priority('urgent')],
    clash: null,
  },
  // The notes go through one after the other; the priorities behind them still clash.
  {
    name: 'note then priority, on both desks',
    a: [note('A: first look'), priority('asap')],
    b: [note('B: first look'), priority('stat')],
    clash: 'priority',
  },
];

interface Desk {
  name: string;
  actor: string;
  db: Kysely<DB>;
}

let h: SyncHarness | undefined;
const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
  await h?.dispose();
  h = undefined;
});

/** One portal, two desks each with its own synced cache. */
async function twoDesks(): Promise<{ harness: SyncHarness; a: Desk; b: Desk; items: string[] }> {
  const harness = await startSyncHarness(clinic.resources);
  h = harness;
  const second = await openTestDatabase();
  disposers.push(() => second.dispose());
  await syncOnce({ db: harness.db, client: harness.client() });
  await syncOnce({ db: second.db, client: harness.client() });
  const rows = await harness.db
    .selectFrom('work_item')
    .select('id')
    .where('status', '=', 'requested')
    // Messages only: a result or a renewal is not closed by "done", and emergency wording would
    // refuse the pairs' "done" before it reached the portal (outbox-emergency.test.ts).
    .where('work_type', '=', 'respond-to-message')
    .where('emergency', '=', 0)
    .orderBy('id')
    .execute();
  return {
    harness,
    a: { name: 'A', actor: NURSE_A, db: harness.db },
    b: { name: 'B', actor: NURSE_B, db: second.db },
    items: rows.map((r) => r.id),
  };
}

const writer = (harness: SyncHarness, fetchImpl?: typeof fetch) =>
  new FhirWriter({ baseUrl: harness.sim.baseUrl, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });

const outbox = (desk: Desk) => desk.db.selectFrom('outbox_action').selectAll().orderBy('action_id').execute();
type OutboxRow = Awaited<ReturnType<typeof outbox>>[number];

const asAction = (row: OutboxRow): StaffAction =>
  ({
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    uuid: row.client_uuid,
    actor: row.actor,
    at: row.decided_at,
  }) as StaffAction;

/** A Task without what only the portal decides, reply references by the reply's client UUID. */
function comparable(harness: SyncHarness, task: Task): unknown {
  const rest: Task = { ...task };
  delete rest.meta;
  const output = [];
  for (const o of task.output ?? []) {
    const ref = o.valueReference?.reference ?? '';
    let key = ref;
    if (ref.startsWith('Communication/')) {
      // The portal's reply by the fullUrl it had in its action's transaction (the action's first create).
      const c = harness.sim.store.read('Communication', ref.slice('Communication/'.length)) as Communication;
      const uuid = c.identifier?.[0]?.value;
      key = uuid === undefined ? ref : createUrn(uuid, 0);
    }
    output.push({ ...o, valueReference: { reference: key } });
  }
  return { ...rest, ...(task.output === undefined ? {} : { output }) };
}

type Order = 'A first' | 'B first' | 'together';

async function pushBoth(harness: SyncHarness, a: Desk, b: Desk, order: Order): Promise<void> {
  const push = (desk: Desk) => pushOutbox({ db: desk.db, writer: writer(harness) });
  if (order === 'A first') {
    await push(a);
    await push(b);
  } else if (order === 'B first') {
    await push(b);
    await push(a);
  } else {
    await Promise.all([push(a), push(b)]);
  }
  // A second round for anything that was sent again on the other's version.
  await Promise.all([push(a), push(b)]);
}

describe('two desks on the same items', () => {
  it.each<Order>(['A first', 'B first', 'together'])(
    'every clash is caught and none is overwritten (%s)',
    async (order) => {
      const { harness, a, b, items } = await twoDesks();
      expect(items.length).toBeGreaterThanOrEqual(PAIRS.length);
      const itemOf = new Map<string, Pair>();
      const seeds = new Map<string, Task>();
      for (const [i, pair] of PAIRS.entries()) {
        const item = items[i]!;
        itemOf.set(item, pair);
        seeds.set(item, structuredClone(harness.sim.store.read('Task', item) as Task));
        // Interleaved, as two people working at once would.
        for (let k = 0; k < Math.max(pair.a.length, pair.b.length); k++) {
          for (const [desk, decisions] of [
            [a, pair.a],
            [b, pair.b],
          ] as const) {
            const d = decisions[k];
            if (d !== undefined) {
              await recordAction(desk.db, { workItemId: item, kind: d.kind, payload: d.payload, actor: desk.actor });
            }
          }
        }
      }

      await pushBoth(harness, a, b, order);

      const rows = [...(await outbox(a)), ...(await outbox(b))];
      let clashes = 0;
      for (const [item, pair] of itemOf) {
        const mine = rows.filter((r) => r.work_item_id === item);
        const versions = await history(harness, item);
        const server = harness.sim.store.read('Task', item) as Task;
        const landed = versions.slice(1).map((v) => lastClientAction(v));
        const synced = mine.filter((r) => r.state === 'synced');
        const losers = mine.filter((r) => r.state !== 'synced');

        // What landed is exactly the synced actions, each once; nothing else changed the Task.
        expect(landed.sort(), pair.name).toEqual(synced.map((r) => r.client_uuid).sort());
        // The portal's Task is its seed with the landed decisions applied in the order they landed.
        let model = seeds.get(item)!;
        for (const uuid of versions.slice(1).map((v) => lastClientAction(v))) {
          model = applyAction(model, asAction(mine.find((r) => r.client_uuid === uuid)!)).task;
        }
        expect(comparable(harness, server), pair.name).toEqual(comparable(harness, model));

        if (pair.clash === null) {
          expect(losers, pair.name).toEqual([]);
          continue;
        }
        clashes++;
        // One side's last decision waits for a person; nothing else does.
        expect(
          losers.map((r) => r.state),
          pair.name,
        ).toEqual(['conflict']);
        const loser = losers[0]!;
        const winner = mine.filter((r) => r.actor !== loser.actor).at(-1)!;
        expect(winner.state, pair.name).toBe('synced');
        const lastOfPair = pair.a.length - 1;
        expect(loser.kind, pair.name).toBe((loser.actor === NURSE_A ? pair.a : pair.b)[lastOfPair]!.kind);
        expect(JSON.parse(loser.conflict_fields ?? '[]'), pair.name).toContain(pair.clash);
        // Both sides are in hand: theirs is the portal's version the winner made (or a later one of theirs).
        const theirs = JSON.parse(loser.theirs_json ?? 'null') as Task;
        expect(theirs, pair.name).toEqual(versions.find((v) => v.meta?.versionId === theirs.meta?.versionId));
        expect(
          versions.findIndex((v) => lastClientAction(v) === winner.client_uuid),
          pair.name,
        ).toBeLessThanOrEqual(versions.findIndex((v) => v.meta?.versionId === theirs.meta?.versionId));
        // The loser's reply was never created.
        if (loser.kind === 'reply') expect(await repliesOnServer(harness, loser.client_uuid)).toEqual([]);
        // The loser's desk still shows its own decision, marked as not confirmed.
        const local = await (loser.actor === NURSE_A ? a : b).db
          .selectFrom('fhir_resource')
          .select('version_id')
          .where('resource_type', '=', 'Task')
          .where('id', '=', item)
          .executeTakeFirstOrThrow();
        expect(local.version_id).toContain('+local-');
      }
      expect(clashes).toBe(PAIRS.filter((p) => p.clash !== null).length);
      for (const r of rows.filter((x) => x.kind === 'reply' && x.state === 'synced')) {
        expect(await repliesOnServer(harness, r.client_uuid)).toHaveLength(1);
      }
    },
  );

  it('a person settles the clashes: "apply mine" lands knowingly, "discard" shows theirs; both audited', async () => {
    const { harness, a, b, items } = await twoDesks();
    const [byPriority, byClaim] = items as [string, string];
    for (const [desk, value] of [
      [a, 'asap'],
      [b, 'stat'],
    ] as const) {
      await recordAction(desk.db, {
        workItemId: byPriority,
        kind: 'priority',
        payload: { priority: value },
        actor: desk.actor,
      });
      await recordAction(desk.db, { workItemId: byClaim, kind: 'claim', payload: {}, actor: desk.actor });
    }
    await pushBoth(harness, a, b, 'A first');
    const conflicts = (await outbox(b)).filter((r) => r.state === 'conflict');
    expect(conflicts.map((r) => r.kind).sort()).toEqual(['claim', 'priority']);
    const [mineOnPriority, mineOnClaim] = [
      conflicts.find((r) => r.kind === 'priority')!,
      conflicts.find((r) => r.kind === 'claim')!,
    ];
    const winnerVersion = harness.sim.store.read('Task', byPriority).meta?.versionId;

    await resolveAction(b.db, { actionId: mineOnPriority.action_id, resolution: 'apply-mine', actor: NURSE_B });
    await resolveAction(b.db, { actionId: mineOnClaim.action_id, resolution: 'discard', actor: NURSE_B });
    expect(await pushOutbox({ db: b.db, writer: writer(harness) })).toMatchObject({ synced: 1, conflicts: 0 });

    // "Apply mine" went on top of A's version, by B's explicit choice.
    const versions = await history(harness, byPriority);
    expect(versions.map((v) => v.priority).slice(-2)).toEqual(['asap', 'stat']);
    expect(versions.at(-1)?.meta?.versionId).not.toBe(winnerVersion);
    expect(lastClientAction(versions.at(-1)!)).toBe(mineOnPriority.client_uuid);
    // "Discard" leaves the portal with A's claim and shows it on B's desk.
    expect(harness.sim.store.read('Task', byClaim)).toMatchObject({ owner: { reference: NURSE_A } });
    expect((await history(harness, byClaim)).map((v) => lastClientAction(v)).filter(Boolean)).toHaveLength(1);
    const local = await b.db
      .selectFrom('work_item')
      .select('owner_id')
      .where('id', '=', byClaim)
      .executeTakeFirstOrThrow();
    expect(`Practitioner/${local.owner_id ?? ''}`).toBe(NURSE_A);
    const states = await outbox(b);
    expect(states.map((r) => [r.kind, r.state]).sort()).toEqual([
      ['claim', 'discarded'],
      ['priority', 'synced'],
    ]);

    const audit = await b.db
      .selectFrom('audit_log')
      .select(['event', 'actor', 'client_uuid', 'work_item_id'])
      .where('event', 'like', 'outbox.%')
      .orderBy('audit_id')
      .execute();
    expect(audit).toEqual([
      { event: 'outbox.apply-mine', actor: NURSE_B, client_uuid: mineOnPriority.client_uuid, work_item_id: byPriority },
      { event: 'outbox.discard', actor: NURSE_B, client_uuid: mineOnClaim.client_uuid, work_item_id: byClaim },
    ]);
  });

  it("recognises its own lost answer under the other desk's later change, even when the history read fails once", async () => {
    const { harness, a, b, items } = await twoDesks();
    const item = items[0]!;
    const mine = await recordAction(a.db, {
      workItemId: item,
      kind: 'note',
      payload: { text: 'A: once only' },
      actor: NURSE_A,
    });
    // A's note lands, and the answer is lost.
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST') {
        await response.text();
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    expect(await pushOutbox({ db: a.db, writer: writer(harness, losing) })).toMatchObject({ retrying: 1 });
    // Meanwhile B changes the priority, on top of A's note.
    await recordAction(b.db, { workItemId: item, kind: 'priority', payload: { priority: 'stat' }, actor: NURSE_B });
    expect(await pushOutbox({ db: b.db, writer: writer(harness) })).toMatchObject({ synced: 1 });
    // A sends again; the portal's history is unavailable for a moment.
    const noHistory: typeof fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).includes('/_history')
        ? Promise.resolve(new Response('', { status: 503, headers: { 'Retry-After': '1' } }))
        : fetch(input, init);
    const later = () => Date.now() + 60_000;
    await pushOutbox({ db: a.db, writer: writer(harness, noHistory), now: later });
    await pushOutbox({ db: a.db, writer: writer(harness), now: () => Date.now() + 120_000 });

    const server = harness.sim.store.read('Task', item) as Task;
    expect(server.note?.filter((n) => n.text === 'A: once only')).toHaveLength(1);
    expect(server.priority).toBe('stat');
    const row = (await outbox(a)).find((r) => r.client_uuid === mine.uuid)!;
    expect(row.state).toBe('synced');
  });
});
