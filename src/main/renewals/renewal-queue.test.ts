import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { DEFAULT_RENEWAL_PROTOCOL, parseRenewalProtocol } from '../../domain/renewals/protocol';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import { MEDICATION_CLASSES } from '../../domain/renewals/medication-classes';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import { listInbox } from '../inbox/queries';
import { getItemDetail } from '../inbox/item-detail';
import { listViews } from '../inbox/views';
import { recordAction } from '../outbox/record-action';
import { syncOnce } from '../sync/sync-engine';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { approveReadyRenewals } from './approve-ready';
import { staffWithRole } from '../outbox/test-support/nurses-clinic';

/*
 * The renewals queue as a PCM reads it: each request's readiness judged against the clinic's
 * protocol on today's data, the card's facts, and batch approval of exactly the ready ones, each
 * recorded as its own decision.
 */

const NOW = new Date('2026-11-25T12:00:00.000Z');
const clinic = generateClinic({ seed: 21, now: NOW, size: 'small' });
const withRole = (code: string) => staffWithRole(clinic.resources, code).map((r) => r.replace('Practitioner/', ''));
const pcms = withRole('pcm');
const [NURSE] = withRole('nurse') as [string];

/** Every eligible class needs only what each request has: no visit or lab windows. */
const LENIENT: RenewalProtocol = (() => {
  const parsed = parseRenewalProtocol({
    protocolVersion: 'test-lenient',
    classes: Object.fromEntries(
      MEDICATION_CLASSES.filter((c) => DEFAULT_RENEWAL_PROTOCOL.classes[c].eligible).map((c) => [
        c,
        { seenWithinMonths: null, labs: [] },
      ]),
    ),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.protocol;
})();

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness(clinic.resources);
  await syncOnce({ db: h.db, client: h.client() });
});
afterAll(() => h.dispose());

/** A PCM whose pools hold open renewal requests. */
async function busyPcm(): Promise<string> {
  for (const id of pcms) {
    const views = await listViews(h.db, id, NOW.getTime());
    if ((views.renewalsCount ?? 0) >= 3) return id;
  }
  throw new Error('no PCM with three open renewals in this clinic');
}

const renewalsView = (userId: string, protocol: RenewalProtocol) =>
  listInbox(
    h.db,
    { view: { kind: 'renewals' }, filters: DEFAULT_FILTERS, search: '', offset: 0, limit: 200 },
    { userId, now: NOW.getTime(), renewalProtocol: protocol },
  );

