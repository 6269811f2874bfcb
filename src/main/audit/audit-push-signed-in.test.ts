import { afterEach, describe, expect, it } from 'vitest';
import { completeDemoSignIn } from '../../simulator/auth/demo-browser';
import { signIn } from '../auth/smart-sign-in';
import { nodeFetch } from '../net/portal-fetch';
import type { PortalFetch } from '../net/portal-fetch';
import { FhirWriter } from '../outbox/fhir-writer';
import { clinic, NURSE, staffWithRole } from '../outbox/test-support/nurses-clinic';
import { startSyncHarness } from '../sync/test-support/sync-harness';
import type { SyncHarness } from '../sync/test-support/sync-harness';
import { recordAudit } from './audit-chain';
import type { AuditEntry } from './audit-chain';
import { compareWithPortal } from './audit-compare';
import { pushAudit } from './audit-push';

/*
 * The audit push and its check against the portal's copy, as the signed-in user's own client: a
 * portal that takes AuditEvents only in the writer's own name, and shows staff only their own,
 * still receives every row of this desk's log exactly once, and the desk can still read them back.
 */

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const PCM = staffWithRole(clinic.resources, 'pcm')[0] ?? '';
const T0 = Date.parse('2026-11-25T12:00:00.000Z');

const entry = (at: number, actor: string): AuditEntry => ({
  at: T0 + at,
  actor,
  event: 'view',
  workItemId: null,
  patientId: null,
  clientUuid: null,
  outcome: 'success',
  detail: null,
});

/** A writer whose every request carries `username`'s access token, as the desk's session does. */
async function writerSignedInAs(harness: SyncHarness, reference: string): Promise<FhirWriter> {
  const username = reference.slice('Practitioner/'.length);
  const tokens = await signIn({
    fhirBaseUrl: harness.sim.baseUrl,
    openExternal: (url) => completeDemoSignIn(url, { username, password: 'demo' }),
  });
  const fetch: PortalFetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Bearer ${tokens.accessToken}`);
    return nodeFetch(input, { ...init, headers });
  };
  return new FhirWriter({ baseUrl: harness.sim.baseUrl, fetch });
}

describe('the audit push to a portal with sign-in', () => {
  it("sends the user's rows (and the ones with nobody signed in) and reads them all back to compare", async () => {
    h = await startSyncHarness(clinic.resources, { validate: true, auth: { requireAccessToken: true } });
    for (const [i, actor] of [NURSE, NURSE, 'unidentified', NURSE].entries()) await recordAudit(h.db, entry(i, actor));
    const writer = await writerSignedInAs(h, NURSE);
    const pushed = await pushAudit({ db: h.db, writer });
    expect(pushed).toEqual({ pushed: 4, pending: 0, problem: null });
    expect(await compareWithPortal(h.db, writer)).toEqual({ ok: true, compared: 4, unsent: 0 });
  });

  it("is refused a row in a colleague's name, and stops there without skipping it", async () => {
    h = await startSyncHarness(clinic.resources, { validate: true, auth: { requireAccessToken: true } });
    for (const [i, actor] of [NURSE, PCM, NURSE].entries()) await recordAudit(h.db, entry(i, actor));
    const writer = await writerSignedInAs(h, NURSE);
    const pushed = await pushAudit({ db: h.db, writer });
    expect(pushed.pushed).toBe(1);
    expect(pushed.pending).toBe(2);
    expect(pushed.problem).toMatch(/refused/);
  });
});
