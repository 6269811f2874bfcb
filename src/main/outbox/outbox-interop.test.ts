import type {
  Bundle,
  CapabilityStatement,
  Communication,
  DiagnosticReport,
  MedicationRequest,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM } from '../../domain/fhir/codes';
import type { ActionKind } from '../../shared/staff-actions';
import type { DB } from '../db/schema';
import { pushOutbox } from './pusher';
import { getItemDetail } from '../inbox/item-detail';
import { createSyncService } from '../sync/sync-service';
import { listQueue } from './queue-queries';
import { resolveAction } from './resolve-action';
import { recordAction } from './record-action';
import { clinic, NURSE, OTHER_NURSE, staffWithRole } from './test-support/nurses-clinic';
import { keyQuery } from './test-support/portal-reads';
import { losingAnswers, PORTAL_KINDS, startPortal, syncedDesk } from './test-support/portal-under-test';
import type { DeskUnderTest, PortalUnderTest } from './test-support/portal-under-test';

/*
 * The outbox's promises, kept on two FHIR servers: the simulator, and Medplum's router, which
 * ignores If-Match on PATCH, rewrites every `urn:uuid:` string in a transaction and commits a
 * transaction's entries one by one (test-support/medplum-portal/README.md). Exactly once, no blind
 * overwrite, and nothing called synced that the portal does not hold.
 */

const [PCM, OTHER_PCM] = staffWithRole(clinic.resources, 'pcm') as [string, string];
const TERMS = { quantity: 90, unit: 'tablet', repeats: 3, validityDays: 365, dosage: 'Take 1 tablet by mouth daily' };

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

async function portalOf(kind: (typeof PORTAL_KINDS)[number]): Promise<PortalUnderTest> {
  const portal = await startPortal(kind, clinic.resources);
  opened.push(portal);
  return portal;
}

async function deskOn(portal: PortalUnderTest): Promise<DeskUnderTest> {
  const desk = await syncedDesk(portal);
  opened.push({ close: () => desk.dispose() });
  return desk;
}

/** Every retry due at once, and each pass later than the last. */
let passes = 0;
const pushNow = (desk: DeskUnderTest, fetchImpl?: typeof fetch) =>
  pushOutbox({
    db: desk.db,
    writer: desk.writer(fetchImpl),
    now: () => Date.now() + 86_400_000 * ++passes,
    random: () => 0,
  });

async function firstOpen(
  db: Kysely<DB>,
  workType: string,
  extra: (id: string) => Promise<boolean> = () => Promise.resolve(true),
): Promise<{ id: string; focus: string }> {
  const rows = await db
    .selectFrom('work_item')
    .select(['id', 'focus_id', 'emergency'])
    .where('work_type', '=', workType)
    .where('is_open', '=', 1)
    .where('status', '=', 'requested')
    .orderBy('id')
    .execute();
  for (const row of rows)
    if (row.emergency === 0 && (await extra(row.id))) return { id: row.id, focus: row.focus_id ?? '' };
  throw new Error(`no open ${workType} item`);
}

const heldReport = (db: Kysely<DB>) =>
  firstOpen(db, 'result-release', async (id) => {
    const row = await db
      .selectFrom('work_item')
      .innerJoin('diagnostic_report', 'diagnostic_report.id', 'work_item.focus_id')
      .select('diagnostic_report.held')
      .where('work_item.id', '=', id)
      .executeTakeFirst();
    return row?.held === 1;
  });

const stateOf = async (db: Kysely<DB>, actionId: number) =>
  db
    .selectFrom('outbox_action')
    .select(['state', 'last_error'])
    .where('action_id', '=', actionId)
    .executeTakeFirstOrThrow();

const isHeld = (resource: { meta?: { security?: { system?: string; code?: string }[] } }) =>
  (resource.meta?.security ?? []).some((l) => l.system === SECURITY_LABEL_SYSTEM && l.code === NO_PATIENT_ACCESS);

const practitionerName = (reference: string) => {
  const id = reference.slice('Practitioner/'.length);
  const practitioner = clinic.resources.find((r) => r.resourceType === 'Practitioner' && r.id === id) as
    { name?: { family?: string }[] } | undefined;
  return practitioner?.name?.[0]?.family ?? id;
};

