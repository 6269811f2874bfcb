import type { AuditEvent, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../db/test-database';
import { clinic, NURSE } from '../outbox/test-support/nurses-clinic';
import { losingAnswers, PORTAL_KINDS, startPortal } from '../outbox/test-support/portal-under-test';
import type { PortalUnderTest } from '../outbox/test-support/portal-under-test';
import { FhirWriter } from '../outbox/fhir-writer';
import { FhirClient } from '../sync/fhir-client';
import { recordAudit } from './audit-chain';
import { chainOf } from './audit-event';
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
  it('creates the way the portal’s CapabilityStatement offers', async () => {
    const { portal } = await setUp(kind);
    const caps = await new FhirClient({ baseUrl: portal.baseUrl }).capabilities();
    // Both offer update-as-create for AuditEvent.
    expect(auditCreateFor(caps.types.get('AuditEvent'))).toBe('put');
  });

  const forms: AuditCreate[] = kind === 'medplum' ? ['put', 'conditional-post', 'post'] : ['put'];
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
