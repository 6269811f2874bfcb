import { describe, expect, it } from 'vitest';
import type { PrescriptionTerms } from '../../../shared/staff-actions';
import { changedFields, formFromTerms, parseTerms } from './renewal-terms';

const proposal: PrescriptionTerms = {
  quantity: 90,
  unit: 'tablet',
  repeats: 3,
  validityDays: 365,
  dosage: 'Take 1 tablet by mouth daily',
};

describe('the renewal terms form', () => {
  it('round-trips the proposal unchanged', () => {
    const form = formFromTerms(proposal);
    expect(parseTerms(form)).toEqual({ ok: true, terms: proposal });
    expect(changedFields(form, proposal)).toEqual([]);
  });

  it('treats "90.0" and spaces as unchanged, a new number or wording as changed', () => {
    const form = { ...formFromTerms(proposal), quantity: '90.0', dosage: ' Take 1 tablet by mouth daily ' };
    expect(changedFields(form, proposal)).toEqual([]);
    expect(changedFields({ ...form, repeats: '5', dosage: 'Take 1 tablet twice daily' }, proposal)).toEqual([
      'repeats',
      'dosage',
    ]);
  });

  it('refuses each out-of-range or empty field with its own message', () => {
    const result = parseTerms({ quantity: '0', unit: ' ', repeats: '12', validityDays: '366', dosage: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['dosage', 'quantity', 'repeats', 'unit', 'validityDays']);
    expect(result.errors.repeats).toMatch(/0 to 11/);
    expect(result.errors.validityDays).toMatch(/1 to 365/);
  });

  it('refuses fractions where a whole number is needed, and text in a number', () => {
    const base = formFromTerms(proposal);
    expect(parseTerms({ ...base, repeats: '1.5' }).ok).toBe(false);
    expect(parseTerms({ ...base, validityDays: '30 days' }).ok).toBe(false);
    expect(parseTerms({ ...base, quantity: 'ninety' }).ok).toBe(false);
    expect(parseTerms({ ...base, quantity: '22.5' })).toMatchObject({ ok: true, terms: { quantity: 22.5 } });
    expect(parseTerms({ ...base, repeats: '0', validityDays: '1' })).toMatchObject({ ok: true });
  });

  it('counts an emptied number field as a change (so the button never says "as written" over a blank)', () => {
    expect(changedFields({ ...formFromTerms(proposal), quantity: '' }, proposal)).toEqual(['quantity']);
  });
});
