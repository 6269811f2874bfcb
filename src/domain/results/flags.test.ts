import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { OBSERVATION_INTERPRETATION } from '../fhir/codes';
import { observationSeverity, reportSeverity } from './flags';

const obs = (over: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'Potassium' },
  ...over,
});
const flagged = (code: string) => obs({ interpretation: [{ coding: [{ system: OBSERVATION_INTERPRETATION, code }] }] });
const valued = (value: number, low?: number, high?: number) =>
  obs({
    valueQuantity: { value, unit: 'mmol/L' },
    referenceRange: [
      {
        ...(low === undefined ? {} : { low: { value: low } }),
        ...(high === undefined ? {} : { high: { value: high } }),
      },
    ],
  });

describe('observationSeverity', () => {
  it("takes the lab's interpretation first: HH and LL are critical, H and L abnormal, N normal", () => {
    expect(['HH', 'LL', 'AA'].map((c) => observationSeverity(flagged(c)))).toEqual([
      'critical',
      'critical',
      'critical',
    ]);
    expect(['H', 'L', 'A', 'POS'].map((c) => observationSeverity(flagged(c)))).toEqual([
      'abnormal',
      'abnormal',
      'abnormal',
      'abnormal',
    ]);
    expect(observationSeverity(flagged('N'))).toBe('normal');
    // The worst interpretation wins when a lab sends two.
    expect(
      observationSeverity(
        obs({ interpretation: [{ coding: [{ system: OBSERVATION_INTERPRETATION, code: 'N' }, { code: 'HH' }] }] }),
      ),
    ).toBe('critical');
  });

  it('without an interpretation, reads the value against the reference range', () => {
    expect(observationSeverity(valued(4.2, 3.5, 5.1))).toBe('normal');
    expect(observationSeverity(valued(5.9, 3.5, 5.1))).toBe('abnormal');
    expect(observationSeverity(valued(3.1, 3.5))).toBe('abnormal');
    expect(observationSeverity(valued(3.5, 3.5, 5.1))).toBe('normal');
  });

  it('is unknown, never normal, when nothing says: a text result, or a value without a range', () => {
    expect(observationSeverity(obs({ valueString: 'No acute cardiopulmonary process.' }))).toBe('unknown');
    expect(observationSeverity(obs({ valueQuantity: { value: 7 } }))).toBe('unknown');
    expect(observationSeverity(valued(7))).toBe('unknown');
  });
});

describe('reportSeverity', () => {
  it('is the worst of its results, and unknown for a report without any', () => {
    expect(reportSeverity([flagged('N'), valued(4, 3.5, 5.1)])).toBe('normal');
    expect(reportSeverity([flagged('N'), flagged('H')])).toBe('abnormal');
    expect(reportSeverity([flagged('H'), flagged('LL'), flagged('N')])).toBe('critical');
    expect(reportSeverity([flagged('N'), obs({ valueString: 'see comment' })])).toBe('unknown');
    expect(reportSeverity([])).toBe('unknown');
  });
});
