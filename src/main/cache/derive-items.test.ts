import type { Resource } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { DEFAULT_RULES } from '../../domain/triage/default-rules';
import { openTestDatabase } from '../db/test-database';
import { withThreadsRederived } from './derive-items';
import type { DerivationConfig } from './derivation-config';
import type { StoredTriage } from './projections';
import { storeResources } from './store-resources';
import { acknowledgement, patientMessage, staffMessage, threadTask } from './test-support/fhir-builders';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
beforeEach(async () => {
  cache = await openTestDatabase();
});
afterEach(() => cache.dispose());

const store = (resources: Resource[], derivation?: DerivationConfig) =>
  cache.db
    .transaction()
    .execute((trx) => storeResources(trx, resources, derivation === undefined ? {} : { derivation }));
const item = (id = 'task-1') =>
  cache.db.selectFrom('work_item').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const message = (id: string) =>
  cache.db.selectFrom('message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const search = (words: string) =>
  cache.sqlite
    .prepare('SELECT work_item_id FROM item_search WHERE item_search MATCH ? ORDER BY work_item_id')
    .all(words)
    .map((r) => (r as { work_item_id: string }).work_item_id);

const CHEST_PAIN = 'I have crushing chest pain right now and my left arm is numb.';
const REFILL = 'Could you send a refill of my lisinopril to the pharmacy please?';

describe('message triage', () => {
  it('classifies what a patient writes and leaves staff replies alone', async () => {
    await store([
      patientMessage('msg-1', CHEST_PAIN),
      staffMessage('msg-2', 'msg-1', 'If you have chest pain right now, call 911.'),
    ]);
    const fromPatient = await message('msg-1');
    expect(fromPatient.emergency).toBe(1);
    const triage = JSON.parse(fromPatient.triage ?? 'null') as StoredTriage;
    expect(triage).toMatchObject({
      category: 'clinical-question',
      pool: 'Nursing Team',
      emergency: { kind: 'medical', action: DEFAULT_RULES.actions.medical },
    });
    expect(triage.reasons.join(' ')).toContain('chest pain');
    expect(await message('msg-2')).toMatchObject({ triage: null, emergency: 0 });
  });

  it('stores no emergency for a refill request', async () => {
    await store([patientMessage('msg-1', REFILL, { topic: 'Refill' })]);
    const row = await message('msg-1');
    expect(row.emergency).toBe(0);
    expect(JSON.parse(row.triage ?? 'null')).toMatchObject({ category: 'refill-request', emergency: null });
  });
});

describe('due times', () => {
  // Friday 15:00 in New York; Monday 2027-01-18 is Martin Luther King Jr. Day.
  const beforeHoliday = '2027-01-15T20:00:00Z';

  it('counts business time on the clinic calendar, past a federal holiday, and keeps the portal time', async () => {
    await store([
      threadTask('task-asap', 'msg-1', {
        priority: 'asap',
        authoredOn: beforeHoliday,
        restriction: { period: { end: '2027-01-16T20:00:00Z' } },
      }),
      threadTask('task-urgent', 'msg-1', { priority: 'urgent', authoredOn: beforeHoliday }),
    ]);
    // 1.5 hours left on Friday, the other 2.5 from Tuesday's 07:30 opening.
    expect(await item('task-asap')).toMatchObject({
      due_at: Date.parse('2027-01-19T15:00:00Z'),
      due_policy: 'default-1',
      portal_due_at: Date.parse('2027-01-16T20:00:00Z'),
    });
    // One business day: the close of the next open day, Tuesday 16:30.
    expect(await item('task-urgent')).toMatchObject({
      due_at: Date.parse('2027-01-19T21:30:00Z'),
      portal_due_at: null,
    });
  });

  it("falls back to the portal's due time when the policy cannot give one", async () => {
    // Closed for years on end: the clock gives up (NoOpeningError) rather than loop.
    const closed = parseClinicPolicy({
      timeZone: 'America/New_York',
      closures: [{ from: '2026-01-01', to: '2031-12-31', reason: 'Closed for rebuilding' }],
      policyVersion: 'never-open',
    });
    if (!closed.ok) throw new Error(closed.problems.join('; '));
    const config: DerivationConfig = { rules: DEFAULT_RULES, policy: closed.policy };
    await store(
      [
        threadTask('task-1', 'msg-1', { restriction: { period: { end: '2026-11-23T09:00:00Z' } } }),
        threadTask('task-2', 'msg-1', { priority: 'someday' as 'routine' }),
      ],
      config,
    );
    expect(await item('task-1')).toMatchObject({ due_at: Date.parse('2026-11-23T09:00:00Z'), due_policy: null });
    expect(await item('task-2')).toMatchObject({ due_at: null, due_policy: null });
  });
});

describe('emergency acknowledgement', () => {
  it('reads who, when and how from the Task extension', async () => {
    await store([
      threadTask('task-1', 'msg-1', { extension: acknowledgement('2026-11-20T15:05:00Z', 'call', 'Dana Harper, RN') }),
      threadTask('task-2', 'msg-1', { extension: acknowledgement('2026-11-20T15:06:00Z', 'reply') }),
    ]);
    expect(await item('task-1')).toMatchObject({
      emergency_ack_at: Date.parse('2026-11-20T15:05:00Z'),
      emergency_ack_by: 'Dana Harper, RN',
      emergency_ack_how: 'call',
    });
    expect(await item('task-2')).toMatchObject({
      emergency_ack_by: 'Practitioner/rn-harper',
      emergency_ack_how: 'reply',
    });
    await store([threadTask('task-3', 'msg-1')]);
    expect(await item('task-3')).toMatchObject({
      emergency_ack_at: null,
      emergency_ack_by: null,
      emergency_ack_how: null,
    });
  });
});

describe("an item's thread-derived columns", () => {
  it('appear when the message arrives in a page after its Task', async () => {
    await store([threadTask('task-1', 'msg-1')]);
    expect(await item()).toMatchObject({ emergency: 0, emergency_kind: null, category: null });
    await store([patientMessage('msg-1', CHEST_PAIN)]);
    expect(await item()).toMatchObject({
      emergency: 1,
      emergency_kind: 'medical',
      category: 'clinical-question',
      suggested_pool: 'Nursing Team',
    });
  });

  it('survive a new version of the Task arriving after its messages', async () => {
    await store([patientMessage('msg-1', CHEST_PAIN)]);
    await store([threadTask('task-1', 'msg-1')]);
    expect(await item()).toMatchObject({ emergency: 1, emergency_kind: 'medical' });
    await store([
      {
        ...threadTask('task-1', 'msg-1', { status: 'in-progress' }),
        meta: { versionId: '2', lastUpdated: '2026-11-20T12:00:00.000Z' },
      },
    ]);
    expect(await item()).toMatchObject({ status: 'in-progress', emergency: 1, emergency_kind: 'medical' });
  });

  it('take category from the first patient message and let a crisis outrank a medical emergency', async () => {
    await store([
      threadTask('task-1', 'msg-1'),
      patientMessage('msg-1', REFILL, { topic: 'Refill', sent: '2026-11-20T09:00:00Z' }),
      patientMessage('msg-2', CHEST_PAIN, { thread: 'msg-1', sent: '2026-11-20T10:00:00Z' }),
    ]);
    expect(await item()).toMatchObject({ emergency: 1, emergency_kind: 'medical', category: 'refill-request' });
    await store([
      patientMessage('msg-3', 'I want to kill myself tonight, I have the pills ready.', {
        thread: 'msg-1',
        sent: '2026-11-20T11:00:00Z',
      }),
    ]);
    expect(await item()).toMatchObject({ emergency_kind: 'crisis', category: 'refill-request' });
  });

  it('lose the flag when the emergency message is deleted as entered in error', async () => {
    await store([
      threadTask('task-1', 'msg-1'),
      patientMessage('msg-1', REFILL),
      patientMessage('msg-2', CHEST_PAIN, { thread: 'msg-1' }),
    ]);
    expect((await item()).emergency).toBe(1);
    await cache.db
      .transaction()
      .execute((trx) =>
        withThreadsRederived(trx, [{ resourceType: 'Communication', id: 'msg-2' }], () =>
          trx
            .deleteFrom('fhir_resource')
            .where('resource_type', '=', 'Communication')
            .where('id', '=', 'msg-2')
            .execute(),
        ),
      );
    expect(await item()).toMatchObject({ emergency: 0, emergency_kind: null });
    expect(search('numb')).toEqual([]);
  });
});

describe('the search index', () => {
  it('finds an item by a word only in a message body, and by its subject', async () => {
    await store([threadTask('task-1', 'msg-1'), threadTask('task-2', 'msg-9', { description: 'Appointment change' })]);
    await store([patientMessage('msg-1', 'My ankle is swollen after the ruck march.')]);
    await store([staffMessage('msg-2', 'msg-1', 'Please ice and elevate it.')]);
    expect(search('ruck')).toEqual(['task-1']);
    expect(search('elevate')).toEqual(['task-1']);
    expect(search('appointment')).toEqual(['task-2']);
    // The porter tokenizer: "marching" finds "march".
    expect(search('marching')).toEqual(['task-1']);
    const rows = await cache.db.selectFrom('item_search').select('work_item_id').execute();
    expect(rows.map((r) => r.work_item_id).sort()).toEqual(['task-1', 'task-2']);
  });

  it('drops the row of an item the cache deletes', async () => {
    await store([threadTask('task-1', 'msg-1'), patientMessage('msg-1', 'My ankle is swollen after the ruck march.')]);
    expect(search('ruck')).toEqual(['task-1']);
    await cache.db.deleteFrom('fhir_resource').where('resource_type', '=', 'Task').where('id', '=', 'task-1').execute();
    expect(search('ruck')).toEqual([]);
    expect(await cache.db.selectFrom('item_search').select('work_item_id').execute()).toEqual([]);
  });
});