describe('the renewals queue', () => {
  it("lists the open renewal requests of the PCM's pools and theirs, each with its readiness", async () => {
    const pcm = await busyPcm();
    const views = await listViews(h.db, pcm, NOW.getTime());
    expect(views.user?.canPrescribe).toBe(true);
    const page = await renewalsView(pcm, DEFAULT_RENEWAL_PROTOCOL);
    expect(page.total).toBe(views.renewalsCount);
    expect(page.items.every((i) => i.workType === 'renewal-request' && i.status !== 'completed')).toBe(true);
    expect(page.items.every((i) => i.readiness !== undefined && i.readiness !== null)).toBe(true);
    // On the lenient protocol, more are ready; a refill never is.
    const lenient = await renewalsView(pcm, LENIENT);
    const ready = (p: typeof page) => p.items.filter((i) => i.readiness?.kind === 'ready').length;
    expect(ready(lenient)).toBeGreaterThanOrEqual(ready(page));
    expect((await listViews(h.db, NURSE, NOW.getTime())).user?.canPrescribe).toBe(false);
  });

  it('shows the card: the prescription, its last fill, each criterion with evidence, and the form defaults', async () => {
    const pcm = await busyPcm();
    const page = await renewalsView(pcm, DEFAULT_RENEWAL_PROTOCOL);
    const detail = await getItemDetail(h.db, page.items[0]!.id, {
      now: NOW.getTime(),
      userId: pcm,
      renewalProtocol: DEFAULT_RENEWAL_PROTOCOL,
    });
    const renewal = detail?.renewal;
    expect(renewal).toBeTruthy();
    expect(renewal!.prescription.medication).not.toBe('');
    expect(renewal!.protocolVersion).toBe('default-1');
    expect(renewal!.criteria[0]).toMatchObject({ id: 'not-controlled' });
    expect(renewal!.criteria.every((c) => c.evidence.length > 0)).toBe(true);
    expect(renewal!.proposal.validityDays).toBe(365);
    expect(renewal!.proposal.quantity).toBe(renewal!.prescription.quantity?.value);
    expect(renewal!.canPrescribe).toBe(true);
    expect(renewal!.prescribers.map((p) => p.id)).toContain(pcm);
    expect(renewal!.refillReply).toMatch(/Express Scripts|pharmacy/);
    const asNurse = await getItemDetail(h.db, page.items[0]!.id, { now: NOW.getTime(), userId: NURSE });
    expect(asNurse?.renewal?.canPrescribe).toBe(false);
  });

  it('batch approval approves exactly the ready ones, each its own action and audit row', async () => {
    const pcm = await busyPcm();
    const page = await renewalsView(pcm, LENIENT);
    const ids = page.items.map((i) => i.id);
    const ready = page.items.filter((i) => i.readiness?.kind === 'ready').map((i) => i.id);
    expect(ready.length).toBeGreaterThan(0);
    const result = await approveReadyRenewals(h.db, ids, {
      actor: `Practitioner/${pcm}`,
      userId: pcm,
      now: NOW.getTime(),
      protocol: LENIENT,
    });
    expect(result.approved.map((a) => a.id).sort()).toEqual([...ready].sort());
    expect(result.skipped.map((s) => s.id).sort()).toEqual(ids.filter((id) => !ready.includes(id)).sort());
    expect(result.skipped.every((s) => s.reason.length > 0)).toBe(true);
    const rows = await h.db
      .selectFrom('outbox_action')
      .innerJoin('audit_log', 'audit_log.client_uuid', 'outbox_action.client_uuid')
      .select(['outbox_action.work_item_id', 'outbox_action.kind', 'audit_log.event'])
      .where('outbox_action.kind', '=', 'renew')
      .execute();
    expect(rows.map((r) => r.work_item_id).sort()).toEqual([...ready].sort());
    expect(new Set(rows.map((r) => r.event))).toEqual(new Set(['action.renew']));
    // Approved items leave the open queue at once; asking again skips them as decided.
    const again = await approveReadyRenewals(h.db, ready, {
      actor: `Practitioner/${pcm}`,
      userId: pcm,
      now: NOW.getTime(),
      protocol: LENIENT,
    });
    expect(again.approved).toEqual([]);
    expect(again.skipped.every((s) => /Already decided/.test(s.reason))).toBe(true);
  });

  it("starts the PCM's form from a nurse's pended terms, and says who pended it", async () => {
    const pcm = await busyPcm();
    const open = (await renewalsView(pcm, DEFAULT_RENEWAL_PROTOCOL)).items;
    const item = open[open.length - 1]!;
    const terms = { quantity: 60, unit: 'tablet', repeats: 1, validityDays: 180, dosage: 'Take 1 tablet twice daily' };
    await recordAction(h.db, {
      workItemId: item.id,
      kind: 'pend',
      payload: { terms, note: 'A1c done last week.', to: `Practitioner/${pcm}` },
      actor: `Practitioner/${NURSE}`,
    });
    const detail = await getItemDetail(h.db, item.id, { now: NOW.getTime(), userId: pcm });
    expect(detail?.renewal?.proposal).toEqual(terms);
    expect(detail?.renewal?.pended).toMatchObject({ note: 'A1c done last week.' });
    expect(detail?.renewal?.pended?.by).not.toMatch(/^Practitioner\//);
  });
});
