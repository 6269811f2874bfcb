import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../shared/ipc/channels';
import type { Result } from '../../shared/ipc/result';
import type { QueuedAction } from '../../shared/outbox-view';
import type { Diagnostics, SyncStatus } from '../../shared/sync-status';
import { DEFAULT_QUICK_TEXTS } from '../../shared/quick-texts';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import type { InboxPage, InboxViews, QuickText, WorkItemDetail } from '../../shared/work-item';
import { seedDemoClinic } from '../cache/seed-demo';
import { openTestDatabase } from '../db/test-database';
import { createDispatcher } from './dispatcher';
import type { Dispatch } from './dispatcher';
import { createHandlers } from './handlers';
import { alwaysSignedIn } from '../session/fixed-session';
import { listArgument, SAMPLE_ARGUMENTS } from './test-support/sample-arguments';
import type { DeskHandlers } from '../../shared/ipc/contract';
import { verifyAuditChain } from '../audit/audit-chain';
import { APP_ORIGIN } from '../window/app-protocol';
import { DEMO_ACCESS_POLICY } from '../../demo-clinic/staff';

const signedIn = (desk: DeskHandlers) =>
  alwaysSignedIn(desk, { userName: 'Test Nurse', clinicName: 'Test Clinic', dataSource: 'demo' });

/** The handlers called exactly as main calls them: through the dispatcher, with a sender. */
const APP = APP_ORIGIN;
const fromApp = { url: `${APP}/index.html`, isMainFrame: true };

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
let dispatch: Dispatch;
const opened: string[] = [];
const internalErrors: unknown[] = [];
let localChanges = 0;
const NOW = Date.parse('2026-11-27T15:00:00Z');
/** The demo roster's Nursing Team lead: the views a lead gets. */
const user = { id: 'rn-harper', reference: 'Practitioner/rn-harper', name: 'Test Nurse' };
const list = listArgument;

beforeAll(async () => {
  cache = await openTestDatabase();
  await seedDemoClinic(cache.db, { seed: 5, now: new Date(NOW), patients: 20, workItems: 40 });
  dispatch = createDispatcher({
    handlers: signedIn(
      createHandlers({
        db: cache.db,
        appInfo: () => ({
          version: '0.1.0',
          clinicName: 'Test Clinic',
          dataSource: 'demo',
          portalUrl: null,
          userName: 'Test Nurse',
          canPrescribe: false,
        }),
        openExternal: (url) => {
          opened.push(url);
          return Promise.resolve();
        },
        sync: null,
        user: () => Promise.resolve(user),
        now: () => NOW,
        onLocalChange: () => localChanges++,
        // As in the demo: the Nursing Team lead supervises the clinic. The policy's own refusals,
        // per role, are access-matrix.test.ts's.
        accessPolicy: DEMO_ACCESS_POLICY,
      }),
    ),
    trustedOrigins: [APP],
    onInternalError: (_channel, error) => internalErrors.push(error),
  });
});
afterAll(() => cache.dispose());

const valueOf = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