interface LostAnswerCase {
  kind: ActionKind;
  actor: string;
  /** The item acted on, and the action's payload. */
  prepare(desk: DeskUnderTest): Promise<{ id: string; focus: string; payload: Record<string, unknown> }>;
  /** What the portal must hold exactly once after the action landed. */
  exactlyOnce(portal: PortalUnderTest, item: { id: string; focus: string }, uuid: string): Promise<void>;
}

const repliesOf = (portal: PortalUnderTest, uuid: string) =>
  portal.search<Communication>(`Communication?${keyQuery(uuid)}`);

/** Every message at the portal with this text, whatever key or status it carries: a duplicate may have lost its key. */
const messagesSaying = async (portal: PortalUnderTest, text: string) =>
  (await everyOne<Communication>(portal, 'Communication')).filter((m) =>
    (m.payload ?? []).some((p) => p.contentString === text),
  );

/** Every resource of a type at the portal, in one page: fails rather than count a partial page. */
async function everyOne<T extends Resource>(portal: PortalUnderTest, type: T['resourceType']): Promise<T[]> {
  const page = await portal.get<Bundle>(`${type}?_count=1000`);
  const found = (page.entry ?? []).map((e) => e.resource as T);
  expect(page.total ?? found.length, `${type}s beyond one page`).toBe(found.length);
  return found;
}

const LOST_ANSWER_CASES: LostAnswerCase[] = [
  {
    kind: 'reply',
    actor: NURSE,
    prepare: async (desk) => ({
      ...(await firstOpen(desk.db, 'respond-to-message')),
      payload: { text: 'Your lab work is scheduled for Monday.' },
    }),
    exactlyOnce: async (portal, item, uuid) => {
      const replies = await repliesOf(portal, uuid);
      expect(replies.map((r) => r.payload?.[0]?.contentString)).toEqual(['Your lab work is scheduled for Monday.']);
      expect(await messagesSaying(portal, 'Your lab work is scheduled for Monday.')).toHaveLength(1);
      const task = await portal.get<Task>(`Task/${item.id}`);
      expect(task.output?.map((o) => o.valueReference?.reference)).toEqual([`Communication/${replies[0]?.id ?? ''}`]);
    },
  },
  {
    kind: 'note',
    actor: NURSE,
    prepare: async (desk) => ({
      ...(await firstOpen(desk.db, 'respond-to-message')),
      payload: { text: 'Called the patient; left a voicemail.' },
    }),
    exactlyOnce: async (portal, item) => {
      const task = await portal.get<Task>(`Task/${item.id}`);
      expect(task.note?.filter((n) => n.text === 'Called the patient; left a voicemail.')).toHaveLength(1);
    },
  },
  {
    kind: 'renew',
    actor: PCM,
    prepare: async (desk) => ({
      ...(await firstOpen(desk.db, 'renewal-request')),
      payload: { terms: TERMS, changed: false },
    }),
    exactlyOnce: async (portal, item, uuid) => {
      // Any status: even a withdrawn second prescription means two were written.
      const renewed = (await everyOne<MedicationRequest>(portal, 'MedicationRequest')).filter(
        (m) => m.priorPrescription?.reference === `MedicationRequest/${item.focus}`,
      );
      expect(renewed).toHaveLength(1);
      expect(renewed[0]?.status).toBe('active');
      expect(renewed[0]?.identifier?.some((i) => i.value === uuid)).toBe(true);
      expect((await portal.get<Task>(`Task/${item.id}`)).status).toBe('completed');
    },
  },
  {
    kind: 'release',
    actor: PCM,
    prepare: async (desk) => ({ ...(await heldReport(desk.db)), payload: { comment: 'Your results are normal.' } }),
    exactlyOnce: async (portal, item, uuid) => {
      expect((await repliesOf(portal, uuid)).map((r) => r.payload?.[0]?.contentString)).toEqual([
        'Your results are normal.',
      ]);
      expect(await messagesSaying(portal, 'Your results are normal.')).toHaveLength(1);
      expect(isHeld(await portal.get<DiagnosticReport>(`DiagnosticReport/${item.focus}`))).toBe(false);
      expect((await portal.get<Task>(`Task/${item.id}`)).status).toBe('completed');
    },
  },
];

