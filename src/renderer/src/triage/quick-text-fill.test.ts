import { describe, expect, it } from 'vitest';
import type { QuickText } from '../../../shared/work-item';
import { contractorFor, fillForItem, orderQuickTexts } from './quick-text-fill';

const referral = 'Your referral {referralNumber} is with {contractor}; see {contractorSite}, {patientName}.';

describe('filling a quick text', () => {
  it('names the West and East regional contractors', () => {
    expect(fillForItem(referral, { patientName: 'Ana Ruiz', referralNumber: 'R-1234', region: 'West' })).toBe(
      'Your referral R-1234 is with TriWest Healthcare Alliance; see TriWest.com, Ana Ruiz.',
    );
    expect(fillForItem(referral, { patientName: 'Ana Ruiz', referralNumber: 'R-1234', region: 'east' })).toBe(
      'Your referral R-1234 is with Humana Military; see HumanaMilitary.com, Ana Ruiz.',
    );
  });

  it('leaves what the item cannot answer as the placeholder, for the nurse to notice', () => {
    expect(fillForItem(referral, { patientName: 'Ana Ruiz', referralNumber: null, region: 'Overseas' })).toBe(
      'Your referral {referralNumber} is with {contractor}; see {contractorSite}, Ana Ruiz.',
    );
    expect(
      fillForItem('Hello {patientName}, {unknownThing}', { patientName: ' ', referralNumber: null, region: null }),
    ).toBe('Hello {patientName}, {unknownThing}');
  });

  it('does not treat inherited object keys as placeholders', () => {
    expect(fillForItem('{constructor} {toString}', { patientName: 'A', referralNumber: 'B', region: 'West' })).toBe(
      '{constructor} {toString}',
    );
  });

  it('knows no contractor without a region', () => {
    expect(contractorFor(null)).toBeNull();
  });
});

const text = (id: string, categories: string[], label = id): QuickText => ({ id, label, categories, text: '' });

describe('ordering quick texts', () => {
  const texts = [
    text('appointment-booked', ['appointment-request']),
    text('refill-mail-order', ['refill-request']),
    text('emergency-911', ['emergency'], 'Emergency: call 911'),
    text('refill-clinic', ['refill-request', 'renewal-request']),
  ];

  it('offers the texts made for the category first, keeping the clinic order', () => {
    const { suggested, others } = orderQuickTexts(texts, 'refill-request', false);
    expect(suggested.map((t) => t.id)).toEqual(['refill-mail-order', 'refill-clinic']);
    expect(others.map((t) => t.id)).toEqual(['appointment-booked', 'emergency-911']);
  });

  it('puts the emergency text before everything for an emergency', () => {
    const { suggested } = orderQuickTexts(texts, 'refill-request', true);
    expect(suggested.map((t) => t.id)).toEqual(['emergency-911', 'refill-mail-order', 'refill-clinic']);
  });

  it('suggests nothing without a category or emergency, and loses no text', () => {
    const { suggested, others } = orderQuickTexts(texts, null, false);
    expect(suggested).toEqual([]);
    expect(others).toHaveLength(texts.length);
  });
});

describe("the clinic's default quick texts", () => {
  it('puts the 911/988 text first for an emergency, then the refill texts', async () => {
    const { DEFAULT_QUICK_TEXTS } = await import('../../../shared/quick-texts');
    const { suggested } = orderQuickTexts(DEFAULT_QUICK_TEXTS, 'refill-request', true);
    expect(suggested.map((t) => t.id)).toEqual(['emergency', 'refill']);
    expect(orderQuickTexts(DEFAULT_QUICK_TEXTS, 'refill-request', false).suggested.map((t) => t.id)).toEqual([
      'refill',
    ]);
  });
});
