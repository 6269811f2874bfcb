import type { Bundle, Communication, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { syncOnce } from '../sync/sync-engine';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { FhirWriter } from './fhir-writer';
import { NURSE, openMessageItems, OTHER_NURSE, serverTask, synced } from './test-support/nurses-clinic';
import { pushOutbox } from './pusher';
import { recordAction } from './record-action';
import { resolveAction } from './resolve-action';
import { repliesOnServer } from './test-support/portal-reads';

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** An open message item, unclaimed, in a pool, without emergency wording (outbox-emergency.test.ts has those). */
async function openMessageItem(harness: SyncHarness): Promise<string> {
  const [first] = await openMessageItems(harness);
  if (first === undefined) throw new Error('the clinic has no open message item');
  return first;
}

async function taskVersions(harness: SyncHarness, id: string): Promise<Task[]> {
  const bundle = (await (await fetch(`${harness.sim.baseUrl}/Task/${id}/_history`)).json()) as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource as Task);
}

const writer = (harness: SyncHarness, fetchImpl?: typeof fetch) =>
  new FhirWriter({ baseUrl: harness.sim.baseUrl, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });

const states = (harness: SyncHarness) =>
  harness.db.selectFrom('outbox_action').select(['kind', 'state']).orderBy('action_id').execute();

