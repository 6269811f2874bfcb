import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateFhirResource } from '../simulator/validation';
import { LOINC } from '../domain/fhir/codes';
import { generateClinic } from './generate';
import { ofType } from './test-support/resource-graph';

const NOW = new Date('2026-11-27T15:00:00Z');
const now = NOW.getTime();
const YEAR = 365 * 86_400_000;
const clinic = generateClinic({ seed: 7, now: NOW, size: 'small' });
const pressures = ofType(clinic.resources, 'Observation').filter((o) => o.code.coding?.[0]?.code === '85354-9');
const component = (o: Observation, loinc: string) =>
  o.component?.find((c) => c.code.coding?.some((x) => x.system === LOINC && x.code === loinc))?.valueQuantity;
const systolic = (o: Observation) => component(o, '8480-6')?.value ?? NaN;
const diastolic = (o: Observation) => component(o, '8462-4')?.value ?? NaN;

describe('blood pressures in the demo clinic', () => {
  it('takes one at each finished visit of the last three years, dated at its start', () => {
    const ages = new Map(ofType(clinic.resources, 'Patient').map((p) => [`Patient/${p.id ?? ''}`, p.birthDate ?? '']));
    const byVisit = new Map(pressures.map((o) => [o.encounter?.reference, o]));
    expect(byVisit.size).toBe(pressures.length);
    const visits = ofType(clinic.resources, 'Encounter').filter((e) => {
      const start = Date.parse(e.period?.start ?? '');
      const born = Date.parse(ages.get(e.subject?.reference ?? '') ?? '');
      return e.status === 'finished' && start >= now - 3 * YEAR && start - born >= 3.1 * YEAR;
    });
    expect(visits.length).toBeGreaterThan(150);
    for (const visit of visits) {
      const bp = byVisit.get(`Encounter/${visit.id ?? ''}`);
      expect(bp, visit.id).toBeDefined();
      expect(bp?.subject?.reference).toBe(visit.subject?.reference);
      expect(bp?.effectiveDateTime).toBe(visit.period?.start);
      expect(Date.parse(bp?.meta?.lastUpdated ?? '')).toBeLessThanOrEqual(now);
    }
    expect(pressures.length).toBeLessThanOrEqual(ofType(clinic.resources, 'Encounter').length);
  });

  it('writes valid R4 vital-signs panels in mm[Hg]', () => {
    for (const o of pressures) {
      expect(() => validateFhirResource(o)).not.toThrow();
      expect(o.status).toBe('final');
      expect(o.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
      expect(component(o, '8480-6')).toMatchObject({ system: 'http://unitsofmeasure.org', code: 'mm[Hg]' });
      expect(component(o, '8462-4')).toMatchObject({ system: 'http://unitsofmeasure.org', code: 'mm[Hg]' });
    }
  });

  it('keeps values plausible, higher for hypertensive patients, some above 140/90', () => {
    for (const o of pressures) {
      expect(systolic(o)).toBeGreaterThanOrEqual(80);
      expect(systolic(o)).toBeLessThanOrEqual(210);
      expect(diastolic(o)).toBeGreaterThanOrEqual(45);
      expect(diastolic(o)).toBeLessThanOrEqual(systolic(o) - 25);
    }
    const hypertensive = new Set(
      ofType(clinic.resources, 'Condition')
        .filter((c) => c.code?.coding?.some((x) => x.code === 'I10'))
        .map((c) => c.subject.reference),
    );
    const mean = (list: Observation[]) => list.reduce((sum, o) => sum + systolic(o), 0) / list.length;
    const [high, rest] = [
      pressures.filter((o) => hypertensive.has(o.subject?.reference)),
      pressures.filter((o) => !hypertensive.has(o.subject?.reference)),
    ];
    expect(high.length).toBeGreaterThan(10);
    expect(mean(high) - mean(rest)).toBeGreaterThan(15);
    expect(high.filter((o) => systolic(o) >= 140 || diastolic(o) >= 90).length).toBeGreaterThan(high.length / 3);
  });

  it('gives a visit the same reading whatever else the clinic holds', () => {
    const again = generateClinic({ seed: 7, now: NOW, size: 'small' });
    expect(ofType(again.resources, 'Observation').filter((o) => o.id?.startsWith('bp-'))).toEqual(pressures);
    // A different workload over the same patients and charts: same visits, same readings.
    const busier = generateClinic({ seed: 7, now: NOW, size: 400, patients: 120 });
    const busierById = new Map(ofType(busier.resources, 'Observation').map((o) => [o.id, o]));
    for (const o of pressures) expect(busierById.get(o.id)).toEqual(o);
  });
});
