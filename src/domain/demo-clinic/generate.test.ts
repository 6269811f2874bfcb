import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { generateDemoClinic } from './generate';

const options = { seed: 7, now: new Date('2026-11-27T15:00:00Z'), patients: 30, workItems: 60 };

/** Every `reference` string anywhere in a resource. */
function references(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'reference' && typeof v === 'string') found.push(v);
      else references(v, found);
    }
  }
  return found;
}

describe('generateDemoClinic', () => {
  it('is deterministic for a seed and a clock', () => {
    expect(generateDemoClinic(options)).toEqual(generateDemoClinic(options));
    expect(generateDemoClinic({ ...options, seed: 8 })).not.toEqual(generateDemoClinic(options));
  });

  it('makes the asked number of work items and patients, with unique ids', () => {
    const { resources } = generateDemoClinic(options);
    const count = (type: string) => resources.filter((r) => r.resourceType === type).length;
    expect(count('Task')).toBe(60);
    expect(count('Patient')).toBe(30);
    const keys = resources.map((r) => `${r.resourceType}/${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('only references resources it also made', () => {
    const { resources } = generateDemoClinic(options);
    const known = new Set(resources.map((r: Resource) => `${r.resourceType}/${r.id}`));
    const dangling = resources.flatMap((r) => references(r)).filter((ref) => !known.has(ref));
    expect(dangling).toEqual([]);
  });

  it('versions every resource, received no later than now, due after received', () => {
    const { resources } = generateDemoClinic(options);
    for (const r of resources) {
      expect(r.meta?.versionId).toBe('1');
      expect(Date.parse(r.meta?.lastUpdated ?? '')).not.toBeNaN();
    }
    for (const t of resources.filter((r) => r.resourceType === 'Task')) {
      const received = Date.parse(t.authoredOn ?? '');
      expect(received).toBeLessThanOrEqual(options.now.getTime());
      expect(Date.parse(t.restriction?.period?.end ?? '')).toBeGreaterThan(received);
    }
  });

  it('holds results that await release with the NOPAT label', () => {
    const { resources } = generateDemoClinic(options);
    const reports = resources.filter((r) => r.resourceType === 'DiagnosticReport');
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) expect(report.meta?.security?.map((s) => s.code)).toContain('NOPAT');
  });

  it('sends renewals mostly for prescriptions out of refills or expired, and a few refills by mistake', () => {
    const { resources } = generateDemoClinic({ ...options, workItems: 300, patients: 80 });
    const meds = new Map(
      resources.filter((r) => r.resourceType === 'MedicationRequest').map((m) => [`MedicationRequest/${m.id}`, m]),
    );
    const renewals = resources.filter(
      (r) => r.resourceType === 'Task' && r.code?.coding?.[0]?.code === 'renewal-request',
    );
    const due = renewals.filter((t) => {
      const med = meds.get(t.resourceType === 'Task' ? (t.focus?.reference ?? '') : '');
      const end = Date.parse(med?.dispenseRequest?.validityPeriod?.end ?? '');
      return med?.dispenseRequest?.numberOfRepeatsAllowed === 0 || end < options.now.getTime();
    });
    expect(renewals.length).toBeGreaterThan(20);
    expect(due.length / renewals.length).toBeGreaterThan(0.6);
    expect(due.length).toBeLessThan(renewals.length);
  });

  it("prescribes only what suits the patient's age", () => {
    const { resources } = generateDemoClinic({ ...options, patients: 120 });
    const born = new Map(
      resources.filter((r) => r.resourceType === 'Patient').map((p) => [`Patient/${p.id}`, p.birthDate ?? '']),
    );
    const adultOnly = ['Lisinopril', 'Metformin', 'Atorvastatin', 'Sertraline'];
    for (const med of resources.filter((r) => r.resourceType === 'MedicationRequest')) {
      const age =
        (options.now.getTime() - Date.parse(born.get(med.subject.reference ?? '') ?? '')) / (365.25 * 86_400_000);
      if (adultOnly.some((name) => med.medicationCodeableConcept?.text?.startsWith(name)))
        expect(age).toBeGreaterThan(17);
    }
  });
});
