import type { Bundle, Communication } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { EMERGENCY_ACK_EXT } from '../../domain/fhir/codes';
import { emergencyAcknowledgement } from '../../domain/outbox/apply-action';
import type { DB } from '../db/schema';
import { openTestDatabase } from '../db/test-database';
import { syncOnce } from '../sync/sync-engine';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { ACKNOWLEDGE_FIRST, ALREADY_YOURS, NOT_AN_EMERGENCY, REPLY_FIRST } from './action-guards';
import { FhirWriter } from './fhir-writer';
import { clinic, NURSE, openMessageItems, OTHER_NURSE, serverTask, synced } from './test-support/nurses-clinic';
import { pushOutbox } from './pusher';
import { listQueue } from './queue-queries';
import { ActionRejectedError, recordAction } from './record-action';

/*
 * Emergency wording (issue 6): an item cannot be closed until someone acknowledges it, having sent
 * the 911/988 reply or made a documented call; and the desk's own refusals (a claim on a
 * colleague's item). The emergency is made the real way: a patient message with emergency wording
 * reaches the portal and the cache derives the flag from it.
 */

let h: SyncHarness | undefined;
const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
  await h?.dispose();
  h = undefined;
});

const writer = (harness: SyncHarness, fetchImpl?: typeof fetch) =>
  new FhirWriter({ baseUrl: harness.sim.baseUrl, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });

/** The patient writes emergency wording into an open item's thread; the desks sync it. */
async function becomesEmergency(harness: SyncHarness, id: string, desks: Kysely<DB>[] = [harness.db]): Promise<void> {
  const task = serverTask(harness, id);
  const header = harness.sim.store.read('Communication', task.focus?.reference?.split('/')[1] ?? '') as Communication;
  harness.clock.ms += 60_000;
  const message: Communication = {
    resourceType: 'Communication',
    status: 'completed',
    partOf: [{ reference: `Communication/${header.id ?? ''}` }],
    ...(header.subject === undefined ? {} : { subject: header.subject }),
    ...(header.sender === undefined ? {} : { sender: header.sender }),
    ...(header.recipient === undefined ? {} : { recipient: header.recipient }),
    ...(header.topic === undefined ? {} : { topic: header.topic }),
    sent: new Date(harness.clock.ms).toISOString(),
    payload: [{ contentString: 'I have crushing chest pain right now and my left arm is numb.' }],
  };
  harness.sim.store.create(message);
  harness.clock.ms += 1_000;
  for (const db of desks) {
    await syncOnce({ db, client: harness.client() });
    const row = await db.selectFrom('work_item').select('emergency').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.emergency, 'the cache derived the emergency from the message').toBe(1);
  }
}

