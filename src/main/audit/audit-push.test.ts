import type { AuditEvent, Bundle, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../demo-clinic/random';
import { FhirWriter } from '../outbox/fhir-writer';
import { clinic, NURSE } from '../outbox/test-support/nurses-clinic';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { createSyncService } from '../sync/sync-service';
import { auditHash, entryOf, recordAudit, verifyAuditChain } from './audit-chain';
import type { AuditEntry } from './audit-chain';
import { compareWithPortal } from './audit-compare';
import { chainOf } from './audit-event';
import { pushAudit } from './audit-push';

/*
 * Issue 9: the audit log reaches the portal as AuditEvents, each row exactly once and in chain
 * order, whatever the network does; and a log changed after it was sent disagrees with the portal.
 */

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const task = clinic.resources.find(
  (r): r is Task & { id: string } => r.resourceType === 'Task' && r.for?.reference?.startsWith('Patient/') === true,
)!;
const TASK = task.id;
const PATIENT = task.for!.reference!.slice('Patient/'.length);
const T0 = Date.parse('2026-11-25T12:00:00.000Z');

/** A view, a decision and a refused decision by the nurse, and a view with nobody signed in. */
const ENTRIES: AuditEntry[] = [
  {
    at: T0 + 1000,
    actor: NURSE,
    event: 'view',
    workItemId: TASK,
    patientId: PATIENT,
    clientUuid: null,
    outcome: 'success',
    detail: null,
  },
  {
    at: T0 + 2000,
    actor: NURSE,
    event: 'action.reply',
    workItemId: TASK,
    patientId: PATIENT,
    clientUuid: '0b6f3f0e-3c57-4d1c-9c0e-5b1f9a0d7e21',
    outcome: 'success',
    detail: '{"text":"Please come in on Tuesday."}',
  },
  {
    at: T0 + 3000,
    actor: NURSE,
    event: 'action.complete',
    workItemId: TASK,
    patientId: PATIENT,
    clientUuid: null,
    outcome: 'refused: the item is already closed',
    detail: '{}',
  },
  {
    at: T0 + 4000,
    actor: 'unidentified',
    event: 'view',
    workItemId: TASK,
    patientId: PATIENT,
    clientUuid: null,
    outcome: 'success',
    detail: null,
  },
];

async function withRows(entries: readonly AuditEntry[] = ENTRIES): Promise<SyncHarness> {
  // Validating, as a real portal would: every AuditEvent sent is checked against R4.
  h = await startSyncHarness(clinic.resources, { validate: true });
  for (const entry of entries) await recordAudit(h.db, entry);
  return h;
}

const rows = (harness: SyncHarness) => harness.db.selectFrom('audit_log').selectAll().orderBy('audit_id').execute();
const cursor = (harness: SyncHarness) =>
  harness.db.selectFrom('audit_push').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();

async function portalEvents(harness: SyncHarness): Promise<AuditEvent[]> {
  const bundle = (await (await fetch(`${harness.sim.baseUrl}/AuditEvent?_count=1000`)).json()) as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource as AuditEvent);
}

async function versionsOf(harness: SyncHarness, id: string): Promise<number> {
  const bundle = (await (await fetch(`${harness.sim.baseUrl}/AuditEvent/${id}/_history`)).json()) as Bundle;
  return bundle.entry?.length ?? 0;
}

/** A fetch that records the AuditEvent ids PUT, and can fail them on purpose. */
function recordingFetch(options: { fail?: (id: string, n: number) => 'before' | 'after' | 500 | null } = {}) {
  const puts: string[] = [];
  const impl: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const id = /\/AuditEvent\/([0-9a-f]{64})$/.exec(url)?.[1];
    if (init?.method === 'PUT' && id !== undefined) {
      puts.push(id);
      const how = options.fail?.(id, puts.length) ?? null;
      if (how === 'before') throw new TypeError('fetch failed (connection refused)');
      if (how === 500) return new Response(null, { status: 503 });
      const response = await fetch(input, init);
      // The portal stored it, but the answer never came back.
      if (how === 'after') throw new TypeError('fetch failed (connection reset)');
      return response;
    }
    return fetch(input, init);
  };
  return { puts, impl };
}

const writerOf = (harness: SyncHarness, impl?: typeof fetch) =>
  new FhirWriter({ baseUrl: harness.sim.baseUrl, ...(impl === undefined ? {} : { fetch: impl }) });

