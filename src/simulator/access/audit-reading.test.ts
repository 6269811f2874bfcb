import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCode } from '../test-support/harness';
import { auditEventBy, smallClinic, staffMember } from '../test-support/clinic-fixture';
import { startSignedInPortal } from '../test-support/signed-in-staff';
import type { SignedInPortal } from '../test-support/signed-in-staff';

const NURSE = 'rn-harper';
const PCM = 'pcm-reyes';
const AUDITOR = 'audit-morrow';
const AUDITOR_SCOPE = 'openid fhirUser user/*.rs';

const event = auditEventBy;

let portal: SignedInPortal;
/** The nurse's display-only record ("nobody signed in"), given its id by the portal. */
let unidentifiedId = '';

beforeAll(async () => {
  portal = await startSignedInPortal([
    ...smallClinic(),
    ...staffMember(AUDITOR, 'Morrow', 'auditor'),
    // On file from before: names the nurse, written by the portal itself.
    { ...event({ reference: `Practitioner/${NURSE}` }, 'Patient/pat-1', 'seeded-nurse'), meta: {} },
    // Points at the PCM's record, for `_include`.
    {
      resourceType: 'Provenance',
      id: 'prov-1',
      target: [{ reference: 'AuditEvent/pcm-event' }],
      recorded: '2026-11-22T08:00:00.000Z',
      agent: [{ who: { reference: 'Practitioner/pcm-reyes' } }],
    },
  ]);
  const put = (user: string, body: AuditEvent) =>
    portal.as(user, `/AuditEvent/${body.id ?? ''}`, { method: 'PUT', headers: { 'if-none-match': '*' }, body });
  expect((await put(NURSE, event({ reference: `Practitioner/${NURSE}` }, 'Patient/pat-1', 'nurse-event'))).status).toBe(
    201,
  );
  expect((await put(PCM, event({ reference: `Practitioner/${PCM}` }, 'Patient/pat-2', 'pcm-event'))).status).toBe(201);
  const unidentified = await portal.as(NURSE, '/AuditEvent', {
    method: 'POST',
    body: event({ display: 'Nobody signed in (unidentified)' }, 'Patient/pat-1'),
  });
  expect(unidentified.status).toBe(201);
  unidentifiedId = unidentified.body.id ?? '';
});
afterAll(async () => {
  await portal.stop();
});

const idsOf = (bundle: Bundle, type = 'AuditEvent') =>
  (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r) => r?.resourceType === type)
    .map((r) => r?.id)
    .sort();

describe("a staff member reads their own audit records, not a colleague's", () => {
  it('reads the ones naming her or written by her, and is refused (403) the others', async () => {
    for (const id of ['nurse-event', 'seeded-nurse', unidentifiedId]) {
      expect((await portal.as(NURSE, `/AuditEvent/${id}`)).status).toBe(200);
    }
    for (const path of [
      '/AuditEvent/pcm-event',
      '/AuditEvent/pcm-event/_history/1',
      '/AuditEvent/pcm-event/_history',
    ]) {
      const answer = await portal.as(NURSE, path);
      expect([answer.status, issueCode(answer.body)]).toEqual([403, 'forbidden']);
    }
  });

  it('finds only her own by search, as the desk looks for its newest record, and by the agent parameter', async () => {
    const all = (await portal.as(NURSE, '/AuditEvent')).body as Bundle;
    expect(idsOf(all)).toEqual(['nurse-event', 'seeded-nurse', unidentifiedId].sort());
    expect(all.total).toBe(3);
    const newest = (await portal.as(NURSE, `/AuditEvent?agent=Practitioner/${NURSE}&_sort=-_lastUpdated&_count=1`))
      .body as Bundle;
    expect(idsOf(newest)).toEqual(['nurse-event']);
    const colleagues = (await portal.as(NURSE, `/AuditEvent?agent=Practitioner/${PCM}`)).body as Bundle;
    expect(colleagues.total).toBe(0);
  });

  it("leaves a colleague's records out of history, _include and a create that finds one", async () => {
    for (const path of ['/AuditEvent/_history', '/_history']) {
      const history = (await portal.as(NURSE, path)).body as Bundle;
      expect(idsOf(history)).not.toContain('pcm-event');
      expect(idsOf(history)).toContain('nurse-event');
    }
    const included = (await portal.as(NURSE, '/Provenance?_include=Provenance:target')).body as Bundle;
    expect(idsOf(included, 'Provenance')).toEqual(['prov-1']);
    expect(idsOf(included)).toEqual([]);
    // A conditional create matching the PCM's record would answer with it.
    const probe = await portal.as(NURSE, '/AuditEvent', {
      method: 'POST',
      headers: { 'if-none-exist': 'entity=Patient/pat-2' },
      body: event({ reference: `Practitioner/${NURSE}` }, 'Patient/pat-2'),
    });
    expect([probe.status, issueCode(probe.body)]).toEqual([403, 'forbidden']);
  });
});

describe('an auditor reads everyone’s, and writes nothing', () => {
  it('reads, searches and includes every record', async () => {
    const read = await portal.as(AUDITOR, '/AuditEvent/pcm-event', { scope: AUDITOR_SCOPE });
    expect(read.status).toBe(200);
    const all = (await portal.as(AUDITOR, '/AuditEvent', { scope: AUDITOR_SCOPE })).body as Bundle;
    expect(idsOf(all)).toEqual(['nurse-event', 'pcm-event', 'seeded-nurse', unidentifiedId].sort());
    const included = (await portal.as(AUDITOR, '/Provenance?_include=Provenance:target', { scope: AUDITOR_SCOPE }))
      .body as Bundle;
    expect(idsOf(included)).toEqual(['pcm-event']);
  });

  it('is granted only reading: a write scope asked for is left out, and a write refused', async () => {
    const { code, verifier } = await portal.client.signIn(AUDITOR, 'openid fhirUser user/*.crus user/*.rs');
    const issued = await portal.client.redeem(code, verifier);
    expect(String(issued.body.scope).split(' ')).not.toContain('user/*.crus');
    const write = await portal.as(AUDITOR, '/AuditEvent', {
      scope: AUDITOR_SCOPE,
      method: 'POST',
      body: event({ reference: `Practitioner/${AUDITOR}` }, 'Patient/pat-1'),
    });
    expect([write.status, issueCode(write.body)]).toEqual([403, 'forbidden']);
  });
});
