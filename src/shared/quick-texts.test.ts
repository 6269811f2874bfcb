import { describe, expect, it } from 'vitest';
import {
  addressName,
  DEFAULT_QUICK_TEXTS,
  fillQuickText,
  naturalOrder,
  QUICK_TEXT_PLACEHOLDERS,
  quickTextsSchema,
  unfilledPlaceholderProblem,
  unfilledPlaceholders,
} from './quick-texts';

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

describe('issue 23: placeholders and greetings', () => {
  it('finds the quick texts’ own placeholders only, each once', () => {
    expect(unfilledPlaceholders('Hello {patientName}, booked for {appointment} ({appointment}).')).toEqual([
      '{patientName}',
      '{appointment}',
    ]);
    // Braces around words with spaces, or alone, are a person's own writing, not a gap.
    expect(unfilledPlaceholders('Use the {blue inhaler} as before; {} and { x } and }{')).toEqual([]);
    expect(unfilledPlaceholderProblem('Fine.')).toBeNull();
    expect(unfilledPlaceholderProblem('On {date}')).toBe(
      'Fill in or remove {date} before sending: the patient would read it as written.',
    );
  });

  it('greets by first name, or by title and family name, never as "Last, First"', () => {
    const andre = { given: ['Andre', 'J'], family: 'Baker', prefix: [], text: null, gender: 'male' };
    expect(addressName(andre, 'first-name')).toBe('Andre');
    expect(addressName(andre, 'title-family')).toBe('Mr. Baker');
    expect(addressName({ ...andre, gender: 'female' }, 'title-family')).toBe('Ms. Baker');
    expect(addressName({ ...andre, prefix: ['SSgt'] }, 'title-family')).toBe('SSgt Baker');
    // No gender or title known: the whole name, in the order a person says it.
    expect(addressName({ ...andre, gender: 'unknown' }, 'title-family')).toBe('Andre J Baker');
    expect(addressName({ ...andre, gender: null, given: [] }, 'first-name')).toBe('Baker');
    expect(addressName({ given: [], family: null, prefix: [], text: 'Baker, Andre', gender: null }, 'first-name')).toBe(
      'Andre Baker',
    );
    expect(addressName({ given: [], family: null, prefix: [], text: null, gender: null }, 'first-name')).toBeNull();
    expect(naturalOrder('Baker, Andre')).toBe('Andre Baker');
    expect(naturalOrder('Andre Baker')).toBe('Andre Baker');
  });
});