describe('IPC handlers through the dispatcher', () => {
  it('serves every channel of the contract', async () => {
    // outbox:resolve gets the action item:act records (channels run in contract order).
    const args: Record<string, unknown> = { ...SAMPLE_ARGUMENTS, 'outbox:resolve': undefined };
    // Answered, or refused for the reason this desk has: its user is a nurse.
    const refused: Record<string, string> = {
      'renewals:approve-ready': 'Only a PCM can approve or deny a renewal. Pend it for the PCM instead.',
      'results:release-normal': 'Only a provider (PCM) can release or hold a result.',
    };
    for (const channel of Object.values(invokeChannels)) {
      const result = await dispatch(channel, args[channel], fromApp);
      const reason = refused[channel];
      if (reason !== undefined) {
        expect(result, channel).toEqual({ ok: false, error: { code: 'forbidden', message: reason } });
        continue;
      }
      expect(result, channel).toMatchObject({ ok: true });
      // The action just recorded is the one to resolve (channels run in contract order).
      if (channel === 'item:act' && result.ok) {
        args['outbox:resolve'] = { actionId: (result.value as { actionId: number }).actionId, resolution: 'discard' };
      }
    }
  });

  it('lists the inbox and opens an item from it', async () => {
    const page = valueOf<InboxPage>(await dispatch('inbox:list', list({ limit: 3 }), fromApp));
    expect(page.items).toHaveLength(3);
    const detail = valueOf<WorkItemDetail>(await dispatch('item:get', { id: page.items[0]?.id }, fromApp));
    expect(detail.item).toEqual(page.items[0]);
  });

  it('says where an asked-for item sits in the whole list, or that the view leaves it out', async () => {
    const all = valueOf<InboxPage>(await dispatch('inbox:list', list({ limit: 1000 }), fromApp));
    const far = all.items[all.items.length - 5]!;
    // A page of 3 from the top: the item is far below it, and its place comes with the page.
    const page = valueOf<InboxPage>(await dispatch('inbox:list', list({ limit: 3, find: far.id }), fromApp));
    expect(page.items).toHaveLength(3);
    expect(page.position).toBe(all.items.length - 5);
    const pool = valueOf<InboxPage>(
      await dispatch(
        'inbox:list',
        list({
          view: { kind: 'pool', poolId: 'pool-nursing' },
          limit: 3,
          find: far.poolId === 'pool-nursing' ? 'x' : far.id,
        }),
        fromApp,
      ),
    );
    expect(pool.position).toBeNull();
    expect(valueOf<InboxPage>(await dispatch('inbox:list', list({ limit: 3 }), fromApp))).not.toHaveProperty(
      'position',
    );
  });

  it("gives the desk user's views, with the lead's escalated and all-pools counts", async () => {
    const views = valueOf<InboxViews>(await dispatch('inbox:views', {}, fromApp));
    expect(views.user).toMatchObject({ id: 'rn-harper' });
    expect(views.pools.length).toBe(views.routeTargets.length);
    const all = valueOf<InboxPage>(await dispatch('inbox:list', list({ limit: 1000 }), fromApp));
    expect(views.allCount).toBe(all.total);
    const escalated = valueOf<InboxPage>(
      await dispatch('inbox:list', list({ view: { kind: 'escalated' }, limit: 1000 }), fromApp),
    );
    expect(views.escalatedCount).toBe(escalated.total);
    // Overdue is judged by the desk's clock, not the machine's.
    expect(escalated.items.every((i) => i.dueAt !== null && i.dueAt < NOW && i.escalatedTo !== null)).toBe(true);
  });

  it('lists a pool, filtered and searched', async () => {
    const page = valueOf<InboxPage>(
      await dispatch(
        'inbox:list',
        list({
          view: { kind: 'pool', poolId: 'pool-nursing' },
          filters: { ...DEFAULT_FILTERS, unassignedOnly: true },
          limit: 1000,
        }),
        fromApp,
      ),
    );
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((i) => i.poolId === 'pool-nursing' && !i.claimed)).toBe(true);
    const word = page.items[0]!.subject.split(/\s+/).find((w) => /^[a-z]{4,}$/i.test(w)) ?? 'refill';
    const found = valueOf<InboxPage>(await dispatch('inbox:list', list({ search: word, limit: 1000 }), fromApp));
    expect(found.total).toBeGreaterThan(0);
    // FTS5 syntax in the box is neither an error nor a filter.
    expect(valueOf<InboxPage>(await dispatch('inbox:list', list({ search: 'NEAR( "x' }), fromApp)).total).toBe(0);
    const unfiltered = valueOf<InboxPage>(await dispatch('inbox:list', list(), fromApp)).total;
    expect(valueOf<InboxPage>(await dispatch('inbox:list', list({ search: '" ( - *' }), fromApp)).total).toBe(
      unfiltered,
    );
  });

  it('serves the quick texts', async () => {
    expect(valueOf<QuickText[]>(await dispatch('quick-texts:list', {}, fromApp))).toEqual(DEFAULT_QUICK_TEXTS);
  });

  it.each([
    ['a missing argument', 'inbox:list', undefined, /Invalid argument for inbox:list/],
    ['a wrong type', 'inbox:list', list({ search: 42 }), /search/],
    ['a page too large', 'inbox:list', list({ limit: 10_000 }), /limit/],
    ['an unknown view', 'inbox:list', list({ view: { kind: 'everything' } }), /view/],
    ['a pool view without a pool', 'inbox:list', list({ view: { kind: 'pool' } }), /view/],
    ['a pool id that is not a FHIR id', 'inbox:list', list({ view: { kind: 'pool', poolId: "' OR 1=1" } }), /view/],
    ['an unknown work type', 'inbox:list', list({ filters: { ...DEFAULT_FILTERS, workTypes: ['gossip'] } }), /filters/],
    ['a filter missing', 'inbox:list', list({ filters: { status: 'open' } }), /filters/],
    ['a search too long', 'inbox:list', list({ search: 'x'.repeat(201) }), /search/],
    ['the old pools argument', 'inbox:list', { poolId: null, includeClosed: false, offset: 0, limit: 5 }, /Invalid/],
    ['an argument to the views', 'inbox:views', { user: 'pcm-reyes' }, /Invalid argument/],
    ['an argument to the quick texts', 'quick-texts:list', { all: true }, /Invalid argument/],
    ['an extra key', 'item:get', { id: 'task-00001', sql: 'DROP TABLE work_item' }, /Invalid argument/],
    ['an id that is not a FHIR id', 'item:get', { id: "x' OR 1=1 --" }, /FHIR id/],
    ['a non-URL', 'link:open', { url: 'javascript:alert(1)' }, /url/],
  ])('rejects %s with a sentence the UI can show', async (_case, channel, arg, message) => {
    const result = await dispatch(channel, arg, fromApp);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('refuses a sender that is not the app window', async () => {
    for (const sender of [
      { url: 'https://evil.example/index.html', isMainFrame: true },
      { url: `${APP}/index.html`, isMainFrame: false },
      { url: 'file:///tmp/other/index.html', isMainFrame: true },
      { url: 'app://evil/index.html', isMainFrame: true },
      { url: 'not a url', isMainFrame: true },
    ]) {
      expect(await dispatch('app:info', {}, sender)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
  });

  it('refuses an unknown channel', async () => {
    expect(await dispatch('db:exec', { sql: 'DELETE FROM work_item' }, fromApp)).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(await dispatch('__proto__', {}, fromApp)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('answers not-found for an item the cache lacks', async () => {
    expect(await dispatch('item:get', { id: 'task-99999' }, fromApp)).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'Work item task-99999 is not in the local cache.' },
    });
  });

  it('opens only allow-listed links in the system browser', async () => {
    opened.length = 0;
    expect(await dispatch('link:open', { url: 'https://www.express-scripts.com/' }, fromApp)).toMatchObject({
      ok: true,
    });
    expect(await dispatch('link:open', { url: 'https://phish.example/login' }, fromApp)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringContaining('phish.example') as string },
    });
    expect(opened).toEqual(['https://www.express-scripts.com/']);
  });

  it('records a staff action at once, shows it as waiting to sync, and refuses bad ones', async () => {
    // The nursing pool's newest unclaimed message: the generated clinic decides which one that is.
    const { id } = await cache.db
      .selectFrom('work_item')
      .select('id')
      .where('pool_id', '=', 'pool-nursing')
      .where('owner_type', '=', 'pool')
      .where('is_open', '=', 1)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const before = localChanges;
    const acted = valueOf<{ actionId: number }>(
      await dispatch('item:act', { id, kind: 'claim', payload: {} }, fromApp),
    );
    expect(localChanges).toBe(before + 1);
    const detail = valueOf<WorkItemDetail>(await dispatch('item:get', { id }, fromApp));
    expect(detail.item).toMatchObject({ claimed: true, syncState: 'queued' });
    const queue = valueOf<QueuedAction[]>(await dispatch('outbox:list', {}, fromApp));
    expect(queue).toContainEqual(
      expect.objectContaining({ actionId: acted.actionId, kind: 'claim', state: 'queued', summary: 'Claim' }),
    );

    expect(await dispatch('item:act', { id, kind: 'note', payload: { text: '  ' } }, fromApp)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await dispatch('item:act', { id, kind: 'wipe', payload: {} }, fromApp)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await dispatch('item:act', { id: 'no-such-item', kind: 'claim', payload: {} }, fromApp)).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'Work item no-such-item is not in the local cache.' },
    });
    // Retry is for a parked action, not a queued one: the person is told why.
    expect(await dispatch('outbox:resolve', { actionId: acted.actionId, resolution: 'retry' }, fromApp)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringContaining('queued') as string },
    });
  });

  it('audits every view and every decision, refused ones with why, on one intact hash chain', async () => {
    const detail = valueOf<WorkItemDetail>(await dispatch('item:get', { id: 'task-00005' }, fromApp));
    const view = await cache.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('audit_id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(view).toMatchObject({
      at: NOW,
      actor: user.reference,
      event: 'view',
      work_item_id: 'task-00005',
      patient_id: detail.item.patientId,
      outcome: 'success',
    });
    // A renewal decision from a nurse is refused: the attempt is on the record, with the reason.
    await dispatch('item:act', { id: 'task-00005', kind: 'deny', payload: { reason: 'x', reply: 'y' } }, fromApp);
    const refused = await cache.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('audit_id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(refused).toMatchObject({ event: 'action.deny', work_item_id: 'task-00005', actor: user.reference });
    expect(refused.outcome).toMatch(/^refused: /);
    expect(await verifyAuditChain(cache.db)).toMatchObject({ ok: true });
  });

  it('shows quarantined resources and feed limitations in the diagnostics', async () => {
    await cache.db
      .insertInto('sync_feed')
      .values({
        feed: 'Task',
        watermark: '2026-11-27T14:00:00.000Z',
        history_watermark: null,
        limitation: 'no _history',
      })
      .execute();
    await cache.db
      .insertInto('sync_quarantine')
      .values({
        feed: 'Task',
        resource_type: 'Task',
        resource_id: 'bad-1',
        version_id: '3',
        reason: 'Task.meta.lastUpdated is missing',
        json: JSON.stringify({ resourceType: 'Task', id: 'bad-1', note: 'x'.repeat(2000) }),
        quarantined_at: Date.parse('2026-11-27T14:05:00.000Z'),
      })
      .execute();
    const diagnostics = valueOf<Diagnostics>(await dispatch('diagnostics:get', {}, fromApp));
    expect(diagnostics.feeds).toEqual([
      { feed: 'Task', watermark: '2026-11-27T14:00:00.000Z', historyWatermark: null, limitation: 'no _history' },
    ]);
    expect(diagnostics.quarantineTotal).toBe(1);
    expect(diagnostics.quarantine[0]).toMatchObject({
      resourceType: 'Task',
      resourceId: 'bad-1',
      versionId: '3',
      reason: 'Task.meta.lastUpdated is missing',
      quarantinedAt: '2026-11-27T14:05:00.000Z',
    });
    // The demo's supervisor sees the raw JSON, shortened, and that she did is audited.
    expect(diagnostics.quarantine[0]!.excerpt!.length).toBeLessThan(700);
    const audited = await cache.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('event', '=', 'diagnostics.quarantine')
      .execute();
    expect(audited.at(-1)).toEqual({
      actor: user.reference,
      detail: JSON.stringify({ shown: [diagnostics.quarantine[0]!.id] }),
    });
  });

  it('reports no sync, rather than a made-up one, for a cache without a portal', async () => {
    expect(valueOf<SyncStatus>(await dispatch('sync:now', {}, fromApp))).toMatchObject({
      running: false,
      connection: 'unknown',
      lastSuccessAt: null,
    });
  });

  it('hides internal failures behind a generic sentence and logs them', async () => {
    const failing = createDispatcher({
      handlers: signedIn({
        ...createHandlers({
          db: cache.db,
          appInfo: () => ({}) as never,
          openExternal: vi.fn(),
          sync: null,
          user: () => Promise.resolve(null),
          now: () => NOW,
          onLocalChange: vi.fn(),
        }),
        'app:info': () => {
          throw new Error('SQLITE_CORRUPT at page 42');
        },
      }),
      trustedOrigins: [APP],
      onInternalError: (_channel, error) => internalErrors.push(error),
    });
    const result = await failing('app:info', {}, fromApp);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).not.toContain('SQLITE');
    expect(internalErrors).toHaveLength(1);
  });
});
