import { describe, expect, it } from 'vitest';
import { validateFhirResource } from '../../simulator/validation';
import { chainedRow, GENESIS } from './audit-chain';
import type { AuditEntry } from './audit-chain';
import { AUDIT_EVENT_SUBTYPE_SYSTEM, AUDIT_ROW_SYSTEM, auditEventOf, chainOf, sameAuditEvent } from './audit-event';
import type { AuditRow } from './audit-event';

/*
 * Issue 9: each audit row becomes an R4 AuditEvent that says who, what, when, which patient and
 * how it ended, and carries the row's place in the hash chain.
 */

const rowOf = (auditId: number, entry: AuditEntry, prevHash = GENESIS): AuditRow => ({
  audit_id: auditId,
  ...chainedRow(entry, prevHash),
});

const view = rowOf(1, {
  at: Date.parse('2026-11-25T14:03:07.123Z'),
  actor: 'Practitioner/rn-osei',
  event: 'view',
  workItemId: 'task-1',
  patientId: 'pat-1',
  clientUuid: null,
  outcome: 'success',
  detail: null,
});
const reply = rowOf(
  2,
  {
    at: Date.parse('2026-11-25T14:05:00.000Z'),
    actor: 'Practitioner/rn-osei',
    event: 'action.reply',
    workItemId: 'task-1',
    patientId: 'pat-1',
    clientUuid: '5f0c3c52-0d57-4a53-9d0e-4cb1b8b2a1d1',
    outcome: 'success',
    detail: '{"text":"Take it with food."}',
  },
  view.hash,
);
const refused = rowOf(
  3,
  {
    at: Date.parse('2026-11-25T14:06:00.000Z'),
    actor: 'unidentified',
    event: 'action.complete',
    workItemId: 'task-2',
    patientId: null,
    clientUuid: null,
    outcome: 'refused: the item is already closed',
    detail: '{}',
  },
  reply.hash,
);
const sessionRow = (auditId: number, event: string) =>
  rowOf(auditId, {
    at: Date.parse('2026-11-25T15:00:00.000Z'),
    actor: 'Practitioner/rn-osei',
    event,
    workItemId: null,
    patientId: null,
    clientUuid: null,
    outcome: 'success',
    detail: null,
  });

describe('an audit row as an AuditEvent', () => {
  it('is a valid R4 AuditEvent whose id is the row hash', () => {
    for (const row of [view, reply, refused]) {
      const event = auditEventOf(row);
      expect(() => validateFhirResource(event)).not.toThrow();
      expect(event.id).toBe(row.hash);
      expect(event.id).toMatch(/^[a-f0-9]{64}$/);
    }
    // The validator is really looking: an agent without the required `requestor` is refused.
    const broken = auditEventOf(view);
    delete (broken.agent[0] as { requestor?: boolean }).requestor;
    expect(() => validateFhirResource(broken)).toThrow(/requestor/);
  });

  it('says who, what, when, which patient and how a view ended', () => {
    const event = auditEventOf(view);
    expect(event.type).toEqual({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110110',
      display: 'Patient Record',
    });
    expect(event.subtype).toEqual([{ system: AUDIT_EVENT_SUBTYPE_SYSTEM, code: 'view' }]);
    expect(event.action).toBe('R');
    expect(event.recorded).toBe('2026-11-25T14:03:07.123Z');
    expect(event.outcome).toBe('0');
    expect(event.outcomeDesc).toBeUndefined();
    expect(event.agent).toEqual([{ who: { reference: 'Practitioner/rn-osei' }, requestor: true }]);
    expect(event.source.observer.display).toBe('Triage Desk workstation');
    expect(event.entity?.map((e) => e.what)).toEqual([
      { reference: 'Task/task-1' },
      { reference: 'Patient/pat-1' },
      { identifier: { system: AUDIT_ROW_SYSTEM, value: '1' } },
    ]);
    expect(event.entity?.[1]?.role?.code).toBe('1');
  });

  it("records a session's start and end as a login and a logout, about no patient", () => {
    const signIn = auditEventOf(sessionRow(4, 'session.sign-in'));
    expect(() => validateFhirResource(signIn)).not.toThrow();
    expect(signIn.type).toEqual({
      system: 'http://dicom.nema.org/resources/ontology/DCM',
      code: '110114',
      display: 'User Authentication',
    });
    expect(signIn.subtype?.map((c) => c.code)).toEqual(['110122', 'session.sign-in']);
    expect(signIn.entity?.map((e) => e.what)).toEqual([{ identifier: { system: AUDIT_ROW_SYSTEM, value: '4' } }]);
    for (const end of ['session.lock.idle', 'session.sign-out', 'session.quit']) {
      expect(auditEventOf(sessionRow(5, end)).subtype?.map((c) => c.code)).toEqual(['110123', end]);
    }
  });

  it('marks a decision as an update and a refusal as a minor failure, with why', () => {
    expect(auditEventOf(reply).action).toBe('U');
    const event = auditEventOf(refused);
    expect(event.action).toBe('U');
    expect(event.outcome).toBe('4');
    expect(event.outcomeDesc).toBe('refused: the item is already closed');
    // Nobody signed in: named in words, not as a reference to a Practitioner that does not exist.
    expect(event.agent[0]?.who).toEqual({ display: 'Nobody signed in (unidentified)' });
    // No patient: not a patient record event, and no patient entity.
    expect(event.type.code).toBe('rest');
    expect(event.entity?.some((e) => e.what?.reference?.startsWith('Patient/'))).toBe(false);
  });

  it('carries the chain: its hash, its predecessor and everything the hash covers', () => {
    expect(chainOf(auditEventOf(view))).toEqual({ hash: view.hash, prevHash: GENESIS });
    expect(chainOf(auditEventOf(reply))).toEqual({ hash: reply.hash, prevHash: view.hash });
    const details = auditEventOf(reply).entity?.at(-1)?.detail ?? [];
    expect(details).toContainEqual({ type: 'clientUuid', valueString: reply.client_uuid });
    expect(details).toContainEqual({ type: 'payload', valueString: reply.detail });
  });

  it('differs when any hashed field of the row differs', () => {
    const base = auditEventOf(reply);
    const edits: Partial<AuditRow>[] = [
      { at: reply.at + 1 },
      { actor: 'Practitioner/someone-else' },
      { event: 'action.note' },
      { work_item_id: 'task-9' },
      { patient_id: 'pat-9' },
      { client_uuid: null },
      { outcome: 'refused: no' },
      { detail: '{"text":"softened"}' },
      { prev_hash: 'f'.repeat(64) },
    ];
    for (const edit of edits) {
      // The stored hash kept, as an edit without recomputing it leaves it.
      expect(sameAuditEvent(auditEventOf({ ...reply, ...edit }), base), JSON.stringify(edit)).toBe(false);
    }
    expect(sameAuditEvent({ ...base, meta: { versionId: '1', lastUpdated: '2026-11-25T15:00:00Z' } }, base)).toBe(true);
  });
});
