import type { MedicationRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateFhirResource } from '../simulator/validation';
import { generateClinic } from './generate';
import { index, ofType } from './test-support/resource-graph';

const NOW = new Date('2026-11-27T15:00:00Z');
const now = NOW.getTime();
const clinic = generateClinic({ seed: 7, now: NOW, size: 'small' });
const dispenses = ofType(clinic.resources, 'MedicationDispense');
const prescriptions = ofType(clinic.resources, 'MedicationRequest');
const byKey = index(clinic.resources);
const orderOf = (d: (typeof dispenses)[number]) =>
  byKey.get(d.authorizingPrescription?.[0]?.reference ?? '') as MedicationRequest;

describe('last fills in the demo clinic', () => {
  it('records the latest fill of nearly every prescription, one each, as valid R4', () => {
    const filled = dispenses.map((d) => d.authorizingPrescription?.[0]?.reference);
    expect(new Set(filled).size).toBe(dispenses.length);
    // Only a prescription written in the last day or two (or a week, by mail) may be waiting for pickup.
    expect(dispenses.length).toBeGreaterThan(prescriptions.length * 0.9);
    for (const d of dispenses) {
      expect(() => validateFhirResource(d)).not.toThrow();
      expect(d.status).toBe('completed');
      expect(d.id).toMatch(/^fill-rx-/);
    }
  });

  it('dispenses what was prescribed, to the same patient, between writing and now', () => {
    for (const d of dispenses) {
      const order = orderOf(d);
      expect(order.resourceType).toBe('MedicationRequest');
      expect(d.subject?.reference).toBe(order.subject.reference);
      expect(d.medicationCodeableConcept).toEqual(order.medicationCodeableConcept);
      expect(d.quantity).toEqual(order.dispenseRequest?.quantity);
      expect(d.daysSupply).toEqual(order.dispenseRequest?.expectedSupplyDuration);
      const handed = Date.parse(d.whenHandedOver ?? '');
      expect(handed).toBeGreaterThanOrEqual(Date.parse(order.authoredOn ?? ''));
      expect(handed).toBeLessThanOrEqual(now);
      expect(handed).toBeLessThanOrEqual(Date.parse(order.dispenseRequest?.validityPeriod?.end ?? ''));
      expect(d.meta?.lastUpdated).toBe(d.whenHandedOver);
    }
  });

  it('stops filling a prescription once a renewal replaces it', () => {
    const renewals = prescriptions.filter((m) => m.priorPrescription !== undefined);
    expect(renewals.length).toBeGreaterThan(0);
    const fillOf = new Map(dispenses.map((d) => [d.authorizingPrescription?.[0]?.reference, d]));
    for (const renewal of renewals) {
      const replaced = fillOf.get(renewal.priorPrescription?.reference);
      if (replaced === undefined) continue;
      expect(Date.parse(replaced.whenHandedOver ?? '')).toBeLessThanOrEqual(Date.parse(renewal.authoredOn ?? ''));
    }
  });

  it('calls a fill a refill only a supply or more after writing, and has some of each', () => {
    const kinds = new Set<string>();
    for (const d of dispenses) {
      const kind = d.type?.coding?.[0]?.code ?? '';
      kinds.add(kind);
      const daysAfterWriting =
        (Date.parse(d.whenHandedOver ?? '') - Date.parse(orderOf(d).authoredOn ?? '')) / 86_400_000;
      if (kind === 'RF') expect(daysAfterWriting).toBeGreaterThanOrEqual(d.daysSupply?.value ?? Infinity);
      else expect(daysAfterWriting).toBeLessThanOrEqual(7);
    }
    expect(kinds).toEqual(new Set(['FF', 'RF']));
  });

  it('depends only on the prescription: the same seed, or another workload, gives the same fill', () => {
    const again = generateClinic({ seed: 7, now: NOW, size: 'small' });
    expect(ofType(again.resources, 'MedicationDispense')).toEqual(dispenses);
    const busier = index(generateClinic({ seed: 7, now: NOW, size: 400, patients: 120 }).resources);
    let compared = 0;
    for (const d of dispenses) {
      const order = orderOf(d);
      // The busier workload renews other prescriptions: compare those it left as they were.
      if (JSON.stringify(busier.get(`MedicationRequest/${order.id ?? ''}`)) !== JSON.stringify(order)) continue;
      expect(busier.get(`MedicationDispense/${d.id ?? ''}`)).toEqual(d);
      compared++;
    }
    expect(compared).toBeGreaterThan(dispenses.length / 2);
  });
});