/** Everything a recorded action writes: a refusal must leave all of it as it was. */
async function written(db: Kysely<DB>, id: string) {
  return {
    outbox: await db.selectFrom('outbox_action').selectAll().orderBy('action_id').execute(),
    audit: await db.selectFrom('audit_log').selectAll().orderBy('audit_id').execute(),
    task: await db
      .selectFrom('fhir_resource')
      .select(['version_id', 'json'])
      .where('resource_type', '=', 'Task')
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    item: await db.selectFrom('work_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    messages: await db.selectFrom('message').select('id').orderBy('id').execute(),
  };
}

async function expectRefused(
  db: Kysely<DB>,
  input: Parameters<typeof recordAction>[1],
  message: string | RegExp,
): Promise<void> {
  const before = await written(db, input.workItemId);
  const recording = recordAction(db, input);
  await expect(recording).rejects.toBeInstanceOf(ActionRejectedError);
  await expect(recording).rejects.toThrow(message);
  expect(await written(db, input.workItemId), 'nothing written').toEqual(before);
}

const act = (id: string, kind: string, payload: unknown, actor = NURSE) => ({ workItemId: id, kind, payload, actor });
const acknowledge = (id: string, how: 'reply' | 'call', note: string, actor = NURSE) =>
  act(id, 'acknowledge', { how, note }, actor);

async function nameOf(db: Kysely<DB>, reference: string): Promise<string> {
  const row = await db
    .selectFrom('practitioner')
    .select('display_name')
    .where('id', '=', reference.split('/')[1] ?? '')
    .executeTakeFirstOrThrow();
  return row.display_name;
}

describe('an emergency item', () => {
  it('cannot be closed until acknowledged; a documented call acknowledges it; then it closes', async () => {
    h = await synced();
    const [id, ordinary] = (await openMessageItems(h)) as [string, string];
    await becomesEmergency(h, id);

    await expectRefused(h.db, act(id, 'done', {}), ACKNOWLEDGE_FIRST);
    await expectRefused(h.db, acknowledge(ordinary, 'call', 'Called'), NOT_AN_EMERGENCY);

    const ack = await recordAction(h.db, acknowledge(id, 'call', 'Called patient; EMS on the way'));
    // The local apply re-projects the Task: the derived flag stays, the acknowledgement shows.
    const item = await h.db.selectFrom('work_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      emergency: 1,
      emergency_kind: 'medical',
      emergency_ack_at: Date.parse(
        (await h.db.selectFrom('outbox_action').select('decided_at').executeTakeFirstOrThrow()).decided_at,
      ),
      emergency_ack_how: 'call',
    });
    expect(item.emergency_ack_by).toContain(NURSE.split('/')[1]);
    const audit = await h.db.selectFrom('audit_log').select(['event', 'client_uuid', 'detail']).execute();
    expect(audit).toEqual([
      {
        event: 'action.acknowledge',
        client_uuid: ack.uuid,
        detail: JSON.stringify({ how: 'call', note: 'Called patient; EMS on the way' }),
      },
    ]);
    expect((await listQueue(h.db)).map((q) => q.summary)).toEqual([
      'Acknowledged emergency (call): Called patient; EMS on the way',
    ]);

    await expectRefused(h.db, acknowledge(id, 'call', 'Again', OTHER_NURSE), /^Already acknowledged by .+ at .+\.$/);
    await recordAction(h.db, act(id, 'done', {}));
    await expectRefused(h.db, acknowledge(id, 'call', 'Late'), 'This item is closed: there is nothing to acknowledge.');

    expect(await pushOutbox({ db: h.db, writer: writer(h) })).toMatchObject({ sent: 2, synced: 2, conflicts: 0 });
    const server = serverTask(h, id);
    expect(server.status).toBe('completed');
    expect(emergencyAcknowledgement(server)).toMatchObject({ by: NURSE, how: 'call' });
  });

  it('names who acknowledged it first, by name', async () => {
    h = await synced();
    const [id] = (await openMessageItems(h)) as [string];
    await becomesEmergency(h, id);
    await recordAction(h.db, acknowledge(id, 'call', 'Called', OTHER_NURSE));
    const name = await nameOf(h.db, OTHER_NURSE);
    await expectRefused(h.db, acknowledge(id, 'call', 'Me too'), new RegExp(`^Already acknowledged by ${name} at `));
  });

  it('acknowledged "by reply" needs the 911/988 reply: queued on this desk, or in the thread from any desk', async () => {
    h = await synced();
    const [queued, sent] = (await openMessageItems(h)) as [string, string];
    await becomesEmergency(h, queued);
    await becomesEmergency(h, sent);

    await expectRefused(h.db, acknowledge(queued, 'reply', 'Sent the reply'), REPLY_FIRST);
    // A reply without the numbers does not count.
    await recordAction(h.db, act(queued, 'reply', { text: 'We are looking at your message.' }));
    await expectRefused(h.db, acknowledge(queued, 'reply', 'Sent the reply'), REPLY_FIRST);
    // Nor does a number that only contains 911.
    await recordAction(h.db, act(queued, 'reply', { text: 'Your case number is 29115.' }));
    await expectRefused(h.db, acknowledge(queued, 'reply', 'Sent the reply'), REPLY_FIRST);
    await recordAction(h.db, act(queued, 'reply', { text: 'Call 911 now or go to the nearest emergency room.' }));
    await recordAction(h.db, acknowledge(queued, 'reply', 'Told to call 911'));
    await recordAction(h.db, act(queued, 'done', {}));

    // Someone replied on the portal (another desk); this desk sees it in the thread after a sync.
    const thread = serverTask(h, sent).focus?.reference ?? '';
    const header = h.sim.store.read('Communication', thread.split('/')[1] ?? '') as Communication;
    h.clock.ms += 60_000;
    h.sim.store.create({
      resourceType: 'Communication',
      status: 'completed',
      partOf: [{ reference: thread }],
      ...(header.subject === undefined ? {} : { subject: header.subject, recipient: [header.subject] }),
      sender: { reference: OTHER_NURSE },
      sent: new Date(h.clock.ms).toISOString(),
      payload: [{ contentString: 'Please call 988 and press 1 for the Military Crisis Line.' }],
    });
    h.clock.ms += 1_000;
    await syncOnce({ db: h.db, client: h.client() });
    await recordAction(h.db, acknowledge(sent, 'reply', 'Colleague sent the 988 reply'));

    expect(await pushOutbox({ db: h.db, writer: writer(h) })).toMatchObject({ synced: 6, parked: 0, conflicts: 0 });
    expect(serverTask(h, queued).status).toBe('completed');
    expect(emergencyAcknowledgement(serverTask(h, sent))?.how).toBe('reply');
  });

  it('goes to the portal as a JSON Patch of the Task (extension and note) under If-Match, valid R4', async () => {
    h = await startSyncHarness(clinic.resources, { validate: true });
    await syncOnce({ db: h.db, client: h.client() });
    const [id] = (await openMessageItems(h)) as [string];
    await becomesEmergency(h, id);
    const baseVersion = serverTask(h, id).meta?.versionId;
    await recordAction(h.db, acknowledge(id, 'call', 'Called patient'));

    const posted: Bundle[] = [];
    const spying: typeof fetch = (input, init) => {
      if (init?.method === 'POST' && typeof init.body === 'string') posted.push(JSON.parse(init.body) as Bundle);
      return fetch(input, init);
    };
    expect(await pushOutbox({ db: h.db, writer: writer(h, spying) })).toMatchObject({ synced: 1 });
    expect(posted).toHaveLength(1);
    const [entry, ...more] = posted[0]!.entry ?? [];
    expect(more).toEqual([]);
    expect(entry?.request).toEqual({ method: 'PATCH', url: `Task/${id}`, ifMatch: `W/"${baseVersion ?? ''}"` });
    const binary = entry?.resource as { contentType: string; data: string };
    expect(binary.contentType).toBe('application/json-patch+json');
    const ops = JSON.parse(Buffer.from(binary.data, 'base64').toString()) as { op: string; path: string }[];
    expect(ops.some((o) => o.path.startsWith('/extension'))).toBe(true);
    expect(ops.some((o) => o.path.startsWith('/note'))).toBe(true);
    expect(ops.every((o) => o.op !== 'remove')).toBe(true);

    const server = serverTask(h, id);
    expect(server.extension?.filter((e) => e.url === EMERGENCY_ACK_EXT)).toHaveLength(1);
    expect(emergencyAcknowledgement(server)).toMatchObject({ by: NURSE, how: 'call', note: 'Called patient' });
    expect(server.note?.at(-1)).toMatchObject({
      authorReference: { reference: NURSE },
      text: 'Emergency acknowledged — call made: Called patient',
    });
    // The cache now holds the portal's version, still an emergency, acknowledged.
    const item = await h.db.selectFrom('work_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ emergency: 1, emergency_ack_how: 'call' });
    expect(item.emergency_ack_at).not.toBeNull();
  });
});

describe('two desks acknowledge the same emergency before either sees the other', () => {
  it.each(['A first', 'B first'] as const)(
    'both land, no review needed; the first stays the record (%s)',
    async (order) => {
      h = await synced();
      const second = await openTestDatabase();
      disposers.push(() => second.dispose());
      await syncOnce({ db: second.db, client: h.client() });
      const [id] = (await openMessageItems(h)) as [string];
      await becomesEmergency(h, id, [h.db, second.db]);

      await recordAction(h.db, acknowledge(id, 'call', 'A called the patient', NURSE));
      await recordAction(second.db, act(id, 'reply', { text: 'Call 911 now.' }, OTHER_NURSE));
      await recordAction(second.db, acknowledge(id, 'reply', 'B sent the 911 reply', OTHER_NURSE));

      const [first, then] = order === 'A first' ? [h.db, second.db] : [second.db, h.db];
      await pushOutbox({ db: first, writer: writer(h) });
      expect(await pushOutbox({ db: then, writer: writer(h) })).toMatchObject({ conflicts: 0, parked: 0 });
      await pushOutbox({ db: then, writer: writer(h) });
      for (const db of [h.db, second.db]) {
        const states = await db.selectFrom('outbox_action').select('state').execute();
        expect(states.every((s) => s.state === 'synced')).toBe(true);
      }

      const server = serverTask(h, id);
      const winner = order === 'A first' ? NURSE : OTHER_NURSE;
      expect(server.extension?.filter((e) => e.url === EMERGENCY_ACK_EXT)).toHaveLength(1);
      expect(emergencyAcknowledgement(server)?.by).toBe(winner);
      expect(
        server.note
          ?.map((n) => n.text)
          .filter((t) => t?.startsWith('Emergency acknowledged'))
          .sort(),
      ).toEqual([
        'Emergency acknowledged — 911/988 reply sent: B sent the 911 reply',
        'Emergency acknowledged — call made: A called the patient',
      ]);
      // Both desks end on the portal's version: acknowledged, by whoever landed first.
      await syncOnce({ db: h.db, client: h.client() });
      await syncOnce({ db: second.db, client: h.client() });
      for (const db of [h.db, second.db]) {
        const item = await db.selectFrom('work_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        expect(item.emergency).toBe(1);
        expect(item.emergency_ack_by).toContain(winner.split('/')[1]);
      }
    },
  );
});

describe('claiming', () => {
  it("refuses a colleague's item (assigning it to yourself is the take-over) and your own", async () => {
    h = await synced();
    const [theirs, mine] = (await openMessageItems(h)) as [string, string];
    h.sim.store.update(
      { ...serverTask(h, theirs), status: 'accepted', owner: { reference: OTHER_NURSE } },
      { actor: OTHER_NURSE },
    );
    h.clock.ms += 1_000;
    await syncOnce({ db: h.db, client: h.client() });

    const name = await nameOf(h.db, OTHER_NURSE);
    await expectRefused(
      h.db,
      act(theirs, 'claim', {}),
      `Claimed by ${name} — assign it to yourself instead if you are taking it over.`,
    );
    await recordAction(h.db, act(theirs, 'assign', { to: NURSE }));
    await expectRefused(h.db, act(theirs, 'claim', {}), ALREADY_YOURS);

    await recordAction(h.db, act(mine, 'claim', {}));
    await expectRefused(h.db, act(mine, 'claim', {}), ALREADY_YOURS);
    expect(await pushOutbox({ db: h.db, writer: writer(h) })).toMatchObject({ synced: 2, conflicts: 0 });
    expect(serverTask(h, theirs).owner?.reference).toBe(NURSE);
  });
});
