import type { Communication, PractitionerRole, Resource, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirError } from '../errors';
import type { ResourceChange, RuleContext, WriteRule } from '../rules';
import { auditEventsAsOneself, sentMessagesStayTheSenders, staffWriteInTheirOwnName } from './own-name-rules';

const NURSE = 'Practitioner/rn-harper';
const ROLES: Record<string, PractitionerRole> = {
  'role-rn-harper': { resourceType: 'PractitionerRole', id: 'role-rn-harper', practitioner: { reference: NURSE } },
  'role-pcm-reyes': {
    resourceType: 'PractitionerRole',
    id: 'role-pcm-reyes',
    practitioner: { reference: 'Practitioner/pcm-reyes' },
  },
};
const context: RuleContext = {
  live: (type, id) => (type === 'PractitionerRole' ? ROLES[id] : undefined),
  rolesOf: () => [],
};

function outcome(rule: WriteRule, change: ResourceChange): string {
  try {
    rule(change, context);
    return 'ok';
  } catch (error) {
    if (error instanceof FhirError) return `${error.status} ${error.code}`;
    throw error;
  }
}

const message = (sender: string, text = 'Hello'): Communication => ({
  resourceType: 'Communication',
  id: 'c',
  status: 'completed',
  sender: { reference: sender },
  payload: [{ contentString: text }],
});
const withNotes = (...authors: (string | undefined)[]): Task => ({
  resourceType: 'Task',
  id: 't',
  status: 'requested',
  intent: 'order',
  note: authors.map((author, i) => ({
    text: `note ${i}`,
    ...(author === undefined ? {} : { authorReference: { reference: author } }),
  })),
});

describe('staffWriteInTheirOwnName', () => {
  it('takes a ServiceRequest requester and a Provenance agent as claims too', () => {
    const referral = (requester: string): Resource =>
      ({ resourceType: 'ServiceRequest', id: 's', requester: { reference: requester } }) as Resource;
    expect(outcome(staffWriteInTheirOwnName, { next: referral(NURSE), actor: NURSE })).toBe('ok');
    expect(outcome(staffWriteInTheirOwnName, { next: referral('Practitioner/pcm-reyes'), actor: NURSE })).toBe(
      '403 forbidden',
    );
    const provenance = (who: string): Resource =>
      ({ resourceType: 'Provenance', id: 'p', agent: [{ who: { reference: who } }] }) as Resource;
    expect(outcome(staffWriteInTheirOwnName, { next: provenance('Practitioner/pcm-reyes'), actor: NURSE })).toBe(
      '403 forbidden',
    );
  });

  it('takes one of her own PractitionerRoles as herself, and a colleague’s as the colleague', () => {
    expect(outcome(staffWriteInTheirOwnName, { next: message('PractitionerRole/role-rn-harper'), actor: NURSE })).toBe(
      'ok',
    );
    expect(outcome(staffWriteInTheirOwnName, { next: message('PractitionerRole/role-pcm-reyes'), actor: NURSE })).toBe(
      '403 forbidden',
    );
  });

  it("judges only what the write adds or changes: a colleague's earlier note, a patient's message", () => {
    const before = withNotes('Practitioner/pcm-reyes');
    expect(
      outcome(staffWriteInTheirOwnName, {
        previous: before,
        next: withNotes('Practitioner/pcm-reyes', NURSE),
        actor: NURSE,
      }),
    ).toBe('ok');
    expect(
      outcome(staffWriteInTheirOwnName, {
        previous: message('Patient/pat-1'),
        next: { ...message('Patient/pat-1'), received: '2026-11-22T08:00:00Z' },
        actor: NURSE,
      }),
    ).toBe('ok');
    // A note with no author claims no one; a sender changed to the patient claims the patient.
    expect(outcome(staffWriteInTheirOwnName, { next: withNotes(undefined), actor: NURSE })).toBe('ok');
    expect(
      outcome(staffWriteInTheirOwnName, { previous: message(NURSE), next: message('Patient/pat-1'), actor: NURSE }),
    ).toBe('403 forbidden');
  });
});

describe('sentMessagesStayTheSenders', () => {
  it("keeps a patient's words the patient's: marking it read is staff's, rewording it is not", () => {
    const fromPatient = message('Patient/pat-1', 'I have chest pain');
    const read = { ...fromPatient, status: 'completed' as const, received: '2026-12-07T10:00:00Z' };
    expect(outcome(sentMessagesStayTheSenders, { previous: fromPatient, next: read, actor: NURSE })).toBe('ok');
    const reworded = message('Patient/pat-1', 'All fine now');
    expect(outcome(sentMessagesStayTheSenders, { previous: fromPatient, next: reworded, actor: NURSE })).toBe(
      '403 forbidden',
    );
  });

  it("refuses a colleague's change or retraction, accepts the same content again, lets a patient's message be marked", () => {
    const sent = message('Practitioner/pcm-reyes');
    expect(
      outcome(sentMessagesStayTheSenders, {
        previous: sent,
        next: message('Practitioner/pcm-reyes', 'Bye'),
        actor: NURSE,
      }),
    ).toBe('403 forbidden');
    expect(
      outcome(sentMessagesStayTheSenders, {
        previous: sent,
        next: { ...sent, status: 'entered-in-error' },
        actor: NURSE,
      }),
    ).toBe('403 forbidden');
    expect(
      outcome(sentMessagesStayTheSenders, {
        previous: sent,
        next: { ...sent, meta: { versionId: '2' } },
        actor: NURSE,
      }),
    ).toBe('ok');
    expect(
      outcome(sentMessagesStayTheSenders, {
        previous: message('Patient/pat-1'),
        next: { ...message('Patient/pat-1'), status: 'completed', received: '2026-12-07T10:00:00Z' },
        actor: NURSE,
      }),
    ).toBe('ok');
  });
});

describe('auditEventsAsOneself', () => {
  const event = (...who: object[]): Resource =>
    ({ resourceType: 'AuditEvent', id: 'a', agent: who.map((w) => ({ who: w, requestor: true })) }) as Resource;

  it('accepts her own agent and a display-only one; refuses anyone else, by reference or by identifier', () => {
    expect(outcome(auditEventsAsOneself, { next: event({ reference: NURSE }), actor: NURSE })).toBe('ok');
    expect(outcome(auditEventsAsOneself, { next: event({ display: 'Nobody signed in' }), actor: NURSE })).toBe('ok');
    expect(
      outcome(auditEventsAsOneself, {
        next: event({ reference: NURSE }, { reference: 'Practitioner/pcm-reyes' }),
        actor: NURSE,
      }),
    ).toBe('403 forbidden');
    expect(outcome(auditEventsAsOneself, { next: event({ identifier: { value: '123' } }), actor: NURSE })).toBe(
      '403 forbidden',
    );
    // The portal's own record names whoever it names.
    expect(outcome(auditEventsAsOneself, { next: event({ reference: 'Practitioner/pcm-reyes' }) })).toBe('ok');
  });
});
