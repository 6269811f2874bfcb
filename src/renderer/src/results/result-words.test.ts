import { describe, expect, it } from 'vitest';
import type { ResultValue } from '../../../shared/results';
import type { QuickText } from '../../../shared/work-item';
import {
  addDays,
  calendarDate,
  callPatientLine,
  chartDate,
  chartStory,
  currentAt,
  flagOf,
  releaseQuickTexts,
  reviewBounds,
  resultHeadline,
} from './result-words';

// Noon UTC: the same calendar day in every zone a clinic workstation may be in.
const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

const potassium = (over: Partial<ResultValue> = {}): ResultValue => ({
  id: 'obs-k',
  name: 'Potassium',
  loinc: '2823-3',
  value: '4.3',
  numeric: 4.3,
  unit: 'mmol/L',
  range: { low: 3.5, high: 5.1, text: '3.5–5.1' },
  severity: 'normal',
  flag: 'N',
  trend: {
    previous: [
      { at: day('2026-03-03'), value: 4.2 },
      { at: day('2026-06-10'), value: 4.4 },
      { at: day('2026-09-01'), value: 4.1 },
    ],
    direction: 'stable',
    summary: 'normal, stable',
  },
  ...over,
});

describe('flags in words', () => {
  it('says which side of the range from the lab code, for critical and abnormal values', () => {
    expect(flagOf(potassium({ severity: 'critical', flag: 'HH', value: '6.6', numeric: 6.6 }))).toEqual({
      word: 'Critical high',
      icon: '▲▲',
      tone: 'critical',
    });
    expect(flagOf(potassium({ severity: 'critical', flag: 'LL' })).word).toBe('Critical low');
    expect(flagOf(potassium({ severity: 'abnormal', flag: 'H' })).word).toBe('High');
    expect(flagOf(potassium({ severity: 'abnormal', flag: 'L' })).word).toBe('Low');
  });

  it('reads the number against the range when the lab sent no side', () => {
    expect(flagOf(potassium({ severity: 'abnormal', flag: null, numeric: 3.1 })).word).toBe('Low');
    expect(flagOf(potassium({ severity: 'abnormal', flag: null, numeric: 5.6 })).word).toBe('High');
    expect(flagOf(potassium({ severity: 'critical', flag: 'AA', numeric: null, value: 'Detected' })).word).toBe(
      'Critical',
    );
    expect(flagOf(potassium({ severity: 'abnormal', flag: 'POS', numeric: null, range: null })).word).toBe('Abnormal');
  });

  it('never calls an unjudged value normal', () => {
    expect(flagOf(potassium())).toEqual({ word: 'Normal', icon: '✓', tone: 'normal' });
    expect(flagOf(potassium({ severity: 'unknown', range: null, flag: null })).word).toBe('No range');
    expect(flagOf(potassium({ severity: 'unknown', flag: null })).tone).toBe('unknown');
    expect(flagOf(potassium({ severity: 'unknown', flag: null })).word).not.toBe('Normal');
  });

  it('gives every flag a marker besides its colour', () => {
    for (const severity of ['normal', 'abnormal', 'critical', 'unknown'] as const) {
      expect(flagOf(potassium({ severity })).icon).not.toBe('');
    }
  });
});

describe('the chart in words', () => {
  it('tells the earlier values, the dates, the value now, its summary and the range', () => {
    expect(chartStory(potassium(), day('2026-11-27'))).toBe(
      'Potassium: 4.2, 4.4, 4.1 mmol/L from 3 Mar 2026 to 27 Nov 2026; now 4.3 mmol/L, normal, stable; normal range 3.5–5.1',
    );
  });

  it('says a first result is one, and leaves out what the value does not have', () => {
    const first = potassium({
      name: 'Troponin',
      unit: null,
      range: null,
      value: '0.9',
      trend: { previous: [], direction: 'first', summary: 'critical, first result' },
    });
    expect(chartStory(first, day('2026-11-27'))).toBe(
      'Troponin: first result of this test; now 0.9, critical, first result',
    );
  });

  it('ends at the last earlier value when the report has no date', () => {
    expect(chartStory(potassium(), null)).toContain('from 3 Mar 2026 to 1 Sep 2026');
  });

  it('puts the value now at its collection, else its issue', () => {
    expect(currentAt({ collectedAt: 5, issuedAt: 9 })).toBe(5);
    expect(currentAt({ collectedAt: null, issuedAt: 9 })).toBe(9);
    expect(currentAt({ collectedAt: null, issuedAt: null })).toBeNull();
  });

  it('writes dates day first', () => {
    expect(chartDate(day('2026-12-03'))).toBe('3 Dec 2026');
  });

  it("heads a report with main's summary, and a narrative one with its conclusion to read", () => {
    expect(resultHeadline({ summary: 'normal, stable', values: [potassium()], conclusion: null })).toBe(
      'normal, stable',
    );
    expect(resultHeadline({ summary: 'unknown, no values', values: [], conclusion: 'No acute findings.' })).toBe(
      'Report: read the conclusion',
    );
  });
});

describe('review dates', () => {
  it('moves calendar dates across months and years', () => {
    expect(addDays('2026-11-27', 1)).toBe('2026-11-28');
    expect(addDays('2026-11-27', 30)).toBe('2026-12-27');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('allows from tomorrow to the reason’s limit', () => {
    expect(reviewBounds('2026-11-27', 30)).toEqual({ min: '2026-11-28', max: '2026-12-27' });
    expect(reviewBounds('2026-11-27', null)).toEqual({ min: '2026-11-28', max: undefined });
  });

  it('names a calendar date with its weekday, whatever the zone', () => {
    expect(calendarDate('2026-12-03')).toBe('Thu 3 Dec 2026');
    expect(calendarDate('soon')).toBe('soon');
  });
});

describe('the decision’s helpers', () => {
  it('says what happens to the patient call', () => {
    expect(callPatientLine('will-ask')).toBe(
      'Deciding this result also asks the Nursing Team to call the patient today.',
    );
    expect(callPatientLine('asked')).toBe('A call to the patient has been asked for.');
    expect(callPatientLine(null)).toBeNull();
  });

  it('offers only the clinic’s result texts, a few at most', () => {
    const text = (id: string, categories: string[]): QuickText => ({ id, label: id, categories, text: id });
    const texts = [
      text('emergency', []),
      text('normal', ['result-release']),
      text('refill', ['refill-request']),
      text('visit', ['result-release', 'result-question']),
      text('slightly', ['result-release']),
    ];
    expect(releaseQuickTexts(texts).map((t) => t.id)).toEqual(['normal', 'visit', 'slightly']);
    expect(releaseQuickTexts(texts, 2).map((t) => t.id)).toEqual(['normal', 'visit']);
  });
});
