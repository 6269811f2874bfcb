import { describe, expect, it } from 'vitest';
import { checkHold, HOLD_REASON_CODES } from './hold-reasons';

const TODAY = '2026-11-27';
const good = {
  reason: 'patient-request',
  note: 'Asked on 11/20 to hear it at her visit on 12/3.',
  reviewOn: '2026-12-03',
};

describe('checkHold', () => {
  it('accepts a documented reason with its note and a review date within the limit', () => {
    expect(checkHold(good, TODAY)).toEqual({ ok: true, ...good });
    for (const reason of HOLD_REASON_CODES) expect(checkHold({ ...good, reason }, TODAY).ok).toBe(true);
  });

  it('rejects a reason that is not a documented exception, naming the ones that are', () => {
    const checked = checkHold({ ...good, reason: 'want-to-call-first' }, TODAY);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems[0]).toMatch(
      /^"want-to-call-first" is not a documented reason to hold a result\. Choose one of: Release would likely cause substantial harm; /,
    );
  });

  it('needs a note saying what the reason requires', () => {
    const checked = checkHold({ ...good, reason: 'preventing-harm', note: '  harm ' }, TODAY);
    expect(checked).toEqual({
      ok: false,
      problems: ["The note must say the clinician's individual judgement: who would be harmed, and how."],
    });
  });

  it('needs a real review date after today and within the reason’s limit', () => {
    const problems = (reviewOn: string, reason = 'preventing-harm') => {
      const checked = checkHold({ ...good, reason, reviewOn }, TODAY);
      return checked.ok ? [] : checked.problems;
    };
    expect(problems('2026-11-27')).toEqual(['The review date must be after today.']);
    expect(problems('2026-02-30')).toEqual(['The review date "2026-02-30" is not a date (YYYY-MM-DD).']);
    expect(problems('next week')).toEqual(['The review date "next week" is not a date (YYYY-MM-DD).']);
    expect(problems('2026-12-27')).toEqual([]);
    expect(problems('2026-12-28')).toEqual(['A hold for this reason is reviewed within 30 days.']);
    expect(problems('2027-02-25', 'patient-request')).toEqual([]);
  });

  it('says every problem at once', () => {
    const checked = checkHold({ reason: '', note: '', reviewOn: '' }, TODAY);
    expect(!checked.ok && checked.problems).toHaveLength(3);
  });
});
