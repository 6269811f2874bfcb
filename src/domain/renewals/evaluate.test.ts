import { describe, expect, it } from 'vitest';
import { evaluateRenewal } from './evaluate';
import type { Criterion, RenewalInput } from './evaluate';
import { DEFAULT_RENEWAL_PROTOCOL } from './protocol';
import { daysBefore, NOW, readyLisinopril } from './test-inputs';

const evaluate = (input: RenewalInput) => evaluateRenewal(input, DEFAULT_RENEWAL_PROTOCOL, NOW);
const criterion = (input: RenewalInput, id: string): Criterion | undefined =>
  evaluate(input).criteria.find((c) => c.id === id);

describe('evaluateRenewal: a lisinopril renewal', () => {
  it('is ready when every criterion is met, each with its dated evidence', () => {
    const result = evaluate(readyLisinopril());
    expect(result.class).toBe('ace-inhibitor');
    expect(result.isRefill).toBe(false);
    expect(result.allReady).toBe(true);
    expect(result.criteria.map((c) => [c.id, c.status, c.evidence])).toEqual([
      ['not-controlled', 'met', 'Lisinopril 10 mg tablet is not a controlled substance.'],
      ['seen', 'met', 'Last visit with Dr. Rivera on 2026-07-30, 120 days ago.'],
      ['potassium', 'met', 'Potassium 4.2 mmol/L on 2026-09-14, 74 days ago.'],
      ['creatinine', 'met', 'Creatinine 0.94 mg/dL on 2026-09-14, 74 days ago.'],
      ['blood-pressure', 'met', 'Blood pressure 128/78 mm[Hg] on 2026-07-30, 120 days ago.'],
      ['no-allergy-conflict', 'met', 'Allergies on record: Peanut; none concerns Lisinopril 10 mg tablet.'],
    ]);
  });

  it('visit: not met when too old, unknown when none', () => {
    const old = criterion(readyLisinopril({ lastVisit: { at: daysBefore(400) } }), 'seen');
    expect(old).toMatchObject({
      status: 'not-met',
      evidence: 'Last visit on 2025-10-23, 400 days ago: older than 12 months.',
    });
    expect(criterion(readyLisinopril({ lastVisit: null }), 'seen')).toMatchObject({
      status: 'unknown',
      evidence: 'No visit with the PCM on record.',
    });
  });

  it('lab: not met when too old, unknown when never done, the latest result decides', () => {
    const base = readyLisinopril();
    const withoutPotassium = base.observations.filter((o) => o.loinc !== '2823-3');
    const old = [
      ...withoutPotassium,
      { loinc: '2823-3', name: 'Potassium', value: '4.0', unit: 'mmol/L', at: '2025-06-01' },
    ];
    expect(criterion({ ...base, observations: old }, 'potassium')).toMatchObject({
      status: 'not-met',
      evidence: 'Potassium 4.0 mmol/L on 2025-06-01, 544 days ago: older than 12 months.',
    });
    expect(criterion({ ...base, observations: withoutPotassium }, 'potassium')).toMatchObject({
      status: 'unknown',
      evidence: 'No potassium on record.',
    });
    const both = [...base.observations, { loinc: '2823-3', name: 'Potassium', value: 4.0, at: '2025-06-01' }];
    expect(criterion({ ...base, observations: both }, 'potassium')?.status).toBe('met');
  });

  it('lab: a fresh value out of range is not met', () => {
    const base = readyLisinopril();
    const high = [
      ...base.observations,
      { loinc: '2823-3', name: 'Potassium', value: 5.9, unit: 'mmol/L', at: daysBefore(3) },
    ];
    expect(criterion({ ...base, observations: high }, 'potassium')).toMatchObject({
      status: 'not-met',
      evidence: 'Potassium 5.9 mmol/L on 2026-11-24, 3 days ago: outside 3.5–5.5.',
    });
  });

  it('blood pressure: a systolic reading counts as well as the panel', () => {
    const base = readyLisinopril();
    const systolic = base.observations
      .filter((o) => o.loinc !== '85354-9')
      .concat({ loinc: '8480-6', name: 'Systolic blood pressure', value: 131, unit: 'mm[Hg]', at: daysBefore(10) });
    expect(criterion({ ...base, observations: systolic }, 'blood-pressure')?.status).toBe('met');
  });

  it('blood pressure: a systolic above 140 is not at goal, so not met (the panel is read by its systolic)', () => {
    const base = readyLisinopril();
    const high = base.observations
      .filter((o) => o.loinc !== '85354-9')
      .concat({ loinc: '85354-9', name: 'Blood pressure', value: '166/82', unit: 'mm[Hg]', at: daysBefore(23) });
    expect(criterion({ ...base, observations: high }, 'blood-pressure')).toMatchObject({
      status: 'not-met',
      evidence: 'Blood pressure 166/82 mm[Hg] on 2026-11-04, 23 days ago: above 140.',
    });
  });

  it('allergy: not met on a conflict, unknown with no list', () => {
    expect(
      criterion(readyLisinopril({ allergies: [{ substance: 'ACE inhibitors' }] }), 'no-allergy-conflict'),
    ).toMatchObject({
      status: 'not-met',
      evidence: 'Allergy to ACE inhibitors (names the class (ACE inhibitor)).',
    });
    expect(criterion(readyLisinopril({ allergies: [] }), 'no-allergy-conflict')).toMatchObject({
      status: 'unknown',
      evidence: 'No allergy list on record (not even NKDA).',
    });
    expect(criterion(readyLisinopril({ allergies: [{ substance: 'NKDA' }] }), 'no-allergy-conflict')?.status).toBe(
      'met',
    );
  });

  it('is a refill, not ready, while refills are left', () => {
    const base = readyLisinopril();
    const result = evaluate({ ...base, medication: { ...base.medication, refillsLeft: 2 } });
    expect(result.isRefill).toBe(true);
    expect(result.allReady).toBe(false);
    expect(result.requestReason).toMatch(/pharmacy refill line or mail order/);
  });
});