describe.each(PORTAL_KINDS)('the outbox against the %s portal', (kind) => {
  it('parks a stale claim as a conflict naming the nurse who claimed it first, and overwrites nothing', async () => {
    const portal = await portalOf(kind);
    const [mine, theirs] = [await deskOn(portal), await deskOn(portal)];
    const item = await firstOpen(mine.db, 'respond-to-message');
    await recordAction(theirs.db, { workItemId: item.id, kind: 'claim', payload: {}, actor: OTHER_NURSE });
    expect(await pushNow(theirs)).toMatchObject({ synced: 1 });
    // This desk still shows the item unclaimed.
    const { actionId } = await recordAction(mine.db, { workItemId: item.id, kind: 'claim', payload: {}, actor: NURSE });
    expect(await pushNow(mine)).toMatchObject({ synced: 0, conflicts: 1 });
    expect((await stateOf(mine.db, actionId)).state).toBe('conflict');
    const [queued] = await listQueue(mine.db);
    expect(queued?.conflict?.theirs['Owner'] ?? Object.values(queued?.conflict?.theirs ?? {}).join(' ')).toContain(
      practitionerName(OTHER_NURSE),
    );
    expect((await portal.get<Task>(`Task/${item.id}`)).owner?.reference).toBe(OTHER_NURSE);
  });

  it('lands a note made on a stale copy once, on top of the colleague’s claim', async () => {
    const portal = await portalOf(kind);
    const [mine, theirs] = [await deskOn(portal), await deskOn(portal)];
    const item = await firstOpen(mine.db, 'respond-to-message');
    await recordAction(theirs.db, { workItemId: item.id, kind: 'claim', payload: {}, actor: OTHER_NURSE });
    await pushNow(theirs);
    const text = 'Patient asked for a call after 3 pm.';
    const { actionId } = await recordAction(mine.db, {
      workItemId: item.id,
      kind: 'note',
      payload: { text },
      actor: NURSE,
    });
    // The first answer is lost too: a replayed note must not land twice.
    const losing = losingAnswers(new Set([0]));
    for (let pass = 0; pass < 6 && (await stateOf(mine.db, actionId)).state !== 'synced'; pass++)
      await pushNow(mine, losing);
    expect((await stateOf(mine.db, actionId)).state).toBe('synced');
    const task = await portal.get<Task>(`Task/${item.id}`);
    expect(task.owner?.reference).toBe(OTHER_NURSE);
    expect(task.note?.filter((n) => n.text === text)).toHaveLength(1);
  });

  describe.each(LOST_ANSWER_CASES.map((c) => [c.kind, c] as const))('%s, its answer lost at each request', (_, c) => {
    it('leaves exactly one of each at the portal, and is synced', async () => {
      // Request k's answer is lost, for every k the action's sending and recovery make.
      for (let k = 0; k < 16; k++) {
        const portal = await portalOf(kind);
        const desk = await deskOn(portal);
        const prepared = await c.prepare(desk);
        const { actionId, uuid } = await recordAction(desk.db, {
          workItemId: prepared.id,
          kind: c.kind,
          payload: prepared.payload,
          actor: c.actor,
        });
        const losing = losingAnswers(new Set([k]));
        for (let pass = 0; pass < 8; pass++) {
          await pushNow(desk, losing);
          if (!['queued', 'sending'].includes((await stateOf(desk.db, actionId)).state)) break;
        }
        expect(await stateOf(desk.db, actionId), `answer ${k} lost`).toMatchObject({ state: 'synced' });
        await c.exactlyOnce(portal, prepared, uuid);
        const reached = losing.count() > k;
        for (const thing of opened.splice(0).reverse()) await thing.close();
        // Past the last request: every one of them has had its answer lost once.
        if (!reached) {
          expect(k, 'requests made').toBeGreaterThan(0);
          return;
        }
      }
      throw new Error('more than 16 requests for one action');
    }, 120_000);
  });

  it('never calls a release synced that the portal refused: the report stays hidden, the item open, the reason said', async () => {
    const portal = await portalOf(kind);
    const desk = await deskOn(portal);
    const item = await heldReport(desk.db);
    // The lab changed the report's labels after the desk last synced (still held from the patient).
    const report = await portal.get<DiagnosticReport>(`DiagnosticReport/${item.focus}`);
    const relabelled = {
      ...report,
      meta: {
        ...report.meta,
        security: [
          ...(report.meta?.security ?? []),
          { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'TABOO' },
        ],
      },
    };
    expect((await portal.send('PUT', `DiagnosticReport/${item.focus}`, relabelled)).status).toBeLessThan(300);
    const { actionId, uuid } = await recordAction(desk.db, {
      workItemId: item.id,
      kind: 'release',
      payload: { comment: 'Your results are normal.' },
      actor: PCM,
    });
    expect(await pushNow(desk)).toMatchObject({ synced: 0, parked: 1 });
    const row = await stateOf(desk.db, actionId);
    expect(row.state).toBe('parked');
    expect(row.last_error).toMatch(/^The release failed at the portal: the report is still hidden from the patient \(/);
    // Nothing else went: the Task is open, no comment reached the patient.
    expect((await portal.get<Task>(`Task/${item.id}`)).status).not.toBe('completed');
    expect(isHeld(await portal.get<DiagnosticReport>(`DiagnosticReport/${item.focus}`))).toBe(true);
    const [queued] = await listQueue(desk.db);
    expect(queued).toMatchObject({ workItemId: item.id, state: 'parked' });
    expect(queued?.lastError).toContain('the report is still hidden from the patient');
    // The desk shows the item as the portal has it: open, in the results queue, saying why.
    const local = await desk.db
      .selectFrom('work_item')
      .select(['is_open', 'status'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(local).toEqual({ is_open: 1, status: 'requested' });
    const detail = await getItemDetail(desk.db, item.id, { now: Date.now() });
    expect(detail?.item.syncState).toBe('needs-review');
    expect(detail?.stopped).toMatchObject({ actionId, refused: true });
    expect(detail?.stopped?.reason).toContain('the report is still hidden from the patient');
    expect(await repliesOf(portal, uuid)).toEqual([]);
    const placeholders = await desk.db
      .selectFrom('fhir_resource')
      .select('id')
      .where('id', 'like', 'local-%')
      .execute();
    expect(placeholders).toEqual([]);
    // Tried again as it is, it is refused again and says so again; discarded, the item is the portal's.
    await resolveAction(desk.db, { actionId, resolution: 'retry', actor: PCM });
    expect(
      (await desk.db.selectFrom('work_item').select('is_open').where('id', '=', item.id).executeTakeFirstOrThrow())
        .is_open,
    ).toBe(0);
    expect(await pushNow(desk)).toMatchObject({ parked: 1 });
    expect((await stateOf(desk.db, actionId)).state).toBe('parked');
    await resolveAction(desk.db, { actionId, resolution: 'discard', actor: PCM });
    expect(await getItemDetail(desk.db, item.id, { now: Date.now() })).toMatchObject({
      stopped: null,
      item: { status: 'requested' },
    });
  });

  it('takes back the prescription a portal kept when another desk approved the same renewal in the same instant', async () => {
    const portal = await portalOf(kind);
    const [mine, theirs] = [await deskOn(portal), await deskOn(portal)];
    const item = await firstOpen(mine.db, 'renewal-request');
    const { actionId } = await recordAction(mine.db, {
      workItemId: item.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: false },
      actor: PCM,
    });
    await recordAction(theirs.db, {
      workItemId: item.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: false },
      actor: OTHER_PCM,
    });
    // The other desk's approval lands between this desk's check of the Task and its transaction.
    let raced = false;
    const race: typeof fetch = async (input, init) => {
      if (!raced && init?.method === 'POST') {
        raced = true;
        await pushNow(theirs);
      }
      return fetch(input, init);
    };
    await pushNow(mine, race);
    expect(raced).toBe(true);
    expect((await stateOf(mine.db, actionId)).state).toBe('conflict');
    const prescriptions = (await portal.search<MedicationRequest>('MedicationRequest?_count=1000')).filter(
      (m) => m.priorPrescription?.reference === `MedicationRequest/${item.focus}`,
    );
    expect(prescriptions.filter((m) => m.status === 'active').map((m) => m.requester?.reference)).toEqual([OTHER_PCM]);
    // Where the portal kept this desk's prescription (Medplum commits creates one by one), it is
    // entered-in-error now; the simulator's transaction kept nothing.
    expect(prescriptions.filter((m) => m.status !== 'active').every((m) => m.status === 'entered-in-error')).toBe(true);
    expect(prescriptions.length).toBe(kind === 'medplum' ? 2 : 1);
  });

  it('makes one prescription of a renewal approved on two desks at once', async () => {
    const portal = await portalOf(kind);
    const [first, second] = [await deskOn(portal), await deskOn(portal)];
    const item = await firstOpen(first.db, 'renewal-request');
    const a = await recordAction(first.db, {
      workItemId: item.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: false },
      actor: PCM,
    });
    const b = await recordAction(second.db, {
      workItemId: item.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: false },
      actor: OTHER_PCM,
    });
    await pushNow(first);
    await pushNow(second);
    expect((await stateOf(first.db, a.actionId)).state).toBe('synced');
    expect(['conflict', 'parked']).toContain((await stateOf(second.db, b.actionId)).state);
    const renewed = (await portal.search<MedicationRequest>('MedicationRequest?_count=1000')).filter(
      (m) => m.priorPrescription?.reference === `MedicationRequest/${item.focus}` && m.status === 'active',
    );
    expect(renewed).toHaveLength(1);
    expect(renewed[0]?.requester?.reference).toBe(PCM);
  });

  it.runIf(kind === 'medplum')(
    'on a portal that offers no PATCH, writes Tasks whole by PUT with If-Match, and still refuses a stale one',
    async () => {
      const portal = await startPortal(kind, clinic.resources, { statement: withoutTaskPatch });
      opened.push(portal);
      const [mine, theirs] = [await deskOn(portal), await deskOn(portal)];
      const item = await firstOpen(mine.db, 'respond-to-message');
      await recordAction(theirs.db, { workItemId: item.id, kind: 'claim', payload: {}, actor: OTHER_NURSE });
      await pushNow(theirs);
      const { actionId } = await recordAction(mine.db, {
        workItemId: item.id,
        kind: 'claim',
        payload: {},
        actor: NURSE,
      });
      // Through the sync service, which reads what the portal offers and chooses how to write.
      const methods: string[] = [];
      const recording: typeof fetch = (input, init) => {
        if (init?.method === 'POST' && typeof init.body === 'string') {
          const bundle = JSON.parse(init.body) as { entry?: { request?: { method?: string; url?: string } }[] };
          for (const e of bundle.entry ?? [])
            if (e.request?.url?.startsWith('Task/') === true) methods.push(e.request.method ?? '');
        }
        return fetch(input, init);
      };
      const service = await createSyncService({
        db: mine.db,
        client: mine.client(),
        writer: mine.writer(recording),
        portalUrl: portal.baseUrl,
        intervalMs: 3_600_000,
      });
      await service.syncNow();
      await service.stop();
      expect(methods).toEqual(['PUT']);
      expect(service.writeMode()).toMatch(/^Item changes go as whole Tasks by PUT with If-Match/);
      expect((await stateOf(mine.db, actionId)).state).toBe('conflict');
      expect((await portal.get<Task>(`Task/${item.id}`)).owner?.reference).toBe(OTHER_NURSE);
    },
  );

  it.runIf(kind === 'medplum')(
    'on a portal that states PATCH but refuses it as unsupported, sends the change again by PUT, once',
    async () => {
      const portal = await startPortal(kind, clinic.resources);
      opened.push(portal);
      const mine = await deskOn(portal);
      const item = await firstOpen(mine.db, 'respond-to-message');
      const text = 'Your lab work is scheduled for Monday.';
      const { actionId } = await recordAction(mine.db, {
        workItemId: item.id,
        kind: 'reply',
        payload: { text },
        actor: NURSE,
      });
      // A front end that takes no JSON Patch: the transaction's reply is committed first (Medplum is
      // not all-or-nothing), then the Task's PATCH entry is refused.
      const methods: string[] = [];
      const noPatch: typeof fetch = async (input, init) => {
        if (init?.method === 'POST' && typeof init.body === 'string') {
          const bundle = JSON.parse(init.body) as Bundle;
          const taskEntry = bundle.entry?.find((e) => e.request?.url?.startsWith('Task/') === true);
          if (taskEntry?.request !== undefined) methods.push(taskEntry.request.method);
          if (taskEntry?.request?.method === 'PATCH') {
            const rest = { ...bundle, entry: bundle.entry?.filter((e) => e !== taskEntry) };
            const answer = (await (await fetch(input, { ...init, body: JSON.stringify(rest) })).json()) as Bundle;
            const refused = {
              response: {
                status: '405 Method Not Allowed',
                outcome: {
                  resourceType: 'OperationOutcome',
                  issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'PATCH is not supported' }],
                },
              },
            };
            return Response.json({ ...answer, entry: [...(answer.entry ?? []), refused] });
          }
        }
        return fetch(input, init);
      };
      const service = await createSyncService({
        db: mine.db,
        client: mine.client(),
        writer: mine.writer(noPatch),
        portalUrl: portal.baseUrl,
        intervalMs: 3_600_000,
      });
      await service.syncNow();
      await service.stop();
      expect(methods).toEqual(['PATCH', 'PUT']);
      expect(service.writeMode()).toMatch(
        /^Item changes go as whole Tasks by PUT with If-Match.*PATCH is not supported/,
      );
      expect((await stateOf(mine.db, actionId)).state).toBe('synced');
      expect(await messagesSaying(portal, text)).toHaveLength(1);
      const task = await portal.get<Task>(`Task/${item.id}`);
      expect(task.output?.map((o) => o.valueReference?.reference)).toHaveLength(1);
    },
  );

  it.runIf(kind === 'medplum')(
    'on a portal that offers neither PATCH nor a checked update, sends no Task change and says why',
    async () => {
      const portal = await startPortal(kind, clinic.resources, {
        statement: (statement) => withoutVersionedUpdate(withoutTaskPatch(statement)),
      });
      opened.push(portal);
      const mine = await deskOn(portal);
      const item = await firstOpen(mine.db, 'respond-to-message');
      const before = (await portal.get<Task>(`Task/${item.id}`)).meta?.versionId;
      const { actionId } = await recordAction(mine.db, {
        workItemId: item.id,
        kind: 'claim',
        payload: {},
        actor: NURSE,
      });
      const service = await createSyncService({
        db: mine.db,
        client: mine.client(),
        writer: mine.writer(),
        portalUrl: portal.baseUrl,
        intervalMs: 3_600_000,
      });
      await service.syncNow();
      await service.stop();
      expect(service.writeMode()).toMatch(/^Item changes are not sent/);
      const row = await stateOf(mine.db, actionId);
      expect(row.state).toBe('parked');
      expect(row.last_error).toMatch(/neither JSON Patch nor a checked update/);
      expect((await portal.get<Task>(`Task/${item.id}`)).meta?.versionId).toBe(before);
    },
  );
});

/** The statement with Task's `versioning` left unstated, as a portal that ignores If-Match on update may. */
function withoutVersionedUpdate(statement: CapabilityStatement): CapabilityStatement {
  return {
    ...statement,
    rest: statement.rest?.map((rest) => ({
      ...rest,
      resource: rest.resource?.map((r) => {
        if (r.type !== 'Task') return r;
        const copy = { ...r };
        delete copy.versioning;
        return copy;
      }),
    })),
  };
}

/** The Medplum portal's statement with PATCH taken off Task, as a portal without it would state. */
function withoutTaskPatch(statement: CapabilityStatement): CapabilityStatement {
  return {
    ...statement,
    rest: statement.rest?.map((rest) => ({
      ...rest,
      resource: rest.resource?.map((r) =>
        r.type === 'Task' ? { ...r, interaction: r.interaction?.filter((i) => i.code !== 'patch') } : r,
      ),
    })),
  };
}