describe('the outbox', () => {
  it('shows decisions at once, sends them in order, and leaves the cache on the portal version', async () => {
    h = await synced();
    const id = await openMessageItem(h);
    const claim = await recordAction(h.db, { workItemId: id, kind: 'claim', payload: {}, actor: NURSE });
    const note = await recordAction(h.db, {
      workItemId: id,
      kind: 'note',
      payload: { text: 'Left voicemail' },
      actor: NURSE,
    });
    const reply = await recordAction(h.db, {
      workItemId: id,
      kind: 'reply',
      payload: { text: 'Please come in tomorrow at 08:00.' },
      actor: NURSE,
    });
    // Local first: the inbox already shows the claim and the reply, the portal has nothing yet.
    const local = await h.db.selectFrom('work_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(local).toMatchObject({ status: 'in-progress', owner_type: 'person' });
    expect(serverTask(h, id).status).toBe('requested');
    const audit = await h.db.selectFrom('audit_log').select(['event', 'client_uuid']).orderBy('audit_id').execute();
    expect(audit).toEqual([
      { event: 'action.claim', client_uuid: claim.uuid },
      { event: 'action.note', client_uuid: note.uuid },
      { event: 'action.reply', client_uuid: reply.uuid },
    ]);

    // A sync before the push must not undo the decisions on screen.
    await syncOnce({ db: h.db, client: h.client() });
    expect(
      (await h.db.selectFrom('work_item').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status,
    ).toBe('in-progress');

    const summary = await pushOutbox({ db: h.db, writer: writer(h) });
    expect(summary).toMatchObject({ sent: 3, synced: 3, parked: 0, conflicts: 0 });
    const onServer = serverTask(h, id);
    expect(onServer.status).toBe('in-progress');
    expect(onServer.owner?.reference).toBe(NURSE);
    expect(onServer.note?.map((n) => n.text)).toEqual(['Left voicemail']);
    expect(await repliesOnServer(h, reply.uuid)).toHaveLength(1);
    const cached = await h.db
      .selectFrom('fhir_resource')
      .select(['version_id'])
      .where('resource_type', '=', 'Task')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(cached.version_id).toBe(onServer.meta?.versionId);
    // The reply's local placeholder gave way to the portal's Communication.
    const messages = await h.db.selectFrom('message').select('id').where('id', 'like', 'local-%').execute();
    expect(messages).toEqual([]);
    expect((await states(h)).map((s) => s.state)).toEqual(['synced', 'synced', 'synced']);
  });

  it('a lost answer is recognised on the resend: one reply, one status change', async () => {
    h = await synced();
    const id = await openMessageItem(h);
    const reply = await recordAction(h.db, {
      workItemId: id,
      kind: 'reply',
      payload: { text: 'Call 911 now.' },
      actor: NURSE,
    });
    let cut = true;
    // The portal commits, then the connection dies before the answer arrives.
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (cut && init?.method === 'POST') {
        cut = false;
        await response.text();
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const w = writer(h, losing);
    expect(await pushOutbox({ db: h.db, writer: w })).toMatchObject({ retrying: 1, synced: 0 });
    expect(await pushOutbox({ db: h.db, writer: w, now: () => Date.now() + 60_000 })).toMatchObject({ synced: 1 });
    expect(await repliesOnServer(h, reply.uuid)).toHaveLength(1);
    const changedByUs = (await taskVersions(h, id)).filter((t) => t.status === 'in-progress');
    expect(changedByUs).toHaveLength(1);
  });

  it("shows a reply once when a sync brings the portal's copy before the pusher learns it landed", async () => {
    h = await synced();
    const id = await openMessageItem(h);
    const reply = await recordAction(h.db, {
      workItemId: id,
      kind: 'reply',
      payload: { text: 'See you at 10:00.' },
      actor: NURSE,
    });
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method !== 'POST') return response;
      await response.text();
      throw new TypeError('fetch failed: socket hang up');
    };
    expect(await pushOutbox({ db: h.db, writer: writer(h, losing) })).toMatchObject({ retrying: 1 });
    await syncOnce({ db: h.db, client: h.client() });
    // The local placeholder and the portal's copy both carry the action's UUID; the thread shows each row.
    const copies = async () =>
      (await h!.db.selectFrom('fhir_resource').select('json').where('resource_type', '=', 'Communication').execute())
        .filter((r) => r.json.includes(reply.uuid))
        .map((r) => (JSON.parse(r.json) as Communication).id);
    expect(await copies()).toEqual([expect.not.stringMatching(/^local-/)]);
    expect(await pushOutbox({ db: h.db, writer: writer(h), now: () => Date.now() + 60_000 })).toMatchObject({
      synced: 1,
    });
    expect(await copies()).toEqual([expect.not.stringMatching(/^local-/)]);
  });

  it("applies a note over someone else's priority change, and stops at a second claim", async () => {
    h = await synced();
    const id = await openMessageItem(h);
    await recordAction(h.db, { workItemId: id, kind: 'note', payload: { text: 'Mine' }, actor: NURSE });
    h.sim.store.update({ ...serverTask(h, id), priority: 'urgent' }, { actor: OTHER_NURSE });
    expect(await pushOutbox({ db: h.db, writer: writer(h) })).toMatchObject({ rebased: 1, synced: 1 });
    expect(serverTask(h, id)).toMatchObject({ priority: 'urgent', note: [{ text: 'Mine' }] });

    const claim = await recordAction(h.db, { workItemId: id, kind: 'claim', payload: {}, actor: NURSE });
    const current = serverTask(h, id);
    h.sim.store.update({ ...current, status: 'accepted', owner: { reference: OTHER_NURSE } }, { actor: OTHER_NURSE });
    expect(await pushOutbox({ db: h.db, writer: writer(h) })).toMatchObject({ conflicts: 1, synced: 0 });
    const parked = await h.db
      .selectFrom('outbox_action')
      .selectAll()
      .where('client_uuid', '=', claim.uuid)
      .executeTakeFirstOrThrow();
    expect(parked.state).toBe('conflict');
    expect(JSON.parse(parked.conflict_fields ?? '[]')).toEqual(expect.arrayContaining(['owner']));
    expect(serverTask(h, id).owner?.reference).toBe(OTHER_NURSE);

    // Keeping theirs: the local copy shows the other nurse's claim.
    await resolveAction(h.db, { actionId: parked.action_id, resolution: 'discard', actor: NURSE });
    const local = await h.db
      .selectFrom('work_item')
      .select(['owner_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(`Practitioner/${local.owner_id}`).toBe(OTHER_NURSE);
    const audit = await h.db.selectFrom('audit_log').select('event').orderBy('audit_id', 'desc').limit(1).execute();
    expect(audit[0]?.event).toBe('outbox.discard');
  });

  it('parks what the portal refuses, with its reason, and retries on request', async () => {
    h = await synced();
    const id = await openMessageItem(h);
    await recordAction(h.db, { workItemId: id, kind: 'note', payload: { text: 'x' }, actor: NURSE });
    let refuse = true;
    const refusing: typeof fetch = (input, init) =>
      refuse && init?.method === 'POST'
        ? Promise.resolve(
            new Response(
              JSON.stringify({
                resourceType: 'OperationOutcome',
                issue: [{ severity: 'error', code: 'business-rule', diagnostics: 'Task is locked for review' }],
              }),
              { status: 422 },
            ),
          )
        : fetch(input, init);
    expect(await pushOutbox({ db: h.db, writer: writer(h, refusing) })).toMatchObject({ parked: 1 });
    const row = await h.db.selectFrom('outbox_action').selectAll().executeTakeFirstOrThrow();
    expect(row.last_error).toContain('Task is locked for review');
    // Parked stays parked on later pushes: nothing is sent until a person says so.
    expect(await pushOutbox({ db: h.db, writer: writer(h, refusing) })).toMatchObject({ sent: 0 });
    refuse = false;
    await resolveAction(h.db, { actionId: row.action_id, resolution: 'retry', actor: NURSE });
    expect(await pushOutbox({ db: h.db, writer: writer(h, refusing) })).toMatchObject({ synced: 1 });
  });

  it('honours 429 Retry-After before sending again', async () => {
    h = await synced();
    const id = await openMessageItem(h);
    await recordAction(h.db, { workItemId: id, kind: 'priority', payload: { priority: 'asap' }, actor: NURSE });
    const throttled: typeof fetch = () =>
      Promise.resolve(new Response('', { status: 429, headers: { 'Retry-After': '120' } }));
    const t0 = Date.parse('2026-11-27T15:00:00.000Z');
    expect(await pushOutbox({ db: h.db, writer: writer(h, throttled), now: () => t0 })).toMatchObject({ retrying: 1 });
    const row = await h.db.selectFrom('outbox_action').selectAll().executeTakeFirstOrThrow();
    expect(row.next_attempt_at).toBeGreaterThanOrEqual(t0 + 120_000);
    expect(await pushOutbox({ db: h.db, writer: writer(h), now: () => t0 + 60_000 })).toMatchObject({ sent: 0 });
    expect(await pushOutbox({ db: h.db, writer: writer(h), now: () => t0 + 121_000 })).toMatchObject({ synced: 1 });
  });
});

describe('discarding one of several queued decisions', () => {
  it('takes only that decision off the screen and sends the rest', async () => {
    h = await synced();
    const id = await openMessageItem(h);
    const priority = await recordAction(h.db, {
      workItemId: id,
      kind: 'priority',
      payload: { priority: 'stat' },
      actor: NURSE,
    });
    await recordAction(h.db, { workItemId: id, kind: 'note', payload: { text: 'Keep this' }, actor: NURSE });
    await resolveAction(h.db, { actionId: priority.actionId, resolution: 'discard', actor: NURSE });
    const local = await h.db.selectFrom('work_item').select('priority').where('id', '=', id).executeTakeFirstOrThrow();
    expect(local.priority).toBe(serverTask(h, id).priority);
    expect(await pushOutbox({ db: h.db, writer: writer(h) })).toMatchObject({ sent: 1, synced: 1 });
    expect(serverTask(h, id)).toMatchObject({ note: [{ text: 'Keep this' }] });
    expect(serverTask(h, id).priority).not.toBe('stat');
  });
});
