import { describe, expect, it } from 'vitest';
import { categoryLabel, describeDue, triageSummary } from './item-words';

describe('item explanations', () => {
  it('says the due time, the target and the policy that made it', () => {
    const dueAt = Date.parse('2025-12-01T14:30:00Z');
    expect(describeDue({ dueAt, target: '3 business days', policyVersion: 'default-1' }, 'America/New_York')).toBe(
      'Due Mon 1 Dec 09:30 · 3 business days · policy default-1',
    );
    // Overseas clinics read their own clock: the same instant is the evening in Okinawa.
    expect(describeDue({ dueAt, target: '4 business hours', policyVersion: 'p2' }, 'Asia/Tokyo')).toBe(
      'Due Mon 1 Dec 23:30 · 4 business hours · policy p2',
    );
  });

  it('names the suggestion in words', () => {
    expect(categoryLabel('clinical-question')).toBe('Clinical question');
    expect(
      triageSummary({ category: 'clinical-question', suggestedPool: 'Nursing Team', emergency: null, reasons: [] }),
    ).toBe('Suggested: Clinical question → Nursing Team');
  });
});