describe('evaluateRenewal: other classes', () => {
  it('asks for an A1c for metformin', () => {
    const input: RenewalInput = {
      ...readyLisinopril(),
      medication: { name: 'Metformin 500 mg tablet', rxnorm: '861007', refillsLeft: 0, validUntil: '2027-01-01' },
      observations: [
        { loinc: '4548-4', name: 'Hemoglobin A1c', value: 7.1, unit: '%', at: daysBefore(300) },
        { loinc: '2160-0', name: 'Creatinine', value: 0.9, unit: 'mg/dL', at: daysBefore(30) },
      ],
    };
    const result = evaluate(input);
    expect(result.class).toBe('diabetes');
    expect(result.criteria.find((c) => c.id === 'hba1c')).toMatchObject({
      status: 'not-met',
      label: 'Hemoglobin A1c within 6 months',
    });
    expect(result.allReady).toBe(false);
  });

  it('never lets a controlled substance be ready, and says why', () => {
    const input: RenewalInput = {
      ...readyLisinopril(),
      medication: {
        name: 'Methylphenidate ER 18 mg tablet',
        controlled: true,
        refillsLeft: 0,
        validUntil: '2026-11-01',
      },
    };
    const result = evaluate(input);
    expect(result.class).toBe('controlled');
    expect(result.allReady).toBe(false);
    expect(result.criteria[0]).toMatchObject({
      id: 'not-controlled',
      status: 'not-met',
      evidence: 'Methylphenidate ER 18 mg tablet is a controlled substance: never renewed by protocol.',
    });
  });

  it('leaves an unknown drug to the PCM as unknown, not as a refusal', () => {
    const input: RenewalInput = {
      ...readyLisinopril(),
      medication: { name: 'Zzyzx 5 mg tablet', refillsLeft: 0, validUntil: '2027-01-01' },
    };
    const result = evaluate(input);
    expect(result.class).toBe('unclassified');
    expect(result.criteria.map((c) => [c.id, c.status])).toEqual([
      ['not-controlled', 'unknown'],
      ['protocol', 'unknown'],
      ['no-allergy-conflict', 'met'],
    ]);
    expect(result.allReady).toBe(false);
  });

  it('marks a class the protocol excludes as not met with its reason', () => {
    const input: RenewalInput = {
      ...readyLisinopril(),
      medication: { name: 'Naproxen 500 mg tablet', refillsLeft: 0, validUntil: '2027-01-01' },
    };
    expect(evaluate(input).criteria.find((c) => c.id === 'protocol')).toMatchObject({
      status: 'not-met',
      evidence: 'NSAID: long-term NSAIDs need a look at kidneys, stomach and blood pressure.',
    });
  });
});