describe('pushing the audit log to the portal', () => {
  it('sends every row as a valid AuditEvent naming who, what, which patient, how it ended and its chain', async () => {
    const harness = await withRows();
    const summary = await pushAudit({ db: harness.db, writer: writerOf(harness) });
    expect(summary).toEqual({ pushed: 4, pending: 0, problem: null });

    const local = await rows(harness);
    const stored = await portalEvents(harness);
    expect(stored.map((e) => e.id).sort()).toEqual(local.map((r) => r.hash).sort());
    for (const row of local) {
      const event = stored.find((e) => e.id === row.hash)!;
      expect(event.recorded).toBe(new Date(row.at).toISOString());
      expect(event.agent[0]?.requestor).toBe(true);
      if (row.actor === NURSE) expect(event.agent[0]?.who?.reference).toBe(NURSE);
      else expect(event.agent[0]?.who).toEqual({ display: 'Nobody signed in (unidentified)' });
      const what = (event.entity ?? []).map((e) => e.what?.reference).filter((r) => r !== undefined);
      expect(what).toEqual([`Task/${TASK}`, `Patient/${PATIENT}`]);
      expect(event.action).toBe(row.event === 'view' ? 'R' : 'U');
      expect(event.outcome).toBe(row.outcome === 'success' ? '0' : '4');
      expect(event.outcomeDesc).toBe(row.outcome === 'success' ? undefined : row.outcome);
      expect(chainOf(event)).toEqual({ hash: row.hash, prevHash: row.prev_hash });
      // The portal's copy is the row: its content hashes to its own id.
      expect(auditHash(entryOf(row), chainOf(event).prevHash!)).toBe(event.id);
    }
    // The portal's chain links up: each record names the one before it.
    for (let i = 1; i < local.length; i++) {
      expect(chainOf(stored.find((e) => e.id === local[i]!.hash)!).prevHash).toBe(local[i - 1]!.hash);
    }
    // Findable by the patient's item, as a privacy officer would look.
    const byTask = (await (await fetch(`${harness.sim.baseUrl}/AuditEvent?entity=Task/${TASK}`)).json()) as Bundle;
    expect(byTask.entry?.length).toBe(4);
    expect(await cursor(harness)).toMatchObject({ pushed_through: local[3]!.audit_id, pushed_hash: local[3]!.hash });

    // A later pass sends only what came after.
    await recordAudit(harness.db, { ...ENTRIES[0]!, at: T0 + 5000 });
    const later = recordingFetch();
    expect(await pushAudit({ db: harness.db, writer: writerOf(harness, later.impl) })).toMatchObject({ pushed: 1 });
    expect(later.puts).toEqual([(await rows(harness))[4]!.hash]);
  });

  it('keeps exactly one AuditEvent per row when an answer is lost and the row is sent again', async () => {
    const harness = await withRows();
    const lossy = recordingFetch({ fail: (_id, n) => (n === 2 ? 'after' : null) });
    let clock = T0;
    const first = await pushAudit({
      db: harness.db,
      writer: writerOf(harness, lossy.impl),
      now: () => clock,
      random: () => 0.5,
    });
    expect(first.pushed).toBe(1);
    expect(first.pending).toBe(3);
    expect(first.problem).toMatch(
      /^3 audit record\(s\) not yet sent to the portal\. Audit row 2: the portal could not be reached/,
    );

    clock += 60_000;
    const second = await pushAudit({ db: harness.db, writer: writerOf(harness, lossy.impl), now: () => clock });
    expect(second).toEqual({ pushed: 3, pending: 0, problem: null });
    const local = await rows(harness);
    // Row 2's answer was lost: the resend found it at the portal and did not send it again.
    expect(lossy.puts).toEqual([local[0]!.hash, local[1]!.hash, local[2]!.hash, local[3]!.hash]);
    const stored = await portalEvents(harness);
    expect(stored).toHaveLength(4);
    for (const row of local) expect(await versionsOf(harness, row.hash)).toBe(1);

    // A crash after the portal stored rows but before the cursor moved: all are found, none added.
    await harness.db.updateTable('audit_push').set({ pushed_through: 0 }).execute();
    expect(await pushAudit({ db: harness.db, writer: writerOf(harness), now: () => clock })).toEqual({
      pushed: 4,
      pending: 0,
      problem: null,
    });
    expect(await portalEvents(harness)).toHaveLength(4);
  });

  it('loses nothing offline and sends the rows later, in order', async () => {
    const harness = await withRows();
    let online = false;
    const net = recordingFetch({ fail: () => (online ? null : 'before') });
    let clock = T0;
    const push = () =>
      pushAudit({ db: harness.db, writer: writerOf(harness, net.impl), now: () => clock, random: () => 1 });

    const offline = await push();
    expect(offline).toMatchObject({ pushed: 0, pending: 4 });
    expect(offline.problem).toMatch(/Audit row 1: the portal could not be reached/);
    const waiting = await cursor(harness);
    expect(waiting.pushed_through).toBe(0);
    expect(waiting.next_attempt_at).toBeGreaterThan(clock);
    // Within the backoff nothing is sent, and the problem still shows.
    net.puts.length = 0;
    expect((await push()).problem).toMatch(/not yet sent/);
    expect(net.puts).toEqual([]);
    await recordAudit(harness.db, { ...ENTRIES[0]!, at: T0 + 5000 });

    online = true;
    clock = waiting.next_attempt_at;
    expect(await push()).toEqual({ pushed: 5, pending: 0, problem: null });
    expect(net.puts).toEqual((await rows(harness)).map((r) => r.hash));
  });

  it('never moves the cursor past a row the portal does not hold, however the sends fail', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({ ...ENTRIES[i % ENTRIES.length]!, at: T0 + i * 1000 }));
    const harness = await withRows(entries);
    const random = seededRandom(9);
    const ways = ['before', 'after', 500, null, null, null] as const;
    const flaky = recordingFetch({ fail: () => random.pick(ways) });
    const local = await rows(harness);
    let clock = T0;
    let passes = 0;
    for (let pending = local.length; pending > 0 && passes < 200; passes++) {
      const sent = flaky.puts.length;
      const summary = await pushAudit({
        db: harness.db,
        writer: writerOf(harness, flaky.impl),
        now: () => clock,
        batchSize: 7,
      });
      expect(summary.pushed).toBeLessThanOrEqual(7);
      expect(flaky.puts.length - sent).toBeLessThanOrEqual(7);
      pending = summary.pending;
      const { pushed_through } = await cursor(harness);
      const held = new Set((await portalEvents(harness)).map((e) => e.id));
      for (const row of local.filter((r) => r.audit_id <= pushed_through)) expect(held.has(row.hash)).toBe(true);
      clock += 60_000;
    }
    expect(passes).toBeLessThan(200);
    const held = await portalEvents(harness);
    expect(held.map((e) => e.id).sort()).toEqual(local.map((r) => r.hash).sort());
    // Each row's first send (the one that created it) came in chain order.
    const firstSends = [...new Set(flaky.puts)];
    expect(firstSends).toEqual(local.map((r) => r.hash));
  });

  it('stops, and says so, when the portal holds a different record under a row hash', async () => {
    const harness = await withRows();
    await pushAudit({ db: harness.db, writer: writerOf(harness) });
    // Edited here after it was sent, its stored hash kept; then sent again.
    harness.cache.sqlite.prepare("UPDATE audit_log SET outcome = 'success' WHERE audit_id = 3").run();
    await harness.db.updateTable('audit_push').set({ pushed_through: 2 }).execute();
    const summary = await pushAudit({ db: harness.db, writer: writerOf(harness) });
    expect(summary.pushed).toBe(0);
    expect(summary.problem).toMatch(/Audit row 3: the portal already holds a different audit record/);
    expect((await cursor(harness)).pushed_through).toBe(2);
    // The portal's record keeps what was sent: the refusal.
    const row3 = (await rows(harness))[2]!;
    expect((await portalEvents(harness)).find((e) => e.id === row3.hash)?.outcome).toBe('4');
  });
});

