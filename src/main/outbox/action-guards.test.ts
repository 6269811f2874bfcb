import type { DiagnosticReport, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeldFromPatient } from '../../simulator/held-results';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import { getItemDetail } from '../inbox/item-detail';
import { listInbox } from '../inbox/queries';
import { createHandlers } from '../ipc/handlers';
import type { HandlerContext } from '../ipc/handlers';
import { ON_HOLD_NOT_IN_BATCH, releaseNormalResults } from '../results/release-normal';
import { syncOnce } from '../sync/sync-engine';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { RENEWAL_NOT_DONE } from './action-guards';
import { FhirWriter } from './fhir-writer';
import { pushOutbox } from './pusher';
import { ActionRejectedError, recordAction } from './record-action';
import { generateClinic } from '../../demo-clinic/generate';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import { openMessageItems, serverTask, staffWithRole } from './test-support/nurses-clinic';

/*
 * Issue 23's guards in main: nothing with an unfilled quick-text {placeholder} reaches a patient,
 * "done" never closes a renewal, and a batch release never takes a held result or someone else's.
 * Each refusal leaves no outbox row and the portal as it was.
 */

const NOW = new Date('2026-11-25T15:00:00.000Z');
// The results tests' clinic: big enough for several normal results waiting.
const clinic = generateClinic({ seed: 21, now: new Date('2026-11-25T12:00:00.000Z'), size: 'small' });
const [PCM, OTHER_PCM] = staffWithRole(clinic.resources, 'pcm') as [string, string];
const [NURSE] = staffWithRole(clinic.resources, 'nurse') as [string];
const idOf = (reference: string) => reference.replace('Practitioner/', '');

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness(clinic.resources);
  await syncOnce({ db: h.db, client: h.client() });
});
afterAll(() => h.dispose());

const outboxRows = async (id: string) =>
  h.db.selectFrom('outbox_action').select('kind').where('work_item_id', '=', id).execute();

const pushNow = () =>
  pushOutbox({
    db: h.db,
    writer: new FhirWriter({ baseUrl: h.sim.baseUrl }),
    now: () => Date.now() + 86_400_000,
    random: () => 0,
  });

/** Refused with the reason, nothing queued, and after a push the portal's Task is the version it was. */
async function expectRefused(id: string, kind: string, payload: unknown, actor: string, reason: RegExp | string) {
  const before = serverTask(h, id).meta?.versionId;
  const queued = (await outboxRows(id)).length;
  const recording = recordAction(h.db, { workItemId: id, kind, payload, actor, now: NOW });
  await expect(recording).rejects.toBeInstanceOf(ActionRejectedError);
  await expect(recording).rejects.toThrow(reason);
  expect(await outboxRows(id)).toHaveLength(queued);
  await pushNow();
  expect(serverTask(h, id).meta?.versionId).toBe(before);
}

