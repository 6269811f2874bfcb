import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { DEFAULT_ACCESS_POLICY } from '../../domain/access/access-policy';
import { isPrescriber, mayAct, mayOpenView, mayRead } from '../../domain/access/decide';
import type { ActRequest, ItemPlace, Person, Verdict } from '../../domain/access/decide';
import { POOL_LEADS, POOLS, poolId, STAFF } from '../../demo-clinic/staff';
import { invokeChannels } from '../../shared/ipc/channels';
import type { Channel } from '../../shared/ipc/channels';
import type { Result } from '../../shared/ipc/result';
import type { QueuedAction } from '../../shared/outbox-view';
import type { InboxPage, InboxView } from '../../shared/work-item';
import { CHANNEL_REACH } from '../access/channel-access';
import type { ChannelReach } from '../access/channel-access';
import { seedDemoClinic } from '../cache/seed-demo';
import type { DB } from '../db/schema';
import { openTestDatabase } from '../db/test-database';
import { APP_ORIGIN } from '../window/app-protocol';
import { createDispatcher } from './dispatcher';
import type { Dispatch } from './dispatcher';
import { createHandlers } from './handlers';
import { recordAction } from '../outbox/record-action';
import { alwaysSignedIn } from '../session/fixed-session';
import { listArgument, SAMPLE_ARGUMENTS } from './test-support/sample-arguments';

/*
 * Channel × role: what each person may do through the real handlers, with the expectation of every
 * call worked out by the pure policy (src/domain/access/decide.ts) from the demo roster as the demo
 * clinic defines it, not from the cache the guard reads. The channels come from the contract and
 * their checks from CHANNEL_REACH, so a new channel fails here until it has a reach and a case.
 */

const POLICY = DEFAULT_ACCESS_POLICY;
const NOW = Date.parse('2026-11-27T15:00:00Z');
const fromApp = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };

/** The roles the issue names, each a real person of the demo roster (the item under test is Team Blue's). */
const ROLES = {
  nurse: 'rn-delgado',
  'PCM own team': 'pcm-tanaka',
  'PCM other team': 'pcm-obrien',
  clerk: 'clerk-ward',
  'pool lead': 'rn-harper',
  'member of another pool': 'rph-adeyemi',
} as const;
type Role = keyof typeof ROLES;

/** The person as the demo clinic defines them (staff.ts), independent of the cache's roster tables. */
function rosterPerson(id: string): Person {
  const staff = STAFF.find((s) => s.id === id);
  if (staff === undefined) throw new Error(`${id} is not on the demo roster`);
  return {
    id,
    // As the portal's Practitioner.name reads: the title, never the credential.
    name: staff.display.replace(/, [^,]+$/, ''),
    roles: [staff.role],
    pools: new Map(staff.pools.map((key) => [poolId(key), { lead: POOL_LEADS[key] === id }])),
  };
}

const POOL_NAMES = new Map(POOLS.map((p) => [poolId(p.key), p.name]));

async function placeOf(db: Kysely<DB>, itemId: string): Promise<ItemPlace> {
  const row = await db
    .selectFrom('work_item')
    .select(['pool_id', 'owner_type', 'owner_id'])
    .where('id', '=', itemId)
    .executeTakeFirstOrThrow();
  return {
    pool: row.pool_id === null ? null : { id: row.pool_id, name: POOL_NAMES.get(row.pool_id) ?? row.pool_id },
    assignee: row.owner_type === 'person' ? row.owner_id : null,
  };
}

interface Desk {
  db: Kysely<DB>;
  dispatch: Dispatch;
  dispose: () => Promise<void>;
}

async function deskFor(userId: string): Promise<Desk> {
  const cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { seed: 5, now: new Date(NOW), patients: 20, workItems: 40 });
  await cache.db
    .insertInto('sync_quarantine')
    .values({
      feed: 'Task',
      resource_type: 'Task',
      resource_id: 'bad-1',
      version_id: '1',
      reason: 'Task.meta.lastUpdated is missing',
      json: JSON.stringify({ resourceType: 'Task', id: 'bad-1', description: 'A patient’s words' }),
      quarantined_at: NOW,
    })
    .execute();
  const person = rosterPerson(userId);
  const dispatch = createDispatcher({
    handlers: alwaysSignedIn(
      createHandlers({
        db: cache.db,
        appInfo: () => ({
          version: '0.1.0',
          clinicName: 'Test Clinic',
          dataSource: 'demo',
          portalUrl: null,
          userName: person.name,
          canPrescribe: isPrescriber(person),
        }),
        openExternal: () => Promise.resolve(),
        sync: null,
        user: () => Promise.resolve({ id: userId, reference: `Practitioner/${userId}`, name: person.name }),
        now: () => NOW,
        onLocalChange: () => undefined,
        accessPolicy: POLICY,
      }),
      { userName: person.name, clinicName: 'Test Clinic', dataSource: 'demo' },
    ),
    trustedOrigins: [APP_ORIGIN],
    onInternalError: (channel, error) => {
      throw new Error(`${channel} failed inside main: ${String(error)}`);
    },
  });
  return { db: cache.db, dispatch, dispose: () => cache.dispose() };
}

