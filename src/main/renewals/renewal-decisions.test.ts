import type { Bundle, MedicationRequest, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { PENDED_RENEWAL_EXT } from '../../domain/fhir/codes';
import { validateFhirResource } from '../../simulator/validation';
import { syncOnce } from '../sync/sync-engine';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { FhirWriter } from '../outbox/fhir-writer';
import { pushOutbox } from '../outbox/pusher';
import { PRESCRIBERS_ONLY } from '../outbox/action-guards';
import { ActionRejectedError, recordAction } from '../outbox/record-action';
import { getJson, history, repliesOnServer } from '../outbox/test-support/portal-reads';
import { openTestDatabase } from '../db/test-database';
import { staffWithRole } from '../outbox/test-support/nurses-clinic';
import { clientKey } from '../../domain/outbox/client-keys';

/*
 * Issue 7: a renewal decided at the desk reaches the portal as one transaction (a new active
 * MedicationRequest with priorPrescription, and the Task completed), exactly once, even when the
 * network is down at the time or an answer is lost; a request that changed at the portal meanwhile
 * is parked for the PCM, never applied blind. Only a PCM approves or denies; a nurse pends.
 */

const NOW = new Date('2026-11-25T12:00:00.000Z');
const clinic = generateClinic({ seed: 21, now: NOW, size: 30 });
const withRole = (code: string) => staffWithRole(clinic.resources, code);
const [PCM, OTHER_PCM] = withRole('pcm') as [string, string];
const [NURSE] = withRole('nurse') as [string];

const TERMS = { quantity: 90, unit: 'tablet', repeats: 3, validityDays: 365, dosage: 'Take 1 tablet by mouth daily' };

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function syncedClinic(): Promise<SyncHarness> {
  // The portal validates every write against R4 here, as a real server would.
  h = await startSyncHarness(clinic.resources, { validate: true });
  await syncOnce({ db: h.db, client: h.client() });
  return h;
}

/** Open renewal requests, in a stable order. */
async function openRenewals(harness: SyncHarness): Promise<{ id: string; prior: string }[]> {
  const rows = await harness.db
    .selectFrom('work_item')
    .select(['id', 'focus_id'])
    .where('work_type', '=', 'renewal-request')
    .where('is_open', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, prior: r.focus_id ?? '' }));
}

async function renewalsOf(harness: SyncHarness, prior: string): Promise<MedicationRequest[]> {
  const bundle = await getJson<Bundle>(harness, `/MedicationRequest?_count=1000`);
  return (bundle.entry ?? [])
    .map((e) => e.resource as MedicationRequest)
    .filter((m) => m.priorPrescription?.reference === `MedicationRequest/${prior}`);
}

const writer = (harness: SyncHarness, fetchImpl?: typeof fetch) =>
  new FhirWriter({ baseUrl: harness.sim.baseUrl, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });

/** Pushes as if every retry were already due. */
const pushNow = (harness: SyncHarness, w: FhirWriter) =>
  pushOutbox({ db: harness.db, writer: w, now: () => Date.now() + 86_400_000, random: () => 0 });

const outboxState = async (harness: SyncHarness, actionId: number) =>
  (
    await harness.db
      .selectFrom('outbox_action')
      .select(['state', 'last_error'])
      .where('action_id', '=', actionId)
      .executeTakeFirstOrThrow()
  ).state;