async function openOfType(workType: string): Promise<string[]> {
  const rows = await h.db
    .selectFrom('work_item')
    .select('id')
    .where('work_type', '=', workType)
    .where('is_open', '=', 1)
    .where('emergency', '=', 0)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

function handlersAs(actor: string): ReturnType<typeof createHandlers> {
  const ctx: HandlerContext = {
    db: h.db,
    appInfo: () => {
      throw new Error('unused');
    },
    openExternal: async () => {},
    sync: null,
    user: () => Promise.resolve({ id: idOf(actor), reference: actor, name: 'Tester' }),
    now: () => NOW.getTime(),
    onLocalChange: () => {},
    // Every pool is theirs: what is refused here is the guard's, not the access policy's.
    accessPolicy: { supervisors: [idOf(actor)], readAcrossPools: false, prescriberScope: 'clinic' },
  };
  return createHandlers(ctx);
}

describe('a patient-facing text with an unfilled {placeholder}', () => {
  it('is not recorded as a reply, and the portal gets nothing', async () => {
    const [id] = await openMessageItems(h);
    await expectRefused(
      id!,
      'reply',
      { text: 'Hello Andre, your appointment is booked for {appointment}.' },
      NURSE,
      'Fill in or remove {appointment} before sending: the patient would read it as written.',
    );
  });

  it('is refused through item:act with the same reason, and the refusal is audited', async () => {
    const [, id] = await openMessageItems(h);
    await expect(
      handlersAs(NURSE)['item:act']({ id: id!, kind: 'reply', payload: { text: 'Hello {patientName}, {x} and {x}' } }),
    ).rejects.toThrow('Fill in or remove {patientName}, {x} before sending: the patient would read them as written.');
    expect(await outboxRows(id!)).toHaveLength(0);
    const audit = await h.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('work_item_id', '=', id!)
      .where('event', '=', 'action.reply')
      .execute();
    expect(audit.map((a) => a.outcome)).toEqual([expect.stringMatching(/^refused: Fill in or remove \{patientName\}/)]);
  });

  it('is refused in a denial reply, a refill pointer and a release comment', async () => {
    const [renewal] = await openOfType('renewal-request');
    const [result] = await openOfType('result-release');
    await expectRefused(
      renewal!,
      'deny',
      { reason: 'Needs a visit', reply: 'Please book a visit on {date}.' },
      PCM,
      /\{date\}/,
    );
    await expectRefused(
      renewal!,
      'redirect-refill',
      { text: 'Call {pharmacyPhone} for the refill.' },
      NURSE,
      /\{pharmacyPhone\}/,
    );
    await expectRefused(result!, 'release', { comment: 'Hello {patientName}, all normal.' }, PCM, /\{patientName\}/);
  });

  it('lets braces that are not a placeholder through, and a staff note is not held to it', async () => {
    const [, , id] = await openMessageItems(h);
    await recordAction(h.db, {
      workItemId: id!,
      kind: 'reply',
      payload: { text: 'Use the inhaler {as before}.' },
      actor: NURSE,
    });
    await recordAction(h.db, {
      workItemId: id!,
      kind: 'note',
      payload: { text: 'Template {appointment} left' },
      actor: NURSE,
    });
    expect((await outboxRows(id!)).map((r) => r.kind)).toEqual(['reply', 'note']);
  });
});

describe('the greeting a quick text uses', () => {
  it("is the patient's first name, or title and family name per the clinic's setting, from the cached Patient", async () => {
    const [id] = await openMessageItems(h);
    const row = await h.db.selectFrom('work_item').select('patient_id').where('id', '=', id!).executeTakeFirstOrThrow();
    const patient = clinic.resources.find((r) => r.resourceType === 'Patient' && r.id === row.patient_id) as Patient;
    const name = patient.name![0]!;
    const title = patient.gender === 'male' ? 'Mr.' : patient.gender === 'female' ? 'Ms.' : null;
    const first = await getItemDetail(h.db, id!, { now: NOW.getTime() });
    expect(first?.greetingName).toBe(name.given![0]);
    const formal = await getItemDetail(h.db, id!, { now: NOW.getTime(), greeting: 'title-family' });
    expect(formal?.greetingName).toBe(
      title === null ? `${name.given!.join(' ')} ${name.family}` : `${title} ${name.family}`,
    );
    expect(formal?.greetingName).not.toContain(',');
  });
});

describe('"done" on a renewal', () => {
  it('is refused for a nurse and a PCM alike, and the detail says why before it is tried', async () => {
    const [id] = await openOfType('renewal-request');
    await expectRefused(id!, 'done', {}, NURSE, RENEWAL_NOT_DONE);
    await expectRefused(id!, 'done', {}, PCM, RENEWAL_NOT_DONE);
    await expect(handlersAs(PCM)['item:act']({ id: id!, kind: 'done', payload: {} })).rejects.toThrow(RENEWAL_NOT_DONE);
    const detail = await getItemDetail(h.db, id!, { now: NOW.getTime(), userId: idOf(NURSE) });
    expect(detail?.closable).toEqual({ ok: false, reason: RENEWAL_NOT_DONE });
    expect(serverTask(h, id!).status).not.toBe('completed');
  });
});

describe('batch release', () => {
  /** The normal, open, unclaimed results of any PCM's results view, as the page lists them. */
  async function normalResults(): Promise<string[]> {
    const found = new Set<string>();
    for (const pcm of staffWithRole(clinic.resources, 'pcm')) {
      const page = await listInbox(
        h.db,
        {
          view: { kind: 'results' },
          filters: { ...DEFAULT_FILTERS, status: 'open' },
          search: '',
          offset: 0,
          limit: 1000,
        },
        { userId: idOf(pcm), now: NOW.getTime() },
      );
      for (const r of page.items) if (r.severity === 'normal' && r.syncState === null && !r.claimed) found.add(r.id);
    }
    return [...found].sort();
  }
  const reportOf = (id: string) =>
    h.sim.store.read('DiagnosticReport', serverTask(h, id).focus?.reference?.split('/')[1] ?? '') as DiagnosticReport;

  it('skips a held result and one claimed by another PCM, each with its reason, and leaves them on the portal as they were', async () => {
    const normal = await normalResults();
    expect(normal.length).toBeGreaterThanOrEqual(3);
    const [held, claimed, fine] = normal as [string, string, string];
    await recordAction(h.db, {
      workItemId: held,
      kind: 'hold',
      payload: {
        reason: 'patient-request',
        note: 'Asked by phone on 11/24 to hear it at her visit first.',
        reviewOn: '2026-12-03',
      },
      actor: PCM,
      now: NOW,
    });
    await recordAction(h.db, { workItemId: claimed, kind: 'claim', payload: {}, actor: OTHER_PCM, now: NOW });
    await pushNow();
    await syncOnce({ db: h.db, client: h.client() });
    const before = new Map([held, claimed].map((id) => [id, serverTask(h, id).meta?.versionId]));

    const outcome = await handlersAs(PCM)['results:release-normal']({ ids: [held, claimed, fine] });
    expect(outcome.released.map((r) => r.id)).toEqual([fine]);
    expect(outcome.skipped).toEqual([
      { id: held, reason: ON_HOLD_NOT_IN_BATCH },
      { id: claimed, reason: expect.stringMatching(/^Claimed by .+: theirs to release\./) as string },
    ]);
    await pushNow();
    for (const id of [held, claimed]) {
      expect(serverTask(h, id).meta?.versionId).toBe(before.get(id));
      expect(isHeldFromPatient(reportOf(id))).toBe(true);
      expect((await outboxRows(id)).filter((r) => r.kind === 'release')).toEqual([]);
    }
    expect(serverTask(h, held).status).toBe('on-hold');
    expect(isHeldFromPatient(reportOf(fine))).toBe(false);
  });

  it('refuses the whole batch when the one comment has a placeholder, releasing nothing', async () => {
    const normal = await normalResults();
    expect(normal.length).toBeGreaterThan(0);
    await expect(
      handlersAs(PCM)['results:release-normal']({ ids: normal, comment: 'Hello {patientName}, all normal.' }),
    ).rejects.toThrow(/^Nothing released\. Fill in or remove \{patientName\}/);
    await expect(
      releaseNormalResults(h.db, normal, { actor: PCM, comment: 'Normal {explanation}' }),
    ).rejects.toBeInstanceOf(ActionRejectedError);
    for (const id of normal) {
      expect((await outboxRows(id)).filter((r) => r.kind === 'release')).toEqual([]);
      expect(serverTask(h, id).status).not.toBe('completed');
    }
  });
});
