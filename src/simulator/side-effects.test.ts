import type { Communication, DiagnosticReport } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM } from '../domain/fhir/codes';
import { NEW_MESSAGE_TEXT, NEW_RESULT_TEXT, sideEffectsOf } from './side-effects';

const NOW = '2026-11-27T14:00:00.000Z';
const reply = (status: Communication['status'], sender = 'Practitioner/rn-harper'): Communication => ({
  resourceType: 'Communication',
  id: 'c1',
  status,
  sender: { reference: sender },
  recipient: [{ reference: 'Patient/pat-1' }],
});
const report = (held: boolean): DiagnosticReport => ({
  resourceType: 'DiagnosticReport',
  id: 'dr-1',
  status: 'final',
  code: { text: 'Panel' },
  subject: { reference: 'Patient/pat-2' },
  ...(held ? { meta: { security: [{ system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS }] } } : {}),
});
const texts = (effects: ReturnType<typeof sideEffectsOf>) => effects.map((e) => (e as Communication).topic?.text);

describe('sideEffectsOf', () => {
  it('notifies the patient of a staff reply when it is sent, once', () => {
    expect(texts(sideEffectsOf({ next: reply('completed') }, NOW))).toEqual([NEW_MESSAGE_TEXT]);
    expect(texts(sideEffectsOf({ next: reply('preparation') }, NOW))).toEqual([]);
    expect(texts(sideEffectsOf({ previous: reply('preparation'), next: reply('completed') }, NOW))).toEqual([
      NEW_MESSAGE_TEXT,
    ]);
    expect(texts(sideEffectsOf({ previous: reply('completed'), next: reply('completed') }, NOW))).toEqual([]);
    expect(texts(sideEffectsOf({ next: reply('completed', 'Patient/pat-1') }, NOW))).toEqual([]);
  });

  it('does not notify about a notification', () => {
    const [notice] = sideEffectsOf({ next: reply('completed') }, NOW);
    expect(notice).toBeDefined();
    expect(
      sideEffectsOf({ next: { ...(notice as Communication), sender: { reference: 'Organization/clinic' } } }, NOW),
    ).toEqual([]);
  });

  it('notifies a New Result when a report becomes visible, not while held or already released', () => {
    expect(texts(sideEffectsOf({ previous: report(true), next: report(false) }, NOW))).toEqual([NEW_RESULT_TEXT]);
    expect(texts(sideEffectsOf({ next: report(true) }, NOW))).toEqual([]);
    expect(texts(sideEffectsOf({ previous: report(false), next: report(false) }, NOW))).toEqual([]);
    expect(texts(sideEffectsOf({ previous: report(true) }, NOW))).toEqual([]);
  });
});