describe('renewal decisions through the outbox', () => {
  it('approve: one transaction makes a valid R4 MedicationRequest with priorPrescription, and completes the Task', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    expect(item).toBeDefined();
    const { actionId, uuid } = await recordAction(harness.db, {
      workItemId: item!.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: true, note: 'Dose unchanged; 90-day supply.' },
      actor: PCM,
    });
    // Locally at once: the Task closed, pointing at the placeholder prescription.
    const local = await harness.db
      .selectFrom('work_item')
      .select(['status'])
      .where('id', '=', item!.id)
      .executeTakeFirst();
    expect(local?.status).toBe('completed');

    const summary = await pushNow(harness, writer(harness));
    expect(summary).toMatchObject({ synced: 1, parked: 0, conflicts: 0 });
    expect(await outboxState(harness, actionId)).toBe('synced');

    const [renewed, ...more] = await renewalsOf(harness, item!.prior);
    expect(more).toEqual([]);
    expect(renewed).toMatchObject({
      status: 'active',
      intent: 'order',
      requester: { reference: PCM },
      priorPrescription: { reference: `MedicationRequest/${item!.prior}` },
      identifier: [clientKey(uuid)],
      dosageInstruction: [{ text: TERMS.dosage }],
      dispenseRequest: { numberOfRepeatsAllowed: 3, quantity: { value: 90, unit: 'tablet' } },
    });
    // The clinic pharmacy, whatever filled the old one.
    expect(renewed!.dispenseRequest?.performer?.reference).toMatch(/^Organization\/pharmacy-/);
    const task = harness.sim.store.read('Task', item!.id) as Task;
    expect(task.status).toBe('completed');
    expect(task.output?.map((o) => o.valueReference?.reference)).toContain(`MedicationRequest/${renewed!.id ?? ''}`);
    // Checked by @medplum/core's R4 validator (the portal ran it on the way in, too).
    expect(() => validateFhirResource(renewed!)).not.toThrow();
    expect(() => validateFhirResource(task)).not.toThrow();
    // The local copy now holds the portal's prescription, not the placeholder.
    const cached = await harness.db
      .selectFrom('medication_request')
      .select('id')
      .where('prior_prescription_id', '=', item!.prior)
      .execute();
    expect(cached.map((c) => c.id)).toEqual([renewed!.id]);
  });

  it('approved offline: queued while the network is down, then exactly one MedicationRequest, even when an answer is lost', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    const { actionId } = await recordAction(harness.db, {
      workItemId: item!.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: false },
      actor: PCM,
    });
    const down: typeof fetch = () => Promise.reject(new TypeError('fetch failed: ENETUNREACH'));
    expect(await pushNow(harness, writer(harness, down))).toMatchObject({ retrying: 1, synced: 0 });
    expect(await outboxState(harness, actionId)).toBe('queued');
    expect(await renewalsOf(harness, item!.prior)).toEqual([]);

    // Back online, but the first answer is lost after the portal committed it.
    let lost = 0;
    const losesFirstAnswer: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST' && lost++ === 0) throw new TypeError('fetch failed: socket hang up');
      return response;
    };
    await pushNow(harness, writer(harness, losesFirstAnswer));
    await pushNow(harness, writer(harness, losesFirstAnswer));
    expect(await outboxState(harness, actionId)).toBe('synced');
    expect(await renewalsOf(harness, item!.prior)).toHaveLength(1);
    const completions = (await history(harness, item!.id)).filter((v) => v.status === 'completed');
    expect(completions).toHaveLength(1);
  });

  it('a request cancelled at the portal meanwhile is parked as a conflict, and nothing is prescribed', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    const { actionId } = await recordAction(harness.db, {
      workItemId: item!.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: false },
      actor: PCM,
    });
    const current = harness.sim.store.read('Task', item!.id) as Task;
    const cancelled = await fetch(`${harness.sim.baseUrl}/Task/${item!.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json', 'If-Match': `W/"${current.meta?.versionId ?? ''}"` },
      body: JSON.stringify({
        ...current,
        status: 'cancelled',
        statusReason: { text: 'Patient cancelled the request' },
      }),
    });
    expect(cancelled.status).toBe(200);

    expect(await pushNow(harness, writer(harness))).toMatchObject({ conflicts: 1, synced: 0 });
    const row = await harness.db
      .selectFrom('outbox_action')
      .select(['state', 'theirs_json', 'conflict_fields'])
      .where('action_id', '=', actionId)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('conflict');
    expect((JSON.parse(row.theirs_json ?? '{}') as Task).status).toBe('cancelled');
    expect(JSON.parse(row.conflict_fields ?? '[]')).toContain('status');
    expect(await renewalsOf(harness, item!.prior)).toEqual([]);
  });

  it('a request approved by a colleague first is parked for this PCM, and the portal keeps one prescription', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    // The colleague's desk: another cache on the same portal.
    const colleague = await openTestDatabase();
    try {
      await syncOnce({ db: colleague.db, client: harness.client() });
      const mine = await recordAction(harness.db, {
        workItemId: item!.id,
        kind: 'renew',
        payload: { terms: TERMS, changed: false },
        actor: PCM,
      });
      await recordAction(colleague.db, {
        workItemId: item!.id,
        kind: 'renew',
        payload: { terms: { ...TERMS, quantity: 30 }, changed: true },
        actor: OTHER_PCM,
      });
      expect(await pushNow({ ...harness, db: colleague.db }, writer(harness))).toMatchObject({ synced: 1 });

      expect(await pushNow(harness, writer(harness))).toMatchObject({ conflicts: 1, synced: 0 });
      expect(await outboxState(harness, mine.actionId)).toBe('conflict');
      const prescriptions = await renewalsOf(harness, item!.prior);
      expect(prescriptions).toHaveLength(1);
      expect(prescriptions[0]?.requester?.reference).toBe(OTHER_PCM);
    } finally {
      await colleague.dispose();
    }
  });
});

describe('who may decide a renewal', () => {
  it('refuses approve and deny from a nurse at the desk, and lets her pend for a PCM', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    for (const [kind, payload] of [
      ['renew', { terms: TERMS, changed: false }],
      ['deny', { reason: 'Needs an appointment first', reply: 'Please book a visit.' }],
    ] as const) {
      await expect(recordAction(harness.db, { workItemId: item!.id, kind, payload, actor: NURSE })).rejects.toThrow(
        new ActionRejectedError(PRESCRIBERS_ONLY),
      );
    }
    await expect(
      recordAction(harness.db, {
        workItemId: item!.id,
        kind: 'pend',
        payload: { terms: TERMS, note: 'Labs are current.', to: NURSE },
        actor: NURSE,
      }),
    ).rejects.toThrow(/is not a PCM/);

    const { actionId } = await recordAction(harness.db, {
      workItemId: item!.id,
      kind: 'pend',
      payload: { terms: TERMS, note: 'Labs are current; BP fine at last visit.', to: PCM },
      actor: NURSE,
    });
    await pushNow(harness, writer(harness));
    expect(await outboxState(harness, actionId)).toBe('synced');
    const task = harness.sim.store.read('Task', item!.id) as Task;
    expect(task.owner?.reference).toBe(PCM);
    expect(task.extension?.some((e) => e.url === PENDED_RENEWAL_EXT)).toBe(true);
    expect(task.note?.at(-1)?.text).toMatch(
      /^Pended for PCM \(90 tablet, 3 refills, valid 365 days: .*\): Labs are current/,
    );
    expect(task.status).not.toBe('completed');
  });

  it('the portal refuses a renewal sent by a nurse even if a desk let it through, and the queue parks it', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    const { actionId } = await recordAction(harness.db, {
      workItemId: item!.id,
      kind: 'renew',
      payload: { terms: TERMS, changed: false },
      actor: PCM,
    });
    // A desk with a stale roster: the row names a nurse as the one who decided.
    await harness.db.updateTable('outbox_action').set({ actor: NURSE }).where('action_id', '=', actionId).execute();
    expect(await pushNow(harness, writer(harness))).toMatchObject({ parked: 1, synced: 0 });
    const row = await harness.db
      .selectFrom('outbox_action')
      .select(['state', 'last_error'])
      .where('action_id', '=', actionId)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('parked');
    expect(row.last_error).toMatch(/403/);
    expect(await renewalsOf(harness, item!.prior)).toEqual([]);
  });

  it('deny: the Task is rejected with its reason, and the patient gets the reply', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    const { uuid } = await recordAction(harness.db, {
      workItemId: item!.id,
      kind: 'deny',
      payload: { reason: 'Labs needed before renewal', reply: 'Please have your labs drawn this week.' },
      actor: PCM,
    });
    await pushNow(harness, writer(harness));
    const task = harness.sim.store.read('Task', item!.id) as Task;
    expect(task).toMatchObject({ status: 'rejected', statusReason: { text: 'Labs needed before renewal' } });
    const [reply] = await repliesOnServer(harness, uuid);
    expect(reply).toMatchObject({
      payload: [{ contentString: 'Please have your labs drawn this week.' }],
      about: [{ reference: `MedicationRequest/${item!.prior}` }],
    });
    expect(await renewalsOf(harness, item!.prior)).toEqual([]);
  });

  it('a nurse closes a refill sent as a renewal with the pharmacy pointer, in one step', async () => {
    const harness = await syncedClinic();
    const [item] = await openRenewals(harness);
    const { uuid } = await recordAction(harness.db, {
      workItemId: item!.id,
      kind: 'redirect-refill',
      payload: { text: 'Your prescription still has refills: order them from Express Scripts.' },
      actor: NURSE,
    });
    await pushNow(harness, writer(harness));
    expect(harness.sim.store.read('Task', item!.id)).toMatchObject({ status: 'completed' });
    expect(await repliesOnServer(harness, uuid)).toHaveLength(1);
  });

  it('refuses renewal decisions on an item that is not a renewal request', async () => {
    const harness = await syncedClinic();
    const other = await harness.db
      .selectFrom('work_item')
      .select('id')
      .where('work_type', '!=', 'renewal-request')
      .where('is_open', '=', 1)
      .executeTakeFirstOrThrow();
    await expect(
      recordAction(harness.db, {
        workItemId: other.id,
        kind: 'pend',
        payload: { terms: TERMS, note: 'Ready for the PCM.' },
        actor: NURSE,
      }),
    ).rejects.toThrow('This item is not a renewal request.');
  });
});
