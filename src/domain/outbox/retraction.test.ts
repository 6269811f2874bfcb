import type { MedicationRequest } from '@medplum/fhirtypes';
import { applyPatch } from 'rfc6902';
import { describe, expect, it } from 'vitest';
import { clientKey, clientUuidOf } from './client-keys';
import { retraction } from './retraction';

const uuid = '00000000-0000-4000-8000-000000000042';
const prescription: MedicationRequest = {
  resourceType: 'MedicationRequest',
  id: 'mr-9',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  identifier: [{ system: 'http://pharmacy.example/rx', value: 'RX-1' }, clientKey(uuid)],
};

describe('retraction', () => {
  it('makes a left-over create entered-in-error, and no longer the action’s', () => {
    const patch = retraction(prescription, uuid);
    expect(patch).not.toBeNull();
    const copy = structuredClone(prescription);
    expect(applyPatch(copy, patch ?? []).every((r) => r === null)).toBe(true);
    expect(copy.status).toBe('entered-in-error');
    expect(copy.identifier?.map(clientUuidOf)).toEqual([undefined, undefined]);
    expect(copy.identifier?.[0]).toEqual(prescription.identifier?.[0]);
  });

  it('leaves alone what is not this action’s, or is retracted already', () => {
    expect(retraction(prescription, '00000000-0000-4000-8000-000000000043')).toBeNull();
    expect(retraction({ ...prescription, status: 'entered-in-error' }, uuid)).toBeNull();
  });

  it('does nothing to a copy whose status moved on since it was read', () => {
    const patch = retraction(prescription, uuid) ?? [];
    const completed = { ...structuredClone(prescription), status: 'completed' as const };
    expect(applyPatch(completed, patch).some((r) => r !== null)).toBe(true);
  });
});
