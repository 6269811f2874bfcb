import type { AuditEvent, CapabilityStatement, CapabilityStatementRestResource, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../db/test-database';
import { clinic, NURSE } from '../outbox/test-support/nurses-clinic';
import { losingAnswers, PORTAL_KINDS, startPortal } from '../outbox/test-support/portal-under-test';
import type { PortalUnderTest } from '../outbox/test-support/portal-under-test';
import { FhirWriter } from '../outbox/fhir-writer';
import { FhirClient } from '../sync/fhir-client';
import { recordAudit } from './audit-chain';
import { chainOf } from './audit-event';
import { compareWithPortal } from './audit-compare';
import { auditCreateFor, pushAudit } from './audit-push';
import type { AuditCreate } from './audit-push';

/*
 * Each audit row reaches the portal as one AuditEvent, on the simulator and on Medplum's router,
 * which ignores If-None-Match (a create-only PUT there overwrites), whatever answer is lost.
 */

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

const task = clinic.resources.find((r): r is Task & { id: string } => r.resourceType === 'Task')!;
const T0 = Date.parse('2026-11-25T12:00:00.000Z');

async function setUp(kind: (typeof PORTAL_KINDS)[number]) {
  const portal = await startPortal(kind, clinic.resources);
  opened.push(portal);
  const cache = await openTestDatabase();
  opened.push({ close: () => cache.dispose() });
  for (let i = 0; i < 4; i++) {
    await recordAudit(cache.db, {
      at: T0 + i * 1000,
      actor: NURSE,
      event: i % 2 === 0 ? 'view' : 'action.note',
      workItemId: task.id,
      patientId: null,
      clientUuid: null,
      outcome: 'success',
      detail: i % 2 === 0 ? null : `{"text":"note ${i}"}`,
    });
  }
  const hashes = (await cache.db.selectFrom('audit_log').select('hash').orderBy('audit_id').execute()).map(
    (r) => r.hash,
  );
  return { portal, db: cache.db, hashes };
}

/** How many AuditEvents the portal holds for each chain hash. */
async function copiesAt(portal: PortalUnderTest, hashes: readonly string[]): Promise<number[]> {
  const events = await portal.search<AuditEvent>('AuditEvent?_count=1000');
  return hashes.map((hash) => events.filter((e) => chainOf(e).hash === hash).length);
}

describe.each(PORTAL_KINDS)('the audit push against the %s portal', (kind) => {
  const forms: AuditCreate[] = kind === 'medplum' ? ['put', 'conditional-post', 'post'] : ['put'];

  it('creates the way the portal’s CapabilityStatement offers', async () => {
    const { portal } = await setUp(kind);
    const caps = await new FhirClient({ baseUrl: portal.baseUrl }).capabilities();
    // Both state AuditEvent and offer update-as-create for it.
    expect(caps.types.get('AuditEvent')).toMatchObject({ updateCreate: true });
    expect(auditCreateFor(caps.types.get('AuditEvent'))).toBe('put');
  });

  it.runIf(kind === 'medplum')(
    'posts where the portal offers no update-as-create, conditionally where it can',
    async () => {
      const stated = async (change: Partial<CapabilityStatementRestResource>) => {
        const portal = await startPortal(kind, [], { statement: (s) => withAuditEvent(s, change) });
        opened.push(portal);
        const caps = await new FhirClient({ baseUrl: portal.baseUrl }).capabilities();
        return auditCreateFor(caps.types.get('AuditEvent'));
      };
      expect(await stated({ updateCreate: false })).toBe('conditional-post');
      expect(await stated({ updateCreate: false, conditionalCreate: false })).toBe('post');
    },
  );

  it.runIf(kind === 'medplum')(
    'checks a POST answered without a body by reading back what its Location names',
    async () => {
      const { portal, db, hashes } = await setUp(kind);
      const reads: string[] = [];
      const bodiless: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method === 'GET') reads.push(input instanceof Request ? input.url : input.toString());
        if (init?.method !== 'POST') return response;
        return new Response(null, { status: response.status, headers: response.headers });
      };
      const writer = new FhirWriter({ baseUrl: portal.baseUrl, fetch: bodiless });
      expect(await pushAudit({ db, writer, create: 'post' })).toMatchObject({ pushed: 4, problem: null });
      expect(await copiesAt(portal, hashes)).toEqual([1, 1, 1, 1]);
      // Each record read back at the server's own id, after the lookups by hash that found none.
      const events = await portal.search<AuditEvent>('AuditEvent?_count=1000');
      for (const event of events) expect(reads.some((url) => url.endsWith(`/AuditEvent/${event.id ?? ''}`))).toBe(true);
    },
  );

  it.runIf(kind === 'simulator')('posts where the portal refuses a search by tag, rather than stopping', async () => {
    const { portal, db, hashes } = await setUp(kind);
    const writer = new FhirWriter({ baseUrl: portal.baseUrl });
    expect((await portal.send('GET', 'AuditEvent?_tag=urn:x|y', undefined)).status).toBe(400);
    expect(await pushAudit({ db, writer, create: 'post' })).toMatchObject({ pushed: 4, problem: null });
    expect(await copiesAt(portal, hashes)).toEqual([1, 1, 1, 1]);
  });

  it.each(forms)('finds the records it sent (%s) when the log is compared with the portal’s copy', async (create) => {
    const { portal, db } = await setUp(kind);
    const writer = new FhirWriter({ baseUrl: portal.baseUrl });
    expect(await pushAudit({ db, writer, create })).toMatchObject({ pushed: 4, pending: 0, problem: null });
    expect(await compareWithPortal(db, writer)).toEqual({ ok: true, compared: 4, unsent: 0 });
    // Edited after it was sent, hash kept: the portal's copy, found by id or by its hash tag, shows it.
    await db.updateTable('audit_log').set({ detail: '{"text":"something else"}' }).where('audit_id', '=', 2).execute();
    expect(await compareWithPortal(db, writer)).toMatchObject({ ok: false, auditId: 2 });
  });

  it.each(forms)('makes one AuditEvent per row (%s), whichever answer is lost', async (create) => {
    for (let k = 0; k < 24; k++) {
      const { portal, db, hashes } = await setUp(kind);
      const losing = losingAnswers(new Set([k]));
      let clock = T0;
      for (let pass = 0; pass < 6; pass++) {
        const summary = await pushAudit({
          db,
          writer: new FhirWriter({ baseUrl: portal.baseUrl, fetch: losing }),
          now: () => (clock += 3_600_000),
          create,
        });
        if (summary.pending === 0) break;
      }
      expect(await copiesAt(portal, hashes), `answer ${k} lost`).toEqual([1, 1, 1, 1]);
      const reached = losing.count() > k;
      for (const thing of opened.splice(0).reverse()) await thing.close();
      if (!reached) return;
    }
    throw new Error('more than 24 requests for four audit rows');
  });

  it('refuses to overwrite the portal’s copy with a row changed after it was sent', async () => {
    const { portal, db, hashes } = await setUp(kind);
    const writer = new FhirWriter({ baseUrl: portal.baseUrl });
    await pushAudit({ db, writer });
    // The row's content changed, its hash kept (an edit that did not recompute the chain), and
    // the cursor wound back so it is sent again.
    await db.updateTable('audit_log').set({ detail: '{"text":"something else"}' }).where('audit_id', '=', 2).execute();
    await db.updateTable('audit_push').set({ pushed_through: 1 }).execute();
    const summary = await pushAudit({ db, writer });
    expect(summary.problem).toMatch(/already holds a different audit record/);
    const events = await portal.search<AuditEvent>('AuditEvent?_count=1000');
    const second = events.find((e) => chainOf(e).hash === hashes[1]);
    expect(JSON.stringify(second)).toContain('note 1');
    expect(JSON.stringify(second)).not.toContain('something else');
  });
});

/** The statement with AuditEvent's entry changed, as a portal offering less would state it. */
function withAuditEvent(
  statement: CapabilityStatement,
  change: Partial<CapabilityStatementRestResource>,
): CapabilityStatement {
  return {
    ...statement,
    rest: statement.rest?.map((rest) => ({
      ...rest,
      resource: rest.resource?.map((r) => (r.type === 'AuditEvent' ? { ...r, ...change } : r)),
    })),
  };
}
