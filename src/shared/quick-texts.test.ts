import { describe, expect, it } from 'vitest';
import { DEFAULT_QUICK_TEXTS, fillQuickText, QUICK_TEXT_PLACEHOLDERS, quickTextsSchema } from './quick-texts';

describe('fillQuickText', () => {
  it('fills the placeholders it is given', () => {
    expect(
      fillQuickText('Your referral {referralNumber} is with {contractor} ({contractorSite}).', {
        referralNumber: 'TW123456789',
        contractor: 'TriWest Healthcare Alliance',
        contractorSite: 'TriWest.com',
      }),
    ).toBe('Your referral TW123456789 is with TriWest Healthcare Alliance (TriWest.com).');
  });

  it('leaves unknown, missing and empty placeholders visible, so a person notices', () => {
    expect(
      fillQuickText('{patientName}: {appointment} {referralNumber} {contractor}', {
        patientName: 'Ana',
        referralNumber: null,
        contractor: ' ',
      }),
    ).toBe('Ana: {appointment} {referralNumber} {contractor}');
  });

  it('does not read inherited keys as values', () => {
    expect(fillQuickText('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });
});

describe('DEFAULT_QUICK_TEXTS', () => {
  const byId = (id: string) => DEFAULT_QUICK_TEXTS.find((t) => t.id === id)?.text ?? '';

  it('are valid by the schema a clinic file is checked with', () => {
    expect(quickTextsSchema.safeParse(DEFAULT_QUICK_TEXTS).success).toBe(true);
  });

  it('tell an emergency to call 911 and the Military Crisis Line (988, press 1)', () => {
    expect(byId('emergency')).toContain('911');
    expect(byId('emergency')).toContain('dial 988 then press 1');
  });

  it('send refills to Express Scripts or the clinic pharmacy and referrals to the contractor', () => {
    expect(byId('refill')).toMatch(/express-scripts\.com\/TRICARE.*1-877-363-1303/);
    expect(byId('refill')).toMatch(/clinic pharmacy refill line/);
    expect(byId('referral-status')).toMatch(/\{referralNumber\}.*\{contractor\}.*\{contractorSite\}/);
  });

  it('use documented placeholders, or ones only a person can fill', () => {
    const personFills = new Set(['explanation', 'appointment']);
    for (const text of DEFAULT_QUICK_TEXTS) {
      for (const [, name] of text.text.matchAll(/\{(\w+)\}/g)) {
        expect(Object.hasOwn(QUICK_TEXT_PLACEHOLDERS, name!) || personFills.has(name!), `${text.id}: {${name}}`).toBe(
          true,
        );
      }
    }
  });
});