describe("the simulator's AuditEvents", () => {
  it('accept the same content again but refuse a change or a deletion', async () => {
    const harness = await withRows();
    await pushAudit({ db: harness.db, writer: writerOf(harness) });
    const [event] = await portalEvents(harness);
    const url = `${harness.sim.baseUrl}/AuditEvent/${event!.id!}`;
    const put = (body: AuditEvent) =>
      fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(body) });
    expect((await put(event!)).status).toBe(200);
    const changed = await put({ ...event!, outcome: '8' });
    expect(changed.status).toBe(409);
    expect(JSON.stringify(await changed.json())).toMatch(/audit records cannot be changed/);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(409);
    expect(((await (await fetch(url)).json()) as AuditEvent).outcome).toBe(event!.outcome);
  });
});

describe('a record of an item removed since', () => {
  it('still reaches the portal, and the rows after it too', async () => {
    const gone = { ...ENTRIES[0]!, workItemId: 'task-removed-at-portal', patientId: 'patient-removed-at-portal' };
    const harness = await withRows([gone, ENTRIES[1]!]);
    expect(await pushAudit({ db: harness.db, writer: writerOf(harness) })).toEqual({
      pushed: 2,
      pending: 0,
      problem: null,
    });
  });
});

describe('comparing the audit log with the portal', () => {
  it('agrees while the log is as sent, and counts what is not sent yet', async () => {
    const harness = await withRows();
    await pushAudit({ db: harness.db, writer: writerOf(harness) });
    await recordAudit(harness.db, { ...ENTRIES[0]!, at: T0 + 5000 });
    expect(await compareWithPortal(harness.db, writerOf(harness))).toEqual({ ok: true, compared: 4, unsent: 1 });
  });

  it('finds a row edited after it was sent', async () => {
    const harness = await withRows();
    await pushAudit({ db: harness.db, writer: writerOf(harness) });
    harness.cache.sqlite.prepare("UPDATE audit_log SET actor = 'Practitioner/someone-else' WHERE audit_id = 2").run();
    expect(await compareWithPortal(harness.db, writerOf(harness))).toMatchObject({
      ok: false,
      auditId: 2,
      problem: expect.stringMatching(/it was edited after it was sent/) as unknown,
    });
  });

  it('finds a log rewritten with its hashes recomputed, which the local check alone accepts', async () => {
    const harness = await withRows();
    await pushAudit({ db: harness.db, writer: writerOf(harness) });
    // Row 3's refusal turned into a success, and the chain rebuilt from there on.
    const sqlite = harness.cache.sqlite;
    sqlite.prepare("UPDATE audit_log SET outcome = 'success' WHERE audit_id = 3").run();
    let prev = (await rows(harness))[1]!.hash;
    for (const row of (await rows(harness)).slice(2)) {
      const hash = auditHash(entryOf(row), prev);
      sqlite.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE audit_id = ?').run(prev, hash, row.audit_id);
      prev = hash;
    }
    expect((await verifyAuditChain(harness.db)).ok).toBe(true);
    expect(await compareWithPortal(harness.db, writerOf(harness))).toMatchObject({
      ok: false,
      auditId: 3,
      problem: expect.stringMatching(/holds no audit record with this row's hash/) as unknown,
    });
    // `audit verify --portal` finds it from the portal's side: src/main/cli/audit-verify-portal.test.ts.
  });

  it('finds rows cut off the end after they were sent', async () => {
    const harness = await withRows();
    await pushAudit({ db: harness.db, writer: writerOf(harness) });
    harness.cache.sqlite.prepare('DELETE FROM audit_log WHERE audit_id > 2').run();
    expect((await verifyAuditChain(harness.db)).ok).toBe(true);
    expect(await compareWithPortal(harness.db, writerOf(harness))).toMatchObject({
      ok: false,
      auditId: 4,
      problem: expect.stringMatching(/cut short or rewritten/) as unknown,
    });
  });
});

describe('the sync pass', () => {
  it('sends the audit log after the outbox, and a failure there shows in the run without failing the pass', async () => {
    const harness = await withRows();
    let auditDown = true;
    const net = recordingFetch({ fail: () => (auditDown ? 500 : null) });
    const service = await createSyncService({
      db: harness.db,
      client: harness.client(),
      writer: writerOf(harness, net.impl),
      portalUrl: harness.sim.baseUrl,
      intervalMs: 3_600_000,
    });
    try {
      const failing = await service.syncNow();
      expect(failing.problem).toBeNull();
      expect(failing.connection).toBe('online');
      const run = await harness.db
        .selectFrom('sync_run')
        .selectAll()
        .orderBy('run_id', 'desc')
        .executeTakeFirstOrThrow();
      expect(run.outcome).toBe('ok');
      expect(run.problem).toMatch(
        /^4 audit record\(s\) not yet sent to the portal\. Audit row 1: the portal could not be reached or was busy \(HTTP 503\)/,
      );
      expect(await portalEvents(harness)).toEqual([]);

      auditDown = false;
      // Past the backoff (the writer's default policy: at most 15 s).
      await harness.db.updateTable('audit_push').set({ next_attempt_at: 0 }).execute();
      await service.syncNow();
      const next = await harness.db
        .selectFrom('sync_run')
        .selectAll()
        .orderBy('run_id', 'desc')
        .executeTakeFirstOrThrow();
      expect(next.problem).toBeNull();
      expect(await portalEvents(harness)).toHaveLength(4);
    } finally {
      await service.stop();
    }
  });
});