/** An open item in a pool, unassigned, of a kind or of any: the matrix's subjects. */
async function itemIn(db: Kysely<DB>, workType: string | null, pool: string): Promise<string> {
  const row = await db
    .selectFrom('work_item')
    .select('id')
    .$if(workType !== null, (q) => q.where('work_type', '=', workType ?? ''))
    .where('pool_id', '=', pool)
    .where('is_open', '=', 1)
    .where('owner_type', '=', 'pool')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What the guard must answer: refused with the policy's sentence, or anything but a refusal. */
function expectVerdict(result: Result<unknown>, verdict: Verdict, what: string): void {
  tally[verdict.ok ? 'allowed' : 'refused']++;
  if (verdict.ok) {
    if (!result.ok) expect(result.error.code, `${what}: ${result.error.message}`).not.toBe('forbidden');
    return;
  }
  expect(result, what).toEqual({ ok: false, error: { code: 'forbidden', message: verdict.reason } });
}

const ALLOWED: Verdict = { ok: true };
/** Per role: a matrix that only ever allowed (or only refused) would prove nothing. */
const tally = { allowed: 0, refused: 0 };

/** Each reach's cases: the calls it is tried with and what the policy says of each. */
type Case = (desk: Desk, person: Person, items: Items) => Promise<number>;
type Items = Record<
  'blueRenewal' | 'goldRenewal' | 'blueResult' | 'goldResult' | 'nursingMessage' | 'frontDesk',
  string
>;

const TERMS = {
  quantity: 90,
  unit: 'tablet',
  repeats: 1,
  validityDays: 180,
  dosage: 'Take one tablet by mouth daily.',
};

const ACT_KINDS: { kind: string; payload: unknown; request: () => ActRequest }[] = [
  { kind: 'claim', payload: {}, request: () => ({ kind: 'claim' }) },
  { kind: 'note', payload: { text: 'Called the patient back.' }, request: () => ({ kind: 'note' }) },
  { kind: 'reply', payload: { text: 'We have your message.' }, request: () => ({ kind: 'reply' }) },
  // To a member of Nursing and Team Blue, and to a Team Gold PCM.
  {
    kind: 'assign',
    payload: { to: 'Practitioner/rn-osei' },
    request: () => ({ kind: 'assign', to: rosterPerson('rn-osei') }),
  },
  {
    kind: 'assign',
    payload: { to: 'Practitioner/pcm-obrien' },
    request: () => ({ kind: 'assign', to: rosterPerson('pcm-obrien') }),
  },
  {
    kind: 'route',
    payload: { pool: 'CareTeam/pool-pharmacy', reason: 'A pharmacy question.' },
    request: () => ({ kind: 'route', to: { id: 'pool-pharmacy', name: 'Pharmacy', active: true } }),
  },
  {
    kind: 'pend',
    payload: { terms: TERMS, note: 'Labs current.', to: 'Practitioner/pcm-obrien' },
    request: () => ({ kind: 'pend', to: rosterPerson('pcm-obrien') }),
  },
  {
    kind: 'deny',
    payload: { reason: 'Needs a visit.', reply: 'Please book a visit.' },
    request: () => ({ kind: 'deny' }),
  },
  { kind: 'renew', payload: { terms: TERMS, changed: false }, request: () => ({ kind: 'renew' }) },
  { kind: 'release', payload: { comment: 'Normal.' }, request: () => ({ kind: 'release' }) },
  { kind: 'done', payload: {}, request: () => ({ kind: 'done' }) },
];

const CASES: Record<ChannelReach, Case> = {
  // Tried below, with the contract's sample arguments: nothing of anyone's to refuse.
  'no-patient-data': () => Promise.resolve(0),
  'own-scope': () => Promise.resolve(0),
  view: async (desk, person) => {
    const views: InboxView[] = [
      { kind: 'mine' },
      { kind: 'all' },
      { kind: 'escalated' },
      { kind: 'renewals' },
      { kind: 'results' },
      ...POOLS.map((p) => ({ kind: 'pool' as const, poolId: poolId(p.key) })),
    ];
    for (const view of views) {
      const verdict = mayOpenView(POLICY, person, {
        kind: view.kind,
        pool: view.kind === 'pool' ? { id: view.poolId, name: POOL_NAMES.get(view.poolId) ?? '' } : null,
      });
      const result = await desk.dispatch('inbox:list', listArgument({ view, limit: 1000 }), fromApp);
      expectVerdict(result, verdict, `${person.id} lists ${JSON.stringify(view)}`);
      // Reading across pools follows the same policy: every row a view shows, the person may read.
      if (result.ok) {
        for (const item of (result.value as InboxPage).items) {
          expect(mayRead(POLICY, person, await placeOf(desk.db, item.id)), `${person.id} sees ${item.id}`).toEqual(
            ALLOWED,
          );
        }
      }
    }
    return views.length;
  },
  'item-read': async (desk, person, items) => {
    for (const id of Object.values(items)) {
      const verdict = mayRead(POLICY, person, await placeOf(desk.db, id));
      expectVerdict(await desk.dispatch('item:get', { id }, fromApp), normal(verdict), `${person.id} opens ${id}`);
    }
    return Object.keys(items).length;
  },
  'item-act': async (desk, person, items) => {
    let calls = 0;
    for (const id of Object.values(items)) {
      for (const { kind, payload, request } of ACT_KINDS) {
        // The item's place now: an earlier call of this run may have claimed or routed it.
        const verdict = mayAct(POLICY, person, await placeOf(desk.db, id), request());
        const result = await desk.dispatch('item:act', { id, kind, payload }, fromApp);
        expectVerdict(result, normal(verdict), `${person.id} ${kind} ${JSON.stringify(payload)} on ${id}`);
        calls++;
      }
    }
    return calls;
  },
  'item-batch': async (desk, person, items) => {
    const batches = [
      {
        channel: 'renewals:approve-ready' as const,
        arg: { ids: [items.blueRenewal, items.goldRenewal] },
        kind: 'renew',
      },
      {
        channel: 'results:release-normal' as const,
        arg: { ids: [items.blueResult, items.goldResult], comment: 'Your results are normal.' },
        kind: 'release',
      },
    ];
    const refusalsOf = async (kind: string, id: string) =>
      (
        await desk.db
          .selectFrom('audit_log')
          .select('audit_id')
          .where('event', '=', `action.${kind}`)
          .where('work_item_id', '=', id)
          .where('outcome', 'like', 'refused: %')
          .execute()
      ).length;
    for (const { channel, arg, kind } of batches) {
      const before = new Map<string, number>();
      for (const id of arg.ids) before.set(id, await refusalsOf(kind, id));
      const result = await desk.dispatch(channel, arg, fromApp);
      if (!isPrescriber(person)) {
        expect(result, `${person.id} ${channel}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        continue;
      }
      expect(result.ok, `${person.id} ${channel}`).toBe(true);
      const { skipped } = (result as { value: { skipped: { id: string; reason: string }[] } }).value;
      for (const id of arg.ids) {
        const verdict = mayAct(POLICY, person, await placeOf(desk.db, id), { kind });
        const skip = skipped.find((s) => s.id === id);
        // Refused by the policy: skipped with its sentence. Allowed: done, or skipped for another reason.
        if (!verdict.ok) {
          expect(skip?.reason, `${person.id} ${channel} ${id}`).toBe(verdict.reason);
          // Each refusal is audited, as a single item's would be.
          expect(await refusalsOf(kind, id), `${person.id} ${channel} ${id} audited`).toBe((before.get(id) ?? 0) + 1);
        } else
          expect(skip?.reason ?? '', `${person.id} ${channel} ${id}`).not.toMatch(
            /not one of your pools|decided by the PCMs of/,
          );
      }
    }
    return batches.length;
  },
  'own-actions': async (desk, person) => {
    const queue = await desk.dispatch('outbox:list', {}, fromApp);
    expect(queue.ok).toBe(true);
    const actions = (queue as { value: QueuedAction[] }).value;
    const mine = await desk.db
      .selectFrom('outbox_action')
      .select('action_id')
      .where('actor', '=', `Practitioner/${person.id}`)
      .execute();
    expect(actions.map((a) => a.actionId).sort()).toEqual(mine.map((r) => r.action_id).sort());
    // A colleague's decision on this desk is not theirs to discard.
    const theirs = await desk.db
      .selectFrom('outbox_action')
      .select('action_id')
      .where('actor', '!=', `Practitioner/${person.id}`)
      .executeTakeFirstOrThrow();
    expectVerdict(
      await desk.dispatch('outbox:resolve', { actionId: theirs.action_id, resolution: 'discard' }, fromApp),
      { ok: false, reason: 'Someone else decided this: only they can retry, discard or apply it.' },
      `${person.id} discards another's action`,
    );
    const audited = await desk.db
      .selectFrom('audit_log')
      .select(['actor', 'outcome'])
      .where('event', '=', 'outbox.discard')
      .execute();
    expect(audited).toContainEqual({
      actor: `Practitioner/${person.id}`,
      outcome: 'refused: Someone else decided this: only they can retry, discard or apply it.',
    });
    if (actions[0] !== undefined) {
      const own = await desk.dispatch(
        'outbox:resolve',
        { actionId: actions[0].actionId, resolution: 'discard' },
        fromApp,
      );
      expectVerdict(own, ALLOWED, `${person.id} discards their own action`);
    }
    return 2;
  },
};

/** A verdict as a plain object, so `toEqual` compares sentences and not frozen identities. */
const normal = (verdict: Verdict): Verdict => (verdict.ok ? ALLOWED : { ok: false, reason: verdict.reason });

/** The reaches' order: actions first, so the queue has something of each person's to resolve. */
const ORDER: ChannelReach[] = [
  'no-patient-data',
  'own-scope',
  'view',
  'item-read',
  'item-act',
  'item-batch',
  'own-actions',
];

describe('the IPC access matrix, channel × role, from the access policy', () => {
  it('names every channel of the contract, and each reach has its cases', () => {
    expect(Object.keys(CHANNEL_REACH).sort()).toEqual(Object.values(invokeChannels).sort());
    expect([...new Set(Object.values(CHANNEL_REACH))].sort()).toEqual([...ORDER].sort());
  });

  const desks = new Map<Role, Desk>();
  beforeAll(async () => {
    for (const [role, id] of Object.entries(ROLES) as [Role, string][]) desks.set(role, await deskFor(id));
    // A decision of someone else's on each desk: the queue test needs one that is not the person's own.
    for (const desk of desks.values()) {
      await recordAction(desk.db, {
        workItemId: await itemIn(desk.db, null, 'pool-referrals'),
        kind: 'note',
        payload: { text: 'Left a voicemail.' },
        actor: 'Practitioner/clerk-haddad',
      });
    }
  });
  afterAll(async () => {
    for (const desk of desks.values()) await desk.dispose();
  });

  for (const role of Object.keys(ROLES) as Role[]) {
    it(`${role} (${ROLES[role]}): every channel answers as the policy says`, async () => {
      const desk = desks.get(role)!;
      const person = rosterPerson(ROLES[role]);
      const items: Items = {
        blueRenewal: await itemIn(desk.db, 'renewal-request', 'pool-pcm-blue'),
        goldRenewal: await itemIn(desk.db, 'renewal-request', 'pool-pcm-gold'),
        blueResult: await itemIn(desk.db, 'result-release', 'pool-pcm-blue'),
        goldResult: await itemIn(desk.db, 'result-release', 'pool-pcm-gold'),
        nursingMessage: await itemIn(desk.db, 'respond-to-message', 'pool-nursing'),
        frontDesk: await itemIn(desk.db, null, 'pool-front-desk'),
      };
      tally.allowed = tally.refused = 0;
      const tried = new Map<Channel, number>();
      for (const reach of ORDER) {
        const calls = await CASES[reach](desk, person, items);
        for (const [channel, r] of Object.entries(CHANNEL_REACH) as [Channel, ChannelReach][]) {
          if (r === reach) tried.set(channel, calls);
        }
      }
      // Diagnostics show a quarantined resource's raw JSON (any pool's patient) to supervisors only.
      const diagnostics = await desk.dispatch('diagnostics:get', {}, fromApp);
      expect(diagnostics).toMatchObject({ ok: true, value: { quarantine: [{ resourceId: 'bad-1', excerpt: null }] } });
      // Channels with nothing of anyone's: answered for everyone signed in.
      for (const [channel, reach] of Object.entries(CHANNEL_REACH) as [Channel, ChannelReach][]) {
        if (reach !== 'no-patient-data' && reach !== 'own-scope') continue;
        const result = await desk.dispatch(channel, SAMPLE_ARGUMENTS[channel], fromApp);
        expectVerdict(result, ALLOWED, `${person.id} ${channel}`);
        tried.set(channel, 1);
      }
      expect([...tried.keys()].sort()).toEqual(Object.values(invokeChannels).sort());
      expect(tally.allowed, 'calls the policy allowed').toBeGreaterThan(10);
      expect(tally.refused, 'calls the policy refused').toBeGreaterThan(10);
    });
  }
});
