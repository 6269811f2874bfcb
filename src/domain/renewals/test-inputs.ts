import type { RenewalInput } from './evaluate';

/** Test fixtures: a fixed clock and a lisinopril renewal that meets every default criterion. */
export const NOW = Date.parse('2026-11-27T12:00:00Z');
export const DAY = 86_400_000;
export const daysBefore = (days: number): number => NOW - days * DAY;

export function readyLisinopril(overrides: Partial<RenewalInput> = {}): RenewalInput {
  return {
    medication: { name: 'Lisinopril 10 mg tablet', rxnorm: '314076', refillsLeft: 0, validUntil: '2027-01-15' },
    lastVisit: { at: daysBefore(120), with: 'Dr. Rivera' },
    observations: [
      { loinc: '2823-3', name: 'Potassium', value: 4.2, unit: 'mmol/L', at: daysBefore(74) },
      { loinc: '2160-0', name: 'Creatinine', value: 0.94, unit: 'mg/dL', at: daysBefore(74) },
      { loinc: '85354-9', name: 'Blood pressure', value: '128/78', unit: 'mm[Hg]', at: daysBefore(120) },
    ],
    allergies: [{ substance: 'Peanut' }],
    ...overrides,
  };
}
