import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMULARY } from '../../demo-clinic/formulary';
import { evaluateRenewal } from './evaluate';
import type { RenewalInput } from './evaluate';
import { DEFAULT_RENEWAL_PROTOCOL } from './protocol';
import { DAY, NOW, readyLisinopril } from './test-inputs';

const LOINCS = ['2823-3', '2160-0', '85354-9', '8480-6', '4548-4', '24331-1', '13457-7', '3016-3', '718-7'];

const observation = fc.record({
  loinc: fc.constantFrom(...LOINCS),
  name: fc.constant('Lab'),
  value: fc.double({ min: 0, max: 12, noNaN: true }),
  at: fc.integer({ min: NOW - 800 * DAY, max: NOW }),
});

const input: fc.Arbitrary<RenewalInput> = fc.record({
  medication: fc.record({
    name: fc.constantFrom(...FORMULARY.map((m) => m.name), 'Zzyzx 5 mg tablet'),
    controlled: fc.option(fc.boolean(), { nil: undefined }),
    refillsLeft: fc.integer({ min: 0, max: 11 }),
    validUntil: fc.integer({ min: NOW - 400 * DAY, max: NOW + 400 * DAY }),
  }),
  lastVisit: fc.option(fc.record({ at: fc.integer({ min: NOW - 800 * DAY, max: NOW }) }), { nil: null }),
  observations: fc.array(observation, { maxLength: 8 }),
  allergies: fc.array(
    fc.record({ substance: fc.constantFrom('NKDA', 'Peanut', 'Ibuprofen', 'Penicillin', 'Statins') }),
    {
      maxLength: 3,
    },
  ),
});

const evaluate = (i: RenewalInput) => evaluateRenewal(i, DEFAULT_RENEWAL_PROTOCOL, NOW);

describe('evaluateRenewal invariants', () => {
  it('never calls a controlled substance ready', () => {
    fc.assert(
      fc.property(input, (i) => {
        const controlled = { ...i, medication: { ...i.medication, controlled: true } };
        expect(evaluate(controlled).allReady).toBe(false);
      }),
    );
  });

  it('is ready only when every criterion is met and it is not a refill', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = evaluate(i);
        expect(r.allReady).toBe(!r.isRefill && r.criteria.every((c) => c.status === 'met'));
        for (const c of r.criteria) expect(c.evidence.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never turns a met lab into not met by moving its only result later', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('2823-3', '2160-0', '85354-9'),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        fc.double({ min: 3.6, max: 5.4, noNaN: true }),
        (loinc, ageDays, laterBy, potassiumLike) => {
          // A value inside every range the three tests have (potassium 3.5–5.5, systolic up to 140).
          const value = loinc === '85354-9' ? `${Math.round(potassiumLike * 25)}/80` : potassiumLike;
          const base = readyLisinopril();
          const others = base.observations.filter((o) => o.loinc !== loinc);
          const at = NOW - ageDays * DAY;
          const later = Math.min(NOW, at + laterBy * DAY);
          const statusAt = (when: number) =>
            evaluate({ ...base, observations: [...others, { loinc, name: 'Lab', value, at: when }] }).criteria.find(
              (c) => c.id === { '2823-3': 'potassium', '2160-0': 'creatinine', '85354-9': 'blood-pressure' }[loinc],
            )?.status;
          if (statusAt(at) === 'met') expect(statusAt(later)).toBe('met');
        },
      ),
    );
  });

  it('never turns a met visit into not met by moving it later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (ageDays, laterBy) => {
        const seen = (at: number) =>
          evaluate(readyLisinopril({ lastVisit: { at } })).criteria.find((c) => c.id === 'seen')?.status;
        const at = NOW - ageDays * DAY;
        if (seen(at) === 'met') expect(seen(Math.min(NOW, at + laterBy * DAY))).toBe('met');
      }),
    );
  });

  it('never makes an unmet case ready by adding an allergy to a recorded list', () => {
    fc.assert(
      fc.property(
        input,
        fc.constantFrom('Ibuprofen', 'Peanut', 'ACE inhibitors', 'Statins', 'Metformin'),
        (i, substance) => {
          // An empty list is unknown, so its first entry may rightly make the case ready.
          fc.pre(i.allergies.length > 0);
          const before = evaluate(i).allReady;
          const after = evaluate({ ...i, allergies: [...i.allergies, { substance }] }).allReady;
          if (!before) expect(after).toBe(false);
        },
      ),
    );
  });
});
